@testable import KaopingCore
import Testing

@Suite("Identity index")
struct IdentityIndexTests {
    /// A cell's tail read in one load, past its end, must hash as the tail read byte by byte.
    @Test("A cell hashes the same whatever lies after it")
    func tailInOneLoad() {
        var bytes = Array("BJ20220101000001,政府投资项目可行性研究报告审批,2021-12-29".utf8)
        for count in 0...24 {
            for after in 0...9 {
                for garbage: UInt8 in [0x00, 0x2C, 0xFF] {
                    bytes.replaceSubrange(count..<min(bytes.count, count + after), with: repeatElement(garbage, count: after))
                    let plain = bytes.withUnsafeBytes { raw in
                        var hash = StableHash()
                        hash.combineCell(UnsafeRawBufferPointer(rebasing: raw[0..<count]), tag: 7)
                        return hash.value
                    }
                    let overreading = bytes.withUnsafeBytes { raw in
                        var hash = StableHash()
                        hash.combineCell(UnsafeRawBufferPointer(rebasing: raw[0..<count]), tag: 7, readableAfter: after)
                        return hash.value
                    }
                    #expect(plain == overreading, "\(count) bytes, \(after) readable after")
                }
            }
        }
    }

    /// Keys with a deliberate share of repeats, some with the first content, some with another.
    private func workload(count: Int) -> [(key: UInt64, content: UInt64, location: RowLocation)] {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var rows: [(UInt64, UInt64, RowLocation)] = []
        var seen: [UInt64] = []
        for line in 1...count {
            let location = RowLocation(file: line / 2000, line: line % 2000 + 1)  // in file order, as ingest registers
            let roll = next() % 10
            if roll == 0, !seen.isEmpty {
                let earlier = seen[Int(next() % UInt64(seen.count))]
                rows.append((earlier, next() % 2 == 0 ? earlier &* 7 : 1, location))
            } else {
                let key = next()
                seen.append(key)
                rows.append((key, key &* 7, location))
            }
        }
        return rows
    }

    /// What an index remembering every id says of each row.
    private func reference(_ rows: [(key: UInt64, content: UInt64, location: RowLocation)]) -> [IdentityIndex.Outcome] {
        var seen: [UInt64: (UInt64, RowLocation)] = [:]
        return rows.map { row in
            if let (content, location) = seen[row.key] {
                return content == row.content ? .identicalRepeat(of: location) : .conflict(with: location)
            }
            seen[row.key] = (row.content, row.location)
            return .first
        }
    }

    /// Ingest's two passes over the same rows: the second only when the first found corrections.
    private func twoPasses(_ rows: [(key: UInt64, content: UInt64, location: RowLocation)], slots: Int,
                           directory: String = UnlinkedTemporaryFile.directory, workers: Int = 2)
        -> (outcomes: [IdentityIndex.Outcome], corrected: Int) {
        var first = IdentityIndex(recentSlots: slots, directory: directory)
        let outcomes = rows.map { first.register(key: $0.key, content: $0.content, at: $0.location) }
        guard let corrections = first.corrections(workers: workers) else { return (outcomes, 0) }
        var second = IdentityIndex(replaying: corrections, recentSlots: slots)
        return (rows.map { second.register(key: $0.key, content: $0.content, at: $0.location) }, corrections.count)
    }

