#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

/// Where a source of bytes hands out its text, piece by piece, already as UTF-8.
protocol TextPieces: AnyObject {
    /// Calls `body` with the next piece; returns false when there is none left.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) -> Bool
    /// True right after the piece that ended at the end of the byte range this source was
    /// asked for (see `FileRangePieces`); never for a whole-file source.
    var atRangeEnd: Bool { get }
}

/// How far a read went, in physical lines counted from the first line of the source.
struct ReadExtent: Equatable {
    /// Lines that lie inside the source's byte range (nil for a whole-file source).
    var linesInRange: Int?
    /// Lines read in all: past the range's end when a record was still open there.
    var linesRead: Int
}

/// A streaming RFC 4180 reader on libcsv that knows which physical line each record starts on.
///
/// libcsv keeps no line numbers, so the reader hands it one physical line at a time: a record
/// starts on the first non-blank line fed while no record is open. Blank lines, which libcsv
/// silently drops, are reported. libcsv runs in strict mode: a stray quote refuses that record,
/// and so does a quote still open at end of file; either way the lines after the refused
/// record's first line are fed again, from memory (or, past `replayLimit`, by reading the file
/// again from there), so none is lost.
///
/// A line or record longer than `maxRowBytes` is refused (`rowTooLong`) without being kept:
/// the bytes of an overlong line are dropped as they stream by, and a record that grows past
/// the limit over several lines is refused like one with a stray quote.
///
/// Over a byte range of a file (`FileRangePieces`), reading goes on past the range's end only
/// until no record is open: the first line start after the range where the parser is at rest
/// is where the next range's reader, started there, would be in the very same state.
final class CSVReader {
    let delimiter: UInt8
    let batchSize: Int
    /// Bytes of a refused multi-line record kept to be fed again; beyond it, the file is
    /// re-read from the record's second line instead.
    let replayLimit: Int
    /// Whether a line with no quote that starts a record is split here instead of by libcsv
    /// (`QuoteFreeLine`). Off only in the tests that hold the two to the same events.
    let splitsQuoteFreeLines: Bool
    let maxRowBytes: Int
    /// Cells kept per record; more are dropped (the row is refused for its width anyway).
    let cellLimit: Int
    /// The file's header, when known: each record's content fingerprint is then taken under
    /// its seeds as the line is read (`RecordBatch.fingerprintHeader`).
    let fingerprintHeader: HeaderMap?
    private let openStream: () throws(InputError) -> any TextPieces

    init(delimiter: UInt8, batchSize: Int = 4096, replayLimit: Int = 16 << 20, splitsQuoteFreeLines: Bool = true,
         maxRowBytes: Int = ReadLimits.defaultMaxRowBytes, maxColumns: Int = .max,
         fingerprintHeader: HeaderMap? = nil,
         open: @escaping () throws(InputError) -> any TextPieces) {
        self.fingerprintHeader = fingerprintHeader
        self.delimiter = delimiter
        self.maxRowBytes = maxRowBytes
        // One more than allowed, so that the row is seen to be too wide.
        cellLimit = maxColumns == .max ? .max : maxColumns + 1
        self.batchSize = batchSize
        self.replayLimit = replayLimit
        self.splitsQuoteFreeLines = splitsQuoteFreeLines
        self.openStream = open
    }

    /// Reads the source, calling `handle` with batches of events in order; lines before
    /// `firstLine` are counted but not read.
    @discardableResult
    func read(from firstLine: Int = 1, _ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) -> ReadExtent {
        var passStart = firstLine
        while true {
            let (restartLine, extent) = try readPass(from: passStart, handle)
            guard let restartLine else { return extent }
            passStart = restartLine
        }
    }

    /// Convenience for small inputs and tests: every event, one at a time.
    func readEvents(_ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) {
        try read { batch throws(InputError) in
            for index in 0..<batch.count { try handle(batch[index]) }
        }
    }

