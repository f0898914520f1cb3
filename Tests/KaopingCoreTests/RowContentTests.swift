@testable import KaopingCore
import Testing

/// `RowIdentity.content`: equal exactly when every named cell's trimmed text is equal (SPEC §3),
/// whatever the column order, the header language, the blanks around cells and empty extras.
@Suite("Row content fingerprint")
struct RowContentTests {
    private static let header = ["case_id", "unit_code", "item_code", "received_at", "status", "statutory_days"]
    private static let row = ["BJ2022010100001", "0101", "000101004", "2022-03-01 08:40:00", "已办结", "20"]

    private func content(_ header: [String], _ cells: [String]) throws -> UInt64 {
        guard case .fits(let map) = HeaderMatch.match(header) else {
            Issue.record("no fit for \(header)")
            return 0
        }
        return RawRecord(line: 2, fields: cells).withView { RowIdentity.content(of: $0, header: map) }
    }

    @Test("The same cells in another order, under Chinese headers, with blanks and an empty extra column")
    func sameRowOtherwiseWritten() throws {
        let plain = try content(Self.header, Self.row)
        let order = [4, 0, 5, 2, 1, 3]
        #expect(try content(order.map { Self.header[$0] }, order.map { Self.row[$0] }) == plain)
        #expect(try content(["办件编号", "单位编码", "事项编码", "受理时间", "办件状态", "法定时限"], Self.row) == plain)
        #expect(try content(Self.header, Self.row.map { " \($0)\u{3000}" }) == plain)
        #expect(try content(Self.header + ["备注"], Self.row + [""]) == plain)
        #expect(try content(Self.header + ["备注"], Self.row) == plain)
    }

    /// Every length from 1 to 40 bytes (each way a cell is read: bytes, two 4-byte and two
    /// 8-byte loads, 16-byte chunks) and a change at every byte of it.
    @Test("Any change to any byte of a cell, and its length, changes the fingerprint")
    func everyByteCounts() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn".utf8)
        for length in 1...40 {
            var id = Array(alphabet[0..<length])
            var row = Self.row
            row[0] = String(decoding: id, as: UTF8.self)
            let original = try content(Self.header, row)
            var seen: Set<UInt64> = [original]
            for position in 0..<length {
                let kept = id[position]
                id[position] = 0x30 + UInt8(position % 10)
                row[0] = String(decoding: id, as: UTF8.self)
                let changed = try content(Self.header, row)
                #expect(!seen.contains(changed), "length \(length), byte \(position)")
                seen.insert(changed)
                id[position] = kept
            }
            row[0] = String(decoding: id, as: UTF8.self) + "A"
            #expect(try content(Self.header, row) != original, "length \(length) + 1")
        }
    }

    @Test("Text moved between columns, or within a long cell, is another row")
    func placesCount() throws {
        let plain = try content(Self.header, Self.row)
        var swapped = Self.row
        swapped.swapAt(1, 2)
        #expect(try content(Self.header, swapped) != plain)
        var emptied = Self.row
        emptied[2] = ""
        #expect(try content(Self.header, emptied) != plain)
        var halves = Self.row
        // Two 16-byte chunks swapped, ahead of the cell's last 16 bytes.
        halves[0] = "0123456789abcdefFEDCBA9876543210 and its last part"
        let first = try content(Self.header, halves)
        halves[0] = "FEDCBA98765432100123456789abcdef and its last part"
        #expect(try content(Self.header, halves) != first)
    }

    @Test("Two columns of one name are compared first with first, second with second")
    func repeatedNames() throws {
        let header = Self.header + ["备注", "备注"]
        let plain = try content(header, Self.row + ["甲", "乙"])
        #expect(try content(header, Self.row + ["甲", "乙"]) == plain)
        #expect(try content(header, Self.row + ["乙", "甲"]) != plain)
    }

    @Test("Long cells swapped between two columns are another row")
    func longCellsSwapped() throws {
        var row = Self.row
        row[0] = "BJ20220101000010000123456789"
        row[2] = "11330100002492069F4000117008001"
        let plain = try content(Self.header, row)
        row.swapAt(0, 2)
        #expect(try content(Self.header, row) != plain)
    }

    /// Cells lie side by side in their batch: a load past a cell's end would read the next one.
    @Test("Cells beyond the header, and bytes after a cell, are not part of the row")
    func nothingPastTheCells() throws {
        let plain = try content(Self.header, Self.row)
        #expect(try content(Self.header, Self.row + ["X"]) == plain)
        #expect(try content(Self.header, Self.row + ["Yet another cell past the header"]) == plain)
    }
}
