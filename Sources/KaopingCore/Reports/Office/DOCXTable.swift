/// Renders a bordered table as wide as the text block.
enum DOCXTableWriter {
    /// 小四 (12 pt): the upper end of the 10.5–12 pt usual for tables in official documents;
    /// 小五 (9 pt) for tables of more than 12 columns, such as a score table with a column per
    /// indicator.
    static func cellRun(columns: Int) -> DOCXRunFormat {
        DOCXRunFormat(eastAsia: DOCXFonts.fangsong, halfPoints: columns > 12 ? 18 : 24)
    }

    /// Nil when there is not a single column to draw: Word rejects a table without cells.
    static func xml(header: [String], rows: [[String]], numericColumns: Set<Int>, width: Int = DOCXDocument.Page.textWidth) -> String? {
        let columnCount = rows.reduce(header.count) { max($0, $1.count) }
        guard columnCount > 0 else { return nil }
        let run = cellRun(columns: columnCount)
        let widths = columnWidths(header: header, rows: rows, columnCount: columnCount, total: width, halfPoints: run.halfPoints)

        var xml = "<w:tbl><w:tblPr>"
            + "<w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            + "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        // A fixed layout keeps the computed widths; "autofit" would let Word and WPS
        // re-flow columns differently from each other.
        xml += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>"
            + "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
            + "w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"

        if !header.isEmpty {
            xml += row(header, widths: widths, isHeader: true, numericColumns: numericColumns, run: run)
        }
        for cells in rows {
            xml += row(cells, widths: widths, isHeader: false, numericColumns: numericColumns, run: run)
        }
        return xml + "</w:tbl>"
    }

    private static func row(_ cells: [String], widths: [Int], isHeader: Bool, numericColumns: Set<Int>, run cellRun: DOCXRunFormat) -> String {
        // tblHeader repeats the row at the top of every page the table runs onto; cantSplit
        // keeps a row's lines together so a number is never parted from its label.
        var xml = "<w:tr><w:trPr><w:cantSplit/>\(isHeader ? "<w:tblHeader/>" : "")</w:trPr>"
        for (index, width) in widths.enumerated() {
            let text = index < cells.count ? cells[index] : ""
            var run = cellRun
            run.bold = isHeader
            let alignment: DOCXDocument.Alignment = isHeader
                ? .center : (numericColumns.contains(index) ? .right : .left)
            let format = DOCXParagraphFormat(alignment: alignment, exactLine: nil, run: run)
            let content = DOCXBodyWriter.lines(text).map { DOCXBodyWriter.runs($0, run) }
                .joined(separator: DOCXBodyWriter.lineBreak(run))
            xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
                + DOCXBodyWriter.paragraph(runs: content, format, pageBreakBefore: false) + "</w:tc>"
        }
        return xml + "</w:tr>"
    }

    /// Gives each column the width its widest line needs at 12 pt (a half-width character is
    /// 120 twips, a CJK or full-width one 240) plus the cell margins, so a number like 95.43
    /// never wraps; spare width is shared in proportion. When the needs exceed the text width,
    /// only the part of each column above a readable floor is shrunk, so numbers keep their room
    /// and long names wrap instead.
    static func columnWidths(header: [String], rows: [[String]], columnCount: Int, total: Int, halfPoints: Int = 24) -> [Int] {
        var measures = Array(repeating: 0, count: columnCount)
        for (number, cells) in ([header] + rows).enumerated() {
            for (index, text) in cells.enumerated() {
                var widest = DOCXBodyWriter.lines(text).map(displayWidth).max() ?? 0
                // A long header may wrap over a few lines; the data decide the width.
                if number == 0 { widest = min(widest, 8) }
                measures[index] = max(measures[index], widest)
            }
        }
        let unit = halfPoints * 5, margins = 240, floor = 4 * unit + margins
        let needs = measures.map { min(max($0, 4), 40) * unit + margins }
        let sum = needs.reduce(0, +)
        var widths: [Int]
        if sum <= total {
            widths = needs.map { $0 + ($0 * (total - sum)) / sum }
        } else if floor * columnCount >= total {
            // Too many columns for any to get its floor: plain proportions.
            widths = needs.map { total * $0 / sum }
        } else {
            let excess = needs.map { max(0, $0 - floor) }
            let shrinkable = max(1, excess.reduce(0, +))
            let overflow = min(sum - total, shrinkable)
            widths = zip(needs, excess).map { need, extra in need - extra * overflow / shrinkable }
        }
        // Integer division leaves a few twips over; the last column takes them so the table
        // is exactly as wide as the text block.
        widths[widths.count - 1] += total - widths.reduce(0, +)
        return widths
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// East Asian wide and full-width ranges (UAX #11, W and F) that tables in Chinese
    /// documents actually meet; combining marks are rare enough to count as one.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
