@testable import KaopingCore
import Testing

@Suite("Interned texts")
struct TextInternerTests {
    /// The text of each cell, asked in `order` from one interner.
    static func texts(_ cells: [String], order: [Int]) -> [String] {
        let interner = TextInterner()
        defer { interner.free() }
        return order.map { index in
            Array(cells[index].utf8).withUnsafeBufferPointer { interner.text($0[...]) }
        }
    }

    @Test("Every text comes back as itself, however alike and whatever came before")
    func textsComeBackAsThemselves() {
        // Alike in all but one byte, at every place and length up to past what is kept;
        // Chinese text too, and more texts than slots so that slots are taken over.
        var cells: [String] = []
        for length in 1...40 {
            let base = String(repeating: "7", count: length)
            cells.append(base)
            for place in 0..<length {
                var bytes = Array(base.utf8)
                bytes[place] = UInt8(ascii: "8")
                cells.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        cells += ["事项", "事项编码", "11330102MB1234567X4440117072000", "a", "b"]
        #expect(cells.count > TextInterner.slotCount)
        var random = SeededRandom(seed: 11)
        let order = (0..<5_000).map { _ in Int(random.next() % UInt64(cells.count)) }
        #expect(Self.texts(cells, order: order) == order.map { cells[$0] })
    }

    @Test("A text seen again is the one kept")
    func repeatsAreKept() {
        let cells = ["000101004", "000101010", "11330102MB1234567X4440117072000"]
        #expect(Self.texts(cells, order: [0, 1, 2, 0, 1, 2, 2]) == ["000101004", "000101010", cells[2], "000101004",
                                                                    "000101010", cells[2], cells[2]])
    }
}
