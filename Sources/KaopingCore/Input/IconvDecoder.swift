#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams bytes of one encoding into UTF-8 with Glibc's iconv.
///
/// A byte sequence that cannot be decoded becomes U+FFFD and decoding goes on, so one garbled
/// cell costs one rejected row, not the file. A sequence cut at the end of a chunk is carried
/// into the next call.
final class IconvDecoder {
    private let handle: iconv_t
    private var carry: [UInt8] = []
    private(set) var replacements = 0
    /// Bytes of one code unit of the source encoding: what to step over after a bad sequence,
    /// so UTF-16 stays aligned and its later lines are not lost.
    private let unitSize: Int

    init?(from encoding: String, to target: String = "UTF-8", unitSize: Int = 1) {
        self.unitSize = unitSize
        guard let handle = iconv_open(target, encoding), handle != iconv_t(bitPattern: -1) else { return nil }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// Appends the UTF-8 form of `input` to `output`. With `final`, a trailing partial
    /// sequence is replaced rather than carried.
    func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool) {
        var pending = carry
        pending.append(contentsOf: input)
        carry.removeAll(keepingCapacity: true)
        pending.withUnsafeMutableBufferPointer { source in
            var inPointer = UnsafeMutableRawPointer(source.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = source.count
            var scratch = [UInt8](repeating: 0, count: max(4096, source.count * 2))
            while inLeft > 0 {
                let (status, written, error) = scratch.withUnsafeMutableBytes { raw -> (Int, Int, Int32) in
                    var outPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = raw.count
                    let status = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (status, raw.count - outLeft, errno)
                }
                output.append(contentsOf: scratch[0..<written])
                if status != -1 { break }
                switch error {
                case E2BIG:
                    continue
                case EINVAL where !final:
                    // An incomplete sequence at the end: keep it for the next chunk.
                    let start = source.count - inLeft
                    carry.append(contentsOf: source[start...])
                    inLeft = 0
                default:
                    // EILSEQ, or EINVAL at the very end: replace one code unit and go on.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    replacements += 1
                    let step = min(unitSize, inLeft)
                    inPointer = inPointer.map { $0 + step }
                    inLeft -= step
                }
            }
        }
    }

    /// Sequences of `bytes` that do not decode from `encoding` (Int.max when iconv lacks it).
    static func replacementCount(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: String, allowTruncatedEnd: Bool) -> Int {
        guard let decoder = IconvDecoder(from: encoding) else { return Int.max }
        var sink: [UInt8] = []
        decoder.decode(bytes, into: &sink, final: !allowTruncatedEnd)
        return decoder.replacements
    }
}

/// Checks UTF-8 input as it streams, replacing malformed sequences with U+FFFD.
struct UTF8Repairer {
    private var carry: [UInt8] = []
    private(set) var replacements = 0

    /// Malformed sequences in `bytes`.
    static func replacementCount(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
        var repairer = UTF8Repairer()
        var sink: [UInt8] = []
        repairer.decode(bytes, into: &sink, final: final)
        return repairer.replacements
    }

    /// True when `input` can be used as it is: well-formed, and nothing carried over.
    func passesThrough(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        carry.isEmpty && UTF8Validation.invalidOffset(in: input, allowTruncatedEnd: false) == nil
    }

    /// Copies runs of well-formed UTF-8 in one go; only a broken sequence, or one cut by the
    /// end of the chunk, is handled byte by byte.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool) {
        var start = 0
        // First finish the sequence the previous chunk ended in.
        while !carry.isEmpty {
            var head = carry
            head.append(contentsOf: input.prefix(4))
            let outcome = head.withUnsafeBufferPointer { UTF8Validation.sequenceLength($0, at: 0) }
            switch outcome {
            case .valid(let length):
                output.append(contentsOf: head[0..<length])
                if length <= carry.count {
                    carry.removeFirst(length)
                } else {
                    start = length - carry.count
                    carry.removeAll()
                }
            case .truncated where !final:
                carry.append(contentsOf: input)
                return
            case .truncated, .invalid:
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replacements += 1
                carry.removeFirst()
            }
        }
        var index = start
        var runStart = start
        let count = input.count
        while index < count {
            if input[index] < 0x80 {
                index += 1
                continue
            }
            switch UTF8Validation.sequenceLength(input, at: index) {
            case .valid(let length):
                index += length
            case .truncated where !final:
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                carry.append(contentsOf: input[index...])
                return
            case .truncated, .invalid:
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replacements += 1
                index += 1
                runStart = index
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<count]))
    }
}
