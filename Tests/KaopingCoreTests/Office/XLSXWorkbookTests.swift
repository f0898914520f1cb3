import Foundation
@testable import KaopingCore
import Testing

@Suite("XLSX workbook")
struct XLSXWorkbookTests {
    static let sample = XLSXWorkbook(sheets: [
        .init(name: "得分汇总", header: ["单位", "得分", "完成率", "=备注"], columnWidths: [20, 10.5, 0, 12.3456],
              numberStyles: [1: .twoDecimals, 2: .percent2, 3: .integer],
              rows: [
                  [.text("市中心"), .number("93.75"), .number("0.9375"), .number("120")],
                  [.text("区人社局"), .number("-5"), .empty, .text("市中心")],
                  [.text("<script>&\"'\u{1}\u{7}"), .number("1e5"), .number("+3.50")],
              ]),
        .init(name: "Second", header: ["单位"], rows: [[.text("区人社局")]]),
    ])

    /// Cells of a worksheet by reference.
    static func cells(_ sheet: ParsedXML) -> [String: ParsedXML] {
        Dictionary(uniqueKeysWithValues: sheet.all("c").map { ($0["r"] ?? "?", $0) })
    }

    static func sharedStrings(_ archive: OfficeTestArchive) throws -> [String] {
        try archive.xml("xl/sharedStrings.xml").all("si").map { $0.first("t")?.text ?? "" }
    }

