@testable import KaopingCore
import Testing

@Suite("Chart text and numbers")
struct ChartTextTests {
    @Test("Fixed decimals come from integer arithmetic", arguments: [
        (0.0, 1, "0"), (12.0, 1, "12"), (12.34, 1, "12.3"), (12.35, 1, "12.4"), (-1.5, 1, "-1.5"), (-0.04, 1, "0"),
        (93.75, 2, "93.75"), (86.4, 2, "86.4"), (100, 2, "100"), (0.05, 2, "0.05"), (589.99, 1, "590"), (2.5, 0, "3"),
        (Double.nan, 1, "0"), (Double.infinity, 1, "0"), (1e300, 1, "1000000000"),
    ])
    func fixedDecimals(_ value: Double, _ places: Int, _ expected: String) {
        #expect(ChartText.number(value, places: places) == expected)
    }

    @Test("CJK counts one em, ASCII about half")
    func widths() {
        #expect(ChartText.width("市教育局", fontSize: 12) == 48)
        #expect(ChartText.width("GDP", fontSize: 10) == 3 * 5.5)
        #expect(ChartText.width("（二）", fontSize: 10) == 30)
        #expect(ChartText.width("", fontSize: 12) == 0)
    }

    @Test("Truncation ends in an ellipsis and fits")
    func truncation() {
        let short = ChartText.truncated("市教育局", maxWidth: 100, fontSize: 12)
        #expect(short.text == "市教育局" && !short.isCut)
        let cut = ChartText.truncated("某某经济技术开发区管理委员会", maxWidth: 60, fontSize: 12)
        #expect(cut.isCut && cut.text == "某某经济…")
        #expect(ChartText.width(cut.text, fontSize: 12) <= 60)
    }

    @Test("Wrapping breaks between CJK characters but keeps ASCII words whole")
    func wrapping() {
        #expect(ChartText.wrapped("重点项目推进", maxWidth: 24, fontSize: 11, maxLines: 8) == ["重点", "项目", "推进"])
        #expect(ChartText.wrapped("指标10", maxWidth: 23, fontSize: 11, maxLines: 8) == ["指标", "10"])
        #expect(ChartText.wrapped("GDP增速", maxWidth: 23, fontSize: 11, maxLines: 8) == ["GDP", "增速"])
        #expect(ChartText.wrapped("生态环境保护督察", maxWidth: 24, fontSize: 11, maxLines: 2) == ["生态", "环…"])
        #expect(ChartText.wrapped("", maxWidth: 24, fontSize: 11, maxLines: 2) == [""])
    }

    @Test("Colour ramp interpolates in integers and clamps")
    func colourRamp() {
        let low = RGBColour(red: 0, green: 100, blue: 255)
        let high = RGBColour(red: 255, green: 0, blue: 0)
        #expect(RGBColour.mix(low, high, 0) == low)
        #expect(RGBColour.mix(low, high, 1) == high)
        #expect(RGBColour.mix(low, high, 0.5) == RGBColour(red: 128, green: 50, blue: 127))
        #expect(RGBColour.mix(low, high, -3) == low && RGBColour.mix(low, high, 7) == high)
        #expect(RGBColour.mix(low, high, .nan) == low)
        #expect(RGBColour(red: 8, green: 48, blue: 107).hex == "#08306B")
    }
}
