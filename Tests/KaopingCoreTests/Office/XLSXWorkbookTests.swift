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

    /// The cellXfs entry a cell uses (entry 0 when it has no `s`).
    static func format(_ cell: ParsedXML?, _ archive: OfficeTestArchive) throws -> ParsedXML {
        let xfs = try archive.xml("xl/styles.xml").first("cellXfs")?.children ?? []
        let cell = try #require(cell, "no such cell")
        let index = Int(cell["s"] ?? "0") ?? -1
        return try #require(xfs.indices.contains(index) ? xfs[index] : nil, "cell \(cell["r"] ?? "") has no format")
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
        #expect(cells["C3"] != nil && cells["C3"]?.first("v") == nil && cells["C3"]?["t"] == nil,
                "an empty cell of a bordered table has a style but no value")
        #expect(cells["D4"] != nil && cells["D4"]?.first("v") == nil, "a short row is filled out to the grid")
        #expect(cells["C4"]?.first("v")?.text == "3.50", "digits verbatim, an explicit plus dropped")
        #expect(cells["D3"]?["t"] == "s" && cells["D3"]?.first("v")?.text == "4", "repeated text reuses its index")
        #expect(cells["B4"]?["t"] == "s" && cells["B4"]?.first("v")?.text == "7", "a malformed number is text")
        #expect(cells["A4"]?.first("v")?.text == "6")
        let second = Self.cells(try archive.xml("xl/worksheets/sheet2.xml"))
        #expect(second["A1"]?.first("v")?.text == "0" && second["A2"]?.first("v")?.text == "5")
    }

    @Test("Styles: bold centred header, number formats by column, thin borders everywhere")
    func styles() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let styles = try archive.xml("xl/styles.xml")
        let xfs = try #require(styles.first("cellXfs")).children
        #expect(styles.first("cellXfs")?["count"] == String(xfs.count))
        #expect(xfs[0]["numFmtId"] == "0" && xfs[0]["borderId"] == "0" && xfs[0]["fontId"] == "0", "0 is the default")
        let fonts = try #require(styles.first("fonts")).children
        #expect(fonts.count == 2 && fonts[1].child("b") != nil && fonts[0].child("b") == nil)
        let borders = try #require(styles.first("borders")).children
        #expect(borders.count == 2 && borders[0].child("left")?["style"] == nil)
        #expect(["left", "right", "top", "bottom"].map { borders[1].child($0)?["style"] } == ["thin", "thin", "thin", "thin"])
        let keys = xfs.map { xf in
            [xf["numFmtId"], xf["fontId"], xf["borderId"], xf["quotePrefix"], xf.child("alignment")?["horizontal"]]
        }
        #expect(Set(keys.map { $0.map { $0 ?? "-" }.joined(separator: ",") }).count == xfs.count, "no format twice")

        let sheet1 = try archive.xml("xl/worksheets/sheet1.xml")
        let cells = Self.cells(sheet1)
        func format(_ reference: String) throws -> ParsedXML { try Self.format(cells[reference], archive) }
        for reference in ["A1", "B1", "C1", "D1"] {
            let xf = try format(reference)
            #expect(xf["fontId"] == "1" && xf.child("alignment")?["horizontal"] == "center", "\(reference) bold, centred")
        }
        #expect(try format("D1")["quotePrefix"] == "1" && format("A1")["quotePrefix"] == nil,
                "a formula-like header is quote-prefixed")
        #expect(try ["B2", "C2", "D2", "A2"].map { try format($0)["numFmtId"] } == ["2", "10", "1", "0"])
        #expect(try format("D3")["numFmtId"] == "0", "text in a numeric column keeps the general format")
        #expect(try format("C3")["numFmtId"] == "10", "an empty cell has its column's format")
        #expect(try format("A2").child("alignment") == nil, "no alignment given: numbers right, text left")
        for cell in sheet1.all("c") {
            #expect(try Self.format(cell, archive)["borderId"] == "1", "\(cell["r"] ?? "") has borders")
        }
    }

    @Test("A cell's own number style replaces its column's; alignments by column")
    func cellStyles() throws {
        let workbook = XLSXWorkbook(sheets: [.init(
            name: "S", header: ["值", "编码"], numberStyles: [0: .percent2], alignments: [1: .center, 0: .right],
            rows: [[.number("0.995"), .text("0101")], [.number("209", style: .twoDecimals), .number("7", style: .general)],
                   [.number("97.991968", style: .twoDecimals)]])])
        let archive = try OfficeTestArchive(workbook.bytes())
        let cells = Self.cells(try archive.xml("xl/worksheets/sheet1.xml"))
        func format(_ reference: String) throws -> ParsedXML { try Self.format(cells[reference], archive) }
        #expect(try ["A2", "A3", "A4", "B3"].map { try format($0)["numFmtId"] } == ["10", "2", "2", "0"])
        #expect(cells["A4"]?.first("v")?.text == "97.991968", "the value stays exact; only the display changes")
        #expect(try format("B2").child("alignment")?["horizontal"] == "center")
        #expect(try format("B4").child("alignment")?["horizontal"] == "center", "padding cells are aligned too")
        #expect(try format("A3").child("alignment")?["horizontal"] == "right")
        #expect(try format("B1").child("alignment")?["horizontal"] == "center")
        #expect(try format("A2")["applyAlignment"] == "1" && format("A2")["applyBorder"] == "1")
    }

    @Test("Without borders, empty cells are not written")
    func noBorders() throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "S", header: ["a", "b"], borders: false,
                                                   rows: [[.empty, .text("x")], [.number("1")]])])
        let archive = try OfficeTestArchive(workbook.bytes())
        let cells = Self.cells(try archive.xml("xl/worksheets/sheet1.xml"))
        #expect(cells["A2"] == nil && cells["B3"] == nil)
        #expect(cells["B2"]?["s"] == nil && cells["A3"]?["s"] == nil)
        #expect(try Self.format(cells["A1"], archive)["borderId"] == "0")
    }

    @Test("Printing: A4 landscape one page wide, header row on every page, page-number footer")
    func printSetup() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let sheet = try archive.xml("xl/worksheets/sheet1.xml")
        #expect(sheet.first("sheetPr")?.child("pageSetUpPr")?["fitToPage"] == "1")
        let setup = try #require(sheet.first("pageSetup"))
        #expect([setup["paperSize"], setup["orientation"], setup["fitToWidth"], setup["fitToHeight"]]
            == ["9", "landscape", "1", "0"])
        #expect(sheet.first("oddFooter")?.text == "&C第 &P 页，共 &N 页")
        #expect(try archive.text("xl/worksheets/sheet1.xml").contains("<oddFooter>&amp;C第 &amp;P 页"))
        let margins = try #require(sheet.first("pageMargins"))
        #expect(["left", "right", "top", "bottom", "header", "footer"].allSatisfy { margins[$0] != nil })
        #expect(sheet.first("printOptions")?["horizontalCentered"] == "1")

        let names = try archive.xml("xl/workbook.xml").all("definedName")
        let titles = names.filter { $0["name"] == "_xlnm.Print_Titles" }
        #expect(titles.map(\.text) == ["'得分汇总'!$1:$1", "'Second'!$1:$1"])
        #expect(titles.map { $0["localSheetId"] } == ["0", "1"])
        #expect(names.map { $0["name"] ?? "" } == ["_xlnm._FilterDatabase", "_xlnm._FilterDatabase",
                                                   "_xlnm.Print_Titles", "_xlnm.Print_Titles"])

        let portrait = XLSXWorkbook(sheets: [.init(name: "P", header: ["h"], printSetup: .init(orientation: .portrait, fitToWidth: false, footer: nil))])
        let plain = try OfficeTestArchive(portrait.bytes()).xml("xl/worksheets/sheet1.xml")
        #expect(plain.first("pageSetup")?["orientation"] == "portrait" && plain.first("pageSetup")?["fitToWidth"] == nil)
        #expect(plain.first("sheetPr") == nil && plain.first("headerFooter") == nil)

        let unset = XLSXWorkbook(sheets: [.init(name: "U", header: ["h"], printSetup: nil)])
        let unsetArchive = try OfficeTestArchive(unset.bytes())
        let unsetSheet = try unsetArchive.xml("xl/worksheets/sheet1.xml")
        #expect(unsetSheet.first("pageSetup") == nil && unsetSheet.first("sheetPr") == nil && unsetSheet.first("pageMargins") != nil)
        #expect(try unsetArchive.xml("xl/workbook.xml").all("definedName").map { $0["name"] } == ["_xlnm._FilterDatabase"])
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
        // The order CT_Worksheet prescribes; Excel repairs a file that strays from it.
        #expect(sheet.children.map(\.name) == [
            "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "printOptions",
            "pageMargins", "pageSetup", "headerFooter",
        ])
        let second = try archive.xml("xl/worksheets/sheet2.xml")
        #expect(second.first("sheetView")?["tabSelected"] == nil)
        #expect(second.first("cols") == nil)

        let workbook = try archive.xml("xl/workbook.xml")
        let filters = workbook.all("definedName").filter { $0["name"] == "_xlnm._FilterDatabase" }
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
        #expect(cells["A2"]?["t"] == "s")
        #expect(try Self.format(cells["A2"], archive)["quotePrefix"] == "1")
        #expect(try Self.format(cells["B2"], archive)["quotePrefix"] == nil)
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
