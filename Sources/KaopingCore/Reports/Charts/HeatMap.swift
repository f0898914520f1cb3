/// A units × indicators grid shaded by the share of each indicator's points earned, on a
/// single-hue light-to-dark blue ramp so the ordering survives greyscale printing.
public struct HeatMap: Sendable {
    public var title: String
    /// One per column (indicators). Long labels wrap over several lines; past the line limit
    /// they are cut with "…", the full text staying in the column's tooltip.
    public var columnLabels: [String]
    /// One per row (units).
    public var rowLabels: [String]
    /// rows × columns, each the share earned in 0…1 (clamped for shading); nil means not
    /// applicable and is drawn light grey with a diagonal. Missing trailing entries count as nil.
    public var cells: [[Double?]]
    /// rows × columns, printed in the cell (when it fits) and always in its tooltip.
    public var cellTexts: [[String]]
    public var legend: (low: String, high: String, missing: String)

    public init(
        title: String, columnLabels: [String], rowLabels: [String], cells: [[Double?]], cellTexts: [[String]],
        legend: (low: String, high: String, missing: String) = (low: "低", high: "高", missing: "不适用")
    ) {
        self.title = title
        self.columnLabels = columnLabels
        self.rowLabels = rowLabels
        self.cells = cells
        self.cellTexts = cellTexts
        self.legend = legend
    }

    static let lowColour = RGBColour(red: 0xE3, green: 0xEE, blue: 0xF9)
    static let highColour = RGBColour(red: 0x08, green: 0x30, blue: 0x6B)
    static let missingFill = "#F5F5F5"
    static let missingStroke = "#BDBDBD"

    /// Ramp colour for a share, and the text colour readable on it: white once the fill is
    /// darker than mid-grey, judged by luma so it also holds on a greyscale printout.
    static func colours(for share: Double) -> (fill: RGBColour, text: String) {
        let fill = RGBColour.mix(lowColour, highColour, share)
        return (fill, fill.luma < 128 ? "#FFFFFF" : SVGWriter.ink)
    }

    public func svg() -> String {
        guard !rowLabels.isEmpty, !columnLabels.isEmpty else { return SVGWriter.emptyChart(title: title) }
        let layout = Layout(map: self)
        var writer = SVGWriter(width: layout.width, height: layout.height, title: title, description: accessibleDescription)
        for (index, line) in layout.titleLines.enumerated() {
            writer.text(line, x: Layout.margin, y: Layout.margin + 15 + Double(index) * Layout.titleLineHeight, size: Layout.titleSize, bold: true)
        }
        writer.newline()
        drawColumnHeaders(into: &writer, layout: layout)
        for row in rowLabels.indices {
            drawRow(row, into: &writer, layout: layout)
        }
        drawLegend(into: &writer, layout: layout)
        return writer.finish()
    }

    /// A share, or nil when not applicable. A NaN or infinite share carries no shade to show,
    /// so it is drawn as not applicable rather than as a made-up colour.
    func share(row: Int, column: Int) -> Double? {
        guard row < cells.count, column < cells[row].count, let value = cells[row][column], value.isFinite else { return nil }
        return value
    }

    func text(row: Int, column: Int) -> String {
        guard row < cellTexts.count, column < cellTexts[row].count else { return "" }
        return cellTexts[row][column]
    }

    /// Screen readers get every cell, row by row.
    private var accessibleDescription: String {
        rowLabels.indices.map { row in
            let values = columnLabels.indices.map { "\(columnLabels[$0]) \(text(row: row, column: $0))" }
            return "\(rowLabels[row])：" + values.joined(separator: "，")
        }.joined(separator: "；")
    }

    private func drawColumnHeaders(into writer: inout SVGWriter, layout: Layout) {
        for (column, lines) in layout.headerLines.enumerated() {
            let centre = layout.gridLeft + (Double(column) + 0.5) * layout.cellWidth
            // Bottom-aligned, so every label sits right on top of its column.
            let firstBaseline = layout.gridTop - 5 - Double(lines.count - 1) * Layout.headerLineHeight
            writer.beginGroup(title: columnLabels[column])
            for (index, line) in lines.enumerated() {
                writer.text(line, x: centre, y: firstBaseline + Double(index) * Layout.headerLineHeight, size: Layout.headerSize, anchor: .middle)
            }
            writer.endGroup()
        }
    }

