import Foundation
@testable import KaopingCore
import Testing

@Suite("XLSX sheet names")
struct XLSXSheetNameTests {
    @Test("Forbidden characters, control characters, apostrophes and empty names")
    func cleaning() {
        #expect(XLSXNames.sheetNames(["a[b]c:d*e?f/g\\h"]) == ["a_b_c_d_e_f_g_h"])
        #expect(XLSXNames.sheetNames(["ta\u{1}b\u{9}\nle"]) == ["table"])
        #expect(XLSXNames.sheetNames(["''quoted'' "]) == ["quoted'' "])
        #expect(XLSXNames.sheetNames(["'''"]) == ["Sheet1"])
        #expect(XLSXNames.sheetNames(["x", "", "  "]) == ["x", "Sheet2", "Sheet3"])
        #expect(XLSXNames.sheetNames(["O'Brien"]) == ["O'Brien"])
        #expect(XLSXNames.sheetNames(["各单位得分（2024年）"]) == ["各单位得分（2024年）"])
    }

    @Test("At most 31 UTF-16 units, never splitting a character")
    func length() {
        let long = String(repeating: "长", count: 40)
        #expect(XLSXNames.sheetNames([long]) == [String(repeating: "长", count: 31)])
        let emoji = XLSXNames.sheetNames([String(repeating: "😀", count: 20)])[0]
        #expect(emoji == String(repeating: "😀", count: 15) && emoji.utf16.count == 30)
        // Cutting can expose an apostrophe at the end, which is then dropped too.
        let exposed = XLSXNames.sheetNames([String(repeating: "a", count: 30) + "'b"])[0]
        #expect(exposed == String(repeating: "a", count: 30))
    }

    @Test("Unique ignoring case; clashes get (2), (3) and still fit 31 units")
    func uniqueness() {
        #expect(XLSXNames.sheetNames(["Data", "data", "DATA", "Data (2)"]) == ["Data", "data (2)", "DATA (3)", "Data (2) (2)"])
        let long = String(repeating: "x", count: 31)
        let names = XLSXNames.sheetNames([long, long.uppercased()])
        #expect(names == [long, String(repeating: "X", count: 27) + " (2)"])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(XLSXNames.sheetNames(["History", "history"]) == ["History (2)", "history (3)"])
        #expect(XLSXNames.sheetNames(["统计", "统计"]) == ["统计", "统计 (2)"])
    }

    @Test("Names are escaped in workbook.xml and quoted in defined names")
    func escaping() throws {
        let workbook = XLSXWorkbook(sheets: [
            .init(name: "<script>&\"'\u{0}", header: ["h"], rows: [[.text("v")]]),
            .init(name: "<SCRIPT>&\"'", header: ["h"]),
        ])
        let archive = try OfficeTestArchive(workbook.bytes())
        let text = try archive.text("xl/workbook.xml")
        #expect(text.contains("name=\"&lt;script&gt;&amp;&quot;\" "))
        let xml = try archive.xml("xl/workbook.xml")
        #expect(xml.all("sheet").map { $0["name"] } == ["<script>&\"", "<SCRIPT>&\" (2)"])
        #expect(xml.all("definedName").first?.text == "'<script>&\"'!$A$1:$A$2")
        #expect(XLSXNames.quotedSheetName("O'Brien") == "'O''Brien'")
    }
}
