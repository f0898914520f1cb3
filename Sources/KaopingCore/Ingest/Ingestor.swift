import Dispatch
import Logging

/// Options that shape ingest.
public struct IngestOptions: Sendable {
    /// When set, dated records outside it are skipped as out-of-period.
    public var window: PeriodWindow?
    public var checks: CheckCatalog

    public init(window: PeriodWindow? = nil, checks: CheckCatalog = .standard) {
        self.window = window
        self.checks = checks
    }
}

/// Receives the outcome of every row, in file order then line order.
public protocol IngestSink {
    mutating func accept(_ record: Record, at location: RowLocation)
    mutating func reject(_ reject: Reject)
}

/// The outcome of ingesting a data folder.
public struct IngestResult: Sendable {
    /// One report per file, in reading order (units files first); `RowLocation.file` indexes it.
    public var files: [FileReport]
    public var units: UnitRegistry

    public var unreadableFiles: [FileReport] { files.filter { !$0.isReadable } }
}

/// Reads a data folder (SPEC §3): profiles every file, reads the units files first and builds
/// the unit registry, then streams every other file in byte order of its path, sending each
/// row to the sink as accepted or rejected and counting the skipped ones.
public struct Ingestor {
    public let folder: DataFolder
    public let options: IngestOptions
    private let logger: Logger

    public init(folder: DataFolder, options: IngestOptions = IngestOptions(), logger: Logger) {
        self.folder = folder
        self.options = options
        self.logger = logger
    }

    public func run<Sink: IngestSink>(into sink: inout Sink) -> IngestResult {
        let profiled = profileAll()
        let ordered = profiled.filter { $0.profile?.kind == .units } + profiled.filter { $0.profile?.kind != .units }
        var state = IngestState(paths: ordered.map(\.relativePath), options: options)
        var reports = ordered

        loadUnits(files: ordered.indices.filter { ordered[$0].profile?.kind == .units }, reports: &reports,
                  state: &state, sink: &sink)
        for index in ordered.indices where ordered[index].isReadable && ordered[index].profile?.kind != .units {
            logger.debug("reading", metadata: ["file": "\(ordered[index].relativePath)"])
            read(file: index, report: &reports[index], paths: state) { raw, header, report in
                let outcome = state.cast(raw, header: header, file: index)
                    .flatMap { record in state.admit(record, raw: raw, header: header, file: index) }
                report.count(outcome, into: &sink)
            } onReject: { reject, report in
                report.rowsRejected += 1
                sink.reject(reject)
            }
        }
        return IngestResult(files: reports, units: state.context.units)
    }

    /// Profiles every file on all cores; the results keep byte order.
    private func profileAll() -> [FileReport] {
        let paths = folder.files
        let root = folder
        let results = ProfileSlots(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            var report = FileReport(relativePath: paths[index])
            do throws(FileProblem) {
                report.profile = try FileSniffer.profile(path: root.absolutePath(paths[index]), relativePath: paths[index])
            } catch {
                report.problem = error
            }
            results.store(report, at: index)
        }
        return results.reports
    }

