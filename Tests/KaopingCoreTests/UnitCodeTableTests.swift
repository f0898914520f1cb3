@testable import KaopingCore
import Testing

/// Case and ticket rows find their unit by the bytes of the cell (`UnitCodeTable`) before any
/// `String` is made of it; a code spelled otherwise still goes through `String` equality.
@Suite("Unit codes looked up by their bytes")
struct UnitCodeTableTests {
    private static func lookup(_ table: UnitCodeTable, _ text: String) -> String? {
        Array(text.utf8).withUnsafeBytes { table.code(matching: $0) }
    }

    @Test("Every registered code is found, short or long, ASCII or Chinese; nothing else is")
    func registeredCodes() {
        var table = UnitCodeTable()
        let codes = (0..<300).map { index -> String in
            switch index % 3 {
            case 0: return String(format: "%04d", index)
            case 1: return "91330100MA2\(index)XKQ7X-\(index)"  // longer than a String keeps inline
            default: return "城关镇\(index)号便民服务中心"
            }
        }
        for code in codes { table.insert(code) }
        table.insert(codes[0])  // again: kept once
        for code in codes { #expect(Self.lookup(table, code) == code) }
        for code in codes.prefix(30) {
            #expect(Self.lookup(table, code + "0") == nil)
            #expect(Self.lookup(table, String(code.dropLast())) == nil)
            #expect(Self.lookup(table, " " + code) == nil)
        }
        #expect(Self.lookup(table, "") == nil)
        #expect(Self.lookup(UnitCodeTable(), "0101") == nil)
    }

    @Test("A code with any one byte changed is not found, at every length from 1 to 24")
    func oneByteChanged() {
        var table = UnitCodeTable()
        let codes = (1...24).map { String(repeating: "7", count: $0) } + ["城关镇", "城关镇便民服务中心"]
        for code in codes { table.insert(code) }
        for code in codes {
            let bytes = Array(code.utf8)
            #expect(bytes.withUnsafeBytes { table.code(matching: $0) } == code)
            for position in bytes.indices {
                var changed = bytes
                changed[position] ^= 0x01
                #expect(changed.withUnsafeBytes { table.code(matching: $0) } == nil, "\(code) changed at \(position)")
            }
        }
    }

    /// Codes of one length crowded into a small table probe through each other's slots, so a
    /// lookup that compared too little would stop at a neighbour.
    @Test("Among many codes of the same length, each is found as itself, at every length from 1 to 20")
    func sameLengthNeighbours() {
        for length in 1...20 {
            var table = UnitCodeTable()
            let codes = (0..<40).map { index -> String in
                let digits = String(index)
                // The index at the start, the middle or the end, the rest zeros.
                let place = [0, length / 2, length - digits.count][index % 3]
                var bytes = Array(repeating: UInt8(ascii: "0"), count: max(length, digits.count))
                bytes.replaceSubrange(max(0, min(place, bytes.count - digits.count))..<max(0, min(place, bytes.count - digits.count)) + digits.count, with: digits.utf8)
                return String(decoding: bytes, as: UTF8.self)
            }
            let unique = Array(Set(codes)).sorted()
            for code in unique { table.insert(code) }
            for code in unique { #expect(Self.lookup(table, code) == code, "\(code)") }
        }
    }

    /// The units file writes é as one scalar, the cases file as e and a combining accent: the
    /// bytes differ, the codes are equal as text, and the row was always accepted.
    @Test("A case row whose unit code is the registered one in another Unicode normal form is accepted")
    func otherNormalForm() throws {
        let folder = try TempFolder()
        try folder.write("units.csv", "unit_code,unit_name,category\ncaf\u{E9},咖啡馆,department\n")
        try folder.write("cases.csv", """
            case_id,unit_code,received_at,status,statutory_days
            C1,cafe\u{301},2022-03-01,in_progress,20
            C2,cafe,2022-03-01,in_progress,20

            """)
        let run = try ingest(folder)
        #expect(run.sink.cases.map(\.caseID) == ["C1"])
        #expect(run.rejects.map(\.code) == [.unknownUnit])
    }
}
