#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV
import CSystemSupport

/// The state of one pass over a file's lines: the libcsv parser and the batch being filled.
final class LinePass {
    private var parser = csv_parser()
    private let delimiter: UInt8
    private let firstLine: Int
    private let batchSize: Int
    private(set) var line = 0
    private var recordStart = 0
    private var inRecord = false
    var isInRecord: Bool { inRecord }
    fileprivate var batch: RecordBatch
    private var recordByteStart = 0
    fileprivate var recordFirstField = 0
    fileprivate var completed = false
    /// The physical lines of the record being read, back to back, kept (up to `replayLimit`
    /// bytes) so that when libcsv refuses a record spanning several lines, the lines after its
    /// first can be fed again at once instead of being lost.
    private var openBytes: [UInt8] = []
    private var openEnds: [Int] = []
    private var openLinesOverflowed = false
    /// Bytes of the open record's lines so far, held against `maxRowBytes`.
    private var recordBytes = 0
    private let maxRowBytes: Int
    fileprivate let cellLimit: Int
    /// Lines waiting to be fed again: a stack of refused records' lines, the top one first.
    private var replay: [ReplaySegment] = []

    private struct ReplaySegment {
        let bytes: [UInt8]
        let ends: [Int]
        var next: Int

        func line(_ index: Int) -> ArraySlice<UInt8> { bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }
    }
    private let replayLimit: Int
    private let splitsQuoteFreeLines: Bool
    /// Set when a refused record's lines were too many to keep: they are read again from the
    /// file in a new pass (`finish` returns the line), and this pass stops there.
    private(set) var rereadFrom: Int?
    private let fingerprintHeader: HeaderMap?
    /// `fingerprintHeader`'s, read where each line is split.
    fileprivate let seeds: UnsafeBufferPointer<CellFingerprint.Seeds>?
    /// The fingerprint terms of the cells libcsv has handed over for the open record, summed
    /// as each arrives (its bytes still at hand), not read back from the batch at its end.
    fileprivate var openFingerprint: UInt64 = 0

    init(delimiter: UInt8, firstLine: Int, batchSize: Int, replayLimit: Int, splitsQuoteFreeLines: Bool,
         maxRowBytes: Int, cellLimit: Int, fingerprintHeader: HeaderMap?) {
        self.fingerprintHeader = fingerprintHeader
        seeds = fingerprintHeader?.cellSeeds
        self.delimiter = delimiter
        self.maxRowBytes = maxRowBytes
        self.cellLimit = cellLimit
        self.firstLine = firstLine
        self.batchSize = batchSize
        self.replayLimit = replayLimit
        self.splitsQuoteFreeLines = splitsQuoteFreeLines
        batch = RecordBatch(expectedEntries: batchSize, fingerprintHeader: fingerprintHeader)
        startParser()
    }

    deinit { csv_free(&parser) }

