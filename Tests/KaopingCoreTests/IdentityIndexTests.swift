@testable import KaopingCore
import Testing

@Suite("Identity index")
struct IdentityIndexTests {
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
            let location = RowLocation(file: line % 3, line: line)
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

    @Test("Spilling to disk gives the same outcomes as one big table", arguments: [64, 1024])
    func spillMatchesMemory(maximumSlots: Int) {
        var spilling = IdentityIndex(slots: maximumSlots)
        var reference: [UInt64: (UInt64, RowLocation)] = [:]
        var repeats = 0, conflicts = 0
        for row in workload(count: 5000) {
            let outcome = spilling.register(key: row.key, content: row.content, at: row.location)
            let expected: IdentityIndex.Outcome
            if let (content, location) = reference[row.key] {
                expected = content == row.content ? .identicalRepeat(of: location) : .conflict(with: location)
            } else {
                reference[row.key] = (row.content, row.location)
                expected = .first
            }
            if case .identicalRepeat = expected { repeats += 1 }
            if case .conflict = expected { conflicts += 1 }
            #expect(outcome == expected)
        }
        #expect(repeats > 50)
        #expect(conflicts > 50)
    }

    @Test("A full table sorts in place into exactly its entries, by key, wrapped probes included", arguments: [16, 64, 4096])
    func sortInPlace(slots: Int) {
        var random = SeededRandom(seed: UInt64(slots))
        for round in 0..<50 {
            let table = IdentityTable(slots: slots)
            var keys: [UInt64] = []
            while !table.isFull {
                // Every few rounds, crowd the top of the key space so probes wrap to the front.
                var key = random.next() | 1
                if round % 3 == 0, keys.count % 2 == 0 { key |= 0xFFF0_0000_0000_0000 }
                guard table.find(key) == nil else { continue }
                keys.append(key)
                table.insert(IdentityEntry(key: key, content: key &* 3, location: UInt64(keys.count)))
            }
            let sorted = table.sortInPlace()
            #expect(sorted.map(\.key) == keys.sorted())
            #expect(sorted.allSatisfy { $0.content == $0.key &* 3 })
        }
    }

    @Test("The spilled runs' filters: every key found in its run, few false positives per run")
    func bloomMatrix() {
        var random = SeededRandom(seed: 77)
        let filters = SpilledRunFilters()
        var runs: [[UInt64]] = []
        for _ in 0..<5 {
            // Sorted, as a spilled run's keys are.
            let keys = (0..<50_000).map { _ in random.next() }.sorted()
            #expect(filters.addRun(keys) == runs.count)
            runs.append(keys)
        }
        for (run, keys) in runs.enumerated() {
            for key in keys.prefix(2000) {
                #expect(filters.candidates(key).contains(run))
            }
        }
        var falsePositives = 0
        let queries = 100_000
        for _ in 0..<queries {
            falsePositives += filters.candidates(random.next()).count
        }
        // 16 bits a key: about 0.1% a run; five runs.
        #expect(Double(falsePositives) / Double(queries) < 5 * 0.003, "\(falsePositives) of \(queries)")
    }

    @Test("A key of zero is a key like any other")
    func zeroKey() {
        var index = IdentityIndex(slots: 64)
        #expect(index.register(key: 0, content: 5, at: RowLocation(file: 0, line: 2)) == .first)
        #expect(index.register(key: 0, content: 5, at: RowLocation(file: 0, line: 3)) == .identicalRepeat(of: RowLocation(file: 0, line: 2)))
    }
}


@Suite("Identity index without a temporary folder")
struct IdentityIndexFallbackTests {
    @Test("When no run can be written, the table grows in memory and keeps each id once")
    func unwritableSpillDirectory() {
        var index = IdentityIndex(slots: 64, spillDirectory: "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))")
        for key in UInt64(1)...1000 {
            #expect(index.register(key: key, content: key, at: RowLocation(file: 0, line: Int(key))) == .first)
        }
        #expect(index.count == 1000)
        #expect(index.register(key: 500, content: 500, at: RowLocation(file: 1, line: 1)) == .identicalRepeat(of: RowLocation(file: 0, line: 500)))
        #expect(index.register(key: 7, content: 0, at: RowLocation(file: 1, line: 2)) == .conflict(with: RowLocation(file: 0, line: 7)))
    }

    @Test("Spilled runs count every id once")
    func spilledCount() {
        var index = IdentityIndex(slots: 64)
        for key in UInt64(1)...1000 { _ = index.register(key: key, content: key, at: RowLocation(file: 0, line: Int(key))) }
        #expect(index.count == 1000)
    }
}

extension SpilledRunFilters {
    /// Every run that may hold `key`, as the index asks for them.
    func candidates(_ key: UInt64) -> [Int] {
        (0..<groupCount).filter { groupMayHold($0, key) }.flatMap { Array(runs(ofGroup: $0)) }
    }
}

@Suite("Row identity keys")
struct RowIdentityKeyTests {
    private func item(_ unit: String, _ code: String) -> Record {
        .item(ItemRecord(itemCode: code, unitCode: unit, statutoryDays: 1, promisedDays: 1, itemName: nil,
                         windowAuthorized: nil, onlineAvailable: nil))
    }

    private func caseRecord(_ id: String) -> Record {
        .caseRecord(CaseRecord(caseID: id, unitCode: "0101", receivedAt: DateStamp(day: Day(year: 2022, month: 3, day: 1)!),
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
