import CSystemSupport
@testable import KaopingCore
import Testing

@Suite("UTF-8 repair across chunks")
struct UTF8RepairerTests {
    static let sample: [UInt8] = Array("办件,".utf8) + [0xE5, 0x8A] + Array("ab😀c".utf8) + [0xFF] + Array("受理时间\n".utf8) + [0xF0, 0x9F]

    private func decode(_ chunks: [[UInt8]]) -> (text: [UInt8], replacements: Int) {
        var repairer = UTF8Repairer()
        var output: [UInt8] = []
        for (index, chunk) in chunks.enumerated() {
            chunk.withUnsafeBufferPointer { repairer.decode($0, into: &output, final: index == chunks.count - 1) }
        }
        return (output, repairer.replacements)
    }

    @Test("Whole, the sample keeps its good text and marks each broken byte")
    func whole() {
        let (text, replacements) = decode([Self.sample])
        let expected = Array("办件,".utf8) + [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD] + Array("ab😀c".utf8)
            + [0xEF, 0xBF, 0xBD] + Array("受理时间\n".utf8) + [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]
        #expect(text == expected)
        #expect(replacements == 5)
    }

    @Test("Split anywhere, in two or three chunks, the result is the same")
    func splits() {
        let whole = decode([Self.sample])
        for cut in 0...Self.sample.count {
            let two = decode([Array(Self.sample[..<cut]), Array(Self.sample[cut...])])
            #expect(two.text == whole.text, "cut at \(cut)")
            #expect(two.replacements == whole.replacements, "cut at \(cut)")
            for second in cut...Self.sample.count {
                let three = decode([Array(Self.sample[..<cut]), Array(Self.sample[cut..<second]), Array(Self.sample[second...])])
                #expect(three.text == whole.text, "cuts at \(cut), \(second)")
            }
        }
    }

    @Test("Validation agrees with the standard library on random bytes around every three-byte lead")
    func validationAgreesWithStandardLibrary() {
        var random = SeededRandom(seed: 0xE4)
        let pieces: [[UInt8]] = [
            [0x61], [0xE4, 0xB8, 0xAD], [0xE0], [0xED], [0xEF], [0xE1], [0xEC], [0xEE], [0xF0], [0xC2],
            [0x80], [0x9F], [0xA0], [0xBF], [0xC0], [0xFF], [0x7F], [0xE9, 0x80], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80],
        ]
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) { bytes += pieces[Int(random.next() % UInt64(pieces.count))] }
            let ours = bytes.withUnsafeBufferPointer { UTF8Validation.invalidOffset(in: $0, allowTruncatedEnd: false) }
            let standard = String(validating: bytes, as: UTF8.self)
            #expect((ours == nil) == (standard != nil), "\(bytes)")
            if ours != nil { invalid += 1 }
        }
        #expect(invalid > 1000 && invalid < 19_000)
    }

    /// The 32-byte check (`kaoping_utf8_valid`) looks at each byte through the two before it,
    /// across block boundaries and up to the end: every lead byte, with followers from every
    /// class the check tells apart, placed astride the first block's end and at the very end.
    @Test("The block check agrees with the standard library on every lead byte, astride blocks and at the end")
    func blockCheckAgreesWithStandardLibrary() throws {
        let probe: [UInt8] = [0xE4, 0xB8, 0xAD]
        try #require(probe.withUnsafeBufferPointer { kaoping_utf8_valid($0.baseAddress, $0.count) } != -1,
                     "this processor has no AVX2: nothing to hold to the standard library")
        let seconds: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED,
                                0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        let thirds: [UInt8] = [0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0]
        let fourths: [UInt8] = [0x41, 0x8F, 0x90]
        let placements = [(before: 29, after: 3), (before: 30, after: 3), (before: 31, after: 0), (before: 60, after: 0)]
        var disagreements: [[UInt8]] = []
        var invalid = 0, checked = 0
        for lead in 0...255 {
            for second in seconds {
                for third in thirds {
                    for fourth in fourths {
                        for placement in placements {
                            let bytes = [UInt8](repeating: 0x61, count: placement.before) + [UInt8(lead), second, third, fourth]
                                + [UInt8](repeating: 0x62, count: placement.after)
                            let ours = bytes.withUnsafeBufferPointer { kaoping_utf8_valid($0.baseAddress, $0.count) } == 1
                            let standard = String(validating: bytes, as: UTF8.self) != nil
                            if ours != standard { disagreements.append(bytes) }
                            if !standard { invalid += 1 }
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(disagreements.count == 0, "\(Array(disagreements.prefix(5)))")
        #expect(invalid > checked / 4 && invalid < checked)
    }

    /// The offset a byte-at-a-time reading of the grammar gives (`sequenceLength` at every
    /// sequence start): what the word-at-a-time skips and the runs of Chinese must not change.
    private static func referenceOffset(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool) -> Int? {
        var index = 0
        while index < bytes.count {
            switch UTF8Validation.sequenceLength(bytes, at: index) {
            case .valid(let n): index += n
            case .truncated: return allowTruncatedEnd ? nil : index
            case .invalid: return index
            }
        }
        return nil
    }

    @Test("The first bad offset is where a byte-at-a-time reading finds it, in rows of mixed text")
    func offsetsAgreeWithByteAtATimeReading() {
        var random = SeededRandom(seed: 0x3B)
        let pieces: [[UInt8]] = [
            Array("BJ2022".utf8), Array("2022-03-01 08:40:00,".utf8), [0x61], Array("已办结".utf8), Array("价格认定".utf8),
            [0xE4, 0xB8, 0xAD], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x9F, 0x98, 0x80], [0xC2, 0xA0],
            [0xE0], [0xED], [0xEF], [0xF0], [0xC2], [0x80], [0xBF], [0xFF], [0xE9, 0x80], [0xED, 0xA0, 0x80],
        ]
        var invalid = 0
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            // Mostly good text, so that the bad byte falls anywhere in a long row.
            for _ in 0..<Int(random.next() % 40) {
                let piece = random.next() % 8 == 0 ? Int(random.next() % UInt64(pieces.count)) : Int(random.next() % 5)
                bytes += pieces[piece]
            }
            let truncatedEndAllowed = round % 2 == 0
            bytes.withUnsafeBufferPointer { buffer in
                let ours = UTF8Validation.invalidOffset(in: buffer, allowTruncatedEnd: truncatedEndAllowed)
                #expect(ours == Self.referenceOffset(buffer, allowTruncatedEnd: truncatedEndAllowed), "\(bytes)")
                if ours != nil { invalid += 1 }
            }
        }
        #expect(invalid > 1000 && invalid < 19_000)
    }
}