    private func startParser() {
        // Strict: a stray quote is an error, not silently kept. libcsv's own space test (space
        // and tab, never the delimiter) stays: a callback per byte would cost more than it saves,
        // and cells are trimmed again anyway.
        _ = csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI))
        csv_set_delim(&parser, delimiter)
    }

    private func restartParser() {
        csv_free(&parser)
        parser = csv_parser()
        startParser()
    }

    func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) {
        try process(bytes, handle)
        try drainReplay(handle)
    }

    /// A line longer than `maxRowBytes`, whose bytes were not kept: refused on its own, after
    /// any record open before it (which it would have made too long) has been refused.
    func feedOverlong(_ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) {
        line += 1
        guard line >= firstLine, rereadFrom == nil else { return }
        if inRecord {
            // The open record's lines are fed again first, then this line is refused.
            line -= 1
            while inRecord {
                refuseOpenRecord(.rowTooLong)
                try drainReplay(handle)
                guard rereadFrom == nil else { return }
            }
            line += 1
        }
        batch.entries.append(.malformed(line: line, field: 0, problem: .rowTooLong))
        try flushIfFull(handle)
    }

    private func drainReplay(_ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) {
        while let top = replay.indices.last {
            let segment = replay[top]
            guard segment.next < segment.ends.count else {
                replay.removeLast()
                continue
            }
            replay[top].next += 1
            try segment.line(segment.next).withUnsafeBufferPointer { line throws(InputError) in try process(line, handle) }
        }
    }

    private func process(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) {
        line += 1
        guard line >= firstLine, rereadFrom == nil else { return }
        if !inRecord {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || ($0 == 0x09 && delimiter != 0x09) }) {
                batch.entries.append(.blank(line: line))
                try flushIfFull(handle)
                return
            }
            inRecord = true
            recordStart = line
            recordBytes = 0
            // Most lines hold a whole record and no quote: libcsv would give the very same
            // cells, at several times the cost per byte.
            if splitsQuoteFreeLines,
               let fingerprint = QuoteFreeLine.appendCells(of: bytes, delimiter: delimiter, cellLimit: cellLimit,
                                                           seeds: seeds, to: &batch) {
                completed = true
                closeRecordIfComplete(fingerprint: fingerprint)
                try flushIfFull(handle)
                return
            }
        }
        recordBytes += bytes.count
        if recordStart < line, recordBytes > maxRowBytes {
            // Too long to be a row (an unclosed quote, most likely): refused, and this line is
            // fed again after the record's other lines, as a line of its own.
            line -= 1
            replay.append(ReplaySegment(bytes: Array(bytes), ends: [bytes.count], next: 0))
            refuseOpenRecord(.rowTooLong)
            try flushIfFull(handle)
            return
        }
        let consumed = csv_parse(&parser, bytes.baseAddress, bytes.count, onField, onRow,
                                 Unmanaged.passUnretained(self).toOpaque())
        if consumed < bytes.count || csv_error(&parser) == CSV_EPARSE {
            if recordStart < line { keepOpenLine(bytes) }  // this line is among those fed again
            refuseOpenRecord(.strayQuote)
            try flushIfFull(handle)
            return
        }
        closeRecordIfComplete()
        // Only a record that goes on past this line may need its lines again: most records
        // end on their first line and cost no copy.
        if inRecord { keepOpenLine(bytes) }
        try flushIfFull(handle)
    }

    private func keepOpenLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !openLinesOverflowed else { return }
        // Each line also costs its offset; count it, so a file of empty lines stays bounded.
        if openBytes.count + bytes.count + 8 * (openEnds.count + 1) > replayLimit {
            openLinesOverflowed = true
            openBytes = []
            openEnds = []
        } else {
            openBytes.append(contentsOf: bytes)
            openEnds.append(openBytes.count)
        }
    }

    private func forgetOpenLines() {
        if !openEnds.isEmpty {
            openBytes = []
            openEnds.removeAll(keepingCapacity: true)
        }
        openLinesOverflowed = false
    }

    /// Reports the open record as malformed, drops what libcsv built of it, and arranges for
    /// its lines after the first to be read again.
    private func refuseOpenRecord(_ problem: QuotingProblem) {
        let field = batch.ends.count - recordFirstField + 1
        discardOpenRecord()
        restartParser()
        batch.entries.append(.malformed(line: recordStart, field: field, problem: problem))
        readAgainAfterRecordStart()
    }

    /// After a refused record: its lines after the first are fed again, from memory or, when
    /// they were too many to keep, from the file in a new pass.
    private func readAgainAfterRecordStart() {
        defer { forgetOpenLines() }
        guard recordStart < line else { return }
        if openLinesOverflowed {
            rereadFrom = recordStart + 1
            return
        }
        // On top of the stack, so they come before any lines still waiting from an earlier refusal.
        replay.append(ReplaySegment(bytes: openBytes, ends: openEnds, next: 1))
        line = recordStart
    }

    /// Flushes the last record and the batch; returns the line to re-read from when a refused
    /// record's lines were too many to keep in memory.
    func finish(_ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) -> Int? {
        while rereadFrom == nil {
            let status = csv_fini(&parser, onField, onRow, Unmanaged.passUnretained(self).toOpaque())
            guard status != 0 && inRecord else {
                closeRecordIfComplete()
                break
            }
            // A quote still open at end of file: refuse the record it opened.
            refuseOpenRecord(.unterminatedQuote)
            try drainReplay(handle)
        }
        if batch.count > 0 { try handle(batch) }
        batch = RecordBatch(fingerprintHeader: fingerprintHeader)
        return rereadFrom
    }

    /// `fingerprint`: the record's, when the quote-free split took it; otherwise the one
    /// summed from the cells libcsv gave.
    private func closeRecordIfComplete(fingerprint: UInt64? = nil) {
        guard completed else { return }
        completed = false
        inRecord = false
        forgetOpenLines()
        let fingerprint = fingerprint ?? (seeds == nil ? 0 : CellFingerprint.finish(openFingerprint))
        openFingerprint = 0
        batch.entries.append(.record(line: recordStart, firstField: recordFirstField,
                                     fieldCount: batch.ends.count - recordFirstField, fingerprint: fingerprint))
        recordByteStart = batch.bytes.count
        recordFirstField = batch.ends.count
    }

    private func discardOpenRecord() {
        batch.bytes.removeSubrange(recordByteStart...)
        batch.starts.removeSubrange(recordFirstField...)
        batch.ends.removeSubrange(recordFirstField...)
        completed = false
        inRecord = false
        openFingerprint = 0
    }

    /// A batch goes when it has `batchSize` events or 4 MiB of cells: rows near the row limit
    /// must not pile up by the thousand.
    private func flushIfFull(_ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) {
        guard !inRecord, batch.count >= batchSize || batch.bytes.count >= 1 << 22 else { return }
        // The next batch reserves what this one held and an eighth more (within a bound): the
        // guess of 12 cells and 120 bytes a row fell short on the bench's 13-cell rows, and
        // every batch grew its three arrays, copying them, to twice the room it needed.
        let cells = min(batch.ends.count + batch.ends.count / 8, 1 << 16)
        let bytes = min(batch.bytes.count + batch.bytes.count / 8, 1 << 20)
        try handle(batch)
        batch = RecordBatch(expectedEntries: batchSize, expectedCells: cells, expectedBytes: bytes,
                            fingerprintHeader: fingerprintHeader)
        recordByteStart = 0
        recordFirstField = 0
    }
}

// The pass outlives every parse call that hands it to libcsv: its callbacks borrow it
// (`_withUnsafeGuaranteedRef`) rather than count a reference on it for every cell.
private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, context in
    Unmanaged<LinePass>.fromOpaque(context!)._withUnsafeGuaranteedRef { pass in
        let position = pass.batch.ends.count - pass.recordFirstField
        guard position < pass.cellLimit else { return }
        pass.batch.appendCell(field, count: length)
        if let seeds = pass.seeds, position < seeds.count, let field, length > 0 {
            let cell = UnsafeBufferPointer(start: field.assumingMemoryBound(to: UInt8.self), count: length)
            pass.openFingerprint &+= CellFingerprint.term(cell[...], seeds: seeds[position])
        }
    }
}

private let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    Unmanaged<LinePass>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.completed = true }
}
