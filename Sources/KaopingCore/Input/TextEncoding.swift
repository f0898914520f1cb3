import CSystemSupport

/// The character encodings Kaoping reads. Excel and WPS on Chinese Windows save GB18030/GBK
/// ("ANSI"); web platforms export UTF-8, often with a BOM; Excel's "Unicode text" is UTF-16.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case gb18030 = "gb18030"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"

    /// Bytes of the byte-order mark that announced this encoding, skipped before decoding.
    var bomLength: Int {
        switch self {
        case .utf8BOM: return 3
        case .utf16LE, .utf16BE: return 2
        case .utf8, .gb18030: return 0
        }
    }

    /// Name understood by iconv, for the encodings that need transcoding.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: return nil
        case .gb18030: return "GB18030"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        }
    }

    /// Bytes of one code unit.
    var unitSize: Int {
        switch self {
        case .utf16LE, .utf16BE: return 2
        case .utf8, .utf8BOM, .gb18030: return 1
        }
    }

    /// Whether a 0A byte is always a line feed, never part of another character: true of
    /// UTF-8 and of GB18030 (whose other bytes are 30–39 and 40–FE), so a file in either can be
    /// cut into ranges at line starts and each range decoded alone; not of UTF-16.
    var cutsAtLineFeeds: Bool { unitSize == 1 }

    /// Detects the encoding from the first bytes of a file.
    ///
    /// A BOM decides outright. Without one, bytes that are valid UTF-8 are UTF-8 (plain ASCII
    /// included); otherwise GB18030 is tried, which also covers GBK and GB2312 since they are
    /// subsets. When neither reads cleanly, the one with fewer broken sequences wins, as long
    /// as they are under 5% of the non-ASCII bytes (one garbled cell costs a row, not the
    /// file); nil when both are broken beyond that. `prefixIsWholeFile` tells whether a
    /// multi-byte sequence cut at the end of the prefix is a real error or only the edge of
    /// the sample.
    public static func detect(prefix: UnsafeBufferPointer<UInt8>, prefixIsWholeFile: Bool) -> TextEncoding? {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if prefix.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if prefix.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        if UTF8Validation.invalidOffset(in: prefix, allowTruncatedEnd: !prefixIsWholeFile) == nil {
            return .utf8
        }
        let gb18030Errors = IconvDecoder.replacementCount(prefix, from: "GB18030", allowTruncatedEnd: !prefixIsWholeFile)
        if gb18030Errors == 0 { return .gb18030 }
        let utf8Errors = UTF8Repairer.replacementCount(prefix, final: prefixIsWholeFile)
        // Trust an encoding only when nearly all of the non-ASCII text decodes in it: a stray
        // byte among Chinese text, not a file of bytes that mean nothing in either.
        let nonASCII = prefix.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        func plausible(_ errors: Int) -> Bool { errors * 20 <= nonASCII - errors }
        if utf8Errors <= gb18030Errors { return plausible(utf8Errors) ? .utf8 : nil }
        return plausible(gb18030Errors) ? .gb18030 : nil
    }
}

extension TextEncoding {
    /// Bytes of non-ASCII text wanted before a guess made on plain ASCII is settled: a couple
    /// of GBK characters can pass for UTF-8 (位 is CE BB, λ in UTF-8), a line of them cannot.
    static let settlingEvidence = 256

    /// Settles a guess made on plain ASCII from the text that follows it, starting at the first
    /// non-ASCII byte: UTF-8 unless GB18030 reads it with fewer broken sequences.
    static func settle(afterASCII rest: UnsafeBufferPointer<UInt8>, final: Bool) -> TextEncoding {
        guard UTF8Validation.invalidOffset(in: rest, allowTruncatedEnd: !final) != nil else { return .utf8 }
        let gb18030Errors = IconvDecoder.replacementCount(rest, from: "GB18030", allowTruncatedEnd: !final)
        return gb18030Errors < UTF8Repairer.replacementCount(rest, final: final) ? .gb18030 : .utf8
    }
}

enum UTF8Validation {
    /// Offset of the first byte that does not start a well-formed UTF-8 sequence, or nil.
    /// With `allowTruncatedEnd`, a sequence cut short by the end of the buffer is accepted.
    static func invalidOffset(in bytes: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool) -> Int? {
        // Nearly every piece of a file is well-formed: 32 bytes at a time say so, and only a
        // piece that is not (or a processor without AVX2) is read byte by byte for the offset.
        if let base = bytes.baseAddress, kaoping_utf8_valid(base, bytes.count) == 1 { return nil }
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while index < count {
            // Plain ASCII, eight bytes at a time, then straight to the first byte that is not:
            // a row switches between codes and Chinese a dozen times.
            if index + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let high = word & 0x8080_8080_8080_8080
                if high == 0 {
                    index += 8
                    continue
                }
                index += high.trailingZeroBitCount >> 3
            } else if bytes[index] < 0x80 {
                index += 1
                continue
            }
            // Chinese text, a run of it: three bytes led by E1–EC or EE–EF, both continuations
            // in 80–BF.
            while index + 3 <= count {
                let lead = bytes[index]
                guard lead >= 0xE1, lead <= 0xEF, lead != 0xED, bytes[index + 1] & 0xC0 == 0x80,
                      bytes[index + 2] & 0xC0 == 0x80 else { break }
                index += 3
            }
            guard index < count, bytes[index] >= 0x80 else { continue }
            switch sequenceLength(bytes, at: index) {
            case .valid(let n): index += n
            case .truncated: return allowTruncatedEnd ? nil : index
            case .invalid: return index
            }
        }
        return nil
    }

    enum Sequence { case valid(Int), truncated, invalid }

    /// Classifies the UTF-8 sequence starting at `index` (RFC 3629: no overlongs, no surrogates).
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Sequence {
        let lead = bytes[index]
        if lead < 0x80 { return .valid(1) }
        let needed: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; upper = 0x9F
        case 0xF0: needed = 3; lower = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; upper = 0x8F
        default: return .invalid
        }
        for offset in 1...needed {
            guard index + offset < bytes.count else { return .truncated }
            let byte = bytes[index + offset]
            let low = offset == 1 ? lower : 0x80
            let high = offset == 1 ? upper : 0xBF
            if byte < low || byte > high { return .invalid }
        }
        return .valid(needed + 1)
    }
}
