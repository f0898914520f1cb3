@testable import KaopingCore
import Testing

@Suite("Ranked bar chart")
struct RankedBarChartTests {
    typealias Bar = RankedBarChart.Bar

    static func bars(_ count: Int, label: (Int) -> String = { "单位\($0)" }) -> [Bar] {
        (0..<count).map { Bar(label: label($0), value: 100 - Double($0), valueText: "\(100 - $0).00") }
    }

    static var mixed: RankedBarChart {
        RankedBarChart(
            title: "2024年第三季度考评", bars: [
                Bar(label: "市教育局", value: 96.5, valueText: "96.50", emphasis: .excellent),
                Bar(label: "市公安局", value: 88.25, valueText: "88.25"),
                Bar(label: "市民政局", value: 52, valueText: "52.00", emphasis: .failing),
                Bar(label: "市司法局", value: 0, valueText: "0.00", emphasis: .absent),
            ], referenceLine: (86.4, "平均 86.40"))
    }

    /// The filled bar rectangles (legend swatches sit outside the row groups).
    static func barRects(_ root: ChartSVGNode) -> [ChartSVGNode] {
        root.children.filter { $0.name == "g" }.compactMap { $0.children.first { $0.name == "rect" } }
    }

    static func texts(_ root: ChartSVGNode) -> [String] {
        root.all("text").map(\.text)
    }

