extension HeatMap {
    /// Geometry shared by the drawing steps, worked out once from the data.
    struct Layout {
        static let margin = 8.0
        static let gap = 6.0
        static let titleSize = 14.0
        static let titleLineHeight = 20.0
        static let headerSize = 11.0
        static let headerLineHeight = 13.0
        /// Past this many lines a column label is cut; eight lines hold 16–40 CJK characters
        /// depending on the column width.
        static let maximumHeaderLines = 8
        static let rowLabelSize = 11.0
        /// Fixed row height: more units make a taller chart, never thinner rows. 18 px fits
        /// 40 units with headers of up to six lines on one GB/T 9704 page (225 mm ≈ 850 px).
        static let cellHeight = 18.0
        static let cellTextSize = 10.0
        /// Below this the cell text would be too small to print legibly; the tooltip keeps it.
        static let smallestCellTextSize = 8.0
        /// One CJK character at the header size, plus breathing room; with more columns than
        /// fit at this width the chart gets wider and the page scales it down.
        static let minimumCellWidth = 18.0
        /// Few columns should not turn into wide slabs.
        static let maximumCellWidth = 80.0
        static let maximumRowLabelWidth = 220.0
        static let legendSize = 11.0

        let width: Double
        let titleLines: [String]
        let rowLabelWidth: Double
        let gridLeft: Double
        let cellWidth: Double
        let headerLines: [[String]]
        let gridTop: Double
        let legendTop: Double
        let height: Double
        let hasMissingCells: Bool

        init(map: HeatMap) {
            let longestRowLabel = map.rowLabels.map { ChartText.width($0, fontSize: Self.rowLabelSize) }.max() ?? 0
            rowLabelWidth = min(max(longestRowLabel, 24), Self.maximumRowLabelWidth)
            gridLeft = Self.margin + rowLabelWidth + Self.gap
            let columns = Double(map.columnLabels.count)
            let fitted = (SVGWriter.pageWidth - Self.margin - gridLeft) / columns
            cellWidth = min(max(fitted, Self.minimumCellWidth), Self.maximumCellWidth)
            width = max(SVGWriter.pageWidth, gridLeft + columns * cellWidth + Self.margin)

            titleLines = map.title.isEmpty
                ? [] : ChartText.wrapped(map.title, maxWidth: width - 2 * Self.margin, fontSize: Self.titleSize, maxLines: 4)
            let cellWidth = cellWidth
            headerLines = map.columnLabels.map {
                ChartText.wrapped($0, maxWidth: cellWidth - 4, fontSize: Self.headerSize, maxLines: Self.maximumHeaderLines)
            }
            let headerHeight = Double(headerLines.map(\.count).max() ?? 1) * Self.headerLineHeight + 8
            let titleHeight = Double(titleLines.count) * Self.titleLineHeight + (titleLines.isEmpty ? 0 : 6)
            gridTop = Self.margin + titleHeight + headerHeight
            legendTop = gridTop + Double(map.rowLabels.count) * Self.cellHeight + 10
            height = legendTop + 12 + Self.margin
            hasMissingCells = map.rowLabels.indices.contains { row in
                map.columnLabels.indices.contains { map.share(row: row, column: $0) == nil }
            }
        }

        /// The largest allowed size at which `text` fits its cell, or nil to leave the cell bare.
        func cellTextSize(for text: String) -> Double? {
            guard !text.isEmpty else { return nil }
            for size: Double in [Self.cellTextSize, 9, Self.smallestCellTextSize]
            where ChartText.width(text, fontSize: size) <= cellWidth - 3 {
                return size
            }
            return nil
        }
    }
}