    @Test("Far repeats found after the pass give the outcomes of an index that remembers every id",
          arguments: [(16, 1), (64, 2), (1024, 3), (1 << 17, 2)])
    func sameAsRememberingEveryId(slots: Int, workers: Int) {
        let rows = workload(count: 5000)
        let expected = reference(rows)
        let (outcomes, corrected) = twoPasses(rows, slots: slots, workers: workers)
        #expect(outcomes == expected)
        #expect(expected.count { if case .identicalRepeat = $0 { true } else { false } } > 50)
        #expect(expected.count { if case .conflict = $0 { true } else { false } } > 50)
        // Small tables forget, and their mistakes are corrected; a large one makes none.
        if slots <= 64 { #expect(corrected > 100) }
        if slots >= 1 << 17 { #expect(corrected == 0) }
    }

    @Test("Within the recent tables, repeats are judged in the pass, with nothing to correct")
    func recentRepeatsNeedNoCorrection() {
        // 16 slots: a table holds 12 ids, the two at least 12 of the latest.
        var rows: [(key: UInt64, content: UInt64, location: RowLocation)] = []
        for line in 1...2000 {
            let key = line > 12 && line % 7 == 0 ? UInt64(line - 12) : UInt64(line)
            rows.append((key, key, RowLocation(file: 0, line: line)))
        }
        let (outcomes, corrected) = twoPasses(rows, slots: 16)
        #expect(outcomes == reference(rows))
        #expect(corrected == 0)
    }

    @Test("A repeat one id beyond the tables is corrected")
    func justBeyondTheTables() throws {
        var index = IdentityIndex(recentSlots: 16)
        // 12 per table: after 25 new ids the first has left both.
        for line in 1...25 { _ = index.register(key: UInt64(line), content: 0, at: RowLocation(file: 0, line: line)) }
        #expect(index.register(key: 1, content: 9, at: RowLocation(file: 1, line: 1)) == .first)
        let corrections = try #require(index.corrections(workers: 1))
        #expect(corrections.count == 1)
        var replay = IdentityIndex(replaying: corrections, recentSlots: 16)
        for line in 1...25 { _ = replay.register(key: UInt64(line), content: 0, at: RowLocation(file: 0, line: line)) }
        #expect(replay.register(key: 1, content: 9, at: RowLocation(file: 1, line: 1)) == .conflict(with: RowLocation(file: 0, line: 1)))
    }

    @Test("While no id has left the tables, the log is not read back")
    func nothingForgotten() {
        var index = IdentityIndex(recentSlots: 16)
        // 12 ids fill the newer table, which becomes the older one; 12 more fill the new newer.
        for line in 1...24 { _ = index.register(key: UInt64(line), content: 0, at: RowLocation(file: 0, line: line)) }
        #expect(index.register(key: 1, content: 0, at: RowLocation(file: 1, line: 1)) == .identicalRepeat(of: RowLocation(file: 0, line: 1)))
        #expect(index.corrections(workers: 1) == nil)
        #expect(!index.hasForgotten)
        _ = index.register(key: 25, content: 0, at: RowLocation(file: 1, line: 2))
        #expect(index.hasForgotten)
    }

    /// A file changed between the two readings: its rows are no longer where the first found
    /// them, and a correction must not land on another row.
    @Test("A correction is applied only to a row with its id where the first reading had it")
    func changedBetweenReadings() throws {
        var first = IdentityIndex(recentSlots: 16)
        var rows: [(key: UInt64, content: UInt64, location: RowLocation)] = []
        for line in 1...40 { rows.append((UInt64(line), 0, RowLocation(file: 0, line: line))) }
        rows.append((1, 0, RowLocation(file: 1, line: 2)))  // a far repeat of file 0's line 1
        rows.append((2, 0, RowLocation(file: 1, line: 3)))
        for row in rows { _ = first.register(key: row.key, content: row.content, at: row.location) }
        let corrections = try #require(first.corrections(workers: 1))
        #expect(corrections.count == 2)
        // File 1 gained a row at line 2: id 1 is now on line 3, id 2 on line 4.
        var second = IdentityIndex(replaying: corrections, recentSlots: 16)
        for row in rows.prefix(40) { _ = second.register(key: row.key, content: row.content, at: row.location) }
        #expect(second.register(key: 99, content: 0, at: RowLocation(file: 1, line: 2)) == .first)
        _ = second.register(key: 1, content: 0, at: RowLocation(file: 1, line: 3))
        _ = second.register(key: 2, content: 0, at: RowLocation(file: 1, line: 4))
        #expect(second.unappliedCorrections() == 2)
    }

    @Test("Places pack in file order, lines past four billion included")
    func packedPlaces() {
        let places = [RowLocation(file: 0, line: 1), RowLocation(file: 0, line: 4_294_967_296), RowLocation(file: 0, line: 5_000_000_000),
                      RowLocation(file: 1, line: 2), RowLocation(file: 8_000_000, line: 1)]
        let packed = places.map(IdentityTable.pack)
        #expect(packed == packed.sorted() && Set(packed).count == places.count)
        #expect(packed.map(IdentityTable.unpack) == places)
    }

    @Test("A key of zero is a key like any other")
    func zeroKey() {
        var index = IdentityIndex(recentSlots: 64)
        #expect(index.register(key: 0, content: 5, at: RowLocation(file: 0, line: 2)) == .first)
        #expect(index.register(key: 0, content: 5, at: RowLocation(file: 0, line: 3)) == .identicalRepeat(of: RowLocation(file: 0, line: 2)))
    }

    @Test("Without a writable temporary folder the log stays in memory, with the same outcomes")
    func unwritableTemporaryFolder() {
        let rows = workload(count: 3000)
        let directory = "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))"
        #expect(twoPasses(rows, slots: 16, directory: directory).outcomes == reference(rows))
    }
}

@Suite("Row identity keys")
struct RowIdentityKeyTests {
    private func item(_ unit: String, _ code: String) -> Record {
        .item(ItemRecord(itemCode: code, unitCode: unit, statutoryDays: 1, promisedDays: 1, itemName: nil,
                         windowAuthorized: nil, onlineAvailable: nil))
    }

    private func caseRecord(_ id: String) -> Record {
        .caseRecord(CaseRecord(caseID: RecordID(id), unitCode: "0101", receivedAt: DateStamp(day: Day(year: 2022, month: 3, day: 1)!),
                               status: .completed, statutoryDays: 1, itemCode: nil, channel: nil, completedAt: nil,
                               promisedDays: nil, immediate: nil, rating: nil, pausedDays: 0))
    }

    @Test("Equal ids give equal keys; ids of other kinds, other lengths or split otherwise do not")
    func keysSeparateWhatDiffers() throws {
        let longID = "BJ20220101000001"
        #expect(RowIdentity.key(of: caseRecord(longID)) == RowIdentity.key(of: caseRecord(longID)))
        let keys = try [
            caseRecord(longID), caseRecord("BJ20220101000002"), caseRecord(longID + "\0"), caseRecord("0101"),
            .ticket(TicketRecord(ticketID: "0101", unitCode: "0101", source: .complaint,
                                 receivedAt: caseRecordDate(), dueAt: nil, dueDays: 1, closedAt: nil, satisfaction: nil)),
            item("ab", "c"), item("a", "bc"), item("0101", ""),
        ].map { try #require(RowIdentity.key(of: $0)) }
        #expect(Set(keys).count == keys.count, "\(keys)")
    }

    private func caseRecordDate() -> DateStamp { DateStamp(day: Day(year: 2022, month: 3, day: 1)!) }
}
