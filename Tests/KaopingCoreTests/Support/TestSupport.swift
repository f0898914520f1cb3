import Foundation
@testable import KaopingCore
import Logging
import Testing

/// The fixture folder copied into the test bundle.
enum Fixtures {
    static var root: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        }
    }

    static func url(_ relative: String) throws -> URL {
        try root.appendingPathComponent(relative)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(relative)))
    }

    /// Every fixture file, as a path relative to the fixture folder, sorted.
    static func allFiles() throws -> [String] {
        let base = try root.path
        let walker = try #require(FileManager.default.enumerator(atPath: base))
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".csv") || relative.hasSuffix(".tsv") { found.append(relative) }
        }
        return found.sorted()
    }
}

/// A data folder of its own under the temporary directory, removed when the test is done.
final class TempFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaoping-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
    }

    /// Writes UTF-8 text exactly as given (no BOM, line ends as written).
    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Copies a fixture file into the folder, by default under its own file name.
    func copyFixture(_ fixture: String, as relative: String? = nil) throws {
        let name = relative ?? (fixture as NSString).lastPathComponent
        try write(name, bytes: Fixtures.bytes(fixture))
    }

    /// The standard units registry (0101, 0102, 0201 and the village 020101 under 0201).
    func addStandardUnits(as relative: String = "units.csv") throws {
        try copyFixture("units/units.csv", as: relative)
    }
}

/// Collects everything ingest hands over.
struct CollectingSink: IngestSink {
    var accepted: [(record: Record, location: RowLocation)] = []
    var rejects: [Reject] = []

    mutating func accept(_ record: Record, at location: RowLocation) {
        accepted.append((record, location))
    }

    mutating func reject(_ reject: Reject) {
        rejects.append(reject)
    }

    var records: [Record] { accepted.map(\.record) }

    var cases: [CaseRecord] {
        records.compactMap { if case .caseRecord(let value) = $0 { value } else { nil } }
    }
    var units: [UnitRecord] {
        records.compactMap { if case .unit(let value) = $0 { value } else { nil } }
    }
    var items: [ItemRecord] {
        records.compactMap { if case .item(let value) = $0 { value } else { nil } }
    }
    var tickets: [TicketRecord] {
        records.compactMap { if case .ticket(let value) = $0 { value } else { nil } }
    }
    var findings: [ComplianceFinding] {
        records.compactMap { if case .compliance(let value) = $0 { value } else { nil } }
    }
    var adjustments: [AdjustmentRecord] {
        records.compactMap { if case .adjustment(let value) = $0 { value } else { nil } }
    }
    var targets: [TargetRecord] {
        records.compactMap { if case .target(let value) = $0 { value } else { nil } }
    }

    /// Case ids with the physical line each accepted case started on.
    var caseLines: [String: Int] {
        var lines: [String: Int] = [:]
        for (record, location) in accepted {
            if case .caseRecord(let value) = record { lines[value.caseID.text] = location.line }
        }
        return lines
    }
}

/// The outcome of one ingest run.
struct Ingested {
    var result: IngestResult
    var sink: CollectingSink

    var rejects: [Reject] { sink.rejects }

    func report(_ relative: String) throws -> FileReport {
        try #require(result.files.first { $0.relativePath == relative }, "no report for \(relative)")
    }

    /// `(line, code)` of every reject, in the order the sink got them.
    var rejectSummary: [String] { sink.rejects.map { "\($0.file):\($0.line) \($0.column) \($0.code.rawValue)" } }
}

