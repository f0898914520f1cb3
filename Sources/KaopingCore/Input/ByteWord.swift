/// Eight bytes at a time: finding the bytes of a word equal to a given byte without a branch
/// per byte, where a line's bytes are scanned for delimiters, quotes and line ends.
enum ByteWord {
    /// The byte repeated in all eight lanes.
    @inline(__always)
    static func repeating(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The high bit of each byte of `word` equal to the byte repeated in `pattern`, exactly
    /// (no borrow from one byte into the next).
    @inline(__always)
    static func matching(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let difference = word ^ pattern
        let low7 = (difference & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
        return ~(low7 | difference) & 0x8080_8080_8080_8080
    }

    /// The little-endian word at `pointer`, aligned or not.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }
}

/// A text of 1 to 16 bytes as two words that hold all of its bytes: the first
/// and last eight (or four) bytes, overlapping when it is shorter than 16, so no load reaches
/// past its end. Of two texts of the same length, no two give the same words.
struct ShortWord {
    let low: UInt64
    let high: UInt64

    @inline(__always)
    init?(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count >= 1, count <= 16, let base = bytes.baseAddress else { return nil }
        if count >= 8 {
            low = base.loadUnaligned(as: UInt64.self)
            high = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            low = UInt64(base.loadUnaligned(as: UInt32.self))
            high = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else {
            low = UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1]) << 16
            high = 0
        }
    }
}
