@testable import KaopingCore
import Testing

/// `CellText.trimmed` decides most cells from their first and last byte; these hold it to a
/// plain reading of the rule (blanks are ASCII whitespace, U+00A0, U+3000 and U+FEFF, removed
/// at both ends) on every pair of edge bytes and on random mixes of blanks and their pieces.
@Suite("Trimming cells")
struct CellTextTests {
    private static let blanks: [[UInt8]] = [[0x09], [0x0A], [0x0B], [0x0C], [0x0D], [0x20], [0xC2, 0xA0],
                                            [0xE3, 0x80, 0x80], [0xEF, 0xBB, 0xBF]]

    /// Strips whole blanks from the front, then from the back, as long as one is there.
    private static func plainTrim(_ bytes: [UInt8]) -> [UInt8] {
        var text = bytes[...]
        while let blank = blanks.first(where: { text.starts(with: $0) }) { text = text.dropFirst(blank.count) }
        while let blank = blanks.first(where: { text.reversed().starts(with: $0.reversed()) }) {
            text = text.dropLast(blank.count)
        }
        return Array(text)
    }

    @Test("Every first and last byte around a Chinese character")
    func everyEdgeByte() {
        var differing: [[UInt8]] = []
        for first in 0...255 {
            for last in 0...255 {
                let cell = [UInt8(first), 0xE4, 0xB8, 0xAD, UInt8(last)]
                if Array(CellText.trimmed(cell[...])) != Self.plainTrim(cell) { differing.append(cell) }
            }
        }
        #expect(differing.count == 0, "\(Array(differing.prefix(5)))")
    }

    @Test("Random mixes of blanks, their pieces and text")
    func randomMixes() {
        let pieces: [[UInt8]] = Self.blanks + [[0x61], [0xE4, 0xB8, 0xAD], [0xE3, 0x80], [0x80], [0xA0], [0xBF], [0xC2],
                                                [0xE3], [0xEF], [0xEF, 0xBB], [0xEF, 0xBC, 0x8C], [0xE3, 0x80, 0x82]]
        var random = SeededRandom(seed: 11)
        var differing: [[UInt8]] = []
        for _ in 0..<20_000 {
            var cell: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) { cell += pieces.randomElement(using: &random)! }
            if Array(CellText.trimmed(cell[...])) != Self.plainTrim(cell) { differing.append(cell) }
        }
        #expect(differing.count == 0, "\(Array(differing.prefix(5)))")
    }

    @Test("Cells that are only blanks become empty", arguments: [
        [0x20, 0x20], [0xE3, 0x80, 0x80], [0xC2, 0xA0, 0x09, 0xEF, 0xBB, 0xBF], [0x0D, 0x0A],
    ] as [[UInt8]])
    func onlyBlanks(_ cell: [UInt8]) {
        #expect(CellText.trimmed(cell[...]).isEmpty)
    }
}
