import Foundation
@testable import KaopingCore
import Testing

/// Every row-level reject code, each from one bad row among good ones (SPEC §3 "Rows").
@Suite("Reject codes")
struct RejectCodeTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let name: String
        let header: String
        let row: String
        let column: String
        let code: RejectCode
        let value: String
        var testDescription: String { "\(code.rawValue): \(name)" }
    }

    static let cases = "case_id,unit_code,received_at,status,statutory_days,completed_at,promised_days,channel,immediate,rating,paused_days"
    static let items = "item_code,unit_code,statutory_days,promised_days,window_authorized,online_available"
    static let tickets = "ticket_id,unit_code,source,received_at,due_at,due_days,closed_at,satisfaction"
    static let compliance = "unit_code,check,result,inspected_on"
    static let adjustments = "unit_code,kind,points,reason,dated"
    static let targets = "unit_code,metric,target"

    static let examples: [Example] = [
        Example(name: "unknown unit", header: cases, row: "X,9999,2022-03-01,in_progress,20,,,,,,", column: "unit_code", code: .unknownUnit, value: "9999"),
        Example(name: "unit code without its leading zero", header: cases, row: "X,101,2022-03-01,in_progress,20,,,,,,", column: "unit_code", code: .unknownUnit, value: "101"),
        Example(name: "empty case_id", header: cases, row: ",0101,2022-03-01,in_progress,20,,,,,,", column: "case_id", code: .missingValue, value: ""),
        Example(name: "empty status", header: cases, row: "X,0101,2022-03-01, ,20,,,,,,", column: "status", code: .missingValue, value: ""),
        Example(name: "no-date marker in received_at", header: cases, row: "X,0101,1900/1/0,in_progress,20,,,,,,", column: "received_at", code: .missingValue, value: "1900/1/0"),
        Example(name: "bad received_at", header: cases, row: "X,0101,2022-13-01,in_progress,20,,,,,,", column: "received_at", code: .badDate, value: "2022-13-01"),
        Example(name: "bad completed_at", header: cases, row: "X,0101,2022-03-01,in_progress,20,昨天,,,,,", column: "completed_at", code: .badDate, value: "昨天"),
        Example(name: "words for days", header: cases, row: "X,0101,2022-03-01,in_progress,二十,,,,,,", column: "statutory_days", code: .badNumber, value: "二十"),
        Example(name: "negative days", header: cases, row: "X,0101,2022-03-01,in_progress,-3,,,,,,", column: "statutory_days", code: .badNumber, value: "-3"),
        Example(name: "fractional days", header: cases, row: "X,0101,2022-03-01,in_progress,20,,2.5,,,,", column: "promised_days", code: .badNumber, value: "2.5"),
        Example(name: "1,2 is not a number", header: cases, row: "X,0101,2022-03-01,in_progress,20,,\"1,2\",,,,", column: "promised_days", code: .badNumber, value: "1,2"),
        Example(name: "bad paused_days", header: cases, row: "X,0101,2022-03-01,in_progress,20,,,,,,两天", column: "paused_days", code: .badNumber, value: "两天"),
        Example(name: "bad immediate", header: cases, row: "X,0101,2022-03-01,in_progress,20,,,,可能,,", column: "immediate", code: .badBoolean, value: "可能"),
        Example(name: "bad status", header: cases, row: "X,0101,2022-03-01,完成,20,,,,,,", column: "status", code: .badStatus, value: "完成"),
        Example(name: "bad channel", header: cases, row: "X,0101,2022-03-01,in_progress,20,,,电话,,,", column: "channel", code: .badChannel, value: "电话"),
        Example(name: "rating out of range", header: cases, row: "X,0101,2022-03-01,in_progress,20,,,,,6,", column: "rating", code: .badRating, value: "6"),
        Example(name: "rating word", header: cases, row: "X,0101,2022-03-01,in_progress,20,,,,,很好,", column: "rating", code: .badRating, value: "很好"),
        Example(name: "completed without completed_at", header: cases, row: "X,0101,2022-03-01,已办结,20,,,,,,", column: "completed_at", code: .missingCompletedAt, value: ""),
        Example(name: "completed with a no-date marker", header: cases, row: "X,0101,2022-03-01,completed,20,1900-01-01,,,,,", column: "completed_at", code: .missingCompletedAt, value: "1900-01-01"),
        Example(name: "completed a day before", header: cases, row: "X,0101,2022-03-02,completed,20,2022-03-01,,,,,", column: "completed_at", code: .completedBeforeReceived, value: "2022-03-01"),
        Example(name: "completed a minute before", header: cases, row: "X,0101,2022-03-01 10:00,completed,20,2022-03-01 09:59,,,,,", column: "completed_at", code: .completedBeforeReceived, value: "2022-03-01 09:59"),
        Example(name: "promised over statutory (case)", header: cases, row: "X,0101,2022-03-01,in_progress,10,,11,,,,", column: "promised_days", code: .promisedExceedsStatutory, value: "11"),
        Example(name: "promised over statutory (item)", header: items, row: "I1,0101,10,11,,", column: "promised_days", code: .promisedExceedsStatutory, value: "11"),
        Example(name: "item missing promised_days", header: items, row: "I1,0101,10,,,", column: "promised_days", code: .missingValue, value: ""),
        Example(name: "bad window_authorized", header: items, row: "I1,0101,10,5,可以,", column: "window_authorized", code: .badBoolean, value: "可以"),
        Example(name: "item of unknown unit", header: items, row: "I1,0999,10,5,,", column: "unit_code", code: .unknownUnit, value: "0999"),
        Example(name: "bad source", header: tickets, row: "T1,0101,微信,2022-03-01,2022-03-10,,,", column: "source", code: .badSource, value: "微信"),
        Example(name: "closed before received", header: tickets, row: "T1,0101,投诉,2022-03-05,2022-03-10,,2022-03-04,", column: "closed_at", code: .closedBeforeReceived, value: "2022-03-04"),
        Example(name: "neither due_at nor due_days", header: tickets, row: "T1,0101,hotline,2022-03-05,,,,", column: "due_at", code: .missingDue, value: ""),
        Example(name: "due markers only", header: tickets, row: "T1,0101,hotline,2022-03-05,无,-,,", column: "due_at", code: .missingDue, value: "无"),
        Example(name: "bad satisfaction", header: tickets, row: "T1,0101,hotline,2022-03-05,,5,,7", column: "satisfaction", code: .badRating, value: "7"),
        Example(name: "unknown check", header: compliance, row: "0101,卫生检查,落实,2022-03-15", column: "check", code: .unknownCheck, value: "卫生检查"),
        Example(name: "bad result", header: compliance, row: "0101,首问责任制,良好,2022-03-15", column: "result", code: .badResult, value: "良好"),
        Example(name: "bad inspected_on", header: compliance, row: "0101,badge,pass,2022-06-31", column: "inspected_on", code: .badDate, value: "2022-06-31"),
        Example(name: "bad adjustment kind", header: adjustments, row: "0101,奖励,1,获表彰,", column: "kind", code: .badAdjustmentKind, value: "奖励"),
        Example(name: "bad points", header: adjustments, row: "0101,加分,两分,获表彰,", column: "points", code: .badNumber, value: "两分"),
        Example(name: "negative bonus", header: adjustments, row: "0101,bonus,-1,获表彰,", column: "points", code: .badNumber, value: "-1"),
        Example(name: "penalty without points", header: adjustments, row: "0101,减分,,投诉查实,", column: "points", code: .missingValue, value: ""),
        Example(name: "empty reason", header: adjustments, row: "0101,减分,1,,", column: "reason", code: .missingValue, value: ""),
        Example(name: "bad dated", header: adjustments, row: "0101,减分,1,投诉查实,2022/2/30", column: "dated", code: .badDate, value: "2022/2/30"),
        Example(name: "unknown metric", header: targets, row: "*,满意率,90%", column: "metric", code: .unknownMetric, value: "满意率"),
        Example(name: "target for an unknown unit", header: targets, row: "9999,on_time_rate,90%", column: "unit_code", code: .unknownUnit, value: "9999"),
        Example(name: "bad target", header: targets, row: "*,on_time_rate,高", column: "target", code: .badNumber, value: "高"),
    ]

    @Test("One bad row among good ones", arguments: examples)
    func rejected(_ example: Example) throws {
        let good = Self.goodRows(for: example.header)
        let text = [example.header, good.0, example.row, good.1, ""].joined(separator: "\n")
        let run = try ingest(file: "sub/data.csv", text)
        let report = try run.report("sub/data.csv")
        #expect(run.rejects.count == 1, "\(run.rejectSummary)")
        let reject = try #require(run.rejects.first)
        #expect(reject.file == "sub/data.csv")
        #expect(reject.line == 3)
        #expect(reject.column == example.column)
        #expect(reject.code == example.code)
        #expect(reject.value == example.value)
        let position = example.header.split(separator: ",").firstIndex { $0 == example.column }.map { $0 + 1 }
        #expect(reject.columnNumber == position)
        #expect(!reject.message.isEmpty)
        #expect(reject.diagnostic == "sub/data.csv:3:\(position ?? 0): error: \(reject.message) [\(example.code.rawValue)]")
        #expect(report.rowsRead == 3 && report.rowsAccepted == 2 && report.rowsRejected == 1)
    }

    /// Two valid rows of the kind, with distinct identities.
    static func goodRows(for header: String) -> (String, String) {
        switch header {
        case cases: return ("G1,0101,2022-03-01,in_progress,20,,,,,,", "G2,0101,2022-03-01,in_progress,20,,,,,,")
        case items: return ("G1,0101,10,5,,", "G2,0101,10,5,,")
        case tickets: return ("G1,0101,hotline,2022-03-05,,5,,", "G2,0101,hotline,2022-03-05,,5,,")
        case compliance: return ("0101,first_inquiry,pass,2022-03-15", "0101,badge,fail,2022-03-15")
        case adjustments: return ("0101,加分,1,获表彰,", "0101,减分,1,投诉查实,")
        default: return ("0101,cases_total,10", "*,on_time_rate,90%")
        }
    }

    @Test("Completed the same day: a date-only completed_at is not before a received_at with a time")
    func sameDayIsNotBefore() throws {
        let text = """
            \(Self.cases)
            S1,0101,2022-03-01 09:30,completed,20,2022-03-01,,,,,
            S2,0101,2022-03-01,completed,20,2022-03-01 00:00,,,,,
            S3,0101,2022-03-01 09:30,completed,20,2022-03-01 09:30,,,,,

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases.map(\.caseID) == ["S1", "S2", "S3"])
    }

    @Test("A ticket closed the same day without a time is not closed before it was received")
    func ticketSameDay() throws {
        let text = "\(Self.tickets)\nT1,0101,信箱,2022-03-05 16:00,,5,2022-03-05,满意\n"
        let run = try ingest(file: "tickets.csv", text)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.tickets.first?.closedAt == stamp(2022, 3, 5))
    }

    @Test("The first problem in schema order is the one reported")
    func firstProblemWins() throws {
        let run = try ingest(file: "cases.csv", "\(Self.cases)\nX,9999,2022-13-01,完成,二十,,,,,,\n")
        #expect(run.rejects.map(\.code) == [.unknownUnit])
    }

    @Test("The reject names the column the way the file writes it")
    func messageUsesWrittenHeader() throws {
        let run = try ingest(file: "cases.csv", "办件编号,单位编码,受理时间,办件状态,法定时限\nX,0101,2022-03-01,完成,20\n")
        let reject = try #require(run.rejects.first)
        #expect(reject.column == "status")
        #expect(reject.columnNumber == 4)
        #expect(reject.message.contains("办件状态"))
        #expect(reject.message.contains("完成"))
    }
}

@Suite("Implausible values")
struct ImplausibleValueTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,paused_days"

    @Test("Empty markers in a required column are missing values", arguments: [
        ("无,0101,2022-03-01,in_progress,20,", "case_id"),
        ("-,0101,2022-03-01,in_progress,20,", "case_id"),
        ("C1,0101,-,in_progress,20,", "received_at"),
        ("C1,0101,2022-03-01,/,20,", "status"),
        ("C1,—,2022-03-01,in_progress,20,", "unit_code"),
    ])
    func markersInRequiredColumns(row: String, column: String) throws {
        let run = try ingest(file: "c.csv", "\(Self.header)\n\(row)\n")
        #expect(run.rejects.map { "\($0.column) \($0.code.rawValue)" } == ["\(column) missing_value"])
    }

    @Test("Day counts must be plausible whole numbers of working days", arguments: [
        "C1,0101,2022-03-01,in_progress,9999999999,", "C1,0101,2022-03-01,in_progress,100%,",
        "C1,0101,2022-03-01,in_progress,20,999999999999999999", "C1,0101,2022-03-01,in_progress,2501,",
    ])
    func implausibleDays(row: String) throws {
        let run = try ingest(file: "c.csv", "\(Self.header)\n\(row)\n")
        #expect(run.rejects.map(\.code) == [.badNumber])
    }

    @Test("A date typed with a digit missing is rejected, not counted out of period")
    func typoDate() throws {
        let run = try ingest(file: "c.csv", "\(Self.header)\nC1,0101,2022031,in_progress,20,\n", window: h1_2022)
        #expect(run.rejects.map(\.code) == [.badDate])
        #expect(try run.report("c.csv").skipped[.outOfPeriod] == nil)
    }
}
