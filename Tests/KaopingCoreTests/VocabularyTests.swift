@testable import KaopingCore
import Testing

@Suite("Vocabulary lookups")
struct VocabularyTests {
    @Test("Every word is found as itself; changing any one byte of it finds nothing, at every length 1–24")
    func wordsAndNearMisses() {
        // Words that share long prefixes and suffixes, so only the middle tells some apart.
        var words: [String] = []
        for length in 1...24 {
            words.append(String(repeating: "a", count: length))
            words.append("b" + String(repeating: "a", count: length - 1))
            if length > 2 { words.append(String(repeating: "a", count: length / 2) + "c" + String(repeating: "a", count: length - length / 2 - 1)) }
        }
        words.append("已办结")  // 9 bytes
        words.append("非常不满意")  // 15 bytes
        words.append("领导干部公务活动公示")  // 30 bytes
        let vocabulary = Vocabulary(words.enumerated().map { ($1, $0) })
        for (value, word) in words.enumerated() {
            let bytes = Array(word.utf8)
            #expect(vocabulary.lookup(bytes[...]) == value, "\(word)")
            bytes.withUnsafeBufferPointer { #expect(vocabulary.lookup($0[...]) == value, "\(word) in place") }
            for position in bytes.indices {
                var changed = bytes
                changed[position] = changed[position] == UInt8(ascii: "z") ? UInt8(ascii: "y") : UInt8(ascii: "z")
                #expect(vocabulary.lookup(changed[...]) == nil, "\(word) changed at \(position)")
            }
            #expect(vocabulary.lookup(bytes.dropLast()) == words.firstIndex(of: String(decoding: bytes.dropLast(), as: UTF8.self)))
        }
    }

    @Test("Every word of the built-in vocabularies is found, folded as a cell is")
    func builtInWords() {
        #expect(Vocabularies.status.lookup(text: "已办结") == .completed)
        #expect(Vocabularies.status.lookup(text: "  IN_PROGRESS ") == .inProgress)
        #expect(Vocabularies.status.lookup(text: "不予受理") == .rejected)
        #expect(Vocabularies.status.lookup(text: "已办") == nil)
        #expect(Vocabularies.rating.lookup(text: "非常不满意") == 1)
        #expect(Vocabularies.rating.lookup(text: "非常满意") == 5)
        #expect(CheckCatalog.standard.vocabulary.lookup(text: "领导干部公务活动公示") == "leader_disclosure")
        #expect(CheckCatalog.standard.vocabulary.lookup(text: "leader_disclosure") == "leader_disclosure")
        #expect(CheckCatalog.standard.vocabulary.lookup(text: "leader_disclosurf") == nil)
    }
}
