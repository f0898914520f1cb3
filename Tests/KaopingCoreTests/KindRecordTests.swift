import Foundation
@testable import KaopingCore
import Testing

/// One fixture per kind, read into exact typed records.
@Suite("Records of every kind")
struct KindRecordTests {
    @Test("Units with every optional column")
    func units() throws {
        let folder = try TempFolder()
        try folder.copyFixture("kinds/units-all-columns.csv")
        let run = try ingest(folder)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.units == [
            UnitRecord(code: "0101", name: "区财政局", category: .department, active: true,
                       requiredExports: [.cases, .items, .tickets], parentCode: nil, group: "非窗口单位", order: 2),
            UnitRecord(code: "0102", name: "区行政审批局", category: .department, active: true,
                       requiredExports: [.cases, .items], parentCode: nil, group: "窗口单位", order: 1),
            UnitRecord(code: "0201", name: "城关镇", category: .township, active: false, requiredExports: nil,
                       parentCode: nil, group: nil, order: nil),
            UnitRecord(code: "020101", name: "城关镇东街社区便民服务室", category: .village, active: true,
                       requiredExports: nil, parentCode: "0201", group: nil, order: nil),
        ])
        #expect(run.result.units.officialOrder.map(\.code) == ["0102", "0101", "0201", "020101"])
        #expect(run.result.units.assessedCode(for: "020101") == "0201")
        #expect(run.result.units.assessedCode(for: "0101") == "0101")
    }

    @Test("Unit rows: rejects, duplicates and parents")
    func unitRejects() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("zz-units.csv", """
            unit_code,unit_name,category,active,required_exports,parent_code
            0301,新区街道,街道,是,,
            0302,某局,局,,,
            0303,某局,部门,也许,,
            0304,某局,部门,,cases;报表,
            030101,某社区,社区,,,9999
            030102,某社区,社区,,,0101
            030103,某社区,社区,,,
            0101,区财政局,department,,,
            0102,区市场监管局,department,,,
            030104,某社区,村,,,0301
            0302,某局,部门,,,

            """)
        try folder.write("cases.csv", "case_id,unit_code,received_at,status,statutory_days\nC1,0302,2022-03-01,in_progress,20\nC2,0303,2022-03-01,in_progress,20\n")
        let run = try ingest(folder)
        // A village without a parent_code is accepted (SPEC lists no such reject).
        #expect(run.sink.units.map(\.code) == ["0101", "0102", "0201", "020101", "0301", "030103", "030104", "0302"])
        #expect(run.rejects.map { "\($0.file):\($0.line) \($0.column) \($0.code.rawValue) \($0.value)" } == [
            "zz-units.csv:3 category bad_category 局",
            "zz-units.csv:4 active bad_boolean 也许",
            "zz-units.csv:5 required_exports bad_export_list cases;报表",
            "zz-units.csv:6 parent_code unknown_parent 9999",
            "zz-units.csv:7 parent_code unknown_parent 0101",
            "zz-units.csv:10 unit_code conflicting_duplicate 0102",
            "cases.csv:3 unit_code unknown_unit 0303",
        ])
        #expect(run.rejects[5].message == "单位编码「0102」已在 units.csv 第 3 行出现，且内容不同；以第一次出现为准")
        let report = try run.report("zz-units.csv")
        #expect(report.skipped == [.duplicate: 1])
        #expect(report.rowsRead == 11 && report.rowsAccepted == 4 && report.rowsRejected == 6)
        #expect(run.sink.caseLines == ["C1": 2])
        expectBalanced(run)
    }

    @Test("A village whose township row was itself rejected has no known parent")
    func parentRejected() throws {
        let folder = try TempFolder()
        try folder.write("units.csv", """
            unit_code,unit_name,category,parent_code
            0301,新区街道,township,9999
            030101,某社区,village,0301

            """)
        let run = try ingest(folder)
        #expect(run.rejects.first.map { "\($0.line) \($0.code.rawValue)" } == "2 unknown_parent")
        // The village goes too: its township was refused, so it would point at no unit.
        #expect(run.sink.units.map(\.code) == [])
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 unknown_parent", "3 unknown_parent"])
    }

    @Test("Items")
    func items() throws {
        let run = try ingest(fixtures: ["kinds/items.csv"])
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.items == [
            ItemRecord(itemCode: "000123", unitCode: "0101", statutoryDays: 20, promisedDays: 0, itemName: "社会团体登记",
                       windowAuthorized: true, onlineAvailable: true),
            ItemRecord(itemCode: "000124", unitCode: "0101", statutoryDays: 20, promisedDays: 5,
                       itemName: "企业名称变更登记,含分支机构", windowAuthorized: false, onlineAvailable: false),
            ItemRecord(itemCode: "000125", unitCode: "0102", statutoryDays: 15, promisedDays: 15, itemName: nil,
                       windowAuthorized: true, onlineAvailable: nil),
        ])
    }

    @Test("Tickets")
    func tickets() throws {
        let run = try ingest(fixtures: ["kinds/tickets.csv"])
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.tickets == [
            TicketRecord(ticketID: "T001", unitCode: "0101", source: .complaint, receivedAt: stamp(2022, 3, 1, 10, 0),
                         dueAt: stamp(2022, 3, 10), dueDays: nil, closedAt: stamp(2022, 3, 8), satisfaction: 5),
            TicketRecord(ticketID: "T002", unitCode: "0101", source: .hotline, receivedAt: stamp(2022, 3, 2),
                         dueAt: nil, dueDays: 5, closedAt: nil, satisfaction: nil),
            TicketRecord(ticketID: "T003", unitCode: "0102", source: .mailbox, receivedAt: stamp(2022, 3, 3),
                         dueAt: nil, dueDays: 10, closedAt: stamp(2022, 3, 3), satisfaction: 2),
        ])
    }

    @Test("Compliance findings: check names and codes, result words")
    func compliance() throws {
        let run = try ingest(fixtures: ["kinds/compliance.csv"])
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.findings == [
            ComplianceFinding(unitCode: "0101", check: "first_inquiry", result: .pass, inspectedOn: stamp(2022, 3, 15),
                              inspector: "督查组一组", note: nil),
            ComplianceFinding(unitCode: "0101", check: "one_time_notice", result: .partial, inspectedOn: stamp(2022, 3, 15),
                              inspector: nil, note: "一次性告知单未上墙"),
            ComplianceFinding(unitCode: "0102", check: "time_limited", result: .fail, inspectedOn: stamp(2022, 3, 16),
                              inspector: "督查组二组", note: "超期办件3件"),
            ComplianceFinding(unitCode: "0201", check: "complaint_box", result: .na, inspectedOn: stamp(2022, 3, 16),
                              inspector: nil, note: nil),
        ])
    }

    @Test("A check the scheme adds is known; without it the same row is unknown_check")
    func schemeChecks() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("c.csv", "unit_code,check,result,inspected_on\n0101,卫生检查,合格,2022-03-01\n")
        let plain = try ingest(folder)
        #expect(plain.rejects.map(\.code) == [.unknownCheck])
        let extended = try ingest(folder, checks: CheckCatalog.standard.adding([(code: "hygiene", name: "卫生检查")]))
        #expect(extended.rejects.isEmpty)
        #expect(extended.sink.findings.map(\.check) == ["hygiene"])
    }

    @Test("Adjustments: a penalty is kept as its magnitude, a veto needs no points")
    func adjustments() throws {
        let run = try ingest(fixtures: ["kinds/adjustments.csv"])
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.adjustments == [
            AdjustmentRecord(unitCode: "0101", kind: .bonus, points: ExactDecimal(units: 15, scale: 1), reason: "获省级表彰",
                             reference: "浙政办〔2022〕12号", dated: stamp(2022, 5, 1)),
            AdjustmentRecord(unitCode: "0102", kind: .penalty, points: ExactDecimal(2), reason: "群众投诉查实",
                             reference: nil, dated: stamp(2022, 6, 1)),
            AdjustmentRecord(unitCode: "0201", kind: .veto, points: nil, reason: "发生重大安全事故", reference: nil, dated: nil),
        ])
    }

    @Test("Targets: *, a category, a unit; percentages exact")
    func targets() throws {
        let run = try ingest(fixtures: ["kinds/targets.csv"])
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.targets == [
            TargetRecord(scope: .everyone, metric: "on_time_rate", target: ExactDecimal(1)),
            TargetRecord(scope: .category(.township), metric: "satisfaction_rate", target: ExactDecimal(units: 484, scale: 3)),
            TargetRecord(scope: .unit("0101"), metric: "cases_total", target: ExactDecimal(1234)),
            TargetRecord(scope: .unit("0102"), metric: "days_saved", target: ExactDecimal(2076)),
        ])
    }
}

@Suite("Units refused for their parent")
struct UnitParentOrderTests {
    @Test("A row refused for its parent is not the first occurrence of its code")
    func refusedParentRowIsNotSeen() throws {
        let folder = try TempFolder()
        try folder.write("units.csv", """
            unit_code,unit_name,category,parent_code
            0201,清泉镇,township,
            030101,某村,village,9999
            030101,某村,village,0201

            """)
        let run = try ingest(folder)
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["3 unknown_parent"])
        #expect(run.sink.units.map(\.code) == ["0201", "030101"])
        #expect(run.result.units["030101"]?.parentCode == "0201")
        expectBalanced(run)
    }
}
