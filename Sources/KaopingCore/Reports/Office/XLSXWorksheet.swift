/// The workbook's shared string table, in order of first appearance.
struct XLSXSharedStrings {
    /// Keyed by UTF-8 bytes, not String: Swift's String equality treats canonically equivalent
    /// texts (precomposed and decomposed accents) as equal, which would swap one for the other.
    private var indices: [[UInt8]: Int] = [:]
    private(set) var strings: [String] = []
    private(set) var references = 0

    mutating func index(of text: String) -> Int {
        references += 1
        let key = Array(text.utf8)
        if let known = indices[key] { return known }
        let index = strings.count
        indices[key] = index
        strings.append(text)
        return index
    }

    func xml() -> String {
        var xml = OfficeXML.declaration
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "count=\"\(references)\" uniqueCount=\"\(strings.count)\">"
        for text in strings {
            xml += "<si>\(Self.textElement(text))</si>"
        }
        return xml + "</sst>"
    }

    /// Excel's cell limit; a longer string makes Excel declare the file corrupt.
    static let maxCellLength = 32_767

    static func textElement(_ raw: String) -> String {
        let text = OfficeXML.prefix(protectingEscapes(raw), utf16Units: maxCellLength)
        // A raw CR would be read back as LF (XML end-of-line handling); a character reference
        // keeps it.
        let escaped = OfficeXML.replacing("\r", in: MarkupText.escaped(text), with: "&#13;")
        let edges = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }
        let needsPreserve = edges.contains { $0.properties.isWhitespace }
            || text.unicodeScalars.contains { $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return needsPreserve ? "<t xml:space=\"preserve\">\(escaped)</t>" : "<t>\(escaped)</t>"
    }

    /// Excel decodes `_xHHHH_` in cell text as the character U+HHHH; a literal occurrence keeps
    /// its meaning only with its underscore written as `_x005F_`.
    static func protectingEscapes(_ text: String) -> String {
        guard text.unicodeScalars.contains("_") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X",
               scalars[(index + 2)...(index + 5)].allSatisfy(\.properties.isASCIIHexDigit), scalars[index + 6] == "_" {
                out.append(contentsOf: "_x005F_".unicodeScalars)
                index += 1
                continue
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }
}

/// Writes one worksheet part.
enum XLSXWorksheetWriter {
    static func columnCount(of sheet: XLSXWorkbook.Sheet) -> Int {
        sheet.rows.reduce(sheet.header.count) { max($0, $1.count) }
    }

    /// The header row and everything below it, or nil when there is no header to filter on.
    static func filterRange(of sheet: XLSXWorkbook.Sheet) -> String? {
        guard !sheet.header.isEmpty else { return nil }
        let last = XLSXNames.cellReference(row: sheet.rows.count + 1, column: max(columnCount(of: sheet), 1))
        return "A1:\(last)"
    }

