#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV record as libcsv delivered it: a view into its batch's bytes, never a `String`.
public struct RawRecord: Sendable {
    /// 1-based physical line on which the record starts.
    public internal(set) var line: Int
    private let bytes: [UInt8]
    /// Absolute start and end offsets in `bytes` of each cell, shared with the rest of the batch.
    private let starts: [Int]
    private let ends: [Int]
    private let firstField: Int
    public let fieldCount: Int

    init(line: Int, bytes: [UInt8], starts: [Int], ends: [Int], firstField: Int, fieldCount: Int) {
        self.line = line
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
        self.firstField = firstField
        self.fieldCount = fieldCount
    }

    /// Builds a record from texts; for tests and header sniffing.
    public init(line: Int, fields: [String]) {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for field in fields {
            starts.append(bytes.count)
            bytes.append(contentsOf: Array(field.utf8))
            ends.append(bytes.count)
        }
        self.init(line: line, bytes: bytes, starts: starts, ends: ends, firstField: 0, fieldCount: fields.count)
    }

    /// The bytes of field `index` (0-based); empty past the last field.
    @inline(__always)
    public func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index >= 0, index < fieldCount else { return [] }
        return bytes[starts[firstField + index]..<ends[firstField + index]]
    }

    /// Field `index` as text, for messages and reports (never in a hot loop).
    public func text(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    public var texts: [String] { (0..<fieldCount).map(text) }

    /// Calls `body` with the record's cells as pointers into its batch: what classifying and
    /// casting read, cell by cell, without touching a reference count.
    func withView<Result>(_ body: (RowView) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                ends.withUnsafeBufferPointer { ends in
                    body(RowView(line: line, bytes: bytes, starts: starts, ends: ends, firstField: firstField,
                                 fieldCount: fieldCount))
                }
            }
        }
    }
}

/// A record's cells, borrowed for the length of a `RawRecord.withView` call (only made there:
/// its memberwise initialiser is file-private).
struct RowView {
    typealias Cell = Slice<UnsafeBufferPointer<UInt8>>

    let line: Int
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let starts: UnsafeBufferPointer<Int>
    fileprivate let ends: UnsafeBufferPointer<Int>
    fileprivate let firstField: Int
    let fieldCount: Int

    /// Whether any cell holds a NUL byte, which no text export does: the mark of binary content.
    var containsNUL: Bool {
        guard fieldCount > 0 else { return false }
        let start = starts[firstField], end = ends[firstField + fieldCount - 1]
        guard end > start, let base = bytes.baseAddress else { return false }
        return memchr(base + start, 0, end - start) != nil
    }

    /// The bytes of field `index` (0-based); empty past the last field.
    @inline(__always)
    func field(_ index: Int) -> Cell {
        guard index >= 0, index < fieldCount else { return bytes[0..<0] }
        return bytes[starts[firstField + index]..<ends[firstField + index]]
    }

    /// Field `index` as text, for messages (never in a hot loop).
    func text(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }
}

/// What the CSV layer hands upward, in file order.
public enum CSVEvent: Sendable {
    /// A record (possibly spanning several physical lines).
    case record(RawRecord)
    /// An empty physical line outside any quoted field.
    case blank(line: Int)
    /// A record whose quoting libcsv refused; `field` is the 1-based field where it broke.
    case malformed(line: Int, field: Int, problem: QuotingProblem)
}

public enum QuotingProblem: Sendable, Equatable {
    /// A quote inside an unquoted field, or text right after a closing quote.
    case strayQuote
    /// A quoted field still open at end of file: the record is refused and the lines after
    /// its first line are read again.
    case unterminatedQuote
    /// A line, or a record over several lines, longer than `ReadLimits.maxRowBytes`: refused
    /// unread (`field` is 0); a record's lines after its first are read again.
    case rowTooLong
}

/// Consecutive events of one file, their field bytes stored in one buffer so that a batch of
/// thousands of records costs a handful of allocations. Cells are spans of it: a quote-free
/// line is stored whole and its cells point into it, delimiters and blanks left in between.
public struct RecordBatch: Sendable {
    enum Entry: Sendable {
        /// `fingerprint`: the row's content fingerprint under `fingerprintHeader`'s seeds, taken while
        /// the line was split (0 when the batch has no seeds).
        case record(line: Int, firstField: Int, fieldCount: Int, fingerprint: UInt64)
        case blank(line: Int)
        case malformed(line: Int, field: Int, problem: QuotingProblem)
    }

