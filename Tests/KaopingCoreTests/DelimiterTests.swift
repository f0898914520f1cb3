import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3: comma, tab or semicolon, detected from the header.
@Suite("Delimiters")
struct DelimiterTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let delimiter: UInt8
        let name: String
        /// item_code of D001 and D002: the other delimiters are plain text in a cell.
        let items: [String]
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "delimiters/comma-cases.csv", delimiter: 0x2C, name: "comma", items: ["A;B\tC", "A B"]),
        Case(fixture: "delimiters/tab-cases.tsv", delimiter: 0x09, name: "tab", items: ["A;B,C", "A B"]),
        Case(fixture: "delimiters/semicolon-cases.csv", delimiter: 0x3B, name: "semicolon", items: ["A;B\tC", "A,B"]),
    ]

    @Test("Each delimiter is detected and splits the cells", arguments: cases)
    func detected(_ example: Case) throws {
        let run = try ingest(fixtures: [example.fixture])
        let file = (example.fixture as NSString).lastPathComponent
        let report = try run.report(file)
        #expect(report.profile?.delimiter == example.delimiter)
        #expect(report.profile?.delimiterName == example.name)
        #expect(report.profile?.kind == .cases)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases == [
            caseRecord("D001", received: stamp(2022, 5, 6), status: .inProgress, statutory: 20, item: example.items[0], promised: 1),
            caseRecord("D002", received: stamp(2022, 5, 7), status: .inProgress, statutory: 20, item: example.items[1], promised: 2),
        ])
        #expect(report.rowsRead == 2 && report.rowsAccepted == 2)
    }

    @Test("Semicolon targets: a thousands comma is a number, a decimal comma is rejected")
    func semicolonTargets() throws {
        let run = try ingest(fixtures: ["delimiters/semicolon-targets.csv"])
        let report = try run.report("semicolon-targets.csv")
        #expect(report.profile?.delimiter == 0x3B)
        #expect(report.profile?.kind == .targets)
        #expect(run.sink.targets == [TargetRecord(scope: .everyone, metric: "cases_total", target: ExactDecimal(1234))])
        #expect(run.rejects == [
            Reject(file: "semicolon-targets.csv", line: 3, column: "target", columnNumber: 3, value: "98,5%",
                   code: .badNumber, message: run.rejects.first?.message ?? "", unitCode: "township"),
        ])
        #expect(report.rowsRead == 2 && report.rowsAccepted == 1 && report.rowsRejected == 1)
    }

    @Test("The delimiter comes from the header line, not from the title lines above it")
    func titleWithOtherDelimiter() throws {
        let text = """
            办件明细;2022年上半年
            case_id\tunit_code\treceived_at\tstatus\tstatutory_days
            T1\t0101\t2022-03-01\tin_progress\t20

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(report.profile?.delimiter == 0x09)
        #expect(report.skipped == [.title: 1])
        #expect(run.sink.caseLines == ["T1": 3])
    }

    @Test("Sniffer split honours quotes")
    func splitQuoted() {
        #expect(FileSniffer.splitQuoted("a,\"b,c\",\"d\"\"e\",", delimiter: 0x2C) == ["a", "b,c", "d\"e", ""])
        #expect(FileSniffer.splitQuoted("a;b,c;d", delimiter: 0x3B) == ["a", "b,c", "d"])
        #expect(FileSniffer.splitQuoted("a\tb", delimiter: 0x2C) == ["a\tb"])
    }
}
