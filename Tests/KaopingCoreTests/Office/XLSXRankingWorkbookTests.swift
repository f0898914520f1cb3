import Foundation
@testable import KaopingCore
import Testing

/// ranking.xlsx of the hand-made district (see `HandMadeDistrict`).
@Suite("XLSX ranking workbook")
struct XLSXRankingWorkbookTests {
    static func archive() throws -> (OfficeTestArchive, PublishedRun) {
        let run = try HandMadeDistrict.run()
        return (try OfficeTestArchive(run.bytes("ranking.xlsx")), run)
    }

    /// Rows of a worksheet, header first, as cells keyed by column letter.
    static func rows(_ sheet: ParsedXML) -> [[String: ParsedXML]] {
        sheet.all("row").map { row in
            Dictionary(uniqueKeysWithValues: row.all("c").map { cell in
                (String((cell["r"] ?? "").prefix { $0.isLetter }), cell)
            })
        }
    }

    @Test("Scores: rates show as percentages, counts and their targets with two decimals, values exact")
    func scoreFormats() throws {
        let (archive, run) = try Self.archive()
        let names = try archive.xml("xl/workbook.xml").all("sheet").compactMap { $0["name"] }
        let detail = try #require(names.firstIndex(of: "得分明细"))
        let sheet = try archive.xml("xl/worksheets/sheet\(detail + 1).xml")
        let strings = try XLSXWorkbookTests.sharedStrings(archive)
        func text(_ cell: ParsedXML?) -> String? {
            guard let cell, let value = cell.first("v")?.text else { return nil }
            return cell["t"] == "s" ? Int(value).map { strings[$0] } : value
        }
        let scores = try run.scores()
        var checked = Set<String>()
        for row in Self.rows(sheet).dropFirst() {
            let key = "\(text(row["A"]) ?? "")/\(text(row["C"]) ?? "")"
            let csv = try #require(scores[key], "\(key) is in scores.csv")
            let format = csv["metric"] == "cases_total" ? "2" : "10"
            for (column, field) in [("H", "actual"), ("I", "target")] where !(csv[field] ?? "").isEmpty {
                #expect(text(row[column]) == csv[field], "\(key) \(field) is the exact value")
                #expect(try XLSXWorkbookTests.format(row[column], archive)["numFmtId"] == format, "\(key) \(field)")
            }
            checked.insert(csv["metric"] ?? "")
        }
        #expect(checked.isSuperset(of: ["cases_total", "on_time_rate"]))
    }

    @Test("Ranking sheets: empty veto and 未报送 cells hold no value; codes, ranks and grades centred")
    func rankingSheet() throws {
        let (archive, _) = try Self.archive()
        let sheet = try archive.xml("xl/worksheets/sheet1.xml")
        let strings = try XLSXWorkbookTests.sharedStrings(archive)
        let rows = Self.rows(sheet)
        let header = ["A", "B", "J", "K"].map { column -> String? in
            guard let value = rows[0][column]?.first("v")?.text, let index = Int(value) else { return nil }
            return strings[index]
        }
        #expect(header == ["名次", "单位编码", "一票否决", "未报送"])
        #expect(!strings.contains(""), "no empty text is written")
        var sawMissing = false
        for row in rows.dropFirst() {
            #expect(row["J"]?.first("v") == nil, "nobody is vetoed in the hand-made district")
            if let missing = row["K"]?.first("v") {
                #expect(strings[Int(missing.text) ?? 0] == "办件")
                sawMissing = true
            }
            for column in ["A", "B", "I"] {
                #expect(try XLSXWorkbookTests.format(row[column], archive).child("alignment")?["horizontal"] == "center")
            }
            #expect(try XLSXWorkbookTests.format(row["C"], archive).child("alignment") == nil)
        }
        #expect(sawMissing, "0103 did not submit its cases")
        let widths = sheet.all("col").map { Double($0["width"] ?? "") ?? 0 }
        #expect(widths[2] >= 20, "单位名称 holds ten CJK characters")
        #expect(sheet.first("pageSetup")?["orientation"] == "landscape")
        let titles = try archive.xml("xl/workbook.xml").all("definedName").filter { $0["name"] == "_xlnm.Print_Titles" }
        #expect(titles.count == archive.names.filter { $0.hasPrefix("xl/worksheets/") }.count)
    }

    @Test("Header widths: no column is narrower than its bold header")
    func fittedWidths() {
        #expect(RankingWorkbook.fitted([6, 10], to: ["名次", "参与排名单位数"]) == [6, 17])
        #expect(RankingWorkbook.fitted([6, 10, 8], to: ["Ranked among"]) == [15, 10, 8], "columns without a header keep their width")
    }
}
