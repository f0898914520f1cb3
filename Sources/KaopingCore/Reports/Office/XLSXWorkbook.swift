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
        /// value shows up in the sheet rather than corrupting the file. `style`, when given,
        /// replaces the column's number style for this cell only: a column can mix rates and
        /// counts without either being shown in the other's format.
        case number(String, style: NumberStyle? = nil)
        /// No value. In a bordered sheet the cell is still written (styled, without a value) so
        /// the grid has no gaps; readers see it as blank either way.
        case empty
    }

    /// Display format of a number; text cells are unaffected.
    public enum NumberStyle: Equatable, Hashable, Sendable {
        case general
        /// Built-in format 2, "0.00".
        case twoDecimals
        /// Built-in format 1, "0".
        case integer
        /// Built-in format 10, "0.00%": the value is the fraction (0.9375 shows 93.75%).
        case percent2

        var formatID: Int {
            switch self {
            case .general: return 0
            case .twoDecimals: return 2
            case .integer: return 1
            case .percent2: return 10
            }
        }
    }

    /// Horizontal alignment of a column's data cells; without one, numbers go right and text left.
    public enum Alignment: String, Equatable, Hashable, Sendable {
        case left, center, right
    }

    /// How a sheet prints: always on A4 (paper size 9).
    public struct PrintSetup: Equatable, Sendable {
        public enum Orientation: String, Equatable, Sendable {
            case portrait, landscape
        }

        public var orientation: Orientation
        /// Scales the columns down to one page width; rows run on over as many pages as they need.
        public var fitToWidth: Bool
        /// In Excel's header/footer codes: &L, &C, &R start the left, centre and right parts,
        /// &P is the page number and &N the page count. Nil prints no footer.
        public var footer: String?

        public init(orientation: Orientation = .landscape, fitToWidth: Bool = true, footer: String? = "&C第 &P 页，共 &N 页") {
            self.orientation = orientation
            self.fitToWidth = fitToWidth
            self.footer = footer
        }
    }

    public struct Sheet: Equatable, Sendable {
        /// Any text; it is made into a legal, unique Excel sheet name when written.
        public var name: String
        /// Bold, centred, frozen, filterable first row, repeated on every printed page; no
        /// header row is written when empty.
        public var header: [String]
        /// Widths in characters, by column index from 0; missing columns keep Excel's default.
        public var columnWidths: [Double]
        /// Number formats by column index from 0.
        public var numberStyles: [Int: NumberStyle]
        /// Alignment of data cells by column index from 0.
        public var alignments: [Int: Alignment]
        /// Thin borders round every cell of the table, header included, as a printed table has.
        public var borders: Bool
        /// Nil leaves printing to the reader's defaults.
        public var printSetup: PrintSetup?
        public var rows: [[Cell]]

        public init(name: String, header: [String] = [], columnWidths: [Double] = [],
                    numberStyles: [Int: NumberStyle] = [:], alignments: [Int: Alignment] = [:], borders: Bool = true,
                    printSetup: PrintSetup? = PrintSetup(), rows: [[Cell]] = []) {
            self.name = name
            self.header = header
            self.columnWidths = columnWidths
            self.numberStyles = numberStyles
            self.alignments = alignments
            self.borders = borders
            self.printSetup = printSetup
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
        var styles = XLSXCellStyles()
        var worksheets: [String] = []
        for (index, sheet) in sheets.enumerated() {
            worksheets.append(XLSXWorksheetWriter.xml(for: sheet, selected: index == 0, strings: &strings, styles: &styles))
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
            ("xl/styles.xml", OfficeXML.bytes(styles.xml())),
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
        // drop the autoFilter buttons or rebuild the name on a "repair". Excel lists defined
        // names by name, then by sheet.
        var filters = "", titles = ""
        for (index, sheet) in sheets.enumerated() {
            let sheetName = XLSXNames.quotedSheetName(names[index])
            guard let range = XLSXWorksheetWriter.filterRange(of: sheet) else { continue }
            let absolute = range.split(separator: ":").map { XLSXNames.absolute(String($0)) }.joined(separator: ":")
            filters += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + MarkupText.escaped("\(sheetName)!\(absolute)") + "</definedName>"
            // The header row is printed at the top of every page.
            if sheet.printSetup != nil {
                titles += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"
                    + MarkupText.escaped("\(sheetName)!$1:$1") + "</definedName>"
            }
        }
        if !filters.isEmpty { xml += "<definedNames>\(filters)\(titles)</definedNames>" }
        return xml + "</workbook>"
    }
}

/// The workbook's cell formats (`cellXfs`), in order of first use so the same workbook always
/// numbers them alike; index 0 is the unstyled default that a cell without `s` gets.
struct XLSXCellStyles {
    struct Format: Hashable {
        var bold = false
        var numberFormat = 0
        var quotePrefix = false
        var alignment: XLSXWorkbook.Alignment?
        var bordered = false
    }

    private var indices: [Format: Int] = [Format(): 0]
    private(set) var formats: [Format] = [Format()]

    mutating func index(of format: Format) -> Int {
        if let known = indices[format] { return known }
        indices[format] = formats.count
        formats.append(format)
        return formats.count - 1
    }

    /// Only built-in number formats are used, so no <numFmts> block is needed. Excel requires
    /// the two fills "none" and "gray125" to be present even though nothing uses them.
    func xml() -> String {
        let thin = "<color indexed=\"64\"/>"
        var xml = OfficeXML.declaration
            + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<fonts count=\"2\">"
            + "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
            + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
            + "</fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
            + "<border><left style=\"thin\">\(thin)</left><right style=\"thin\">\(thin)</right>"
            + "<top style=\"thin\">\(thin)</top><bottom style=\"thin\">\(thin)</bottom><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"\(formats.count)\">"
        for format in formats {
            xml += "<xf numFmtId=\"\(format.numberFormat)\" fontId=\"\(format.bold ? 1 : 0)\" fillId=\"0\" "
                + "borderId=\"\(format.bordered ? 1 : 0)\" xfId=\"0\""
            if format.numberFormat != 0 { xml += " applyNumberFormat=\"1\"" }
            if format.bold { xml += " applyFont=\"1\"" }
            if format.bordered { xml += " applyBorder=\"1\"" }
            if format.quotePrefix { xml += " quotePrefix=\"1\"" }
            if let alignment = format.alignment {
                xml += " applyAlignment=\"1\"><alignment horizontal=\"\(alignment.rawValue)\"/></xf>"
            } else {
                xml += "/>"
            }
        }
        return xml + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
            + "</styleSheet>"
    }
}
