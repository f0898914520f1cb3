extension RankedBarChart {
    /// Geometry shared by the drawing steps, worked out once from the data.
    struct Layout {
        static let margin = 8.0
        static let gap = 6.0
        static let titleSize = 14.0
        static let titleLineHeight = 20.0
        static let legendSize = 11.0
        static let labelSize = 12.0
        static let valueSize = 11.0
        static let tickSize = 10.0
        /// Fixed per-row pitch: more bars make a taller chart, never thinner bars. 18 px keeps
        /// 40 units (≈ 820 px, 217 mm) inside one GB/T 9704 type area (156 × 225 mm).
        static let rowPitch = 18.0
        static let barThickness = 12.0
        /// Room for about 22 CJK characters at 12 px; longer labels are cut with "…" (the full
        /// text stays in the row's tooltip) so the bars keep at least half the width.
        static let maximumLabelWidth = 270.0

        let width = SVGWriter.pageWidth
        let titleLines: [String]
        let legendItems: [Emphasis]
        let legendTop: Double
        let plotTop: Double
        let plotBottom: Double
        let height: Double
        let labelWidth: Double
        let barLeft: Double
        let barRight: Double

        var hasLegend: Bool { !legendItems.isEmpty }

        init(chart: RankedBarChart) {
            titleLines = chart.title.isEmpty
                ? [] : ChartText.wrapped(chart.title, maxWidth: width - 2 * Self.margin, fontSize: Self.titleSize, maxLines: 4)
            let present = Set(chart.bars.map(\.emphasis))
            legendItems = Emphasis.allCases.filter { present.contains($0) && !(chart.legend[$0] ?? "").isEmpty }
            legendTop = Self.margin + Double(titleLines.count) * Self.titleLineHeight + (titleLines.isEmpty ? 0 : 4)
            let legendHeight = legendItems.isEmpty ? 0.0 : 18
            // The reference label sits in its own band above the first bar.
            plotTop = legendTop + legendHeight + (chart.referenceLine == nil ? 4 : 20)
            plotBottom = plotTop + Double(chart.bars.count) * Self.rowPitch
            height = plotBottom + 18 + Self.margin

            let longestLabel = chart.bars.map { ChartText.width($0.label, fontSize: Self.labelSize) }.max() ?? 0
            labelWidth = min(max(longestLabel, 24), Self.maximumLabelWidth)
            barLeft = Self.margin + labelWidth + Self.gap
            // Values are printed after the bar end, so reserve their width at the right edge.
            let longestValue = chart.bars.map { ChartText.width($0.valueText, fontSize: Self.valueSize) }.max() ?? 0
            barRight = width - Self.margin - min(max(longestValue + 6, 16), 160)
        }

        /// Clamped to 0…maximum: out-of-range values draw as empty or full bars, while their
        /// text still shows the real value.
        func x(for value: Double, maximum: Double) -> Double {
            let share = value.isFinite ? min(max(value / maximum, 0), 1) : 0
            return barLeft + share * (barRight - barLeft)
        }
    }
}