    private func drawRow(_ row: Int, into writer: inout SVGWriter, layout: Layout) {
        let top = layout.gridTop + Double(row) * Layout.cellHeight
        let label = ChartText.truncated(rowLabels[row], maxWidth: layout.rowLabelWidth, fontSize: Layout.rowLabelSize)
        if label.isCut { writer.beginGroup(title: rowLabels[row]) }
        writer.text(
            label.text, x: layout.gridLeft - Layout.gap, y: top + Layout.cellHeight / 2 + Layout.rowLabelSize * 0.36,
            size: Layout.rowLabelSize, anchor: .end)
        if label.isCut { writer.endGroup() } else { writer.newline() }
        for column in columnLabels.indices {
            drawCell(row: row, column: column, top: top, into: &writer, layout: layout)
        }
    }

    private func drawCell(row: Int, column: Int, top: Double, into writer: inout SVGWriter, layout: Layout) {
        let left = layout.gridLeft + Double(column) * layout.cellWidth
        let text = text(row: row, column: column)
        writer.beginGroup(title: "\(rowLabels[row])｜\(columnLabels[column])：\(text)")
        let textInk: String
        var halo: String?
        if let share = share(row: row, column: column) {
            let colours = Self.colours(for: share)
            writer.rect(x: left, y: top, width: layout.cellWidth, height: Layout.cellHeight, fill: colours.fill.hex, stroke: "#FFFFFF")
            textInk = colours.text
        } else {
            Self.drawMissing(x: left, y: top, width: layout.cellWidth, height: Layout.cellHeight, into: &writer)
            textInk = SVGWriter.mutedInk
            halo = Self.missingFill
        }
        if let size = layout.cellTextSize(for: text) {
            writer.text(
                text, x: left + layout.cellWidth / 2, y: top + Layout.cellHeight / 2 + size * 0.36, size: size, anchor: .middle,
                fill: textInk, halo: halo)
        }
        writer.endGroup()
    }

    static func drawMissing(x: Double, y: Double, width: Double, height: Double, into writer: inout SVGWriter) {
        writer.rect(x: x, y: y, width: width, height: height, fill: missingFill, stroke: "#FFFFFF")
        writer.line(x1: x + 1, y1: y + height - 1, x2: x + width - 1, y2: y + 1, stroke: missingStroke)
    }

    private func drawLegend(into writer: inout SVGWriter, layout: Layout) {
        let top = layout.legendTop
        let baseline = top + 10
        let fixedWidth: Double = 4 + 5 * 18 + 4 + 16 + (layout.hasMissingCells ? 22 : 0)
        let textWidth = [legend.low, legend.high, layout.hasMissingCells ? legend.missing : ""]
            .map { ChartText.width($0, fontSize: Layout.legendSize) }.reduce(0, +)
        // Aligned with the grid when it fits there, pulled left rather than clipped otherwise.
        var x = max(Layout.margin, min(layout.gridLeft, layout.width - Layout.margin - fixedWidth - textWidth))
        writer.text(legend.low, x: x, y: baseline, size: Layout.legendSize)
        x += ChartText.width(legend.low, fontSize: Layout.legendSize) + 4
        // Discrete steps rather than a gradient: no ids needed, and readers can match a cell's shade.
        for step in 0...4 {
            let fill = Self.colours(for: Double(step) / 4).fill.hex
            writer.rect(x: x, y: top, width: 18, height: 12, fill: fill, stroke: "#FFFFFF")
            x += 18
        }
        x += 4
        writer.text(legend.high, x: x, y: baseline, size: Layout.legendSize)
        x += ChartText.width(legend.high, fontSize: Layout.legendSize) + 16
        if layout.hasMissingCells {
            Self.drawMissing(x: x, y: top, width: 18, height: 12, into: &writer)
            writer.text(legend.missing, x: x + 22, y: baseline, size: Layout.legendSize)
        }
        writer.newline()
    }
}