    /// Units files are read whole (they are small) so that a parent code may point forward.
    private func loadUnits<Sink: IngestSink>(files: [Int], reports: inout [FileReport], state: inout IngestState,
                                             sink: inout Sink) {
        var pending: [(unit: UnitRecord, raw: RawRecord, header: HeaderMap, file: Int)] = []
        var rejects: [(file: Int, reject: Reject)] = []
        for index in files {
            read(file: index, report: &reports[index], paths: state) { raw, header, report in
                switch state.cast(raw, header: header, file: index) {
                case .success(.unit(let unit)): pending.append((unit, raw, header, index))
                case .success: break
                case .failure(let reject):
                    report.rowsRejected += 1
                    rejects.append((index, reject))
                }
            } onReject: { reject, report in
                report.rowsRejected += 1
                rejects.append((index, reject))
            }
        }
        let categories = Dictionary(pending.map { ($0.unit.code, $0.unit.category) }, uniquingKeysWith: { first, _ in first })
        for entry in pending {
            var outcome = state.admit(.unit(entry.unit), raw: entry.raw, header: entry.header, file: entry.file)
            if let parent = entry.unit.parentCode, case .success = outcome {
                let message: String? = switch categories[parent] {
                case nil: "上级单位编码「\(parent)」不在考核对象名单中"
                case .township?: nil
                case _? where entry.unit.category != .village: nil
                default: "村/社区便民服务室的上级单位「\(parent)」不是乡镇/街道"
                }
                if let message {
                    let cells = RowCells(record: entry.raw, header: entry.header)
                    outcome = .failure(state.reject(cells.problem(.parentCode, .unknownParent, message),
                                                    raw: entry.raw, header: entry.header, file: entry.file))
                }
            }
            switch outcome {
            case .success(.admitted(.unit(let unit), let location)):
                state.context.units.add(unit)
                reports[entry.file].rowsAccepted += 1
                sink.accept(.unit(unit), at: location)
            case .success(.admitted): break
            case .success(.skipped(let reason)):
                reports[entry.file].skipped[reason, default: 0] += 1
            case .failure(let reject):
                reports[entry.file].rowsRejected += 1
                rejects.append((entry.file, reject))
            }
        }
        for (_, reject) in rejects.sorted(by: { ($0.file, $0.reject.line) < ($1.file, $1.reject.line) }) {
            sink.reject(reject)
        }
    }

    /// Streams one file. Title, blank, summary and footer rows are counted here; each data
    /// row goes to `onRow` and each row refused before casting (bad quoting, overflowing
    /// cells) to `onReject`. Every row bumps `rowsRead` exactly once.
    private func read(file index: Int, report: inout FileReport, paths state: IngestState,
                      onRow: (RawRecord, HeaderMap, inout FileReport) -> Void,
                      onReject: (Reject, inout FileReport) -> Void) {
        guard let profile = report.profile else { return }
        let path = folder.absolutePath(profile.relativePath)
        var header: HeaderMap?
        var stream: DecodedChunks?
        let reader = CSVReader(delimiter: profile.delimiter) { () throws(InputError) in
            let opened = try DecodedChunks(path: path, encoding: profile.encoding)
            stream = opened
            return opened
        }
        do throws(InputError) {
            try reader.read { event in
                switch event {
                case .blank:
                    report.skip(header == nil ? .title : .blank)
                case let .malformed(line, field, problem):
                    report.rowsRead += 1
                    onReject(state.quotingReject(file: index, line: line, field: field, problem: problem), &report)
                case .record(let record):
                    guard let map = header else {
                        if case .fits(let map) = HeaderMatch.match(record.texts), map.kind == profile.kind {
                            header = map
                        } else {
                            report.skip(RowShape.skipReason(record) == .blank ? .blank : .title)
                        }
                        return
                    }
                    if let reason = RowShape.skipReason(record) {
                        report.skip(reason)
                        return
                    }
                    report.rowsRead += 1
                    if let overflow = RowShape.overflowingField(record, headerWidth: map.written.count) {
                        onReject(state.overflowReject(record, header: map, field: overflow, file: index), &report)
                        return
                    }
                    onRow(record, map, &report)
                }
            }
        } catch {
            report.problem = .input(error)
        }
        report.replacedBytes = stream?.replacements ?? 0
        if header == nil && report.problem == nil {
            report.problem = .noHeader(file: profile.relativePath, firstLine: "")
        }
    }
}

extension FileReport {
    mutating func count<Sink: IngestSink>(_ outcome: Result<Admission, Reject>, into sink: inout Sink) {
        switch outcome {
        case .success(.admitted(let record, let location)):
            rowsAccepted += 1
            sink.accept(record, at: location)
        case .success(.skipped(let reason)):
            skipped[reason, default: 0] += 1
        case .failure(let reject):
            rowsRejected += 1
            sink.reject(reject)
        }
    }
}

/// Results of concurrent profiling, each written once by its own iteration.
private final class ProfileSlots: @unchecked Sendable {
    private var slots: [FileReport?]
    private let lock = NSLockLike()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ report: FileReport, at index: Int) {
        lock.withLock { slots[index] = report }
    }

    var reports: [FileReport] { slots.map { $0! } }
}
