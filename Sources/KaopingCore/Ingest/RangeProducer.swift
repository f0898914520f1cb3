#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a producer hands the ingest loop: one stretch of a file's events, in file order, with
/// line numbers counted from `lineBase` (add it to get the file's own line numbers).
struct EventChunk {
    /// Always every event, even when classified: should `classifiedWith` not be the header
    /// the file turns out to have, the events are classified again from these. (The cast rows
    /// share the batches' bytes anyway, so keeping them costs little.)
    var batches: [RecordBatch]
    /// The events already classified and cast, when the header was known to the thread that
    /// read them; made with `classifiedWith`.
    var classified: ClassifiedRows?
    var classifiedWith: HeaderMap?
    var lineBase = 0
}

/// A file's events, chunk after chunk.
protocol EventChunkProducer: AnyObject {
    func next() throws(InputError) -> EventChunk?
    /// The header, once found: threads reading ahead classify and cast with it.
    func use(header: HeaderMap)
    /// Rows of a chunk this producer made, every one taken: their columns may serve again.
    func recycle(_ rows: ClassifiedRows)
    func cancel()
    var ending: BatchProducer.Ending { get }
}

/// The header found by the ingest loop, for threads that read ahead.
final class HeaderSlot: @unchecked Sendable {
    private let lock = PThreadMutex()
    private var header: HeaderMap?

    func set(_ map: HeaderMap) { lock.withLock { if header == nil { header = map } } }
    var value: HeaderMap? { lock.withLock { header } }
}

/// Reads a large UTF-8 or GB18030 file as byte ranges on all cores, each range parsed by its own libcsv
/// reader and, once the header is known, classified and cast on the same thread; hands them
/// over in file order, at most a few ranges ahead per thread.
///
/// A range's reader starts at a line start as if no record were open there. That guess is
/// checked in order: the reader of the range before stops at the first line start past its
/// range where no record is open, and only when that is exactly where the next range starts
/// is the next range's work used. Otherwise (a quoted value with line breaks across the
/// boundary, a refused record replayed) the next range is read again here from the right
/// line, so the events are always those of one sequential read.
final class RangeProducer: EventChunkProducer, @unchecked Sendable {
    private struct RangeResult {
        var isLast = false
        var chunk = EventChunk(batches: [])
        var extent = ReadExtent(linesInRange: nil, linesRead: 0)
        var replacementsInRange = 0
        var error: InputError?
    }

    private let ranges: FileRanges
    private let delimiter: UInt8
    private let encoding: TextEncoding
    private let limits: ReadLimits
    private let window: OrderedWindow<RangeResult>
    /// Ranges read ahead of the one being admitted, per thread: each holds its text, cells and
    /// cast rows (about 1 MB for a 256 KiB range).
    private static let rangesAheadPerThread = 3
    private let header = HeaderSlot()
    private let spareRows: ClassifiedRowsPool
    /// Classifies and casts a batch (the `batchIndex`th of its range), handing the rows in order to `output`.
    typealias Classify = @Sendable (_ batch: RecordBatch, _ batchIndex: Int, HeaderMap, ClassifiedRows) -> Void
    private let classify: Classify
    private var nextIndex = 0
    /// File lines before the current range, and the next line still to be read.
    private var lineBase = 0
    private var nextLine = 1
    private var done = false
    private(set) var ending: BatchProducer.Ending

    /// nil when not even one thread could be started: the caller reads the file in one go.
    init?(ranges: FileRanges, profile: FileProfile, threads: Int, limits: ReadLimits,
          classify: @escaping Classify) {
        self.ranges = ranges
        self.limits = limits
        self.delimiter = profile.delimiter
        encoding = profile.encoding
        self.classify = classify
        ending = BatchProducer.Ending(encoding: profile.encoding)
        let threads = max(1, min(threads, ranges.count))
        window = OrderedWindow(count: ranges.count, window: Self.rangesAheadPerThread * threads)
        // No more spares than ranges can be read ahead: the peak, when all of them are, is as before.
        spareRows = ClassifiedRowsPool(limit: Self.rangesAheadPerThread * threads)
        var started = 0
        for _ in 0..<threads {
            let didStart = startThread { [self] in
                let buffer = RangeBuffer()
                while let index = window.claim() {
                    window.deliver(readRange(index, from: 1, classifying: true, buffer: buffer), at: index)
                }
            }
            if didStart { started += 1 }
        }
        // Fewer threads than asked still read every range: each claims the next one free.
        if started == 0 { return nil }
    }

