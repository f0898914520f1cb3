@testable import KaopingCore
import Testing

/// SPEC §3 read to the letter, where an earlier reading was looser or stricter.
@Suite("SPEC to the letter")
struct LiteralSpecTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,completed_at,备注"

    @Test("A repeat that differs only in a column Kaoping does not use is a conflicting duplicate")
    func unusedColumnDiffers() throws {
        let run = try ingest(file: "c.csv", "\(Self.header)\nE1,0101,2022-03-01,办理中,20,,x\nE1,0101,2022-03-01,办理中,20,,y\n")
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["3 conflicting_duplicate"])
    }

    @Test("An empty cell and an absent column are the same text: still an identical repeat")
    func emptyEqualsAbsent() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("a.csv", "\(Self.header)\nE1,0101,2022-03-01,办理中,20,,\n")
        try folder.write("b.csv", "办件编号,受理时间,单位编码,办件状态,法定时限\nE1,2022-03-01,0101,办理中,20\n")
        let run = try ingest(folder)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(try run.report("b.csv").skipped[.duplicate] == 1)
    }

    @Test("Times compare at the precision both carry: minutes against seconds", arguments: [
        ("2022-03-01 10:00:30", "2022-03-01 10:00", true),
        ("2022-03-01 10:00:30", "2022-03-01 09:59", false),
        ("2022-03-01 10:00:30", "2022-03-01 10:00:29", false),
        ("2022-03-01 10:00", "2022-03-01 10:00:00", true),
        ("2022-03-01 10:00:30", "2022-03-01", true),
    ])
    func precision(received: String, completed: String, accepted: Bool) throws {
        let run = try ingest(file: "c.csv", "\(Self.header)\nP1,0101,\(received),已办结,20,\(completed),\n")
        #expect(run.rejects.isEmpty == accepted, "\(run.rejectSummary)")
        if !accepted { #expect(run.rejects.map(\.code) == [.completedBeforeReceived]) }
    }

    @Test("Two targets rows for the same unit and metric are both accepted: SPEC gives targets no identity")
    func targetsHaveNoIdentity() throws {
        let run = try ingest(file: "t.csv", "unit_code,metric,target\n0101,on_time_rate,0.9\n0101,on_time_rate,0.8\n")
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.targets.count == 2)
    }

    @Test("A village without a parent code is accepted")
    func villageWithoutParent() throws {
        let folder = try TempFolder()
        try folder.write("units.csv", "unit_code,unit_name,category,parent_code\n030103,某社区,社区,\n")
        let run = try ingest(folder)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.units.map(\.code) == ["030103"])
    }

    @Test("Small forms a clerk types: 日 straight before the time, a space before 天")
    func clerkForms() throws {
        #expect(DateParser.parse(ArraySlice("2022年3月1日9:30".utf8)) == .date(stamp(2022, 3, 1, 9, 30)))
        let run = try ingest(file: "c.csv", "case_id,unit_code,received_at,status,statutory_days\nD1,0101,2022年3月1日9:30,办理中,20 天\n")
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases.first?.statutoryDays == 20)
    }

    @Test("A lone dash in rejects.csv stays a dash; a formula does not")
    func neutralising() {
        #expect(CSVOutput.neutralised("-") == "-")
        #expect(CSVOutput.neutralised("-5") == "-5")
        #expect(CSVOutput.neutralised("-x") == "'-x")
        #expect(CSVOutput.neutralised("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVOutput.neutralised("@cmd") == "'@cmd")
    }
}
