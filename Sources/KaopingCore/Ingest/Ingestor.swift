#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Logging

/// Options that shape ingest.
public struct IngestOptions: Sendable {
    /// When set, dated records outside it are skipped as out-of-period.
    public var window: PeriodWindow?
    public var checks: CheckCatalog
    /// Cores to use; nil means all. Results never depend on it.
    public var jobs: Int?
    /// Largest cell, row and column count accepted (issue 7).
    public var limits = ReadLimits()
    /// Told after every batch of rows and every file, for a progress bar; never changes results.
    public var progress: (@Sendable (IngestProgress) -> Void)?
    /// A UTF-8 file of at least twice this many bytes is read in ranges of about this size on
    /// all cores. Results never depend on it (tests make it tiny); memory does, a few times
    /// over per thread (the events and cast rows of a range wait to be admitted in order).
    var rangeSize = 1 << 18
    /// Slots of each of the two tables of recent ids (see `IdentityIndex`). Results never
    /// depend on it (tests make it tiny, so that most repeats are found after the pass); time
    /// does: a repeat that has left the tables means reading the folder twice.
    var recentIds = IdentityIndex.defaultRecentSlots

    public init(window: PeriodWindow? = nil, checks: CheckCatalog = .standard, jobs: Int? = nil) {
        self.window = window
        self.checks = checks
        self.jobs = jobs
    }

    var workers: Int { max(1, jobs ?? ProcessInfoLite.activeProcessorCount) }
}

/// How far ingest has come: files finished of all, rows read so far, the file being read.
public struct IngestProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var rowsRead: Int
    public var currentFile: String
}

/// Receives the outcome of every row: accepted and out-of-period records as they are read, in
/// file order then line order; rejects, in the same order, once reading is done (a repeat found
/// only after the pass may change verdicts, see `IdentityIndex`). A sink is a value: when the
/// folder has to be read again, ingest starts over from a copy of the sink as it was given.
public protocol IngestSink {
    mutating func accept(_ record: Record, at location: RowLocation)
    mutating func reject(_ reject: Reject)
    /// A valid record left out because it is dated outside the period (counted as skipped).
    mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation)
}