/// Every ingest in the tests runs twice: as configured by default, and with the files cut
/// into tiny byte ranges read on three threads (`RangeProducer`) and tables of recent ids so
/// small that most repeats are found only after the pass (and the folder read again), which
/// must give exactly the same rows, rejects, reports and line numbers as one sequential read.
func ingest(_ folder: TempFolder, window: PeriodWindow? = nil, checks: CheckCatalog = .standard,
            limits: ReadLimits = ReadLimits(), sourceLocation: SourceLocation = #_sourceLocation) throws -> Ingested {
    func run(_ options: IngestOptions) throws -> Ingested {
        var sink = CollectingSink()
        let ingestor = Ingestor(folder: try DataFolder(root: folder.path), options: options, logger: Logger(label: "test"))
        let result = ingestor.run(into: &sink)
        return Ingested(result: result, sink: sink)
    }
    var sequentialOptions = IngestOptions(window: window, checks: checks, jobs: 1)
    sequentialOptions.limits = limits
    let sequential = try run(sequentialOptions)
    var rangedOptions = IngestOptions(window: window, checks: checks, jobs: 3)
    rangedOptions.rangeSize = 61
    rangedOptions.recentIds = 16
    rangedOptions.limits = limits
    let ranged = try run(rangedOptions)
    expectSameIngest(sequential, ranged, sourceLocation: sourceLocation)
    return sequential
}

/// Two ingests of the same folder agree on everything they report.
func expectSameIngest(_ a: Ingested, _ b: Ingested, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.result.files == b.result.files, "file reports differ between sequential and ranged reading",
            sourceLocation: sourceLocation)
    #expect(a.sink.rejects == b.sink.rejects, "rejects differ between sequential and ranged reading",
            sourceLocation: sourceLocation)
    let acceptedA = a.sink.accepted.map { "\($0.location.file):\($0.location.line) \($0.record)" }
    let acceptedB = b.sink.accepted.map { "\($0.location.file):\($0.location.line) \($0.record)" }
    #expect(acceptedA == acceptedB, "accepted rows differ between sequential and ranged reading",
            sourceLocation: sourceLocation)
}

/// Units plus one more file written from text.
func ingest(file name: String, _ text: String, window: PeriodWindow? = nil) throws -> Ingested {
    let folder = try TempFolder()
    try folder.addStandardUnits()
    try folder.write(name, text)
    return try ingest(folder, window: window)
}

/// Units plus copies of fixture files.
func ingest(fixtures: [String], window: PeriodWindow? = nil) throws -> Ingested {
    let folder = try TempFolder()
    try folder.addStandardUnits()
    for fixture in fixtures { try folder.copyFixture(fixture) }
    return try ingest(folder, window: window)
}

func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Day {
    Day(year: year, month: month, day: dayOfMonth)!
}

func stamp(_ year: Int, _ month: Int, _ dayOfMonth: Int, _ hour: Int? = nil, _ minute: Int = 0, _ second: Int = 0) -> DateStamp {
    DateStamp(day: day(year, month, dayOfMonth), secondOfDay: hour.map { Int32($0 * 3600 + minute * 60 + second) })
}

/// A cases record with the defaults of an open case; tests set what they check.
func caseRecord(_ id: String, unit: String = "0101", received: DateStamp, status: CaseStatus, statutory: Int,
                item: String? = nil, channel: Channel? = nil, completed: DateStamp? = nil, promised: Int? = nil,
                immediate: Bool? = nil, rating: Int8? = nil, paused: Int = 0) -> CaseRecord {
    CaseRecord(caseID: RecordID(id), unitCode: unit, receivedAt: received, status: status, statutoryDays: statutory,
               itemCode: item, channel: channel, completedAt: completed, promisedDays: promised,
               immediate: immediate, rating: rating, pausedDays: paused)
}

/// Asserts the row accounting of SPEC §3 on every readable file.
func expectBalanced(_ ingested: Ingested, sourceLocation: SourceLocation = #_sourceLocation) {
    for report in ingested.result.files where report.isReadable {
        #expect(report.rowsRead == report.rowsAccepted + report.rowsRejected + report.rowsSkipped,
                "\(report.relativePath): read \(report.rowsRead) ≠ accepted \(report.rowsAccepted) + rejected \(report.rowsRejected) + skipped \(report.rowsSkipped)",
                sourceLocation: sourceLocation)
    }
}

let h1_2022: PeriodWindow = try! PeriodWindow(period: Period("2022H1")!, asOf: nil)
