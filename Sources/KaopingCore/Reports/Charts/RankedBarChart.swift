/// Horizontal bars in the caller's rank order, one row per unit, sized for A4 print.
/// The chart grows taller with the number of bars rather than squeezing them, and the label
/// column grows with the longest label so long unit names never run into the bars.
public struct RankedBarChart: Sendable {
    public enum Emphasis: Sendable, Hashable, CaseIterable {
        /// Ordinary result.
        case normal
        /// A top result (优秀): darkest fill.
        case excellent
        /// A failed or vetoed result (不合格): red with white stripes, so it still stands out in greyscale.
        case failing
        /// Nothing reported (未报送): grey hatching and a grey label.
        case absent
    }

    public struct Bar: Sendable {
        public var label: String
        /// Drawn length; clamped to 0…maximum for drawing only.
        public var value: Double
        /// Printed as given at the bar end, so the caller controls rounding and the decimal places.
        public var valueText: String
        public var emphasis: Emphasis

        public init(label: String, value: Double, valueText: String, emphasis: Emphasis = .normal) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.emphasis = emphasis
        }
    }

    public var title: String
    /// Already in rank order; drawn top to bottom.
    public var bars: [Bar]
    /// The value of a full-length bar.
    public var maximum: Double
    /// A dashed vertical line, e.g. a category average, with its label printed above the bars.
    public var referenceLine: (value: Double, label: String)?
    /// Legend text for each emphasis that occurs in `bars`; an emphasis without an entry (or an
    /// empty dictionary) gets no legend item.
    public var legend: [Emphasis: String]

    public static let defaultLegend: [Emphasis: String] = [.excellent: "优秀", .failing: "不合格", .absent: "未报送"]

    public init(
        title: String, bars: [Bar], maximum: Double = 100, referenceLine: (value: Double, label: String)? = nil,
        legend: [Emphasis: String] = RankedBarChart.defaultLegend
    ) {
        self.title = title
        self.bars = bars
        self.maximum = maximum
        self.referenceLine = referenceLine
        self.legend = legend
    }

    public func svg() -> String {
        guard !bars.isEmpty else { return SVGWriter.emptyChart(title: title) }
        let layout = Layout(chart: self)
        var writer = SVGWriter(width: layout.width, height: layout.height, title: title, description: accessibleDescription)
        for (index, line) in layout.titleLines.enumerated() {
            writer.text(line, x: Layout.margin, y: Layout.margin + 15 + Double(index) * Layout.titleLineHeight, size: Layout.titleSize, bold: true)
        }
        writer.newline()
        drawLegend(into: &writer, layout: layout)
        drawAxis(into: &writer, layout: layout)
        for (index, bar) in bars.enumerated() {
            drawBar(bar, row: index, into: &writer, layout: layout)
        }
        drawReferenceLine(into: &writer, layout: layout)
        // Values last, over the reference line, so their halo keeps them readable where it crosses.
        for (index, bar) in bars.enumerated() {
            drawValue(bar, row: index, into: &writer, layout: layout)
        }
        return writer.finish()
    }

    /// Screen readers get every row, since the picture alone is not accessible.
    private var accessibleDescription: String {
        var parts = bars.map { "\($0.label)：\($0.valueText)" }
        if let referenceLine { parts.append(referenceLine.label) }
        return parts.joined(separator: "；")
    }

    private var scaleMaximum: Double {
        // A zero, negative or non-finite maximum has no sensible scale; fall back to percent.
        maximum.isFinite && maximum > 0 ? maximum : 100
    }

    private func drawLegend(into writer: inout SVGWriter, layout: Layout) {
        guard layout.hasLegend else { return }
        var x = Layout.margin
        let y = layout.legendTop
        for emphasis in layout.legendItems {
            let text = legend[emphasis] ?? ""
            Self.drawSwatch(emphasis, x: x, y: y + 2, width: 16, height: 10, into: &writer)
            writer.text(text, x: x + 20, y: y + 11, size: Layout.legendSize)
            x += 20 + ChartText.width(text, fontSize: Layout.legendSize) + 14
        }
        writer.newline()
    }

    private func drawAxis(into writer: inout SVGWriter, layout: Layout) {
        for tick in Self.ticks(maximum: scaleMaximum) {
            let x = layout.x(for: tick, maximum: scaleMaximum)
            writer.line(x1: x, y1: layout.plotTop, x2: x, y2: layout.plotBottom, stroke: "#E0E0E0")
            writer.text(ChartText.number(tick, places: 2), x: x, y: layout.plotBottom + 13, size: Layout.tickSize, anchor: .middle, fill: SVGWriter.mutedInk)
        }
        writer.line(x1: layout.barLeft, y1: layout.plotTop, x2: layout.barLeft, y2: layout.plotBottom, stroke: "#9E9E9E")
        writer.newline()
    }

    private func drawBar(_ bar: Bar, row: Int, into writer: inout SVGWriter, layout: Layout) {
        let top = layout.plotTop + Double(row) * Layout.rowPitch
        let centre = top + Layout.rowPitch / 2
        let length = layout.x(for: bar.value, maximum: scaleMaximum) - layout.barLeft
        writer.beginGroup(title: "\(bar.label)：\(bar.valueText)")
        Self.drawSwatch(bar.emphasis, x: layout.barLeft, y: centre - Layout.barThickness / 2, width: length, height: Layout.barThickness, into: &writer)
        let label = ChartText.truncated(bar.label, maxWidth: layout.labelWidth, fontSize: Layout.labelSize).text
        let labelInk = bar.emphasis == .absent ? SVGWriter.mutedInk : nil
        writer.text(label, x: layout.barLeft - Layout.gap, y: centre + Layout.labelSize * 0.36, size: Layout.labelSize, anchor: .end, fill: labelInk)
        writer.endGroup()
    }

    private func drawValue(_ bar: Bar, row: Int, into writer: inout SVGWriter, layout: Layout) {
        let centre = layout.plotTop + (Double(row) + 0.5) * Layout.rowPitch
        let end = layout.x(for: bar.value, maximum: scaleMaximum)
        let ink: String? = switch bar.emphasis {
        case .failing: "#B71C1C"
        case .absent: SVGWriter.mutedInk
        case .normal, .excellent: nil
        }
        writer.text(
            bar.valueText, x: end + 4, y: centre + Layout.valueSize * 0.36, size: Layout.valueSize,
            fill: ink, bold: bar.emphasis == .excellent || bar.emphasis == .failing, halo: "#FFFFFF")
        writer.newline()
    }

    private func drawReferenceLine(into writer: inout SVGWriter, layout: Layout) {
        guard let referenceLine else { return }
        let x = layout.x(for: referenceLine.value, maximum: scaleMaximum)
        writer.beginGroup(title: referenceLine.label)
        writer.line(x1: x, y1: layout.plotTop - 3, x2: x, y2: layout.plotBottom, stroke: "#424242", width: 1.2, dash: "4 3")
        // Centred on the line, but slid sideways rather than clipped at either edge.
        let half = ChartText.width(referenceLine.label, fontSize: Layout.valueSize) / 2
        let textX = min(max(x, Layout.margin + half), layout.width - Layout.margin - half)
        writer.text(referenceLine.label, x: textX, y: layout.plotTop - 6, size: Layout.valueSize, anchor: .middle, fill: "#424242")
        writer.endGroup()
    }

    /// The bar body for one emphasis; also the legend swatch, so the legend always matches.
    static func drawSwatch(_ emphasis: Emphasis, x: Double, y: Double, width: Double, height: Double, into writer: inout SVGWriter) {
        guard width > 0 else { return }
        switch emphasis {
        case .normal:
            writer.rect(x: x, y: y, width: width, height: height, fill: "#7A9CC6")
        case .excellent:
            writer.rect(x: x, y: y, width: width, height: height, fill: "#1F4E79")
        case .failing:
            writer.rect(x: x, y: y, width: width, height: height, fill: "#C62828")
            writer.hatch(x: x, y: y, width: width, height: height, spacing: 5, stroke: "#FFFFFF", lineWidth: 1.2)
        case .absent:
            writer.rect(x: x, y: y, width: width, height: height, fill: "#F2F2F2")
            writer.hatch(x: x, y: y, width: width, height: height, spacing: 4, stroke: "#9E9E9E")
            writer.rect(x: x, y: y, width: width, height: height, fill: "none", stroke: "#9E9E9E")
        }
    }

    /// Gridline values at a round step (1, 2, 2.5 or 5 × 10ⁿ) giving at most six intervals.
    static func ticks(maximum: Double) -> [Double] {
        var magnitude = 1.0
        while magnitude * 10 <= maximum { magnitude *= 10 }
        while magnitude > maximum, magnitude > 1e-6 { magnitude /= 10 }
        var step = magnitude
        for factor in [0.1, 0.2, 0.25, 0.5, 1, 2] where maximum / (magnitude * factor) <= 6 {
            step = magnitude * factor
            break
        }
        var values: [Double] = []
        var index = 0.0
        while index * step <= maximum * (1 + 1e-9) {
            values.append(index * step)
            index += 1
        }
        return values
    }
}