    @Test("The package holds the parts Excel expects, in a fixed order")
    func entries() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        #expect(archive.names == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ])
        let types = try archive.xml("[Content_Types].xml").all("Override").compactMap { $0["PartName"] }
        #expect(types.contains("/xl/worksheets/sheet2.xml") && types.contains("/xl/sharedStrings.xml"))
        let targets = try archive.xml("xl/_rels/workbook.xml.rels").all("Relationship").compactMap { $0["Target"] }
        #expect(targets == ["worksheets/sheet1.xml", "worksheets/sheet2.xml", "styles.xml", "sharedStrings.xml"])
        let core = try archive.text("docProps/core.xml")
        #expect(!core.contains("dcterms:created") && !core.contains("dcterms:modified"))
    }

    @Test("Numbers are numbers, text goes through shared strings in first-appearance order")
    func cellsAndStrings() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let strings = try Self.sharedStrings(archive)
        #expect(strings == ["单位", "得分", "完成率", "=备注", "市中心", "区人社局", "<script>&\"'", "1e5"])
        let sst = try archive.xml("xl/sharedStrings.xml")
        #expect(sst["count"] == "11" && sst["uniqueCount"] == "8")

        let cells = Self.cells(try archive.xml("xl/worksheets/sheet1.xml"))
        #expect(cells["B2"]?["t"] == nil && cells["B2"]?.first("v")?.text == "93.75")
        #expect(cells["B3"]?["t"] == nil && cells["B3"]?.first("v")?.text == "-5")
        #expect(cells["C3"] == nil, "empty cells are not written")
        #expect(cells["C4"]?.first("v")?.text == "3.50", "digits verbatim, an explicit plus dropped")
        #expect(cells["D3"]?["t"] == "s" && cells["D3"]?.first("v")?.text == "4", "repeated text reuses its index")
        #expect(cells["B4"]?["t"] == "s" && cells["B4"]?.first("v")?.text == "7", "a malformed number is text")
        #expect(cells["A4"]?.first("v")?.text == "6")
        let second = Self.cells(try archive.xml("xl/worksheets/sheet2.xml"))
        #expect(second["A1"]?.first("v")?.text == "0" && second["A2"]?.first("v")?.text == "5")
    }

    @Test("Styles: bold header, number formats by column")
    func styles() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let styles = try archive.xml("xl/styles.xml")
        let xfs = try #require(styles.first("cellXfs")).children
        #expect(xfs.map { $0["numFmtId"] } == ["0", "0", "0", "0", "2", "1", "10"])
        let fonts = try #require(styles.first("fonts")).children
        #expect(fonts.count == 2 && fonts[1].child("b") != nil && fonts[0].child("b") == nil)
        #expect(xfs[1]["fontId"] == "1" && xfs[2]["fontId"] == "1")

        let cells = Self.cells(try archive.xml("xl/worksheets/sheet1.xml"))
        #expect(["A1", "B1", "C1"].map { cells[$0]?["s"] } == ["1", "1", "1"])
        #expect(cells["D1"]?["s"] == "2", "a formula-like header is bold and quote-prefixed")
        #expect(cells["B2"]?["s"] == "4" && cells["C2"]?["s"] == "6" && cells["D2"]?["s"] == "5")
        #expect(cells["A2"]?["s"] == nil)
        #expect(cells["D3"]?["s"] == nil, "text in a numeric column keeps the default style")
    }

    @Test("Header frozen, filtered; widths, dimension")
    func sheetLayout() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let sheet = try archive.xml("xl/worksheets/sheet1.xml")
        let pane = try #require(sheet.first("pane"))
        #expect(pane["ySplit"] == "1" && pane["topLeftCell"] == "A2" && pane["state"] == "frozen")
        #expect(pane["xSplit"] == nil)
        #expect(sheet.first("sheetView")?["tabSelected"] == "1")
        #expect(sheet.first("autoFilter")?["ref"] == "A1:D4")
        #expect(sheet.first("dimension")?["ref"] == "A1:D4")
        let columns = sheet.all("col").map { [$0["min"], $0["max"], $0["width"], $0["customWidth"]] }
        #expect(columns == [["1", "1", "20", "1"], ["2", "2", "10.50", "1"], ["4", "4", "12.35", "1"]])
        #expect(sheet.children.map(\.name) == [
            "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "pageMargins",
        ])
        let second = try archive.xml("xl/worksheets/sheet2.xml")
        #expect(second.first("sheetView")?["tabSelected"] == nil)
        #expect(second.first("cols") == nil)

        let workbook = try archive.xml("xl/workbook.xml")
        let filters = workbook.all("definedName")
        #expect(filters.map(\.text) == ["'得分汇总'!$A$1:$D$4", "'Second'!$A$1:$A$2"])
        #expect(filters.map { $0["localSheetId"] } == ["0", "1"])
    }

    @Test("Without a header nothing is frozen or filtered and data starts in row 1")
    func noHeader() throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "S", rows: [[.number("1"), .text("a")]])])
        let archive = try OfficeTestArchive(workbook.bytes())
        let sheet = try archive.xml("xl/worksheets/sheet1.xml")
        #expect(sheet.first("pane") == nil && sheet.first("autoFilter") == nil)
        #expect(Self.cells(sheet)["A1"]?.first("v")?.text == "1")
        #expect(try archive.xml("xl/workbook.xml").first("definedNames") == nil)
    }

    @Test("Formula-like text is never a formula and gets quotePrefix", arguments: [
        "=1+1", "+1", "-A1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")",
    ])
    func injection(_ text: String) throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "S", header: ["h"], rows: [[.text(text), .text("safe")]])])
        let archive = try OfficeTestArchive(workbook.bytes())
        let sheetText = try archive.text("xl/worksheets/sheet1.xml")
        #expect(!sheetText.contains("<f>") && !sheetText.contains("<f "))
        let cells = Self.cells(try archive.xml("xl/worksheets/sheet1.xml"))
        #expect(cells["A2"]?["t"] == "s" && cells["A2"]?["s"] == "3")
        #expect(cells["B2"]?["s"] == nil)
        let quoted = try #require(try archive.xml("xl/styles.xml").first("cellXfs")).children[3]
        #expect(quoted["quotePrefix"] == "1")
    }

    @Test("Column letters", arguments: [
        (1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"),
        (16_384, "XFD"),
    ])
    func columnLetters(_ column: Int, _ letters: String) {
        #expect(XLSXNames.columnLetters(column) == letters)
        #expect(XLSXNames.cellReference(row: 10, column: column) == "\(letters)10")
    }

    @Test("Plain decimals", arguments: [
        ("0", true), ("93.75", true), ("-5", true), ("+3.50", true), ("007", true),
        ("", false), ("-", false), (".5", false), ("5.", false), ("1e5", false), ("1,000", false), ("NaN", false),
        (" 1", false), ("1 ", false), ("١٢", false), ("１２", false), ("--1", false), ("1.2.3", false),
    ])
    func plainDecimal(_ text: String, _ expected: Bool) {
        #expect(XLSXNames.isPlainDecimal(text) == expected)
    }

    @Test("Literal _xHHHH_ text survives Excel's escape decoding")
    func underscoreEscapes() throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "S", rows: [[.text("a_x0041_b_x12_")]])])
        let strings = try Self.sharedStrings(try OfficeTestArchive(workbook.bytes()))
        #expect(strings == ["a_x005F_x0041_b_x12_"])
    }

    @Test("Text beyond Excel's 32,767-character cell limit is cut without splitting a character")
    func longText() throws {
        let text = "a" + String(repeating: "😀", count: 20_000)
        let workbook = XLSXWorkbook(sheets: [.init(name: "S", rows: [[.text(text)]])])
        let strings = try Self.sharedStrings(try OfficeTestArchive(workbook.bytes()))
        #expect(strings.first?.utf16.count == 32_767)
        #expect(strings.first?.hasSuffix("😀") == true)
    }

    @Test("Same workbook, same bytes")
    func deterministic() throws {
        #expect(try Self.sample.bytes() == Self.sample.bytes())
    }

    @Test("Limits and empty workbooks are reported")
    func errors() {
        #expect(throws: XLSXWorkbookError.noSheets) { try XLSXWorkbook(sheets: []).bytes() }
        let wide = XLSXWorkbook(sheets: [.init(name: "W", header: Array(repeating: "h", count: 16_385))])
        #expect(throws: XLSXWorkbookError.tooManyColumns(sheet: "W", count: 16_385)) { try wide.bytes() }
        let tall = XLSXWorkbook(sheets: [.init(name: "T", header: ["h"], rows: Array(repeating: [], count: 1_048_576))])
        #expect(throws: XLSXWorkbookError.tooManyRows(sheet: "T", count: 1_048_577)) { try tall.bytes() }
        #expect(XLSXWorkbookError.noSheets.description.contains("at least one sheet"))
    }
}