    static func xml(for sheet: XLSXWorkbook.Sheet, selected: Bool, strings: inout XLSXSharedStrings,
                    styles: inout XLSXCellStyles) -> String {
        let hasHeader = !sheet.header.isEmpty
        let columns = columnCount(of: sheet)
        let rowCount = sheet.rows.count + (hasHeader ? 1 : 0)
        let dimension = columns == 0 || rowCount == 0
            ? "A1" : "A1:\(XLSXNames.cellReference(row: rowCount, column: columns))"

        // The schema fixes the order of a worksheet's children (CT_Worksheet): sheetPr,
        // dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter, printOptions,
        // pageMargins, pageSetup, headerFooter. Excel "repairs" a file that strays from it.
        var xml = OfficeXML.declaration
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"\(OfficeXML.officeDocumentRelationships)\">"
        if sheet.printSetup?.fitToWidth == true { xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        xml += "<dimension ref=\"\(dimension)\"/>"
            + "<sheetViews><sheetView \(selected ? "tabSelected=\"1\" " : "")workbookViewId=\"0\">"
        if hasHeader {
            xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        xml += columnsXML(sheet.columnWidths)

        xml += "<sheetData>"
        var rowNumber = 0
        if hasHeader {
            rowNumber += 1
            xml += "<row r=\"\(rowNumber)\">"
            for (index, title) in sheet.header.enumerated() {
                let style = styles.index(of: .init(bold: true, quotePrefix: XLSXNames.looksLikeFormula(title),
                                                   alignment: .center, bordered: sheet.borders))
                xml += stringCell(XLSXNames.cellReference(row: rowNumber, column: index + 1), title, style, &strings)
            }
            xml += "</row>"
        }
        for row in sheet.rows {
            rowNumber += 1
            xml += "<row r=\"\(rowNumber)\">"
            // A bordered table draws every cell of its grid, short rows included.
            let cells = sheet.borders && row.count < columns
                ? row + Array(repeating: .empty, count: columns - row.count) : row
            for (index, cell) in cells.enumerated() {
                let reference = XLSXNames.cellReference(row: rowNumber, column: index + 1)
                xml += cellXML(cell, reference: reference, column: index, of: sheet, &strings, &styles)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"

        if let range = filterRange(of: sheet) { xml += "<autoFilter ref=\"\(range)\"/>" }
        if let setup = sheet.printSetup {
            xml += "<printOptions horizontalCentered=\"1\"/>"
                + "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                + "<pageSetup paperSize=\"9\" orientation=\"\(setup.orientation.rawValue)\""
                + (setup.fitToWidth ? " fitToWidth=\"1\" fitToHeight=\"0\"" : "") + "/>"
            if let footer = setup.footer {
                xml += "<headerFooter><oddFooter>\(MarkupText.escaped(footer))</oddFooter></headerFooter>"
            }
        } else {
            xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        }
        return xml + "</worksheet>"
    }

    private static func cellXML(_ cell: XLSXWorkbook.Cell, reference: String, column: Int, of sheet: XLSXWorkbook.Sheet,
                                _ strings: inout XLSXSharedStrings, _ styles: inout XLSXCellStyles) -> String {
        var format = XLSXCellStyles.Format(alignment: sheet.alignments[column], bordered: sheet.borders)
        switch cell {
        case .empty:
            guard sheet.borders else { return "" }
            // Styled like its column, so a value typed in later looks like the others.
            format.numberFormat = (sheet.numberStyles[column] ?? .general).formatID
            return "<c r=\"\(reference)\" s=\"\(styles.index(of: format))\"/>"
        case .number(let value, let style) where XLSXNames.isPlainDecimal(value):
            format.numberFormat = (style ?? sheet.numberStyles[column] ?? .general).formatID
            let index = styles.index(of: format)
            let styleAttribute = index == 0 ? "" : " s=\"\(index)\""
            // The digits go in verbatim; only an explicit "+" is dropped, which changes no value
            // but which not every reader's number parser accepts.
            let digits = value.hasPrefix("+") ? String(value.dropFirst()) : value
            return "<c r=\"\(reference)\"\(styleAttribute)><v>\(digits)</v></c>"
        case .number(let text, _), .text(let text):
            // Text always goes through the shared string table and is never written as <f>, so
            // nothing in it is evaluated on opening. The quotePrefix style is the second guard:
            // it makes Excel keep "=…", "+…", "-…", "@…" as text when a user re-enters the cell
            // (F2, Enter) and marks it as text-that-looks-like-a-formula. The alternative, a
            // leading apostrophe or space in the value, would alter the data itself.
            format.quotePrefix = XLSXNames.looksLikeFormula(text)
            return stringCell(reference, text, styles.index(of: format), &strings)
        }
    }

    private static func stringCell(_ reference: String, _ text: String, _ style: Int,
                                   _ strings: inout XLSXSharedStrings) -> String {
        let styleAttribute = style == 0 ? "" : " s=\"\(style)\""
        return "<c r=\"\(reference)\"\(styleAttribute) t=\"s\"><v>\(strings.index(of: text))</v></c>"
    }

    /// Excel stores widths in characters of the default font; it accepts up to 255.
    private static func columnsXML(_ widths: [Double]) -> String {
        var columns = ""
        for (index, width) in widths.enumerated() where width.isFinite && width > 0 {
            let hundredths = Int((min(width, 255) * 100).rounded())
            guard hundredths > 0 else { continue }
            let text = hundredths % 100 == 0
                ? "\(hundredths / 100)"
                : "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
            columns += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(text)\" customWidth=\"1\"/>"
        }
        return columns.isEmpty ? "" : "<cols>\(columns)</cols>"
    }
}
