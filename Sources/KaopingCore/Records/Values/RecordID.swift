/// The text of a row's own identifier (办件编号, 工单编号), kept inside the value when it is
/// short. Real 办件编号 run to 16–30 characters, past the 15 bytes a Swift `String` holds
/// without a heap allocation; as a `String`, every case row of a city would cost a malloc, a
/// free and atomic reference counting on each copy of its record.
///
/// Up to `inlineCapacity` bytes are stored inline; longer identifiers (rare) fall back to a
/// `String`. The choice depends only on the length, so equal texts are equal values.
public struct RecordID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public static let inlineCapacity = 31

    private enum Storage: Sendable, Hashable {
        /// Bytes little-endian in the words, the length in the last byte of `w3`.
        case inline(UInt64, UInt64, UInt64, UInt64)
        case text(String)
    }

    private let storage: Storage

    /// An identifier from UTF-8 bytes that are already valid (a cell that passed validation).
    init(validUTF8 bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.inlineCapacity else {
            storage = .text(String(decoding: bytes, as: UTF8.self))
            return
        }
        // Loaded word by word from the cell, not copied into zeroed words and read back: the
        // copy's small stores could not be forwarded to the word loads, which waited for them
        // (a fifth of the case cast's own time).
        let base = bytes.baseAddress, count = bytes.count
        var words = (Self.word(base, count: count, at: 0), Self.word(base, count: count, at: 8),
                     Self.word(base, count: count, at: 16), Self.word(base, count: count, at: 24))
        words.3 |= UInt64(count) << 56
        storage = .inline(words.0, words.1, words.2, words.3)
    }

    /// Bytes `offset..<offset + 8` of the `count` at `base`, little-endian, zero past `count`;
    /// no load reaches outside them.
    @inline(__always)
    private static func word(_ base: UnsafeRawPointer?, count: Int, at offset: Int) -> UInt64 {
        guard let base, offset < count else { return 0 }
        if offset + 8 <= count { return base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        let tail = count - offset
        if count >= 8 {
            // The last eight bytes, moved down past those of the word before.
            return base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(8 * (8 - tail))
        }
        if count >= 4 {
            // Two four-byte loads that overlap; the shared bytes are the same in both.
            return UInt64(base.loadUnaligned(as: UInt32.self))
                | UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << UInt64(8 * (count - 4))
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        return UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << UInt64(8 * (count >> 1))
            | UInt64(bytes[count - 1]) << UInt64(8 * (count - 1))
    }

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { RecordID(validUTF8: UnsafeRawBufferPointer($0)) }
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The identifier's UTF-8 bytes, for hashing and comparing without making a `String`.
    @inline(__always)
    func withUTF8<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .inline(let w0, let w1, let w2, let w3):
            var words = (w0, w1, w2, w3)
            return try withUnsafeBytes(of: &words) { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<Int(raw[Self.inlineCapacity])]))
            }
        case .text(var text):
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Mixes the identifier into `hash` as one tagged cell (`StableHash.combineCell`); an
    /// inline one's tail is one load, the words it lies in being readable to their end.
    @inline(__always)
    func combine(into hash: inout StableHash, tag: UInt64) {
        switch storage {
        case .inline(let w0, let w1, let w2, let w3):
            var words = (w0, w1, w2, w3)
            withUnsafeBytes(of: &words) { raw in
                let count = Int(raw[Self.inlineCapacity])
                hash.combineCell(UnsafeRawBufferPointer(rebasing: raw[0..<count]), tag: tag, readableAfter: raw.count - count)
            }
        case .text(var text):
            text.withUTF8 { hash.combineCell(UnsafeRawBufferPointer($0), tag: tag) }
        }
    }

    public var text: String {
        switch storage {
        case .inline: return withUTF8 { String(decoding: $0, as: UTF8.self) }
        case .text(let text): return text
        }
    }

    public var description: String { text }

    /// Byte order, which for the ASCII identifiers of real exports is the order of their text.
    public static func < (a: RecordID, b: RecordID) -> Bool {
        a.withUTF8 { left in b.withUTF8 { right in left.lexicographicallyPrecedes(right) } }
    }
}
