/// A 64-bit fingerprint of one cell's text under its column's name, for `RowIdentity.content`,
/// which adds those of a row's cells up. Stable across runs and machines.
///
/// Built for the hot loop: a cell of up to 16 bytes (nearly every cell: codes, numbers, words)
/// is its two words (`ShortWord`, no load outside the cell) and one 64 × 64 → 128-bit
/// multiplication, with no loop. A longer cell adds one multiplication per 16 bytes, each with
/// seeds of its own place in the cell, so that moving text within a cell changes the
/// fingerprint.
enum CellFingerprint {
    /// Two words drawn from a column's name: the same name always gives the same seeds, and
    /// different names seeds as unrelated as a hash makes them.
    struct Seeds: Sendable, Equatable {
        let first: UInt64
        let second: UInt64

        /// `occurrence`: how many columns of the file before this one have the same name. A
        /// header may name a column twice (备注 and 备注, blank cells after a trailing comma);
        /// the first of them is compared with the first, the second with the second, and text
        /// moved from one to the other is another row.
        init(columnName: String, occurrence: Int = 0) {
            var hash = StableHash()
            hash.combine(columnName.utf8)
            hash.mixWord(UInt64(truncatingIfNeeded: occurrence))
            first = hash.value
            hash.mixWord(0x6A09_E667_F3BC_C909)
            second = hash.value
        }
    }

    /// What one cell adds to its row's fingerprint: its trimmed text's fingerprint, or 0 when
    /// it is empty (an empty cell and an absent column are the same). Every reading of a row
    /// goes through here: the quote-free split, libcsv's cells and `RowIdentity.content`.
    @inline(__always)
    static func term(_ cell: Slice<UnsafeBufferPointer<UInt8>>, seeds: Seeds) -> UInt64 {
        let text = CellText.trimmed(cell)
        guard !text.isEmpty else { return 0 }
        return of(UnsafeRawPointer(text.base.baseAddress! + text.startIndex), count: text.count, seeds: seeds)
    }

    /// The fingerprint of the `count` bytes at `bytes` (at least one) under `seeds`.
    @inline(__always)
    static func of(_ bytes: UnsafeRawPointer, count: Int, seeds: Seeds) -> UInt64 {
        let length = UInt64(truncatingIfNeeded: count)
        if let word = ShortWord(UnsafeRawBufferPointer(start: bytes, count: count)) {
            return fold(word.low ^ seeds.first, word.high ^ (seeds.second &+ length))
        }
        // The last 16 bytes (overlapping the chunk before when the length is no multiple of
        // 16), then every whole chunk before them, each under seeds moved by its place.
        var sum = fold(bytes.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self) ^ seeds.second,
                       bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) ^ (seeds.first &+ length))
        var offset = 0
        var first = seeds.first, second = seeds.second
        while offset + 16 < count {
            first &+= 0x9E37_79B9_7F4A_7C15
            second &-= 0xC2B2_AE3D_27D4_EB4F
            sum &+= fold(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ first,
                         bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ second)
            offset += 16
        }
        return sum
    }

    /// The row's fingerprint from the sum of its cells': every bit of the sum spread over it.
    @inline(__always)
    static func finish(_ sum: UInt64) -> UInt64 {
        var hash = StableHash()
        hash.mixWord(sum)
        return hash.value
    }

    /// Both halves of the full product, folded: every bit of each factor reaches the result.
    /// The factors are added in too, one of them turned, so that a zero factor does not wipe
    /// out the other and swapping them changes the result.
    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low ^ a ^ (b << 32 | b >> 32)
    }
}
