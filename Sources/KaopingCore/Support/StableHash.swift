/// FNV-1a with a final avalanche, over bytes; stable across runs and machines (Swift's
/// `Hasher` is seeded per process, which would make nothing wrong but everything harder to debug).
struct StableHash {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func combine<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
    }

    /// A cell framed by its length and tagged (with its column's hashed name), in one word, so
    /// that no two different rows hash the same stream. Eight bytes at a time: every data
    /// row's cells go through here. `readableAfter`: bytes after the cell that may be read
    /// (and are ignored), so that its tail is one load.
    @inline(__always)
    mutating func combineCell(_ raw: UnsafeRawBufferPointer, tag: UInt64, readableAfter: Int = 0) {
        let count = raw.count
        mixWord(tag &+ UInt64(truncatingIfNeeded: count))
        var offset = 0
        while offset + 8 <= count {
            mixWord(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count && count - offset + readableAfter >= 8 {
            // The tail in one load, the bytes past the cell masked off: the same word as below.
            let word = UnsafeRawPointer(raw.baseAddress! + offset).loadUnaligned(as: UInt64.self)
            mixWord(word & (~UInt64(0) &>> (64 - 8 * UInt64(count - offset))))
        } else if offset < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            mixWord(tail)
        }
    }

    /// A string as one tagged cell (see `combineCell`).
    @inline(__always)
    mutating func combineText(_ text: String, tag: UInt64) {
        var text = text
        text.withUTF8 { combineCell(UnsafeRawBufferPointer($0), tag: tag) }
    }

    @inline(__always)
    mutating func mixWord(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 32
    }

    var value: UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