    var bytes: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var entries: [Entry] = []
    /// The header whose seeds (`HeaderMap.cellSeeds`) every record's fingerprint was taken
    /// with, or nil when the reader had none. Held, not just its address, so that no other
    /// header can take its place in memory while the batch lives: classifying with another
    /// header takes the fingerprint afresh.
    let fingerprintHeader: HeaderMap?
    /// Added to every line number handed out: a batch read from the middle of a file counts
    /// lines from its start.
    var lineOffset = 0

    /// `expectedCells`, `expectedBytes`: room to reserve, by default a guess from the entries
    /// (12 cells and 120 bytes a row).
    init(expectedEntries: Int = 0, expectedCells: Int? = nil, expectedBytes: Int? = nil,
         fingerprintHeader: HeaderMap? = nil) {
        self.fingerprintHeader = fingerprintHeader
        entries.reserveCapacity(expectedEntries)
        starts.reserveCapacity(expectedCells ?? expectedEntries * 12)
        ends.reserveCapacity(expectedCells ?? expectedEntries * 12)
        bytes.reserveCapacity(expectedBytes ?? expectedEntries * 120)
    }

    public var count: Int { entries.count }

    /// The record at `index` (a record entry) as a value that shares the batch's storage.
    func record(at index: Int) -> RawRecord {
        guard case let .record(line, firstField, fieldCount, _) = entries[index] else {
            preconditionFailure("entry \(index) of the batch is not a record")
        }
        return RawRecord(line: line + lineOffset, bytes: bytes, starts: starts, ends: ends,
                         firstField: firstField, fieldCount: fieldCount)
    }

    /// Calls `body` with the batch's events as views into its storage: classifying a batch
    /// through them counts no reference per row, where `self[index]` retains three arrays.
    func withEvents<Result>(_ body: (BatchEvents) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                ends.withUnsafeBufferPointer { ends in
                    entries.withUnsafeBufferPointer { entries in
                        body(BatchEvents(bytes: bytes, starts: starts, ends: ends, entries: entries,
                                         lineOffset: lineOffset,
                                         fingerprintHeader: fingerprintHeader.map(ObjectIdentifier.init)))
                    }
                }
            }
        }
    }

    /// Appends a cell libcsv delivered to the record being built: its bytes, and its span.
    @inline(__always)
    mutating func appendCell(_ field: UnsafeRawPointer?, count: Int) {
        starts.append(bytes.count)
        if let field, count > 0 { bytes.append(contentsOf: UnsafeRawBufferPointer(start: field, count: count)) }
        ends.append(bytes.count)
    }

    public subscript(index: Int) -> CSVEvent {
        switch entries[index] {
        case .record: return .record(record(at: index))
        case let .blank(line): return .blank(line: line + lineOffset)
        case let .malformed(line, field, problem): return .malformed(line: line + lineOffset, field: field, problem: problem)
        }
    }
}

/// A batch's events, borrowed for the length of a `RecordBatch.withEvents` call.
struct BatchEvents {
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let starts: UnsafeBufferPointer<Int>
    fileprivate let ends: UnsafeBufferPointer<Int>
    fileprivate let entries: UnsafeBufferPointer<RecordBatch.Entry>
    fileprivate let lineOffset: Int
    /// The identity of the batch's `fingerprintHeader`, which the batch holds while these
    /// events are lent: an identity, not a reference, so that no row's test counts one.
    fileprivate let fingerprintHeader: ObjectIdentifier?

    var count: Int { entries.count }

    /// The content fingerprint of the record at `index` taken while its line was split, when
    /// that was under the seeds of the header `header` identifies; nil otherwise (or for an
    /// event that is no record).
    @inline(__always)
    func fingerprint(at index: Int, under header: ObjectIdentifier) -> UInt64? {
        guard fingerprintHeader == header, case let .record(_, _, _, fingerprint) = entries[index] else { return nil }
        return fingerprint
    }

    @inline(__always)
    subscript(index: Int) -> BorrowedEvent {
        switch entries[index] {
        case let .record(line, firstField, fieldCount, _):
            return .record(RowView(line: line + lineOffset, bytes: bytes, starts: starts, ends: ends,
                                   firstField: firstField, fieldCount: fieldCount))
        case let .blank(line): return .blank(line: line + lineOffset)
        case let .malformed(line, field, problem): return .malformed(line: line + lineOffset, field: field, problem: problem)
        }
    }
}

/// A `CSVEvent` whose record is a borrowed view.
enum BorrowedEvent {
    case record(RowView)
    case blank(line: Int)
    case malformed(line: Int, field: Int, problem: QuotingProblem)
}
