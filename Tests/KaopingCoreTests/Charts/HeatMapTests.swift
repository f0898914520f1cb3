@testable import KaopingCore
import Testing

@Suite("Heat map")
struct HeatMapTests {
    static let indicators = ["重点项目推进", "营商环境优化提升专项行动", "GDP增速"]

    static func map(rows: Int, cells: [[Double?]]? = nil, texts: [[String]]? = nil) -> HeatMap {
        let grid = cells ?? (0..<rows).map { row in indicators.indices.map { Double((row + $0) % 5) / 4 } }
        let labels = texts ?? grid.map { $0.map { $0.map { ChartText.number($0 * 10, places: 2) } ?? "—" } }
        return HeatMap(
            title: "得分率", columnLabels: indicators, rowLabels: (0..<rows).map { "单位\($0)" }, cells: grid, cellTexts: labels,
            legend: (low: "低", high: "高", missing: "不适用"))
    }

    /// The cell groups: those whose tooltip names a row and a column.
    static func cellGroups(_ root: ChartSVGNode) -> [ChartSVGNode] {
        root.children.filter { $0.name == "g" && ($0.children.first?.text.contains("｜") ?? false) }
    }

    @Test("Output is well-formed, titled and uses fixed decimals only")
    func wellFormed() throws {
        let root = try parseChartSVG(Self.map(rows: 4).svg())
        #expect(root.attributes["role"] == "img")
        #expect(root.children.first?.name == "title" && root.children.first?.text == "得分率")
        #expect(root.children.dropFirst().first?.name == "desc")
        for node in root.descendants.dropFirst() {
            for (name, value) in node.attributes where chartGeometryAttributes.contains(name) {
                #expect(isFixedDecimal(value), "\(node.name) \(name)=\(value)")
            }
        }
        #expect(Self.cellGroups(root).count == 12)
        let fills = root.all("rect").compactMap { $0.attributes["fill"] }
        #expect(fills.allSatisfy { $0.count == 7 && $0.hasPrefix("#") })
    }

    @Test("Markup characters in labels, texts and legend are escaped")
    func escaping() throws {
        let nasty = "<b>&\"'"
        let map = HeatMap(
            title: "标题\(nasty)", columnLabels: ["指标\(nasty)"], rowLabels: ["单位\(nasty)"], cells: [[0.5]],
            cellTexts: [[nasty]], legend: (low: "低\(nasty)", high: "高", missing: "无"))
        let svg = map.svg()
        #expect(!svg.contains("<b>"))
        let root = try parseChartSVG(svg)
        #expect(root.all("title").first?.text == "标题\(nasty)")
        let texts = root.all("text").map(\.text)
        #expect(texts.contains("单位\(nasty)"))
        #expect(texts.contains("低\(nasty)"))
        #expect(root.all("title").contains { $0.text == "指标\(nasty)" })
        #expect(root.all("title").contains { $0.text == "单位\(nasty)｜指标\(nasty)：\(nasty)" })
    }

    @Test("Rendering is deterministic")
    func deterministic() {
        let map = Self.map(rows: 12)
        #expect(map.svg() == map.svg())
    }

    @Test("The ramp darkens monotonically and text turns white on dark cells")
    func ramp() {
        var previous = Int.max
        for step in 0...20 {
            let colours = HeatMap.colours(for: Double(step) / 20)
            #expect(colours.fill.luma < previous)
            previous = colours.fill.luma
            #expect(colours.text == (colours.fill.luma < 128 ? "#FFFFFF" : SVGWriter.ink))
        }
        #expect(HeatMap.colours(for: 0).text == SVGWriter.ink)
        #expect(HeatMap.colours(for: 1).text == "#FFFFFF")
        #expect(HeatMap.colours(for: 1.7).fill == HeatMap.colours(for: 1).fill, "clamped above")
        #expect(HeatMap.colours(for: -0.2).fill == HeatMap.colours(for: 0).fill, "clamped below")
    }

