/// One CSV record as libcsv delivered it: the fields' bytes back to back, never a `String`.
public struct RawRecord: Sendable {
    /// 1-based physical line on which the record starts.
    public internal(set) var line: Int = 0
    /// Field bytes, concatenated.
    public internal(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of each field.
    public internal(set) var ends: [Int] = []

    public init() {}

    /// Builds a record from texts; for tests and for header sniffing.
    public init(line: Int, fields: [String]) {
        self.line = line
        for field in fields {
            bytes.append(contentsOf: Array(field.utf8))
            ends.append(bytes.count)
        }
    }

    public var fieldCount: Int { ends.count }

    /// The bytes of field `index` (0-based); empty past the last field.
    @inline(__always)
    public func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index >= 0, index < ends.count else { return [] }
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]]
    }

    /// Field `index` as text, for messages and reports (never in a hot loop).
    public func text(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    public var texts: [String] { (0..<fieldCount).map(text) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
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
    /// A quoted field still open at end of file; the lines up to `lastLine` were swallowed
    /// and are read again from the next line.
    case unterminatedQuote
}
