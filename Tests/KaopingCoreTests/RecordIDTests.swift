@testable import KaopingCore
import Testing

@Suite("Record ids")
struct RecordIDTests {
    /// Lengths around the 15 bytes of a small String and the 31 bytes kept inline.
    private static let texts: [String] = [
        "", "C1", "BJ2022010100001", "BJ20220101000001", "330100-2022-办件-0001",
        String(repeating: "9", count: RecordID.inlineCapacity - 1),
        String(repeating: "9", count: RecordID.inlineCapacity),
        String(repeating: "9", count: RecordID.inlineCapacity + 1),
        String(repeating: "编", count: 11), String(repeating: "A", count: 70),
    ]

    /// A row's id key hashes the id's words in place: the same value as its bytes read one
    /// cell at a time, at every length inline and past it.
    @Test("mixes into a hash as its bytes do, at every length", arguments: 0...40)
    func combinesAsItsBytes(length: Int) {
        let text = String((0..<length).map { Character(UnicodeScalar(0x41 + UInt8($0 % 26))) })
        var inPlace = StableHash(), byBytes = StableHash()
        RecordID(text).combine(into: &inPlace, tag: 0x77)
        var copy = text
        copy.withUTF8 { byBytes.combineCell(UnsafeRawBufferPointer($0), tag: 0x77) }
        #expect(inPlace.value == byBytes.value)
    }

    /// The inline words are loaded straight from the cell: whatever lies around it must not
    /// reach them, or equal ids would differ.
    @Test("equal ids from cells among different bytes are equal, at every inline length", arguments: 0...RecordID.inlineCapacity)
    func loadedFromCells(length: Int) {
        let text = (0..<length).map { UInt8(0x30 + $0 % 40) }
        var generator = SystemRandomNumberGenerator()
        var ids: [RecordID] = []
        for offset in [0, 1, 3, 7, 8, 13] {
            for filler: UInt8 in [0x00, 0xFF, 0x2C] {
                var buffer = (0..<(offset + length + 40)).map { _ in filler == 0x2C ? UInt8.random(in: 0...255, using: &generator) : filler }
                buffer.replaceSubrange(offset..<offset + length, with: text)
                ids.append(buffer.withUnsafeBytes { RecordID(validUTF8: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length])) })
            }
        }
        let reference = RecordID(String(decoding: text, as: UTF8.self))
        for id in ids {
            #expect(id == reference)
            #expect(id.hashValue == reference.hashValue)
            #expect(id.withUTF8 { Array($0) } == text)
        }
    }

    @Test("keeps the text of every length, inline or not")
    func roundTrip() {
        for text in Self.texts {
            let id = RecordID(text)
            #expect(id.text == text)
            #expect("\(id)" == text)
            #expect(id.withUTF8 { Array($0) } == Array(text.utf8))
        }
    }

    @Test("equality and hashing follow the text, across the inline limit")
    func equality() {
        for a in Self.texts {
            for b in Self.texts {
                #expect((RecordID(a) == RecordID(b)) == (a == b), "\(a) vs \(b)")
                if a == b { #expect(RecordID(a).hashValue == RecordID(b).hashValue) }
            }
        }
        let fromCell = Array("BJ20220101000001".utf8).withUnsafeBytes { RecordID(validUTF8: $0) }
        #expect(fromCell == "BJ20220101000001")
        #expect(Set(Self.texts.map { RecordID($0) }).count == Set(Self.texts).count)
    }

    @Test("orders like the bytes of the text, shorter first on a common prefix")
    func order() {
        let ids = Self.texts.map { RecordID($0) }.sorted()
        let bytes = Self.texts.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(ids.map { $0.withUTF8 { Array($0) } } == bytes)
        #expect(RecordID("C10") > RecordID("C1"))
        #expect(!(RecordID("C1") < RecordID("C1")))
    }
}
