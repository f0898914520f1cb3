/// Why a workbook could not be written.
public enum XLSXWorkbookError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Excel refuses a workbook without sheets.
    case noSheets
    /// More rows (header included) than Excel's 1,048,576.
    case tooManyRows(sheet: String, count: Int)
    /// More columns than Excel's 16,384 (XFD).
    case tooManyColumns(sheet: String, count: Int)

    public var description: String {
        switch self {
        case .noSheets:
            return "XLSX: a workbook needs at least one sheet"
        case .tooManyRows(let sheet, let count):
            return "XLSX: sheet \"\(sheet)\" has \(count) rows; Excel allows at most \(XLSXWorkbook.maxRows)"
        case .tooManyColumns(let sheet, let count):
            return "XLSX: sheet \"\(sheet)\" has \(count) columns; Excel allows at most \(XLSXWorkbook.maxColumns)"
        }
    }
}

/// A plain tabular workbook (SpreadsheetML) that Excel, LibreOffice, WPS and openpyxl open.
///
/// Output depends only on the value: no timestamps, fixed part order, fixed ZIP dates.
public struct XLSXWorkbook: Equatable, Sendable {
    public enum Cell: Equatable, Sendable {
        case text(String)
        /// Exact decimal text such as "93.75" or "-5", written verbatim as the cell value.
        /// Anything that is not `[+-]?digits(.digits)?` is written as text instead, so a bad
        /// value shows up in the sheet rather than corrupting the file.
        case number(String)
        case empty
    }

    /// Display format of a numeric column; text cells in such a column are unaffected.
    public enum NumberStyle: Equatable, Hashable, Sendable {
        case general
        /// Built-in format 2, "0.00".
        case twoDecimals
        /// Built-in format 1, "0".
        case integer
        /// Built-in format 10, "0.00%": the value is the fraction (0.9375 shows 93.75%).
        case percent2
    }

    public struct Sheet: Equatable, Sendable {
        /// Any text; it is made into a legal, unique Excel sheet name when written.
        public var name: String
        /// Bold, frozen and filterable first row; no header row is written when empty.
        public var header: [String]
        /// Widths in characters, by column index from 0; missing columns keep Excel's default.
        public var columnWidths: [Double]
        /// Number formats by column index from 0.
        public var numberStyles: [Int: NumberStyle]
        public var rows: [[Cell]]

        public init(name: String, header: [String] = [], columnWidths: [Double] = [],
                    numberStyles: [Int: NumberStyle] = [:], rows: [[Cell]] = []) {
            self.name = name
            self.header = header
            self.columnWidths = columnWidths
            self.numberStyles = numberStyles
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet] = []) {
        self.sheets = sheets
    }

    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    /// The .xlsx file.
    public func bytes() throws -> [UInt8] {
        guard !sheets.isEmpty else { throw XLSXWorkbookError.noSheets }
        for sheet in sheets {
            let rowCount = sheet.rows.count + (sheet.header.isEmpty ? 0 : 1)
            if rowCount > Self.maxRows { throw XLSXWorkbookError.tooManyRows(sheet: sheet.name, count: rowCount) }
            let columnCount = XLSXWorksheetWriter.columnCount(of: sheet)
            if columnCount > Self.maxColumns {
                throw XLSXWorkbookError.tooManyColumns(sheet: sheet.name, count: columnCount)
            }
        }
        let names = XLSXNames.sheetNames(sheets.map(\.name))
        var strings = XLSXSharedStrings()
        var worksheets: [String] = []
        for (index, sheet) in sheets.enumerated() {
            worksheets.append(XLSXWorksheetWriter.xml(for: sheet, selected: index == 0, strings: &strings))
        }

        let count = sheets.count
        var overrides: [(part: String, type: String)] = [
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ]
        for index in 1...count {
            overrides.append(("/xl/worksheets/sheet\(index).xml",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        }
        overrides.append(("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
        overrides.append(("/xl/sharedStrings.xml",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))

        var workbookRelationships = (1...count).map {
            OfficeXML.Relationship(id: "rId\($0)", type: "worksheet", target: "worksheets/sheet\($0).xml")
        }
        workbookRelationships.append(.init(id: "rId\(count + 1)", type: "styles", target: "styles.xml"))
        workbookRelationships.append(.init(id: "rId\(count + 2)", type: "sharedStrings", target: "sharedStrings.xml"))

        var parts: [OfficePackage.Part] = [
            ("[Content_Types].xml", OfficeXML.bytes(OfficeXML.contentTypes(overrides: overrides))),
            ("_rels/.rels", OfficeXML.bytes(OfficeXML.rootRelationships(mainPart: "xl/workbook.xml"))),
            ("docProps/core.xml", OfficeXML.bytes(OfficeXML.coreProperties)),
            ("docProps/app.xml", OfficeXML.bytes(OfficeXML.appProperties)),
            ("xl/workbook.xml", OfficeXML.bytes(workbookXML(names: names))),
            ("xl/_rels/workbook.xml.rels", OfficeXML.bytes(OfficeXML.relationships(workbookRelationships))),
            ("xl/styles.xml", OfficeXML.bytes(Self.stylesXML)),
            ("xl/sharedStrings.xml", OfficeXML.bytes(strings.xml())),
        ]
        for (index, xml) in worksheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", OfficeXML.bytes(xml)))
        }
        return try OfficePackage(parts: parts).bytes()
    }

    private func workbookXML(names: [String]) -> String {
        var xml = OfficeXML.declaration
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"\(OfficeXML.officeDocumentRelationships)\">"
            + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in names.enumerated() {
            xml += "<sheet name=\"\(MarkupText.escaped(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        // Excel keeps each sheet's filter range in this hidden name; without it some versions
        // drop the autoFilter buttons or rebuild the name on a "repair".
        var filters = ""
        for (index, sheet) in sheets.enumerated() {
            guard let range = XLSXWorksheetWriter.filterRange(of: sheet) else { continue }
            let absolute = range.split(separator: ":").map { XLSXNames.absolute(String($0)) }.joined(separator: ":")
            filters += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + MarkupText.escaped("\(XLSXNames.quotedSheetName(names[index]))!\(absolute)")
                + "</definedName>"
        }
        if !filters.isEmpty { xml += "<definedNames>\(filters)</definedNames>" }
        return xml + "</workbook>"
    }

    /// Indices into `cellXfs` below.
    enum StyleIndex {
        static let general = 0
        static let header = 1
        static let headerQuoted = 2
        static let quoted = 3
        static let twoDecimals = 4
        static let integer = 5
        static let percent2 = 6

        static func number(_ style: NumberStyle) -> Int {
            switch style {
            case .general: return general
            case .twoDecimals: return twoDecimals
            case .integer: return integer
            case .percent2: return percent2
            }
        }
    }

    /// Only built-in number formats are used, so no <numFmts> block is needed. Excel requires
    /// the two fills "none" and "gray125" to be present even though nothing uses them.
    static let stylesXML = OfficeXML.declaration
        + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "</fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"7\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" quotePrefix=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" quotePrefix=\"1\"/>"
        + "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
        + "</styleSheet>"
}
