#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large UTF-8 or GB18030 file cut into byte ranges that start on line starts (in either, a
/// line start is a character start: `TextEncoding.cutsAtLineFeeds`), so that each can be parsed
/// by a reader of its own on another core. See `CSVReader` for how a reader stops past its
/// range's end, and `RangeProducer` for how the ranges are put back in order.
struct FileRanges: Sendable {
    let path: String
    let fileSize: Int
    /// Where the text starts: after a byte order mark.
    let textStart: Int
    let rangeSize: Int
    /// Line feeds already found, shared by every thread: inside one enormous line, each range's
    /// start would otherwise be searched for from its own nominal start to the same line feed,
    /// over and over (the square of the line's length, over the range size).
    private let found = FoundLineFeeds()

    init(path: String, fileSize: Int, textStart: Int, rangeSize: Int) {
        self.path = path
        self.fileSize = fileSize
        self.textStart = textStart
        self.rangeSize = rangeSize
    }

    var count: Int { max(1, (fileSize - textStart + rangeSize - 1) / rangeSize) }

    /// Start of range `index`: the line start after the first line feed at or after its
    /// nominal start (the file's end when there is none). Every range is worked out alone, by
    /// whichever thread reads it, and they all agree.
    func start(of index: Int, descriptor: Int32) throws(InputError) -> Int {
        if index == 0 { return textStart }
        if index >= count { return fileSize }
        let nominal = textStart + index * rangeSize - 1
        if let known = found.lineStart(after: nominal) { return known }
        var position = nominal
        var window = [UInt8](repeating: 0, count: 4096)
        while position < fileSize {
            let read = try Self.readFully(descriptor, into: &window, at: position, count: min(window.count, fileSize - position), path: path)
            if read == 0 { break }
            if let feed = window[0..<read].firstIndex(of: 0x0A) {
                found.add(from: nominal, lineStart: position + feed + 1)
                return position + feed + 1
            }
            position += read
            if window.count < 1 << 16 { window = [UInt8](repeating: 0, count: 1 << 16) }
        }
        found.add(from: nominal, lineStart: fileSize)
        return fileSize
    }

    /// Reads up to `count` bytes at `offset` (fewer only at end of file).
    static func readFully(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int, count: Int, path: String) throws(InputError) -> Int {
        var total = 0
        while total < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + total, count - total, off_t(offset + total))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}

/// Where a reader thread reads its ranges' bytes, kept from one range to the next: a buffer
/// per range (hundreds of KiB, thousands of ranges in a city's file) came fresh from the
/// system each time, zeroed and faulted in page by page.
final class RangeBuffer {
    fileprivate var bytes: [UInt8] = []
}

/// The text of one byte range of a UTF-8 or GB18030 file, from its start on (a reader may go on
/// past the end of the range to finish a record): the whole range in one piece (up to 4 MiB),
/// then small pieces. Malformed UTF-8 is repaired, and GB18030 decoded with its own `iconv`, as
/// `DecodedChunks` does; only repairs inside the range are counted, so that ranges add up to
/// the file. It reads through a descriptor it borrows.
final class FileRangePieces: TextPieces {
    static let overflowPieceSize = 1 << 16
    /// Ranges are a few hundred KiB plus a line; a longer one is read in pieces of this size.
    static let largestPiece = 1 << 22

    private let descriptor: Int32
    private let path: String
    private var offset: Int
    /// nil: the range runs to the end of the file.
    private let rangeEnd: Int?
    private let buffer: RangeBuffer
    private var repairer = UTF8Repairer()
    /// GB18030's decoder; nil for UTF-8.
    private let iconv: IconvDecoder?
    private var output: [UInt8] = []
    private var rangeEndSignalled = false
    private var finished = false
    private(set) var atRangeEnd = false
    private(set) var replacementsInRange = 0

    init(descriptor: Int32, path: String, range: Range<Int>, isLast: Bool, encoding: TextEncoding = .utf8,
         buffer: RangeBuffer = RangeBuffer()) throws(InputError) {
        if let name = encoding.iconvName {
            guard encoding.cutsAtLineFeeds, let decoder = IconvDecoder(from: name) else {
                throw .unsupportedEncoding(path: path, encoding: name)
            }
            iconv = decoder
        } else {
            iconv = nil
        }
        self.descriptor = descriptor
        self.path = path
        self.buffer = buffer
        offset = range.lowerBound
        rangeEnd = isLast ? nil : range.upperBound
    }

    func next(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) -> Bool {
        atRangeEnd = false
        if finished { return false }
        if let rangeEnd, offset == rangeEnd, !rangeEndSignalled {
            // An empty range: nothing to hand out but its end.
            signalRangeEnd()
            try body(UnsafeBufferPointer(start: nil, count: 0))
            return true
        }
        let want: Int
        if let rangeEnd, offset < rangeEnd {
            // A range ends at a line feed, and a line may be enormous: no piece is that large.
            want = min(rangeEnd - offset, Self.largestPiece)
        } else {
            want = Self.overflowPieceSize
        }
        if buffer.bytes.count < want { buffer.bytes = [UInt8](repeating: 0, count: want) }
        let read = try FileRanges.readFully(descriptor, into: &buffer.bytes, at: offset, count: want, path: path)
        if read == 0 {
            finished = true
            output.removeAll(keepingCapacity: true)
            decode(UnsafeBufferPointer(start: nil, count: 0), final: true)
            try output.withUnsafeBufferPointer { rest throws(InputError) in try body(rest) }
            return true
        }
        offset += read
        try buffer.bytes.withUnsafeBufferPointer { all throws(InputError) in
            let piece = UnsafeBufferPointer(rebasing: all[0..<read])
            if iconv == nil, repairer.passesThrough(piece) {
                try body(piece)
            } else {
                output.removeAll(keepingCapacity: true)
                // A range ends right after a line feed, which no character holds in either
                // encoding: what is still undecoded there is broken, and is replaced as reading
                // the whole file would. (glibc takes GB18030's 81 30 0A at the end of its input
                // for a four-byte character cut short and keeps it back; the line feed would
                // never reach the reader.)
                decode(piece, final: offset == rangeEnd)
                try output.withUnsafeBufferPointer { decoded throws(InputError) in try body(decoded) }
            }
        }
        if let rangeEnd, offset == rangeEnd { signalRangeEnd() }
        return true
    }

    private func signalRangeEnd() {
        rangeEndSignalled = true
        atRangeEnd = true
        replacementsInRange = replacements
    }

    private func decode(_ piece: UnsafeBufferPointer<UInt8>, final: Bool) {
        if let iconv {
            iconv.decode(piece, into: &output, final: final)
        } else {
            repairer.decode(piece, into: &output, final: final)
        }
    }

    /// Repairs made in all, the range and what was read past it.
    var replacements: Int { iconv?.replacements ?? repairer.replacements }
}

/// Stretches known to hold no line feed but their last byte: `from...lineStart - 1`.
private final class FoundLineFeeds: @unchecked Sendable {
    private var stretches: [(from: Int, lineStart: Int)] = []
    private let lock = PThreadMutex()

    /// The line start after the first line feed at or after `position`, when a search already
    /// went through it.
    func lineStart(after position: Int) -> Int? {
        lock.withLock { stretches.first { $0.from <= position && position < $0.lineStart }?.lineStart }
    }

    func add(from: Int, lineStart: Int) {
        // Only long searches are worth keeping; a normal line is found in the first read.
        guard lineStart - from > 4096 else { return }
        lock.withLock { stretches.append((from, lineStart)) }
    }
}
