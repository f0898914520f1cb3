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
}
