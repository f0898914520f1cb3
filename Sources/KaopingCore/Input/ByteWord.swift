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
