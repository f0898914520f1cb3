/// The quote-free fast path held to libcsv: the same bytes read with the fast path on and off
/// must give the same events, line numbers, cells and errors, and each record the content
/// fingerprint `RowIdentity.content` takes from its cells. Issue 6 allows the fast path only
/// on that condition; the tests run it on every fixture and on seeded random files, and the
/// `kaoping-fuzz` target runs it under libFuzzer.
public enum ReaderDifferential {
    /// Delimiters the first byte of a fuzz input chooses from.
    static let delimiters: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]
    /// Piece sizes the text is handed to the reader in: a line split across pieces takes
    /// another path through the reader than a line inside one.
    static let pieceSizes = [1, 7, 64, 1 << 16]

    /// nil when both ways of reading agree, else the two event lists.
    ///
    /// The first byte is a control byte: delimiter (bits 0–1), piece size (bits 2–3), one
    /// record per batch (bit 4), at most 6 cells kept (bit 5), rows of at most 48 bytes (bit 6).
    /// The rest is the text, read as UTF-8.
    public static func disagreement(in input: UnsafeBufferPointer<UInt8>) -> String? {
        guard let control = input.first else { return nil }
        let text = Array(input.dropFirst())
        let delimiter = delimiters[Int(control & 3)]
        let pieceSize = pieceSizes[Int(control >> 2 & 3)]
        let batchSize = control & 0x10 != 0 ? 1 : 4096
        var limits = ReadLimits(maxColumns: .max, maxRowBytes: .max)
        if control & 0x20 != 0 { limits.maxColumns = 6 }
        if control & 0x40 != 0 { limits.maxRowBytes = 48 }
        let libcsv = events(text, delimiter: delimiter, pieceSize: pieceSize, batchSize: batchSize, limits: limits, fastPath: false)
        let fast = events(text, delimiter: delimiter, pieceSize: pieceSize, batchSize: batchSize, limits: limits, fastPath: true)
        guard fast != libcsv || (fast + libcsv).contains(where: { $0.hasPrefix(misfingerprinted) }) else { return nil }
        return "fast path:\n" + fast.joined(separator: "\n") + "\nlibcsv:\n" + libcsv.joined(separator: "\n")
    }

    /// Every event, as text; a read that fails ends with its error.
    static func events(_ text: [UInt8], delimiter: UInt8, pieceSize: Int, batchSize: Int,
                       limits: ReadLimits = ReadLimits(maxColumns: .max, maxRowBytes: .max), fastPath: Bool) -> [String] {
        // A small replay limit, so that refused multi-line records are also read again from
        // the source, not only replayed from memory.
        let reader = CSVReader(delimiter: delimiter, batchSize: batchSize, replayLimit: 64, splitsQuoteFreeLines: fastPath,
                               maxRowBytes: limits.maxRowBytes, maxColumns: limits.maxColumns,
                               fingerprintHeader: header) { () throws(InputError) in
            MemoryPieces(text, pieceSize: pieceSize)
        }
        var seen: [String] = []
        do throws(InputError) {
            try reader.read { batch in seen += describe(batch) }
        } catch {
            seen.append("error \(error)")
        }
        return seen
    }

    /// The header whose seeds fingerprint every row as it is read: 40 columns.
    static let header = HeaderMap(kind: .cases, positions: [:], written: (0..<40).map { "列\($0)" })

    /// How a line of `describe` starts when a record's fingerprint, taken as it was read, is not
    /// the one `RowIdentity.content` takes from its cells.
    static let misfingerprinted = "fingerprint differs"

    /// A batch's events as text: each record's line, cells and fingerprint (read with
    /// `header`'s seeds), a blank line's number, a refused record's line, field and problem.
    static func describe(_ batch: RecordBatch) -> [String] {
        var seen: [String] = []
        batch.withEvents { events in
            for index in 0..<events.count {
                switch events[index] {
                case .record(let row):
                    let cells = (0..<row.fieldCount).map { "\(Array(row.field($0)))" }
                    let fingerprint = events.fingerprint(at: index, under: ObjectIdentifier(header))
                    seen.append("\(row.line): \(row.fieldCount) " + cells.joined(separator: "|")
                                + " fingerprint \(fingerprint.map(String.init) ?? "none")")
                    if fingerprint != RowIdentity.content(of: row, header: header) {
                        seen.append("\(misfingerprinted) from RowIdentity.content on line \(row.line)")
                    }
                case .blank(let line):
                    seen.append("blank \(line)")
                case let .malformed(line, field, problem):
                    seen.append("malformed \(line)/\(field) \(problem)")
                }
            }
        }
        return seen
    }
}

/// Text already in memory, handed out in pieces of a set size.
final class MemoryPieces: TextPieces {
    private let text: [UInt8]
    private let pieceSize: Int
    private var offset = 0

    init(_ text: [UInt8], pieceSize: Int) {
        self.text = text
        self.pieceSize = max(1, pieceSize)
    }

    var atRangeEnd: Bool { false }

    func next(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) -> Bool {
        guard offset < text.count else { return false }
        let end = min(text.count, offset + pieceSize)
        defer { offset = end }
        try text.withUnsafeBufferPointer { all throws(InputError) in
            try body(UnsafeBufferPointer(rebasing: all[offset..<end]))
        }
        return true
    }
}
