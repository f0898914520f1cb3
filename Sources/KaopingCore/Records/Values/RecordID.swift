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
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { target in
            if let base = bytes.baseAddress, !bytes.isEmpty {
                target.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
            }
            target[Self.inlineCapacity] = UInt8(bytes.count)
        }
        storage = .inline(words.0, words.1, words.2, words.3)
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