    private func readRange(_ index: Int, from firstLine: Int, classifying: Bool,
                           buffer: RangeBuffer = RangeBuffer()) -> RangeResult {
        var result = RangeResult()
        let path = ranges.path
        do throws(InputError) {
            let descriptor = try FileChunks.openForReading(path)
            defer { close(descriptor) }
            let start = try ranges.start(of: index, descriptor: descriptor)
            let end = try ranges.start(of: index + 1, descriptor: descriptor)
            result.isLast = end >= ranges.fileSize
            var pieces: FileRangePieces?
            // Each batch is cast as soon as it is read, while its bytes are still in the cache,
            // and each row's fingerprint is taken as its line is split.
            let map = classifying ? header.value : nil
            let reader = CSVReader(delimiter: delimiter, batchSize: Self.batchSize, maxRowBytes: limits.maxRowBytes,
                                   maxColumns: limits.maxColumns,
                                   fingerprintHeader: map) { [isLast = result.isLast, encoding] () throws(InputError) in
                let opened = try FileRangePieces(descriptor: descriptor, path: path, range: start..<max(start, end),
                                                 isLast: isLast, encoding: encoding, buffer: buffer)
                pieces = opened
                return opened
            }
            var batches: [RecordBatch] = []
            let rows = map.map { _ in spareRows.take(capacity: Self.expectedRows(inBytes: end - start)) }
            result.extent = try reader.read(from: firstLine) { batch in
                batches.append(batch)
                if let map, let rows {
                    classify(batch, batches.count - 1, map, rows)
                }
            }
            result.replacementsInRange = (result.isLast ? pieces?.replacements : pieces?.replacementsInRange) ?? 0
            result.chunk.batches = batches
            if let map, let rows {
                result.chunk.classified = rows
                result.chunk.classifiedWith = map
            }
        } catch {
            result.error = error
        }
        return result
    }

    /// Records per batch: small enough that a batch is cast while it is still in the cache.
    private static let batchSize = 256

    /// A guess from the size of a typical exported row, so that most ranges never grow it.
    private static func expectedRows(inBytes bytes: Int) -> Int { max(64, bytes / 96) }

    func use(header map: HeaderMap) { header.set(map) }

    func recycle(_ rows: ClassifiedRows) { spareRows.give(rows) }

    func next() throws(InputError) -> EventChunk? {
        while !done, nextIndex < ranges.count {
            let index = nextIndex
            nextIndex += 1
            var result = window.take(index) ?? readRange(index, from: 1, classifying: false)
            if let error = result.error { return try fail(error) }
            if let inRange = result.extent.linesInRange, lineBase + inRange < nextLine {
                // Every line of this range was read already, by a record of an earlier one.
                lineBase += inRange
                ending.replacedBytes += result.replacementsInRange
                continue
            }
            if nextLine != lineBase + 1 {
                // An earlier range's reader went on into this one: read it again from there.
                result = readRange(index, from: nextLine - lineBase, classifying: false)
                if let error = result.error { return try fail(error) }
            }
            var chunk = result.chunk
            chunk.lineBase = lineBase
            nextLine = max(nextLine, lineBase + result.extent.linesRead + 1)
            ending.replacedBytes += result.replacementsInRange
            if result.isLast || result.extent.linesInRange == nil {
                done = true
            } else {
                lineBase += result.extent.linesInRange!
            }
            return chunk
        }
        done = true
        cancel()
        return nil
    }

    private func fail(_ error: InputError) throws(InputError) -> EventChunk? {
        done = true
        cancel()
        ending.error = error
        throw error
    }

    func cancel() { window.close() }

    deinit { cancel() }
}
