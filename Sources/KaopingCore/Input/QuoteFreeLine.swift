#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

/// A physical line without a quote character, starting a record, split into cells exactly as
/// libcsv splits it (strict mode, default space test), without libcsv: cells end at the
/// delimiter or the line end; spaces and tabs (unless the tab is the delimiter) around each
/// cell are dropped; the line's CR/LF ends the record; a delimiter at the end adds an empty
/// cell. A line that is only blanks never gets here (the reader reports it as blank).
///
/// Quotes are where libcsv's rules get subtle (quoted delimiters and line breaks, doubled
/// quotes, strict-mode errors), so any line with one goes to libcsv. Tests hold this split to
/// libcsv's on every fixture and on seeded random lines (`QuoteFreeLineTests`).
enum QuoteFreeLine {
    /// Splits `line` into `batch` and returns the row's content fingerprint, or, when the line
    /// holds a quote, leaves `batch` as it was and returns nil. One pass finds both the delimiters and any quote
    /// (`delimiterPositions`). Cells past the first `cellLimit` are not kept (a line of a
    /// million commas must not cost a million cells); libcsv's cells are cut the same way.
    ///
    /// The fingerprint (`RowIdentity.content`, 0 without `seeds`) is summed cell by cell as the
    /// line is split (`CellFingerprint.term`), while its bytes are still in the cache: taken
    /// afterwards from the batch, it cost about twice as much.
    static func appendCells(of line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, cellLimit: Int = .max,
                            seeds: UnsafeBufferPointer<CellFingerprint.Seeds>? = nil,
                            to batch: inout RecordBatch) -> UInt64? {
        guard line.baseAddress != nil else { return nil }
        var length = line.count
        while length > 0, line[length - 1] == 0x0A || line[length - 1] == 0x0D { length -= 1 }
        let room = max(0, min(cellLimit, length + 1))
        // The spans live on the stack, which takes at most 1 KiB (a larger temporary allocation
        // is a heap allocation per line); a line with more cells than that is split again with
        // room for all of them.
        var split = withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * stackCells) { spans in
            appendCells(of: line, length: length, delimiter: delimiter, room: room, spans: spans, seeds: seeds,
                        to: &batch)
        }
        if case .needsRoom = split {
            let spans = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * room)
            defer { spans.deallocate() }
            split = appendCells(of: line, length: length, delimiter: delimiter, room: room, spans: spans, seeds: seeds,
                                to: &batch)
        }
        switch split {
        case .split(let fingerprint): return fingerprint
        case .quoted, .needsRoom: return nil
        }
    }

    private enum Split {
        case split(fingerprint: UInt64)
        case quoted
        /// More cells than `spans` has room for, and `room` allows.
        case needsRoom
    }

    /// Cells whose spans fit in a 1 KiB stack allocation: every export has far fewer columns.
    private static let stackCells = 64

    /// The split into `spans` (starts in the first half, ends in the second).
    private static func appendCells(of line: UnsafeBufferPointer<UInt8>, length: Int, delimiter: UInt8, room: Int,
                                    spans: UnsafeMutableBufferPointer<Int>,
                                    seeds: UnsafeBufferPointer<CellFingerprint.Seeds>?,
                                    to batch: inout RecordBatch) -> Split {
        let pointer = line.baseAddress!
        let half = spans.count / 2
        let kept = min(room, half)
        // The delimiters' positions go where the cells' ends will be.
        let ends = UnsafeMutableBufferPointer(rebasing: spans[half...])
        guard let delimiters = delimiterPositions(in: pointer, length: length, delimiter: delimiter, into: ends) else {
            return .quoted
        }
        if delimiters + 1 > kept && kept < room { return .needsRoom }
        let cells = min(delimiters + 1, kept)
        // The line is stored once; its cells are spans of it, added to the batch once per line
        // (an append per cell checks the arrays' uniqueness every time).
        let base = batch.bytes.count
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { (byte == 0x20 || byte == 0x09) && byte != delimiter }
        var cellStart = 0
        // Cells past the header's width have no seeds: `RowIdentity.content` leaves them out too.
        let seeded = min(seeds?.count ?? 0, cells)
        var sum: UInt64 = 0
        for cell in 0..<cells {
            let end = cell < delimiters ? ends[cell] : length
            var start = cellStart, last = end
            while start < last, isSpace(pointer[start]) { start += 1 }
            while last > start, isSpace(pointer[last - 1]) { last -= 1 }
            if cell < seeded, start < last {
                // `CellFingerprint.term`, spelled out (called, neither it nor `CellText.trimmed`
                // was inlined here), with the edge test that settles nearly every cell inline.
                var text = line[start..<last]
                if CellText.mayStartBlank(pointer[start]) || CellText.mayEndBlank(pointer[last - 1]) {
                    text = CellText.trimmed(text)
                }
                if !text.isEmpty {
                    sum &+= CellFingerprint.of(pointer + text.startIndex, count: text.count,
                                               seeds: seeds.unsafelyUnwrapped[cell])
                }
            }
            spans[cell] = base + start
            ends[cell] = base + last
            cellStart = end + 1
        }
        if length > 0 { batch.bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: length)) }
        batch.starts.append(contentsOf: UnsafeBufferPointer(rebasing: spans[0..<cells]))
        batch.ends.append(contentsOf: UnsafeBufferPointer(rebasing: ends[0..<cells]))
        return .split(fingerprint: CellFingerprint.finish(sum))
    }

    /// How many delimiters `line` holds, the first `positions.count` of them stored in order;
    /// nil when it holds a quote. 32 bytes at a time where the processor can, else eight.
    @inline(__always)
    static func delimiterPositions(in line: UnsafePointer<UInt8>, length: Int, delimiter: UInt8,
                                   into positions: UnsafeMutableBufferPointer<Int>) -> Int? {
        let found = kaoping_find_delimiters(line, length, delimiter, positions.baseAddress, positions.count)
        if found >= 0 { return found }
        if found == -1 { return nil }
        return delimiterPositionsByWords(in: line, length: length, delimiter: delimiter, into: positions)
    }

    /// `delimiterPositions` eight bytes at a time, for processors without AVX2.
    static func delimiterPositionsByWords(in line: UnsafePointer<UInt8>, length: Int, delimiter: UInt8,
                                          into positions: UnsafeMutableBufferPointer<Int>) -> Int? {
        let delimiters = ByteWord.repeating(delimiter)
        let quotes = ByteWord.repeating(0x22)
        var found = 0
        @inline(__always) func take(_ position: Int) {
            if found < positions.count { positions[found] = position }
            found += 1
        }
        var index = 0
        while index + 8 <= length {
            let word = ByteWord.load(line + index)
            if ByteWord.matching(word, quotes) != 0 { return nil }
            var matches = ByteWord.matching(word, delimiters)
            while matches != 0 {
                take(index + matches.trailingZeroBitCount / 8)
                matches &= matches - 1
            }
            index += 8
        }
        while index < length {
            if line[index] == 0x22 { return nil }
            if line[index] == delimiter { take(index) }
            index += 1
        }
        return found
    }
}
