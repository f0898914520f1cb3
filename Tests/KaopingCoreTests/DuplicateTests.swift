import Foundation
@testable import KaopingCore
import Logging
import Testing

/// SPEC §3 identity: ids are unique across the folder; an identical repeat is a counted skip, a
/// different one is rejected naming the first occurrence; a rejected first occurrence does not
/// count as seen, an out-of-period one does; a row is validated before it is tested against the period.
@Suite("Duplicates and the period")
struct DuplicateTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code"

    @Test("Identical repeat skipped; conflicting repeat rejected with the first occurrence's file and line")
    func acrossFiles() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("a/cases.csv", "\(Self.header)\nC1,0101,2022-03-01,in_progress,20,X\nC1,0101,2022-03-01,in_progress,20,X\n")
        try folder.write("b/cases.csv", """
            item_code,status,case_id,unit_code,statutory_days,received_at
            X,in_progress,C1,0101,20,2022-03-01
            Y,in_progress,C1,0101,20,2022-03-01

            """)
        let run = try ingest(folder)
        #expect(run.sink.caseLines == ["C1": 2])
        let a = try run.report("a/cases.csv"), b = try run.report("b/cases.csv")
        #expect(a.skipped == [.duplicate: 1] && a.rowsAccepted == 1)
        // The same cells in another column order are still an identical repeat.
        #expect(b.skipped == [.duplicate: 1] && b.rowsRejected == 1 && b.rowsAccepted == 0)
        #expect(run.rejects == [
            Reject(file: "b/cases.csv", line: 3, column: "case_id", columnNumber: 3, value: "C1", code: .conflictingDuplicate,
                   message: "办件编号「C1」已在 a/cases.csv 第 2 行出现，且内容不同；以第一次出现为准", unitCode: "0101"),
        ])
        expectBalanced(run)
    }

    @Test("A quoted and an unquoted spelling of the same row are one row")
    func quotedSpelling() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("a/cases.csv", "\(Self.header)\nC1,0101,2022-03-01,in_progress,20,X 1\n")
        try folder.write("b/cases.csv", "\(Self.header)\n\"C1\",\"0101\",2022-03-01,\" in_progress\",20,\"X 1\"\n")
        let run = try ingest(folder)
        let b = try run.report("b/cases.csv")
        #expect(b.skipped == [.duplicate: 1] && b.rowsRejected == 0 && b.rowsAccepted == 0)
        expectBalanced(run)
    }

    /// Rows read in ranges are cast on reader threads and hold only where they lie among the
    /// range's batches; a conflict found on admission quotes the row's own cells from there.
    /// Ranges of 16 KiB hold several batches of 256 rows, so most conflicts here lie past the first.
    @Test("A conflicting repeat deep in a range quotes its own row, as one sequential read does")
    func conflictsInLaterBatches() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var expected: [String] = []
        try folder.write("cases.csv", Self.textWithRepeats { line, id in
            expected.append("\(line) \(id) 0102")
            return "\(id),0102,2022-03-01,in_progress,20,乙"
        })
        let ranged = try Self.ingestInRanges(folder, jobs: 2)
        #expect(ranged.rejects.map { "\($0.line) \($0.value) \($0.unitCode ?? "")" } == expected)
        #expect(ranged.rejects.allSatisfy { $0.code == .conflictingDuplicate })
        expectSameIngest(try Self.ingestInRanges(folder, jobs: 1), ranged)
    }

    /// 3,000 rows of unit 0101 with item code 甲 (Chinese: a file whose start is all ASCII is
    /// only guessed to be UTF-8 and is read by one thread); from line 401 on, every seventh
    /// line repeats the id of one of the first 391 rows, written as `repeated` makes it.
    private static func textWithRepeats(_ repeated: (_ line: Int, _ id: String) -> String) -> String {
        var text = "\(header)\n"
        for line in 2...3001 {
            if line > 400 && line % 7 == 0 {
                text += repeated(line, "K\(line / 7 % 390 + 2)") + "\n"
            } else {
                text += "K\(line),0101,2022-03-01,in_progress,20,甲\n"
            }
        }
        return text
    }

    /// Read in ranges of 16 KiB, each several batches of 256 rows, on `jobs` threads.
    private static func ingestInRanges(_ folder: TempFolder, jobs: Int) throws -> Ingested {
        var options = IngestOptions(window: h1_2022, checks: .standard, jobs: jobs)
        options.rangeSize = 16 * 1024
        var sink = CollectingSink()
        let ingestor = Ingestor(folder: try DataFolder(root: folder.path), options: options, logger: Logger(label: "test"))
        return Ingested(result: ingestor.run(into: &sink), sink: sink)
    }

    /// Range readers take a row's fingerprint while they split it, libcsv's rows when they
    /// close; a repeat spelled with quotes or with blanks that only `CellText.trimmed` knows
    /// (U+00A0, U+3000) must still be the same row as its plain first occurrence.
    @Test("Identical repeats deep in ranges, quoted or padded with Unicode blanks, are skipped as one sequential read skips them")
    func identicalRepeatsInRanges() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var repeats = 0
        try folder.write("cases.csv", Self.textWithRepeats { line, id in
            repeats += 1
            switch line % 3 {
            case 0: return "\"\(id)\",\"0101\",2022-03-01,in_progress,20,\"甲\""
            case 1: return "\(id)\u{00A0},0101,2022-03-01,in_progress,20,\u{3000}甲"
            default: return " \(id) ,0101,2022-03-01 , in_progress,20,甲\u{3000}"
            }
        })
        let ranged = try Self.ingestInRanges(folder, jobs: 2)
        #expect(ranged.rejects.map { "\($0.line) \($0.code)" } == [])
        #expect(try ranged.report("cases.csv").skipped == [.duplicate: repeats])
        expectSameIngest(try Self.ingestInRanges(folder, jobs: 1), ranged)
    }

    /// A header and 300 open cases of one unit, ids `prefix`1 to `prefix`300 on lines 2 to 301:
    /// more than the 12 ids that tables of 16 slots remember.
    private static func casesText(prefix: String, unit: String, received: String) -> String {
        "\(header)\n" + (1...300).map { "\(prefix)\($0),\(unit),\(received),in_progress,20,X\n" }.joined()
    }

    /// An export sent again after many other rows: its repeats have left the table of recent
    /// ids and are found only after the pass, which reads the folder again (`ingest` runs this
    /// folder with tables of 16 slots as well, and requires the same outcome as with the default).
    @Test("Far repeats, identical, conflicting and out of period, across files and after a rejected first")
    func farRepeats() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var first = Self.casesText(prefix: "F", unit: "0101", received: "2022-03-01")
        first += "F9,0101,2022-03-01,完成,20,X\n"  // line 302: rejected (bad status) in any pass
        first += "OUT,0101,2022-08-01,in_progress,20,X\n"  // line 303: out of period, still seen
        try folder.write("a/cases.csv", first)
        var again = Self.casesText(prefix: "G", unit: "0102", received: "2022-04-01")
        again += "F1,0101,2022-03-01,in_progress,20,X\n"  // line 302: identical to a/cases.csv:2
        again += "F2,0101,2022-03-01,in_progress,20,Y\n"  // line 303: conflicts with a/cases.csv:3
        again += "OUT,0101,2022-08-01,in_progress,20,X\n"  // line 304: identical to an out-of-period row
        again += "F2,0101,2022-03-01,in_progress,20,Z\n"  // line 305: conflicts with the first, not with line 303
        try folder.write("b/cases.csv", again)
        let run = try ingest(folder, window: h1_2022)
        let a = try run.report("a/cases.csv"), b = try run.report("b/cases.csv")
        #expect(a.rowsAccepted == 300 && a.rowsRejected == 1 && a.skipped == [.outOfPeriod: 1])
        #expect(b.rowsAccepted == 300 && b.rowsRejected == 2 && b.skipped == [.duplicate: 2])
        #expect(run.rejectSummary == ["a/cases.csv:302 status bad_status", "b/cases.csv:303 case_id conflicting_duplicate",
                                      "b/cases.csv:305 case_id conflicting_duplicate"])
        #expect(run.rejects.dropFirst().allSatisfy { $0.message.contains("a/cases.csv 第 3 行") })
        expectBalanced(run)
    }

    /// An export rewritten while the run reads the folder (between its two readings): the
    /// first reading's corrections must not land on the rows that moved into their lines.
    @Test("A file changed between the two readings gets no correction on the wrong row")
    func changedBetweenReadings() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("a/cases.csv", Self.casesText(prefix: "F", unit: "0101", received: "2022-03-01"))
        var again = Self.casesText(prefix: "G", unit: "0102", received: "2022-04-01")
        again += "F1,0101,2022-03-01,in_progress,20,X\n"  // line 302: identical to a/cases.csv:2
        try folder.write("b/cases.csv", again)
        let rewritten = "\(Self.header)\nG0,0102,2022-04-01,in_progress,20,X\n" + again.dropFirst(Self.header.count + 1)
        let target = folder.path + "/b/cases.csv"
        let rewrite = RewriteOnce()
        var options = IngestOptions(jobs: 1)
        options.recentIds = 16
        options.progress = { progress in
            // The first reading's last file is done: change b/cases.csv before the second one.
            if progress.filesDone == progress.filesTotal { rewrite.run { try? Data(rewritten.utf8).write(to: URL(fileURLWithPath: target)) } }
        }
        var sink = CollectingSink()
        let result = Ingestor(folder: try DataFolder(root: folder.path), options: options, logger: Logger(label: "test")).run(into: &sink)
        #expect(rewrite.done)
        let b = try #require(result.files.first { $0.relativePath == "b/cases.csv" })
        // G300 moved to line 302, where F1's correction was: it stays accepted.
        #expect(sink.caseLines["G300"] == 302)
        #expect(b.rowsRead == 302 && b.rowsAccepted + b.rowsRejected + b.skipped.values.reduce(0, +) == 302)
    }

    @Test("A rejected first occurrence does not count as seen")
    func rejectedFirstNotSeen() throws {
        let text = """
            \(Self.header)
            C2,0101,2022-03-01,完成,20,X
            C2,0101,2022-03-01,in_progress,20,X
            C2,0101,2022-03-01,in_progress,20,Y

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.sink.caseLines == ["C2": 3])
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 bad_status", "4 conflicting_duplicate"])
        #expect(run.rejects.last?.message.contains("cases.csv 第 3 行") == true)
    }

    @Test("An out-of-period first occurrence counts as seen")
    func outOfPeriodFirstSeen() throws {
        let text = """
            \(Self.header)
            C3,0101,2022-07-01,in_progress,20,X
            C3,0101,2022-07-01,in_progress,20,X
            C3,0101,2022-03-01,in_progress,20,X
            C4,0101,2022-03-01,in_progress,20,X

            """
        let run = try ingest(file: "cases.csv", text, window: h1_2022)
        let report = try run.report("cases.csv")
        #expect(run.sink.caseLines == ["C4": 5])
        #expect(report.skipped == [.outOfPeriod: 1, .duplicate: 1])
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["4 conflicting_duplicate"])
        #expect(run.rejects.first?.message.contains("cases.csv 第 2 行") == true)
        expectBalanced(run)
    }

    @Test("A row is validated first, then tested against the period")
    func validatedBeforePeriod() throws {
        let text = """
            \(Self.header)
            P1,0101,2022-07-01,完成,20,X
            P2,9999,2021-12-31,in_progress,20,X
            P3,0101,2022-07-01,in_progress,20,X
            P4,0101,2021-12-31,in_progress,20,X
            P5,0101,2022-06-30 23:59,in_progress,20,X
            P6,0101,2022-01-01,in_progress,20,X

            """
        let run = try ingest(file: "cases.csv", text, window: h1_2022)
        let report = try run.report("cases.csv")
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 bad_status", "3 unknown_unit"])
        #expect(report.skipped == [.outOfPeriod: 2])
        #expect(run.sink.caseLines == ["P5": 6, "P6": 7])
    }

    @Test("as-of cuts the period short; undated adjustments always count")
    func asOf() throws {
        let window = try PeriodWindow(period: Period("2022H1")!, asOf: day(2022, 3, 31))
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", "\(Self.header)\nA1,0101,2022-03-31 18:00,in_progress,20,\nA2,0101,2022-04-01,in_progress,20,\n")
        try folder.write("adjustments.csv", "unit_code,kind,points,reason,dated\n0101,加分,1,表彰,\n0101,加分,1,表彰,2022-04-02\n")
        try folder.write("compliance.csv", "unit_code,check,result,inspected_on\n0101,badge,pass,2022-03-31\n0101,badge,fail,2022-04-01\n")
        let run = try ingest(folder, window: window)
        #expect(run.sink.caseLines == ["A1": 2])
        #expect(run.sink.adjustments.map(\.dated) == [nil])
        #expect(run.sink.findings.map(\.result) == [.pass])
        for file in ["cases.csv", "adjustments.csv", "compliance.csv"] {
            #expect(try run.report(file).skipped == [.outOfPeriod: 1], "\(file)")
        }
        #expect(throws: PeriodWindow.Problem.self) { try PeriodWindow(period: Period("2022H1")!, asOf: day(2022, 7, 1)) }
    }

    @Test("Items are identified by unit and item code; tickets across the folder")
    func itemAndTicketIdentity() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("items.csv", """
            item_code,unit_code,statutory_days,promised_days
            000123,0101,20,5
            000123,0102,20,5
            000123,0101,20,6
            000123,0101,20,5

            """)
        try folder.write("tickets-1.csv", "ticket_id,unit_code,source,received_at,due_days\nT1,0101,投诉,2022-03-01,5\n")
        try folder.write("tickets-2.csv", "ticket_id,unit_code,source,received_at,due_days\nT1,0102,投诉,2022-03-01,5\nT2,0102,投诉,2022-03-01,5\n")
        let run = try ingest(folder)
        #expect(run.sink.items.map { "\($0.unitCode)/\($0.itemCode)" } == ["0101/000123", "0102/000123"])
        #expect(try run.report("items.csv").skipped == [.duplicate: 1])
        #expect(run.sink.tickets.map(\.ticketID) == ["T1", "T2"])
        #expect(run.rejects.map { "\($0.file):\($0.line) \($0.column) \($0.code.rawValue)" } == [
            "items.csv:4 item_code conflicting_duplicate", "tickets-2.csv:2 ticket_id conflicting_duplicate",
        ])
        #expect(run.rejects.last?.message == "工单编号「T1」已在 tickets-1.csv 第 2 行出现，且内容不同；以第一次出现为准")
    }

    @Test("Compliance findings and adjustments have no identity: repeats are all kept")
    func noIdentity() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("compliance.csv", "unit_code,check,result,inspected_on\n0101,badge,pass,2022-03-01\n0101,badge,pass,2022-03-01\n")
        try folder.write("adjustments.csv", "unit_code,kind,points,reason\n0101,加分,1,表彰\n0101,加分,1,表彰\n")
        let run = try ingest(folder)
        #expect(run.sink.findings.count == 2)
        #expect(run.sink.adjustments.count == 2)
        #expect(run.rejects.isEmpty)
    }
}

/// Runs its body the first time only.
private final class RewriteOnce: @unchecked Sendable {
    private let lock = PThreadMutex()
    private(set) var done = false

    func run(_ body: () -> Void) {
        lock.withLock {
            guard !done else { return }
            done = true
            body()
        }
    }
}