    /// One pass from `firstLine`; returns the line to restart from when a refused record's lines
    /// were too many to keep in memory.
    private func readPass(from firstLine: Int, _ handle: (RecordBatch) throws(InputError) -> Void) throws(InputError) -> (Int?, ReadExtent) {
        let stream = try openStream()
        let pass = LinePass(delimiter: delimiter, firstLine: firstLine, batchSize: batchSize, replayLimit: replayLimit,
                            splitsQuoteFreeLines: splitsQuoteFreeLines, maxRowBytes: maxRowBytes, cellLimit: cellLimit,
                            fingerprintHeader: fingerprintHeader)
        var pending: [UInt8] = []
        // The line being assembled in `pending` passed `maxRowBytes`: the rest of it is dropped.
        var overlong = false
        let maxRowBytes = maxRowBytes
        var lastWasCR = false
        var linesInRange: Int?
        var stopped = false
        // Past the range's end, a line is read only while a record is still open.
        // (A pass started after a refused record's first line skips up to it first.)
        func mayFeed() -> Bool {
            if linesInRange != nil && !pass.isInRecord && pass.line + 1 >= firstLine { stopped = true }
            return !stopped
        }
        // The start of a line that goes on in the next piece.
        func keepPending(_ part: UnsafeBufferPointer<UInt8>) {
            guard !overlong else { return }
            if pending.count + part.count > maxRowBytes {
                overlong = true
                pending = []
            } else {
                pending.append(contentsOf: part)
            }
        }
        func feedPending() throws(InputError) {
            if overlong {
                overlong = false
                try pass.feedOverlong(handle)
            } else {
                try pending.withUnsafeBufferPointer { line throws(InputError) in try pass.feed(line, handle) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        // A line, joined to the start of it that ended the previous piece, if any.
        func feedLine(_ line: UnsafeBufferPointer<UInt8>) throws(InputError) {
            if overlong || pending.count + line.count > maxRowBytes {
                overlong = true
                try feedPending()
            } else if pending.isEmpty {
                try pass.feed(line, handle)
            } else {
                pending.append(contentsOf: line)
                try pending.withUnsafeBufferPointer { joined throws(InputError) in try pass.feed(joined, handle) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while pass.rereadFrom == nil, !stopped, try stream.next({ bytes throws(InputError) in
            var lineStart = 0
            var index = 0
            let count = bytes.count
            if lastWasCR, count > 0 {
                // A CR ended the previous chunk: a LF right here belongs to that line.
                if bytes[0] == 0x0A {
                    keepPending(UnsafeBufferPointer(rebasing: bytes[0..<1]))
                    index = 1
                }
                guard mayFeed() else { return }
                try feedPending()
                lineStart = index
                lastWasCR = false
            }
            // Without a CR in the piece, a line ends only at a LF: memchr finds them.
            if count > index, let base = bytes.baseAddress, memchr(base + index, 0x0D, count - index) == nil {
                while index < count, let found = memchr(base + index, 0x0A, count - index) {
                    let lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard mayFeed() else { return }
                    try feedLine(UnsafeBufferPointer(rebasing: bytes[lineStart...lineEnd]))
                    lineStart = lineEnd + 1
                    index = lineStart
                }
                index = count
            }
            // With CRs (Windows exports: nearly all of them), the next CR or LF is found 32
            // bytes at a time where the processor can, else eight.
            let lineFeeds = ByteWord.repeating(0x0A), carriageReturns = ByteWord.repeating(0x0D)
            while index < count {
                if let base = bytes.baseAddress {
                    let found = kaoping_find_line_break(base + index, count - index)
                    if found >= 0 { index += found }
                    while found < 0 && index + 8 <= count {
                        let word = ByteWord.load(base + index)
                        let breaks = ByteWord.matching(word, lineFeeds) | ByteWord.matching(word, carriageReturns)
                        if breaks != 0 {
                            index += breaks.trailingZeroBitCount / 8
                            break
                        }
                        index += 8
                    }
                    if index == count { break }
                }
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D {
                        if index + 1 == count {
                            keepPending(UnsafeBufferPointer(rebasing: bytes[lineStart...index]))
                            lastWasCR = true
                            return
                        }
                        if bytes[index + 1] == 0x0A { index += 1 }
                    }
                    guard mayFeed() else { return }
                    try feedLine(UnsafeBufferPointer(rebasing: bytes[lineStart...index]))
                    lineStart = index + 1
                }
                index += 1
            }
            if lineStart < count {
                keepPending(UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
            }
        }) {
            // A range ends right after a line feed, so no line is pending here.
            if stream.atRangeEnd && linesInRange == nil {
                linesInRange = pass.line
                _ = mayFeed()
            }
        }
        if !pending.isEmpty || overlong, !stopped, mayFeed() {
            try feedPending()
        }
        let restart = try pass.finish(handle)
        return (restart, ReadExtent(linesInRange: linesInRange, linesRead: pass.line))
    }
}
