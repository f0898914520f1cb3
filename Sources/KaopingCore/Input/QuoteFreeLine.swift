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
    @inline(__always)
    static func hasNoQuote(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress, !line.isEmpty else { return true }
        return memchr(base, 0x22, line.count) == nil
    }

    static func appendCells(of line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to batch: inout RecordBatch) {
        var length = line.count
        while length > 0, line[length - 1] == 0x0A || line[length - 1] == 0x0D { length -= 1 }
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { (byte == 0x20 || byte == 0x09) && byte != delimiter }
        // The line is stored once; its cells are spans of it.
        let base = batch.bytes.count
        if length > 0 { batch.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[0..<length])) }
        var index = 0
        while true {
            while index < length, isSpace(line[index]) { index += 1 }
            let start = index
            if let base = line.baseAddress, index < length,
               let found = memchr(base + index, Int32(delimiter), length - index) {
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                index = length
            }
            var end = index
            while end > start, isSpace(line[end - 1]) { end -= 1 }
            batch.starts.append(base + start)
            batch.ends.append(base + end)
            if index >= length { return }
            index += 1  // past the delimiter
        }
    }
}
