@testable import KaopingCore
import Testing

@Suite("Identity log (repeats found after the pass)")
struct IdentityLogTests {
    /// Rows in file order: ids from a small pool so that many repeat, text hashes from a
    /// smaller one so that repeats are both identical and conflicting.
    private static func rows(_ count: Int, seed: UInt64) -> [(key: UInt64, content: UInt64)] {
        var random = SeededRandom(seed: seed)
        let pool = (0..<max(1, count / 3)).map { _ in random.next() }
        return (0..<count).map { _ in
            let key = pool[Int(random.next() % UInt64(pool.count))]
            return (key, key &+ random.next() % 3)
        }
    }

    /// What the ordered index says of each row, by position (1-based), repeats only.
    private static func ordered(_ rows: [(key: UInt64, content: UInt64)]) -> [IdentityRepeats.Repeat] {
        var index = IdentityIndex(slots: 64)
        var repeats: [IdentityRepeats.Repeat] = []
        for (offset, row) in rows.enumerated() {
            let position = UInt64(offset + 1)
            switch index.register(key: row.key, content: row.content, at: RowLocation(file: 0, line: offset + 1)) {
            case .first: break
            case .identicalRepeat(let first): repeats.append(.init(position: position, verdict: .identical(first: UInt64(first.line))))
            case .conflict(let first): repeats.append(.init(position: position, verdict: .conflict(first: UInt64(first.line))))
            }
        }
        return repeats
    }

    /// Rows dealt out to `logs` threads in blocks, as ranges are: each log's positions rise,
    /// but the logs interleave.
    @Test("The same verdicts as the ordered index, however the rows are spread over logs",
          arguments: [(1, 1, 1 << 16), (2, 7, 16), (3, 50, 1), (4, 13, 5)])
    func sameAsOrderedIndex(logs logCount: Int, block: Int, capacity: Int) {
        for seed: UInt64 in [1, 2, 3] {
            let rows = Self.rows(3000, seed: seed)
            let logs = (0..<logCount).map { _ in IdentityLog(capacity: capacity) }
            for (offset, row) in rows.enumerated() {
                logs[(offset / block) % logCount].append(key: row.key, content: row.content, position: UInt64(offset + 1))
            }
            let expected = Self.ordered(rows)
            #expect(expected.count > 1000)
            #expect(IdentityRepeats.find(in: logs) == expected)
        }
    }

    /// More runs than a process may hold open files (20 000 here): with a file per run, the
    /// later runs fell back to memory without a word.
    @Test("Any number of runs goes to disk: one file per log, not one per run")
    func manyRunsOneFile() {
        let rows = Self.rows(25_000, seed: 11)
        let log = IdentityLog(capacity: 1)
        for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
        #expect(IdentityRepeats.find(in: [log]) == Self.ordered(rows))
        #expect(log.runsInMemory == 0)
    }

    @Test("Without a writable temporary folder the runs stay in memory, with the same verdicts")
    func withoutTemporaryFolder() {
        let rows = Self.rows(2000, seed: 9)
        let log = IdentityLog(capacity: 100, directory: "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))")
        for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
        #expect(IdentityRepeats.find(in: [log]) == Self.ordered(rows))
        #expect(log.runsInMemory == 20)
    }

    @Test("The radix sort orders by key and keeps positions in order within a key")
    func radixSortIsStable() {
        var random = SeededRandom(seed: 5)
        let count = 5000
        let entries = UnsafeMutableBufferPointer<IdentityLog.Entry>.allocate(capacity: count)
        let scratch = UnsafeMutableBufferPointer<IdentityLog.Entry>.allocate(capacity: count)
        defer { entries.deallocate(); scratch.deallocate() }
        for index in 0..<count {
            // Keys that differ in one byte only, or in none, exercise skipped and taken passes.
            let key = index % 4 == 0 ? 0xAB00_0000_0000_0000 | (random.next() & 0xFF) : random.next() % 50
            entries[index] = .init(key: key, content: 0, position: UInt64(index))
        }
        let expected = Array(entries).enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
        let sorted = IdentityLog.radixSortByKey(entries, scratch: scratch)
        #expect(Array(sorted) == expected)
    }
}
