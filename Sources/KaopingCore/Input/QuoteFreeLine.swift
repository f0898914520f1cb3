#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Splits `line` into `batch` and returns true, or, when the line holds a quote, leaves
    /// `batch` as it was and returns false. One pass, eight bytes at a time, finds both the
    /// delimiters and any quote. Cells past the first `cellLimit` are not kept (a line of a
    /// million commas must not cost a million cells); libcsv's cells are cut the same way.
    static func appendCells(of line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, cellLimit: Int = .max,
                            to batch: inout RecordBatch) -> Bool {
        guard line.baseAddress != nil else { return false }
        var length = line.count
        while length > 0, line[length - 1] == 0x0A || line[length - 1] == 0x0D { length -= 1 }
        let room = max(0, min(cellLimit, length + 1))
        // The spans live on the stack, which takes at most 1 KiB (a larger temporary allocation
        // is a heap allocation per line); a line with more cells than that is split again with
        // room for all of them.
        let split = withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * stackCells) { spans in
            appendCells(of: line, length: length, delimiter: delimiter, room: room, spans: spans, to: &batch)
        }
        if let split { return split }
        let spans = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * room)
        defer { spans.deallocate() }
        return appendCells(of: line, length: length, delimiter: delimiter, room: room, spans: spans, to: &batch)!
    }

    /// Cells whose spans fit in a 1 KiB stack allocation: every export has far fewer columns.
    private static let stackCells = 64

    /// The split into `spans` (starts in the first half, ends in the second), nil when the
    /// line has more cells than half of `spans` holds and `room` allows.
    private static func appendCells(of line: UnsafeBufferPointer<UInt8>, length: Int, delimiter: UInt8, room: Int,
                                    spans: UnsafeMutableBufferPointer<Int>, to batch: inout RecordBatch) -> Bool? {
        let pointer = line.baseAddress!
        // The line is stored once; its cells are spans of it, gathered here and added to the
        // batch once per line (an append per cell checks the arrays' uniqueness every time).
        let base = batch.bytes.count
        let half = spans.count / 2
        let kept = min(room, half)
        var cells = 0
        var cellStart = 0
        var overflowed = false

        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { (byte == 0x20 || byte == 0x09) && byte != delimiter }
        @inline(__always) func endCell(at end: Int) {
            guard cells < kept else {
                if cells < room { overflowed = true }
                return
            }
            var start = cellStart, last = end
            while start < last, isSpace(line[start]) { start += 1 }
            while last > start, isSpace(line[last - 1]) { last -= 1 }
            spans[cells] = base + start
            spans[half + cells] = base + last
            cells += 1
            cellStart = end + 1
        }

        let delimiters = ByteWord.repeating(delimiter)
        let quotes = ByteWord.repeating(0x22)
        var index = 0
        while index + 8 <= length {
            let word = ByteWord.load(pointer + index)
            if ByteWord.matching(word, quotes) != 0 { return false }
            var found = ByteWord.matching(word, delimiters)
            while found != 0 {
                endCell(at: index + found.trailingZeroBitCount / 8)
                found &= found - 1
            }
            index += 8
        }
        while index < length {
            if line[index] == 0x22 { return false }
            if line[index] == delimiter { endCell(at: index) }
            index += 1
        }
        endCell(at: length)
        if overflowed { return nil }
        if length > 0 { batch.bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: length)) }
        batch.starts.append(contentsOf: UnsafeBufferPointer(rebasing: spans[0..<cells]))
        batch.ends.append(contentsOf: UnsafeBufferPointer(rebasing: spans[half..<half + cells]))
        return true
    }
}
