import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3 "Rows": titles above the header, blank rows, summary rows (合计/总计/小计) and footer
/// rows are skipped and counted; every other row is accepted or rejected.
@Suite("Titles, summaries and footers")
struct RowShapeTests {
    @Test("The fixture's rows, each accounted for by reason")
    func titleSummaryFooterFixture() throws {
        let run = try ingest(fixtures: ["rows/cases-title-summary-footer.csv"])
        let report = try run.report("cases-title-summary-footer.csv")
        #expect(report.profile?.kind == .cases)
        #expect(run.sink.caseLines == ["R001": 5, "R002": 6, "R003": 12])
        // Two title lines; the empty line above the header and the two below it are blank rows.
        #expect(report.skipped == [.title: 2, .blank: 3, .summary: 3, .footer: 8])
        // Two cells that look like a footer are not a footer: the row is rejected, not dropped.
        #expect(run.rejects.map { "\($0.line) \($0.column) \($0.code.rawValue) \($0.value)" }
                == ["21 unit_code unknown_unit 填报人：张三"])
        #expect(report.rowsRead == 20)
        #expect(report.rowsAccepted == 3)
        #expect(report.rowsRejected == 1)
        #expect(report.rowsSkipped == 16)
    }

    @Test("Summary rows by their first non-empty cell", arguments: [
        "合计,,,,", "总计：5件,,,,", ",小计,3,,", "  合计  ,,,,", "合计", "小计（共3件）,0101,2022-03-01,completed,20",
    ])
    func summary(_ row: String) {
        let record = RawRecord(line: 9, fields: row.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        #expect(RowShape.skipReason(record) == .summary)
    }

    @Test("Footer rows: one non-empty cell starting with a footer word", arguments: [
        "注：数据来源于政务服务网", "备注", "说明：截至6月30日", "填报单位：区财政局", "填报人：张三",
        "制表：李四", "审核：王五", "联系电话：0571-12345678", ",,注,,",
    ])
    func footer(_ row: String) {
        let record = RawRecord(line: 9, fields: row.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        #expect(RowShape.skipReason(record) == .footer)
    }

    @Test("Rows that are data", arguments: [
        "注册登记,0101", "C1,0101,2022-03-01", "填报单位：区财政局,填报人：张三", "合,计", "C合计,0101", "审",
    ])
    func data(_ row: String) {
        let record = RawRecord(line: 9, fields: row.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        #expect(RowShape.skipReason(record) == nil)
    }

    @Test("Blank rows: no cells, empty cells or whitespace cells")
    func blank() {
        #expect(RowShape.skipReason(RawRecord(line: 1, fields: [])) == .blank)
        #expect(RowShape.skipReason(RawRecord(line: 1, fields: ["", "", ""])) == .blank)
        #expect(RowShape.skipReason(RawRecord(line: 1, fields: [" ", "\u{3000}", "\t"])) == .blank)
    }

    @Test("A single non-footer cell below the header is a rejected row, not a title")
    func singleCellBelowHeader() throws {
        let text = """
            case_id,unit_code,received_at,status,statutory_days
            办件明细（续）
            C1,0101,2022-03-01,in_progress,20

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(run.rejects.map { "\($0.line) \($0.column) \($0.code.rawValue)" } == ["2 unit_code missing_value"])
        #expect(run.sink.caseLines == ["C1": 3])
        #expect(report.rowsRead == 2 && report.rowsAccepted == 1 && report.rowsRejected == 1 && report.rowsSkipped == 0)
    }

    @Test("Any number of title lines; the header is the first line that fits a kind")
    func manyTitles() throws {
        var lines = (1...12).map { "标题第\($0)行" }
        lines.append("\"办件\",\"统计\"")  // two cells, still above the header
        lines.append("case_id,unit_code,received_at,status,statutory_days")
        lines.append("C1,0101,2022-03-01,in_progress,20")
        let run = try ingest(file: "cases.csv", lines.joined(separator: "\n"))
        let report = try run.report("cases.csv")
        #expect(report.skipped == [.title: 13])
        #expect(run.sink.caseLines == ["C1": 15])
        #expect(report.rowsRead == 14)
    }

    @Test("Every fixture file balances: read = accepted + rejected + skipped")
    func everyFixtureBalances() throws {
        for fixture in try Fixtures.allFiles() where !fixture.hasPrefix("units/") {
            let run = try ingest(fixtures: [fixture])
            expectBalanced(run)
            let name = (fixture as NSString).lastPathComponent
            let report = try run.report(name)
            let rejectsHere = run.rejects.filter { $0.file == name }.count
            #expect(report.rowsRejected == rejectsHere, "\(fixture)")
            let acceptedHere = run.sink.accepted.filter { run.result.files[$0.location.file].relativePath == name }.count
            #expect(report.rowsAccepted == acceptedHere, "\(fixture)")
        }
    }
}

@Suite("Quotes above the header")
struct QuotesAboveHeaderTests {
    @Test("A title line with a stray quote is a title line, and the file still balances")
    func strayQuoteInTitle() throws {
        let text = """
            某局"2022年上半年"办件明细
            case_id,unit_code,received_at,status,statutory_days
            C1,0101,2022-03-01,in_progress,20

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(run.sink.caseLines == ["C1": 3])
        #expect(report.skipped == [.title: 1])
        #expect(report.rowsRead == 2)
        expectBalanced(run)
    }

    @Test("A title line with a quote left open: the lines after it are read again and the header found")
    func openQuoteInTitle() throws {
        let text = """
            "2022年上半年办件明细
            case_id,unit_code,received_at,status,statutory_days
            C1,0101,2022-03-01,in_progress,20

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(run.sink.caseLines == ["C1": 3])
        #expect(report.skipped == [.title: 1])
        #expect(report.rowsRead == 2)
        expectBalanced(run)
    }
}
