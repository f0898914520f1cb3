/// A unit's total over the recorded periods, for its feedback sheet: a line with a dot and the
/// total at each period, a gap where the unit was not assessed. Drawn on a fixed 0–maximum
/// scale so two units' lines can be compared by eye.
public struct TrendLine: Sendable {
    public struct Point: Sendable {
        public var label: String
        public var value: Double?
        public var valueText: String

        public init(label: String, value: Double?, valueText: String) {
            self.label = label
            self.value = value
            self.valueText = valueText
        }
    }

    public var title: String
    public var points: [Point]
    public var maximum: Double

    public init(title: String, points: [Point], maximum: Double = 100) {
        self.title = title
        self.points = points
        self.maximum = maximum > 0 ? maximum : 100
    }

    public func svg() -> String {
        guard !points.isEmpty else { return SVGWriter.emptyChart(title: title) }
        let width = SVGWriter.pageWidth, height = 170.0
        let left = 40.0, right = width - 30, top = 34.0, bottom = height - 28
        let description = points.map { "\($0.label) \($0.value == nil ? "—" : $0.valueText)" }.joined(separator: "，")
        var writer = SVGWriter(width: width, height: height, title: title, description: description)
        writer.text(title, x: 10, y: 18, size: 13, bold: true)
        for tick in stride(from: 0.0, through: maximum, by: maximum / 4) {
            let y = bottom - (bottom - top) * tick / maximum
            writer.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e0e0e0")
            writer.text(ChartText.number(tick, places: 0), x: left - 6, y: y + 4, size: 10, anchor: .end, fill: SVGWriter.mutedInk)
        }
        let step = points.count > 1 ? (right - left - 40) / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { points.count > 1 ? left + 20 + step * Double(index) : (left + right) / 2 }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * min(max(value, 0), maximum) / maximum }
        for index in points.indices.dropFirst() {
            guard let from = points[index - 1].value, let to = points[index].value else { continue }
            writer.line(x1: x(index - 1), y1: y(from), x2: x(index), y2: y(to), stroke: "#1f4e8c", width: 2)
        }
        for (index, point) in points.enumerated() {
            writer.text(point.label, x: x(index), y: height - 10, size: 11, anchor: .middle, fill: SVGWriter.mutedInk)
            guard let value = point.value else {
                writer.text("—", x: x(index), y: bottom - 6, size: 11, anchor: .middle, fill: SVGWriter.mutedInk)
                continue
            }
            writer.rect(x: x(index) - 3, y: y(value) - 3, width: 6, height: 6, fill: "#1f4e8c")
            writer.text(point.valueText, x: x(index), y: y(value) - 8, size: 11, anchor: .middle, bold: index == points.count - 1, halo: "#ffffff")
        }
        return writer.finish()
    }
}
