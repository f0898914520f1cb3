/// Short texts that come back row after row (a case row's 事项编码: a unit handles a few hundred
/// items), each made into a `String` once and handed out again.
///
/// Making the `String` anew for every row validated and copied its bytes (about 1.5% of the
/// bench's profile with 9-character codes) and, for a code over 15 bytes (real 实施编码 run to
/// 20–30), allocated it on the heap, to be freed on another thread. A cell seen before costs
/// four loads, a comparison and a copy of the `String` instead.
///
/// A table of `slotCount` slots, each keeping the last text that hashed there, keyed by all of
/// its bytes: up to 32 bytes, its first and last 16 (overlapping when shorter) and its length,
/// which no two different texts share. A longer text is not kept. One interner serves one
/// thread at a time, and is given back with `free()`.
struct TextInterner {
    static let slotCount = 256
    static let longestKept = 32

    private struct Key: Equatable {
        let first: UInt64, second: UInt64, third: UInt64, fourth: UInt64
        /// 0 marks an empty slot: a kept text has at least one byte.
        let count: Int

        static let empty = Key(first: 0, second: 0, third: 0, fourth: 0, count: 0)

        private init(first: UInt64, second: UInt64, third: UInt64, fourth: UInt64, count: Int) {
            (self.first, self.second, self.third, self.fourth, self.count) = (first, second, third, fourth, count)
        }

        /// `count` in 1...32: up to 16 bytes, the two words of all of them; else those of the
        /// first 16 and of the last 16 (overlapping when shorter than 32).
        @inline(__always)
        init(_ bytes: UnsafeRawBufferPointer) {
            count = bytes.count
            if count <= 16 {
                let all = ShortWord(bytes)!
                (first, second, third, fourth) = (all.low, all.high, 0, 0)
            } else {
                let head = ShortWord(UnsafeRawBufferPointer(rebasing: bytes[..<16]))!
                let tail = ShortWord(UnsafeRawBufferPointer(rebasing: bytes[(count - 16)...]))!
                (first, second, third, fourth) = (head.low, head.high, tail.low, tail.high)
            }
        }

        @inline(__always)
        var slot: Int {
            let mixed = (first ^ second.rotated(by: 17) ^ third.rotated(by: 31) ^ fourth.rotated(by: 47)
                ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: mixed >> UInt64(64 - TextInterner.slotBits))
        }
    }

    private static let slotBits = slotCount.trailingZeroBitCount
    /// Unmanaged, and keys apart from texts: a lookup compares a key in place and copies
    /// nothing else out (an array of optional slots copied each slot it looked at).
    private let keys: UnsafeMutablePointer<Key>
    private let texts: UnsafeMutablePointer<String>

    init() {
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: .empty, count: Self.slotCount)
        texts = .allocate(capacity: Self.slotCount)
        texts.initialize(repeating: "", count: Self.slotCount)
    }

    /// Gives the tables back; the interner is not used after.
    func free() {
        keys.deallocate()
        texts.deinitialize(count: Self.slotCount)
        texts.deallocate()
    }

    /// The cell's text (valid UTF-8), the same `String` as the last time these bytes were seen
    /// when they hashed to a slot nothing else has taken since.
    func text(_ cell: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let count = cell.count
        guard count >= 1, count <= Self.longestKept, let base = cell.base.baseAddress else {
            return String(decoding: cell, as: UTF8.self)
        }
        let key = Key(UnsafeRawBufferPointer(start: base + cell.startIndex, count: count))
        let index = key.slot
        if keys[index] == key { return texts[index] }
        let text = String(decoding: cell, as: UTF8.self)
        keys[index] = key
        texts[index] = text
        return text
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(by bits: UInt64) -> UInt64 { self << bits | self >> (64 - bits) }
}