extension IngestSink {
    public mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation) {}
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
        // Exports the walk found but will not open, each an error by name.
        let refused = folder.undecodableNames.map { FileReport(relativePath: $0, problem: .undecodableName(file: $0)) }
            + folder.outsideLinks.map { FileReport(relativePath: $0.path, problem: .linkLeavesFolder(file: $0.path, target: $0.target)) }
            + folder.specialFiles.map { FileReport(relativePath: $0, problem: .notARegularFile(file: $0)) }
        let ordered = profiled.filter { $0.profile?.kind == .units } + profiled.filter { $0.profile?.kind != .units } + refused
        let inputBytes = ordered.lazy.filter(\.isReadable)
            .reduce(0) { $0 + (Self.fileSize(folder.absolutePath($1.relativePath)) ?? 0) }
        let pristine = sink
        var held = HoldingRejects(base: sink)
        var pass = readAll(ordered, inputBytes: inputBytes, corrections: nil, into: &held)
        if let corrections = pass.corrections {
            // Nothing has left the sink yet: its rejects were held, and it starts over.
            logger.info("repeated ids found after reading; reading the folder again",
                        metadata: ["rows": "\(corrections.count)"])
            held = HoldingRejects(base: pristine)
            pass = readAll(ordered, inputBytes: inputBytes, corrections: corrections, into: &held)
        }
        sink = held.base
        held.held.release { sink.reject($0) }
        return pass.result
    }

    /// One pass over every readable file. The first pass (`corrections` nil) also returns the
    /// identity verdicts it got wrong; a second one applies them.
    private func readAll<Sink: IngestSink>(_ ordered: [FileReport], inputBytes: Int, corrections: IdentityCorrections?,
                                           into sink: inout Sink) -> (result: IngestResult, corrections: IdentityCorrections?) {
        var state = IngestState(paths: ordered.map(\.relativePath), options: options, inputBytes: inputBytes,
                                corrections: corrections)
        var reports = ordered

        loadUnits(files: ordered.indices.filter { ordered[$0].profile?.kind == .units }, reports: &reports,
                  state: &state, sink: &sink)
        var filesDone = ordered.indices.filter { ordered[$0].profile?.kind == .units || !ordered[$0].isReadable }.count
        var rowsBefore = reports.reduce(0) { $0 + $1.rowsRead }
        for index in ordered.indices where ordered[index].isReadable && ordered[index].profile?.kind != .units {
            logger.debug("reading", metadata: ["file": "\(ordered[index].relativePath)"])
            defer {
                filesDone += 1
                rowsBefore += reports[index].rowsRead
                options.progress?(IngestProgress(filesDone: filesDone, filesTotal: ordered.count, rowsRead: rowsBefore,
                                                 currentFile: ordered[index].relativePath))
            }
            let (done, base, path) = (filesDone, rowsBefore, ordered[index].relativePath)
            let onBatch: (Int) -> Void = { [progress = options.progress, total = ordered.count] rows in
                progress?(IngestProgress(filesDone: done, filesTotal: total, rowsRead: base + rows, currentFile: path))
            }
            let prefetcher = state.identityPrefetcher
            read(file: index, report: &reports[index], snapshot: state, onBatch: onBatch,
                 lookAhead: prefetcher) { place, record, header, lineBase, batches, report in
                let admission = state.admit(record, at: place, header: header, lineBase: lineBase) {
                    place.record(in: batches)
                }
                report.count(admission, of: record, into: &sink)
            } onReject: { reject, report in
                report.count(reject, into: &sink)
            }
        }
        let result = IngestResult(files: reports, units: state.context.units)
        guard corrections == nil else {
            let unapplied = state.unappliedCorrections()
            if unapplied > 0 {
                logger.warning("数据文件在两次读取之间被改动：\(unapplied) 行的重复判定未能更正，请在文件不再变动时重新运行 (files changed between the two readings; run again)")
            }
            return (result, nil)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let found = state.identityCorrections()
        logger.debug("ids checked after reading", metadata: [
            "seconds": "\(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)",
            "corrections": "\(found?.count ?? 0)",
        ])
        return (result, found)
    }

    /// Profiles every file on all cores; the results keep byte order.
    private func profileAll() -> [FileReport] {
        let paths = folder.files
        let root = folder
        let results = ConcurrentSlots<FileReport>(count: paths.count)
        let profile: @Sendable (Int) -> Void = { index in
            var report = FileReport(relativePath: paths[index])
            do throws(FileProblem) {
                report.profile = try FileSniffer.profile(path: root.absolutePath(paths[index]), relativePath: paths[index])
            } catch {
                report.problem = error
            }
            results.store(report, at: index)
        }
        if options.workers == 1 {
            for index in paths.indices { profile(index) }
        } else {
            DispatchQueue.concurrentPerform(iterations: paths.count, execute: profile)
        }
        return results.values
    }

    /// Streams one file. Title, blank, summary and footer rows are counted here; every data row
    /// is cast (on all cores, a batch at a time); in file order, its record goes to `onRow`, and
    /// a refused row (bad quoting, overflowing cells, a cell the schema refused) to `onReject`,
    /// its line already in file terms. Every row bumps `rowsRead` exactly once.
    /// `snapshot` is the state as the file starts: casting reads it (the registry is complete),
    /// while the callers' closures go on admitting rows into the live state.
    func read(file index: Int, report: inout FileReport, snapshot state: IngestState,
                      onBatch: (Int) -> Void = { _ in },
                      lookAhead: IdentityPrefetcher? = nil,
                      onRow: (RowPlace, consuming Record, HeaderMap, _ lineBase: Int, _ batches: [RecordBatch],
                              inout FileReport) -> Void,
                      onReject: (Reject, inout FileReport) -> Void) {
        guard let profile = report.profile else { return }
        let producer = makeProducer(profile: profile, file: index, state: state)
        var header: HeaderMap?
        var binaryRows = 0
        var firstBinaryLine = 0
        // `lineBase`: what to add to the row's line numbers (see `EventChunk`).
        // `batches`: those the row was read into (see `RowOrigin`).
        // Takes every row of `rows` in order, each id looked up a few rows ahead.
        func account(_ rows: ClassifiedRows, _ header: HeaderMap, lineBase: Int,
                     batches: [RecordBatch]) throws(InputError) {
            for index in 0..<rows.count {
                rows.prefetch(distance: Self.rowPrefetchDistance)
                if index + Self.prefetchDistance < rows.count,
                   let key = rows.identityKey(at: index + Self.prefetchDistance) {
                    lookAhead?.prefetch(key)
                }
                switch rows.nextKind {
                case .skip(let reason):
                    rows.takeSkip()
                    report.skip(reason)
                case .reject:
                    var reject = rows.takeReject()
                    report.rowsRead += 1
                    reject.line += lineBase
                    let (code, line) = (reject.code, reject.line)
                    onReject(reject, &report)
                    // Counted in file order, so where a file is given up never depends on --jobs.
                    if code == .binaryContent {
                        binaryRows += 1
                        if binaryRows == 1 { firstBinaryLine = line }
                        if binaryRows == Self.binaryRowLimit {
                            throw .binaryContent(path: profile.relativePath, line: firstBinaryLine, rows: binaryRows,
                                                 stoppedAt: line)
                        }
                    }
                case .data:
                    let place = rows.nextPlace
                    report.rowsRead += 1
                    onRow(place, rows.takeRecord(), header, lineBase, batches, &report)
                }
            }
        }
        do throws(InputError) {
            while var chunk = try producer.next() {
                defer { onBatch(report.rowsRead) }
                if let rows = chunk.classified, let map = header, chunk.classifiedWith === map {
                    chunk.classified = nil
                    try account(rows, map, lineBase: chunk.lineBase, batches: chunk.batches)
                    producer.recycle(rows)
                    continue
                }
                for var batch in chunk.batches {
                    batch.lineOffset = chunk.lineBase
                    var first = 0
                    // Above the header, in order: the header is the first record that fits the kind.
                    while header == nil && first < batch.count {
                        switch batch[first] {
                        case .blank:
                            report.skip(.blank)
                        case .malformed:
                            report.skip(.title)  // a badly quoted title line is still a title line
                        case .record(let record):
                            if case .fits(let map) = HeaderMatch.match(record.texts), map.kind == profile.kind {
                                guard record.fieldCount <= options.limits.maxColumns else {
                                    producer.cancel()
                                    report.problem = .tooManyColumns(file: profile.relativePath, line: record.line,
                                                                     limit: options.limits.maxColumns)
                                    return
                                }
                                header = map
                                producer.use(header: map)
                            } else {
                                report.skip(RowShape.skipReason(record) == .blank ? .blank : .title)
                            }
                        }
                        first += 1
                    }
                    guard let map = header, first < batch.count else { continue }
                    // Below it, every row stands alone: classify and cast on all cores, then account
                    // for the rows in file order.
                    // (The batch's own offset already put these rows on the file's lines.)
                    let batches = [batch]
                    for rows in Self.classifyInParallel(batch, from: first, header: map, file: index, state: state,
                                                        workers: options.workers) {
                        try account(rows, map, lineBase: 0, batches: batches)
                    }
                }
            }
        } catch {
            producer.cancel()
            report.problem = .input(error.naming(profile.relativePath))
        }
        // Only a file read to its end has a count: where reading stopped early, the bytes
        // repaired past that point but already read ahead depend on how the file was cut up.
        report.replacedBytes = report.problem == nil ? producer.ending.replacedBytes : 0
        report.profile?.encoding = producer.ending.encoding  // a provisional guess, now settled
        report.profile?.encodingIsProvisional = false
        if header == nil && report.problem == nil {
            report.problem = .noHeader(file: profile.relativePath, firstLine: "")
        }
    }

    /// Rows with NUL bytes after which a file is taken for binary and the rest of it not read:
    /// a few stray NULs cost their rows, a binary file does not cost millions of rejects.
    static let binaryRowLimit = 10

    /// How many rows ahead of its admission a row's identity slot is prefetched: enough to
    /// hide a cache miss behind the rows in between.
    private static let prefetchDistance = 8
    /// How many rows ahead the classified rows themselves are loaded: past the row whose id is
    /// read for the identity prefetch.
    private static let rowPrefetchDistance = 24

    /// A large UTF-8 or GB18030 file is read as byte ranges on all cores; anything else (small,
    /// UTF-16, or UTF-8 only guessed from an ASCII start) by one reader thread.
    private func makeProducer(profile: FileProfile, file index: Int, state: IngestState) -> any EventChunkProducer {
        let path = folder.absolutePath(profile.relativePath)
        if options.workers > 1, profile.encoding.cutsAtLineFeeds, !profile.encodingIsProvisional,
           let size = Self.fileSize(path), size >= 2 * options.rangeSize {
            let ranges = FileRanges(path: path, fileSize: size, textStart: profile.encoding.bomLength,
                                    rangeSize: options.rangeSize)
            let classify: RangeProducer.Classify = { batch, batchIndex, header, rows in
                var sink = rows
                ClassifiedRow.classify(batch, batchIndex: batchIndex, header: header, file: index, state: state,
                                       into: &sink)
            }
            if let producer = RangeProducer(ranges: ranges, profile: profile, threads: options.workers,
                                          limits: options.limits, classify: classify) {
                return producer
            }
        }
        return BatchProducer(path: path, profile: profile, limits: options.limits)
    }

    private static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Classifying and casting are pure (the registry is complete before any non-units file is
    /// read), so a batch is split across cores; the slices come back in order.
    private static func classifyInParallel(_ batch: RecordBatch, from first: Int, header: HeaderMap, file: Int,
                                           state: IngestState, workers: Int) -> [ClassifiedRows] {
        let count = batch.count - first
        let slices = workers == 1 || count < 256 ? 1 : min(count, workers * 2)
        let parts = ConcurrentSlots<ClassifiedRows>(count: slices)
        let classify: @Sendable (Int) -> Void = { slice in
            let positions = (first + count * slice / slices)..<(first + count * (slice + 1) / slices)
            var rows = ClassifiedRows(capacity: positions.count, interning: false)
            ClassifiedRow.classify(batch, batchIndex: 0, positions: positions, header: header, file: file,
                                   state: state, into: &rows)
            parts.store(rows, at: slice)
        }
        if slices == 1 { classify(0) } else { DispatchQueue.concurrentPerform(iterations: slices, execute: classify) }
        return parts.values
    }
}

/// Passes records straight on and holds rejects back until the verdicts are final.
private struct HoldingRejects<Base: IngestSink>: IngestSink {
    var base: Base
    let held = HeldRejects()

    mutating func accept(_ record: Record, at location: RowLocation) { base.accept(record, at: location) }
    mutating func reject(_ reject: Reject) { held.hold(reject) }
    mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation) {
        base.skippedOutOfPeriod(record, at: location)
    }
}

extension FileReport {
    /// Counts a valid record's admission and hands the record to the sink. The outcome is
    /// consumed, so that only a reject is destroyed, where it is passed on: borrowed, the
    /// whole `Result` was destroyed through its generic value witness after every row.
    mutating func count<Sink: IngestSink>(_ outcome: consuming Result<Admission, Reject>, of record: Record,
                                          into sink: inout Sink) {
        switch consume outcome {
        case .success(.admitted(let location)):
            rowsAccepted += 1
            sink.accept(record, at: location)
        case .success(.skipped(let reason)):
            skipped[reason, default: 0] += 1
        case .success(.outOfPeriod(let location)):
            skipped[.outOfPeriod, default: 0] += 1
            sink.skippedOutOfPeriod(record, at: location)
        case .failure(let reject):
            count(reject, into: &sink)
        }
    }

    /// Counts a refused row and hands its reject to the sink.
    mutating func count<Sink: IngestSink>(_ reject: Reject, into sink: inout Sink) {
        rowsRejected += 1
        sink.reject(reject)
    }
}
