@testable import KaopingCore
import Testing

@Suite("Identity log (read back by id after the pass)")
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

    /// Every entry, read back through `MergedRuns` in `parts` key slices one after another.
    private static func merged(_ log: IdentityLog, parts: Int = 1) -> [IdentityLog.Entry] {
        var entries: [IdentityLog.Entry] = []
        for part in 0..<parts {
            var merge = MergedRuns(log.runs, keys: MergedRuns.keySlice(part, of: parts))
            while let entry = merge.next() { entries.append(entry) }
        }
        return entries
    }

    /// What the merge must give: every row once, by (key, position).
    private static func expected(_ rows: [(key: UInt64, content: UInt64)]) -> [IdentityLog.Entry] {
        rows.enumerated().map { IdentityLog.Entry(key: $0.element.key, content: $0.element.content, position: UInt64($0.offset + 1)) }
            .sorted { ($0.key, $0.position) < ($1.key, $1.position) }
    }

    @Test("Runs read back in key order, positions in order within a key, whole or in key slices",
          arguments: [(1 << 16, 1), (16, 1), (1, 3), (5, 7), (100, 2)])
    func mergeOrder(capacity: Int, parts: Int) {
        for seed: UInt64 in [1, 2, 3] {
            let rows = Self.rows(3000, seed: seed)
            let log = IdentityLog(capacity: capacity)
            for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
            #expect(Self.merged(log, parts: parts) == Self.expected(rows))
        }
    }

    @Test("Key slices cover the key space without a gap or an overlap", arguments: [1, 2, 3, 7, 64])
    func keySlices(parts: Int) {
        var next: UInt64 = 0
        for part in 0..<parts {
            let slice = MergedRuns.keySlice(part, of: parts)
            #expect(slice.lowerBound == next)
            if part == parts - 1 { #expect(slice.upperBound == .max) } else { next = slice.upperBound + 1 }
        }
    }

    /// More runs than a process may hold open files (20 000 here): with a file per run, the
    /// later runs fell back to memory without a word.
    @Test("Any number of runs goes to disk: one file per log, not one per run")
    func manyRunsOneFile() {
        let rows = Self.rows(25_000, seed: 11)
        let log = IdentityLog(capacity: 1)
        for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
        #expect(Self.merged(log, parts: 2) == Self.expected(rows))
        #expect(log.runsInMemory == 0)
    }

    @Test("Without a writable temporary folder the runs stay in memory, and read back the same")
    func withoutTemporaryFolder() {
        let rows = Self.rows(2000, seed: 9)
        let log = IdentityLog(capacity: 100, directory: "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))")
        for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
        #expect(Self.merged(log, parts: 3) == Self.expected(rows))
        #expect(log.runsInMemory == 20)
    }

    @Test("The sort orders by key and keeps positions in order within a key, for spread and crowded keys",
          arguments: [0, 1, 2])
    func sortIsStable(shape: Int) {
        var random = SeededRandom(seed: 5)
        let count = 5000
        let entries = UnsafeMutableBufferPointer<IdentityLog.Entry>.allocate(capacity: count)
        let scratch = UnsafeMutableBufferPointer<IdentityLog.Entry>.allocate(capacity: count)
        defer { entries.deallocate(); scratch.deallocate() }
        let pool = (0..<1000).map { _ in random.next() }
        for index in 0..<count {
            // Keys that differ in one byte only, or in none, exercise skipped and taken passes;
            // crowded top bits make the insertion sort give up; spread ones let it finish.
            let key: UInt64
            switch shape {
            case 0: key = index % 4 == 0 ? 0xAB00_0000_0000_0000 | (random.next() & 0xFF) : random.next() % 50
            case 1: key = index % 3 == 0 ? 0x1234_0000_0000_0000 | (random.next() & 0xFFFF_FFFF) : random.next()
            default: key = pool[Int(random.next() % UInt64(pool.count))]
            }
            entries[index] = .init(key: key, content: 0, position: UInt64(index))
        }
        let expected = Array(entries).enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
        let sorted = IdentityLog.sortByKey(entries, scratch: scratch)
        #expect(Array(sorted) == expected)
    }
}