    @Test("Not-applicable cells are grey with a diagonal, keep their text and get a legend entry")
    func missingCells() throws {
        let map = Self.map(rows: 2, cells: [[nil, 1, .nan], [0.5]], texts: [["不适用", "10.00"], ["5.00"]])
        let root = try parseChartSVG(map.svg())
        let cells = Self.cellGroups(root)
        #expect(cells.count == 6)
        let missing = cells.filter { $0.children.contains { $0.name == "rect" && $0.attributes["fill"] == HeatMap.missingFill } }
        #expect(missing.count == 4, "nil, NaN and the two absent trailing cells")
        #expect(missing.allSatisfy { $0.children.contains { $0.name == "line" } })
        #expect(missing.first?.children.contains { $0.name == "text" && $0.text == "不适用" } == true)
        let dark = try #require(cells.first { $0.children.first?.text.hasSuffix("10.00") == true })
        #expect(dark.children.contains { $0.name == "text" && $0.attributes["fill"] == "#FFFFFF" })
        #expect(root.all("text").contains { $0.text == "不适用" && $0.attributes["stroke"] == nil }, "legend entry")
        let complete = try parseChartSVG(Self.map(rows: 2).svg())
        #expect(!complete.all("text").contains { $0.text == "不适用" })
    }

    @Test("No rows or no columns gives a small valid chart that says so")
    func empty() throws {
        let noRows = HeatMap(title: "空", columnLabels: ["甲"], rowLabels: [], cells: [], cellTexts: [])
        let noColumns = HeatMap(title: "空", columnLabels: [], rowLabels: ["单位"], cells: [[]], cellTexts: [[]])
        for map in [noRows, noColumns] {
            let root = try parseChartSVG(map.svg())
            #expect(root.all("text").map(\.text).contains("无数据"))
            #expect(root.viewBox[3] < 120)
        }
    }

    @Test("More rows make a taller chart with rows of the same height")
    func rowsSetHeight() throws {
        let ten = try parseChartSVG(Self.map(rows: 10).svg())
        let forty = try parseChartSVG(Self.map(rows: 40).svg())
        #expect(forty.viewBox[3] - ten.viewBox[3] == 30 * HeatMap.Layout.cellHeight)
        let heights = Set((Self.cellGroups(ten) + Self.cellGroups(forty)).compactMap { $0.children.first { $0.name == "rect" }?.number("height") })
        #expect(heights == [HeatMap.Layout.cellHeight])
    }

    @Test("Long row labels widen the label column; cells stay clear of them")
    func rowLabelColumn() throws {
        var map = Self.map(rows: 2)
        let shortLeft = try #require(Self.cellGroups(try parseChartSVG(map.svg())).first?.children.first { $0.name == "rect" }?.number("x"))
        map.rowLabels = ["某某经济技术开发区管理委员会综合办公室", "短"]
        let root = try parseChartSVG(map.svg())
        let longLeft = try #require(Self.cellGroups(root).first?.children.first { $0.name == "rect" }?.number("x"))
        #expect(longLeft > shortLeft)
        let label = try #require(root.all("text").first { $0.text == map.rowLabels[0] })
        #expect(label.number("x")! < longLeft)
        #expect(label.number("x")! - ChartText.width(map.rowLabels[0], fontSize: HeatMap.Layout.rowLabelSize) >= 0)
    }

    @Test("Column labels wrap; past the line limit they are cut with the full text in the tooltip")
    func columnLabels() throws {
        var map = Self.map(rows: 1)
        map.columnLabels = ["短", String(repeating: "很长的指标名称", count: 10), "GDP增速"]
        map.rowLabels = [String(repeating: "宽", count: 15)]
        let root = try parseChartSVG(map.svg())
        let headers = root.children.filter { $0.name == "g" && !($0.children.first?.text.contains("｜") ?? true) }
        #expect(headers.count == 3)
        let long = try #require(headers.first { $0.children.first?.text == map.columnLabels[1] })
        let lines = long.children.filter { $0.name == "text" }
        #expect(lines.count == HeatMap.Layout.maximumHeaderLines)
        #expect(lines.last?.text.hasSuffix("…") == true)
    }

    @Test("Many columns widen the chart instead of shrinking cells below legibility")
    func manyColumns() throws {
        var map = Self.map(rows: 2)
        map.columnLabels = (1...40).map { "指标\($0)" }
        map.cells = [Array(repeating: 0.5, count: 40), Array(repeating: nil, count: 40)]
        map.cellTexts = [Array(repeating: "12.50", count: 40), []]
        let root = try parseChartSVG(map.svg())
        #expect(root.viewBox[2] > 590)
        let widths = Set(Self.cellGroups(root).compactMap { $0.children.first { $0.name == "rect" }?.number("width") })
        #expect(widths == [HeatMap.Layout.minimumCellWidth])
        // "12.50" cannot fit an 18 px cell even at 8 px: the cell stays bare, the tooltip keeps it.
        let first = try #require(Self.cellGroups(root).first)
        #expect(!first.children.contains { $0.name == "text" })
        #expect(first.children.first?.text.hasSuffix("12.50") == true)
    }
}
