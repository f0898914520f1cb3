/// Byte-level text handling for cells: trimming, full-width folding and case folding, done on
/// UTF-8 bytes so the hot path never builds a `String` per field.
public enum CellText {
    /// Removes ASCII whitespace, U+3000 (ideographic space), U+00A0 and U+FEFF (BOM) at both ends.
    @inline(__always)
    public static func trimmed<Bytes: ByteView>(_ bytes: Bytes) -> Bytes {
        var start = bytes.startIndex
        var end = bytes.endIndex
        // Nearly every cell starts and ends with a byte no blank starts or ends with: two
        // checks instead of the comparisons below, on every cell of every row.
        guard start < end, mayStartBlank(bytes[start]) || mayEndBlank(bytes[end - 1]) else { return bytes }
        while start < end {
            let width = blankWidth(bytes, at: start)
            if width == 0 { break }
            start += width
        }
        while end > start {
            let width = blankWidthBefore(bytes, end: end, floor: start)
            if width == 0 { break }
            end -= width
        }
        return bytes[start..<end]
    }

    /// Whether a blank may start with `byte`: ASCII controls and space, and the lead bytes of
    /// U+00A0 (C2), U+3000 (E3) and U+FEFF (EF), as bits of a mask over C0–FF.
    @inline(__always)
    static func mayStartBlank(_ byte: UInt8) -> Bool {
        byte <= 0x20 || (byte >= 0xC0 && (0x0000_8008_0000_0004 as UInt64) >> UInt64(byte & 0x3F) & 1 != 0)
    }

    /// Whether a blank may end with `byte`: ASCII controls and space, and the last bytes of
    /// U+3000 (80), U+00A0 (A0) and U+FEFF (BF), as bits of a mask over 80–BF.
    @inline(__always)
    static func mayEndBlank(_ byte: UInt8) -> Bool {
        byte <= 0x20 || (byte & 0xC0 == 0x80 && (0x8000_0001_0000_0001 as UInt64) >> UInt64(byte & 0x3F) & 1 != 0)
    }

    @inline(__always)
    private static func blankWidth<Bytes: ByteView>(_ bytes: Bytes, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
        if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE3, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return 3 }
        if byte == 0xEF, index + 2 < bytes.endIndex, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return 3 }
        return 0
    }

    @inline(__always)
    private static func blankWidthBefore<Bytes: ByteView>(_ bytes: Bytes, end: Int, floor: Int) -> Int {
        let byte = bytes[end - 1]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
        if end - 2 >= floor, byte == 0xA0, bytes[end - 2] == 0xC2 { return 2 }
        if end - 3 >= floor {
            let b0 = bytes[end - 3], b1 = bytes[end - 2]
            if b0 == 0xE3, b1 == 0x80, byte == 0x80 { return 3 }
            if b0 == 0xEF, b1 == 0xBB, byte == 0xBF { return 3 }
        }
        return 0
    }

    /// Trimmed, with full-width forms (U+FF01–U+FF5E, U+3000) folded to ASCII and, when
    /// `lowercase`, ASCII letters lowered. Written into `output`, which is cleared first.
    @inline(__always)
    public static func fold<Bytes: ByteView>(_ bytes: Bytes, lowercase: Bool, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        let text = trimmed(bytes)
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            let byte = text[index]
            if byte < 0x80 {
                output.append(lowercase && byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                index += 1
                continue
            }
            // U+FF01–U+FF3F is EF BC 81–BF; U+FF40–U+FF5E is EF BD 80–9E.
            if byte == 0xEF, index + 2 < end {
                let b1 = text[index + 1], b2 = text[index + 2]
                var ascii: UInt8 = 0
                if b1 == 0xBC, b2 >= 0x81, b2 <= 0xBF { ascii = b2 - 0x81 + 0x21 }
                if b1 == 0xBD, b2 >= 0x80, b2 <= 0x9E { ascii = b2 - 0x80 + 0x60 }
                if ascii != 0 {
                    output.append(lowercase && ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii)
                    index += 3
                    continue
                }
            }
            if byte == 0xE3, index + 2 < end, text[index + 1] == 0x80, text[index + 2] == 0x80 {
                output.append(0x20)
                index += 3
                continue
            }
            output.append(byte)
            index += 1
        }
    }

    /// Convenience for non-hot paths: the folded text as a `String`.
    public static func folded(_ text: String, lowercase: Bool) -> String {
        var output: [UInt8] = []
        fold(ArraySlice(Array(text.utf8)), lowercase: lowercase, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// A column header in the form it is matched in: trimmed, BOM removed, full-width folded,
    /// ASCII lowercased, and runs of spaces or hyphens in English names made `_`.
    public static func normalizedHeader(_ text: String) -> String {
        let folded = folded(text, lowercase: true)
        var result = ""
        var pendingJoin = false
        for scalar in folded.unicodeScalars {
            if scalar == " " || scalar == "-" {
                pendingJoin = !result.isEmpty
                continue
            }
            if pendingJoin { result.unicodeScalars.append("_") }
            pendingJoin = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    @inline(__always)
    public static func hasPrefix<Bytes: ByteView>(_ bytes: Bytes, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        var index = bytes.startIndex
        for byte in prefix {
            if bytes[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// True when the bytes hold U+FFFD, the mark left where the file's encoding was broken.
    @inline(__always)
    public static func containsReplacement<Bytes: ByteView>(_ bytes: Bytes) -> Bool {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == 0xEF, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD { return true }
            index += 1
        }
        return false
    }
}
