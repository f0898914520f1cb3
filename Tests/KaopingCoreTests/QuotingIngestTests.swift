import Foundation
@testable import KaopingCore
import Testing

/// Quoting through the whole ingest: what reaches the records and what reaches rejects.csv.
@Suite("Quoting through ingest")
struct QuotingIngestTests {
    @Test("Quoted fields, stray quotes and an unterminated quote in one file")
    func quotedFieldsFixture() throws {
        let run = try ingest(fixtures: ["quoting/cases-quoted-fields.csv"])
        let report = try run.report("cases-quoted-fields.csv")
        #expect(run.sink.caseLines == ["Q001": 2, "Q002": 3, "Q003": 4, "Q004": 6, "Q007": 9, "Q009": 11, "Q010": 12])
        let items = Dictionary(uniqueKeysWithValues: run.sink.cases.map { ($0.caseID.text, $0.itemCode) })
        let expected: [String: String?] = [
            "Q001": "A,B", "Q002": "say \"hi\"", "Q003": "first line\nsecond line", "Q004": nil,
            "Q007": "X7", "Q009": "X9", "Q010": "X10",
        ]
        #expect(items == expected)
        #expect(run.rejects.map(\.line) == [7, 8, 10])
        #expect(run.rejects.map(\.code) == [.strayQuote, .strayQuote, .unterminatedQuote])
        #expect(run.rejects.map(\.code.rawValue) == ["bad_quoting", "bad_quoting", "unterminated_quote"])
        // Quoting problems are `file:line: error: …`; the message names where the quote broke.
        #expect(run.rejects.map(\.columnNumber) == [nil, nil, nil])
        #expect(run.rejects.allSatisfy { $0.message.hasPrefix("第 6 列「item_code」") })
        #expect(run.rejects.first?.diagnostic.hasPrefix("cases-quoted-fields.csv:7: error: ") == true)
        #expect(run.rejects.allSatisfy { $0.file == "cases-quoted-fields.csv" && $0.column == "item_code" })
        #expect(report.rowsRead == 10)
        #expect(report.rowsAccepted == 7)
        #expect(report.rowsRejected == 3)
        #expect(report.rowsSkipped == 0)
    }

    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code"

    @Test("CRLF line ends: records and line numbers", arguments: ["\r\n", "\r", "\n"])
    func lineEnds(_ end: String) throws {
        let text = [Self.header, "L1,0101,2022-03-01,in_progress,20,\"a\(end)b\"", "", "L2,0101,2022-03-01,in_progress,20,x", ""]
            .joined(separator: end)
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.caseLines == ["L1": 2, "L2": 5])
        #expect(run.sink.cases.first?.itemCode == "a\(end)b")
        #expect(report.skipped == [.blank: 1])
        #expect(report.rowsRead == 3)
    }

    @Test("An unterminated quote followed by rows with quoted cells: no row is lost")
    func unterminatedBeforeQuotedRows() throws {
        let text = """
            \(Self.header)
            K1,0101,2022-03-01,in_progress,20,"never closed
            K2,0101,2022-03-01,in_progress,20,"A,B"
            K3,0101,2022-03-01,in_progress,20,plain

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        // Line 2 is refused; lines 3 and 4 are read as the rows they are.
        #expect(run.rejects.map(\.line) == [2])
        #expect(run.sink.caseLines == ["K2": 3, "K3": 4])
        #expect(run.sink.cases.first?.itemCode == "A,B")
        #expect(report.rowsRead == 3 && report.rowsAccepted == 2 && report.rowsRejected == 1)
    }

    @Test("A stray quote after a quoted newline rejects that record; the lines it swallowed are read again")
    func strayQuoteInMultilineRecord() throws {
        let text = """
            \(Self.header)
            M1,0101,2022-03-01,in_progress,20,"two
            lines"x
            M2,0101,2022-03-01,in_progress,20,ok

            """
        let run = try ingest(file: "cases.csv", text)
        let report = try run.report("cases.csv")
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 bad_quoting", "3 bad_quoting"])
        #expect(run.sink.caseLines == ["M2": 4])
        #expect(report.rowsRead == 3 && report.rowsAccepted == 1 && report.rowsRejected == 2)
    }

    @Test("Unquoted delimiter shifting a row: extra_fields; trailing empty cells are fine")
    func extraFields() throws {
        let text = """
            \(Self.header)
            E1,0101,2022-03-01,in_progress,20,事项,,
            E2,0101,2022-03-01,in_progress,20,事项A,事项B
            E3,0101,2022-03-01,in_progress,20,x

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.sink.caseLines == ["E1": 2, "E3": 4])
        #expect(run.rejects == [
            Reject(file: "cases.csv", line: 3, column: "", columnNumber: 7, value: "事项B", code: .extraFields,
                   message: "本行有 7 列，比表头多出内容（第 7 列）；可能某个值里含有未加引号的分隔符，各列已错位",
                   unitCode: "0101"),
        ])
    }
}
