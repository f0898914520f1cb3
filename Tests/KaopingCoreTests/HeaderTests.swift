import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3: header normalisation, aliases and kind recognition.
@Suite("Headers and kinds")
struct HeaderTests {
    @Test("Normalisation: BOM, full-width, case, spaces and hyphens", arguments: [
        ("\u{FEFF}case_id", "case_id"), ("ＣＡＳＥ＿ＩＤ", "case_id"), (" Case ID ", "case_id"),
        ("RECEIVED-AT", "received_at"), ("Statutory  Days", "statutory_days"), ("Ｃｏｍｐｌｅｔｅｄ Ａｔ", "completed_at"),
        ("\u{3000}办件状态\u{3000}", "办件状态"), ("单位编码\u{00A0}", "单位编码"), ("unit_code", "unit_code"),
    ])
    func normalise(_ written: String, _ expected: String) {
        #expect(CellText.normalizedHeader(written) == expected)
    }

    @Test("A header with folded names fits cases; unknown columns are ignored")
    func foldedHeaderFixture() throws {
        let run = try ingest(fixtures: ["headers/cases-folded-headers.csv"])
        let report = try run.report("cases-folded-headers.csv")
        #expect(report.profile?.kind == .cases)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases == [
            caseRecord("H001", received: stamp(2022, 3, 1), status: .completed, statutory: 20, completed: stamp(2022, 3, 2)),
        ])
    }

    @Test("Positions of canonical columns, first occurrence wins")
    func positions() throws {
        guard case .fits(let map) = HeaderMatch.match(["unit_code", "办件编号", "x", "受理时间", "status", "法定时限", "Case ID"])
        else { Issue.record("expected a fit"); return }
        #expect(map.kind == .cases)
        #expect(map.position(.unitCode) == 0)
        #expect(map.position(.caseID) == 1)
        #expect(map.position(.receivedAt) == 3)
        #expect(map.position(.status) == 4)
        #expect(map.position(.statutoryDays) == 5)
        #expect(map.position(.completedAt) == nil)
        #expect(map.label(.caseID) == "办件编号")
        #expect(map.label(.completedAt) == "completed_at")
    }

    @Test("受理时间 and 办结时间 mean received_at and closed_at in tickets")
    func ticketAliases() throws {
        let run = try ingest(fixtures: ["headers/tickets-chinese-aliases.csv"])
        #expect(try run.report("tickets-chinese-aliases.csv").profile?.kind == .tickets)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.tickets == [
            TicketRecord(ticketID: "T001", unitCode: "0101", source: .complaint, receivedAt: stamp(2022, 3, 1, 10, 0),
                         dueAt: stamp(2022, 3, 10), dueDays: nil, closedAt: stamp(2022, 3, 8, 17, 30), satisfaction: 4),
        ])
        guard case .fits(let cases) = HeaderMatch.match(["办件编号", "单位编码", "受理时间", "办件状态", "法定时限", "办结时间"])
        else { Issue.record("expected cases"); return }
        #expect(cases.kind == .cases)
        #expect(cases.position(.completedAt) == 5)
        #expect(cases.position(.closedAt) == nil)
    }

    @Test("A cases header that also carries the items columns is cases")
    func casesWithItemColumns() throws {
        let run = try ingest(fixtures: ["headers/cases-with-item-columns.csv"])
        #expect(try run.report("cases-with-item-columns.csv").profile?.kind == .cases)
        #expect(run.sink.cases == [
            caseRecord("H002", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20, item: "000123", promised: 5),
        ])
        #expect(run.sink.items.isEmpty)
    }

    @Test("A header fitting two kinds with as many required columns is a file-level error")
    func ambiguous() throws {
        let run = try ingest(fixtures: ["headers/ambiguous-items-compliance.csv"])
        let report = try run.report("ambiguous-items-compliance.csv")
        #expect(report.problem == .ambiguousKind(file: "ambiguous-items-compliance.csv", kinds: [.items, .compliance]))
        #expect(report.profile == nil)
        #expect(report.rowsRead == 0)
        #expect(run.sink.items.isEmpty && run.sink.findings.isEmpty && run.rejects.isEmpty)
        #expect(report.problem?.description.hasPrefix("ambiguous-items-compliance.csv: error:") == true)
        #expect(HeaderMatch.match(["unit_code", "unit_name", "category", "metric", "target"]) == .ambiguous([.units, .targets]))
    }

    @Test("A header fitting no kind is a file-level error naming the file and its first line")
    func noKind() throws {
        let run = try ingest(fixtures: ["headers/no-kind.csv"])
        let report = try run.report("no-kind.csv")
        #expect(report.problem == .noHeader(file: "no-kind.csv", firstLine: "部门名称,联系人,电话"))
        #expect(report.rowsRead == 0)
        #expect(run.result.unreadableFiles.map(\.relativePath) == ["no-kind.csv"])
        #expect(HeaderMatch.match(["case_id", "unit_code", "received_at", "status"]) == .none)
    }

    @Test("A header with no rows is a readable file with nothing in it")
    func headerOnly() throws {
        let run = try ingest(file: "cases.csv", "case_id,unit_code,received_at,status,statutory_days\n")
        let report = try run.report("cases.csv")
        #expect(report.problem == nil)
        #expect(report.profile?.kind == .cases)
        #expect(report.rowsRead == 0 && report.rowsAccepted == 0 && report.rowsSkipped == 0)
    }

    @Test("An empty file is a file-level error too")
    func emptyFile() throws {
        let run = try ingest(file: "empty.csv", "")
        #expect(try run.report("empty.csv").problem == .noHeader(file: "empty.csv", firstLine: ""))
    }

    @Test("Required columns per kind", arguments: [
        (["unit_code", "unit_name", "category"], ExportKind.units),
        (["item_code", "unit_code", "statutory_days", "promised_days"], .items),
        (["ticket_id", "unit_code", "source", "received_at"], .tickets),
        (["unit_code", "check", "result", "inspected_on"], .compliance),
        (["unit_code", "kind", "points", "reason"], .adjustments),
        (["unit_code", "metric", "target"], .targets),
        (["单位编码", "单位名称", "类别"], .units),
        (["工单编号", "单位编码", "来源", "受理时间"], .tickets),
        (["单位编码", "检查项目", "检查结果", "检查日期"], .compliance),
        (["单位编码", "类型", "分值", "事由"], .adjustments),
        (["单位编码", "指标", "目标值"], .targets),
    ])
    func requiredColumns(_ header: [String], _ kind: ExportKind) {
        guard case .fits(let map) = HeaderMatch.match(header) else { Issue.record("no fit for \(header)"); return }
        #expect(map.kind == kind)
        // Missing any one required column, the kind no longer fits.
        for index in header.indices {
            var short = header
            short.remove(at: index)
            if case .fits(let other) = HeaderMatch.match(short) { #expect(other.kind != kind, "\(short)") }
        }
    }
}