    @Test("Output is well-formed, titled and uses fixed decimals only")
    func wellFormed() throws {
        let root = try parseChartSVG(Self.mixed.svg())
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["width"] == "100%")
        #expect(root.children.first?.name == "title" && root.children.first?.text == "2024年第三季度考评")
        #expect(root.children.dropFirst().first?.name == "desc")
        #expect(root.viewBox.count == 4 && root.viewBox[2] == 590)
        for node in root.descendants.dropFirst() {
            for (name, value) in node.attributes where chartGeometryAttributes.contains(name) {
                #expect(isFixedDecimal(value), "\(node.name) \(name)=\(value)")
            }
        }
        #expect(Self.texts(root).contains("平均 86.40"))
        #expect(Set(["优秀", "不合格", "未报送"]).isSubset(of: Self.texts(root)))
    }

    @Test("Markup characters in titles and labels are escaped and survive a round trip")
    func escaping() throws {
        let nasty = "<b>&\"'"
        let chart = RankedBarChart(
            title: "标题\(nasty)", bars: [Bar(label: "单位\(nasty)\u{1}", value: 50, valueText: "50\(nasty)")],
            referenceLine: (40, "平均\(nasty)"))
        let svg = chart.svg()
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;b&gt;&amp;&quot;&#39;"))
        let root = try parseChartSVG(svg)
        #expect(root.all("title").first?.text == "标题\(nasty)")
        let texts = Self.texts(root)
        #expect(texts.contains("单位\(nasty)"))
        #expect(texts.contains("50\(nasty)"))
        #expect(texts.contains("平均\(nasty)"))
        #expect(root.all("title").contains { $0.text == "单位\(nasty)：50\(nasty)" })
    }

    @Test("Rendering is deterministic")
    func deterministic() {
        #expect(Self.mixed.svg() == Self.mixed.svg())
        let many = RankedBarChart(title: "甲", bars: Self.bars(40))
        #expect(many.svg() == many.svg())
    }

    @Test("Values outside 0…maximum are clamped for drawing, printed as given")
    func clamping() throws {
        let chart = RankedBarChart(title: "clamp", bars: [
            Bar(label: "full", value: 100, valueText: "100.00"),
            Bar(label: "over", value: 150, valueText: "150.00"),
            Bar(label: "under", value: -5, valueText: "-5.00"),
            Bar(label: "zero", value: 0, valueText: "0.00"),
            Bar(label: "nan", value: .nan, valueText: "NaN"),
        ], referenceLine: (130, "ref"))
        let root = try parseChartSVG(chart.svg())
        let rects = Self.barRects(root)
        #expect(rects.count == 2, "only the two positive bars draw a rectangle")
        #expect(rects[0].number("width") == rects[1].number("width"))
        let texts = Self.texts(root)
        for expected in ["150.00", "-5.00", "0.00", "NaN", "under", "zero", "nan"] {
            #expect(texts.contains(expected))
        }
        let full = try #require(rects.first)
        let referenceX = try #require(root.all("line").first { $0.attributes["stroke-dasharray"] != nil }?.number("x1"))
        #expect(abs(referenceX - (full.number("x")! + full.number("width")!)) <= 0.15)
    }

    @Test("Bars of zero keep their label and value text")
    func zeroBars() throws {
        let chart = RankedBarChart(title: "零", bars: [Bar(label: "市水利局", value: 0, valueText: "0.00")])
        let root = try parseChartSVG(chart.svg())
        #expect(Self.texts(root).contains("市水利局"))
        #expect(Self.texts(root).contains("0.00"))
    }

    @Test("No bars gives a small valid chart that says so")
    func empty() throws {
        let root = try parseChartSVG(RankedBarChart(title: "空<>", bars: []).svg())
        #expect(Self.texts(root).contains("无数据"))
        #expect(root.all("title").first?.text == "空<>")
        #expect(root.viewBox[3] < 120)
        let untitled = try parseChartSVG(RankedBarChart(title: "", bars: []).svg())
        #expect(Self.texts(untitled) == ["无数据"])
    }

    @Test("The label column grows with the longest label, so labels stay clear of the bars")
    func labelColumn() throws {
        let short = try parseChartSVG(RankedBarChart(title: "t", bars: Self.bars(3)).svg())
        let longName = "某某经济技术开发区管理委员会综合办公室"  // 19 characters
        let long = try parseChartSVG(RankedBarChart(title: "t", bars: Self.bars(3) { "\(longName)\($0)" }).svg())
        let shortLeft = try #require(Self.barRects(short).first?.number("x"))
        let longLeft = try #require(Self.barRects(long).first?.number("x"))
        #expect(longLeft > shortLeft)
        for label in long.all("text") where label.text.hasPrefix(longName) {
            #expect(label.attributes["text-anchor"] == "end")
            let right = try #require(label.number("x"))
            #expect(right < longLeft)
            #expect(right - ChartText.width(label.text, fontSize: 12) >= 0, "label starts inside the chart")
        }
        #expect(Self.texts(long).contains("\(longName)0"), "a 20-character name is printed whole")
    }

    @Test("Absurdly long labels are cut with … and keep the full text in the tooltip")
    func veryLongLabels() throws {
        let label = String(repeating: "很长的单位名称", count: 8)
        let root = try parseChartSVG(RankedBarChart(title: "t", bars: [Bar(label: label, value: 50, valueText: "50.00")]).svg())
        #expect(Self.texts(root).contains { $0.hasSuffix("…") })
        #expect(root.all("title").contains { $0.text == "\(label)：50.00" })
        let left = try #require(Self.barRects(root).first?.number("x"))
        #expect(left < 590 / 2)
    }

    @Test("More rows make a taller chart with bars of the same thickness")
    func rowsSetHeight() throws {
        let ten = try parseChartSVG(RankedBarChart(title: "t", bars: Self.bars(10)).svg())
        let forty = try parseChartSVG(RankedBarChart(title: "t", bars: Self.bars(40)).svg())
        #expect(forty.viewBox[3] - ten.viewBox[3] == 30 * RankedBarChart.Layout.rowPitch)
        let thickness = Set((Self.barRects(ten) + Self.barRects(forty)).compactMap { $0.number("height") })
        #expect(thickness == [RankedBarChart.Layout.barThickness])
        #expect(Self.barRects(forty).count == 40)
    }

    @Test("Legend lists only the emphases present, and can be switched off")
    func legend() throws {
        let plain = try parseChartSVG(RankedBarChart(title: "t", bars: Self.bars(2)).svg())
        #expect(!Self.texts(plain).contains("优秀"))
        var chart = Self.mixed
        chart.legend = [:]
        let silent = try parseChartSVG(chart.svg())
        #expect(!Self.texts(silent).contains("不合格"))
    }

    @Test("Ticks use round steps up to the maximum", arguments: [(Double, [Double])]([
        (100.0, [0.0, 20, 40, 60, 80, 100]), (10, [0, 2, 4, 6, 8, 10]), (30, [0, 5, 10, 15, 20, 25, 30]), (1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ]))
    func ticks(_ maximum: Double, _ expected: [Double]) {
        let ticks = RankedBarChart.ticks(maximum: maximum)
        #expect(ticks.count == expected.count)
        for (tick, value) in zip(ticks, expected) { #expect(abs(tick - value) < 1e-9) }
    }
}
