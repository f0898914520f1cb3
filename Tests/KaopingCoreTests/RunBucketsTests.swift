@testable import KaopingCore
import Testing

@Suite("Run buckets (the identity log read back a bucket of keys at a time)")
struct RunBucketsTests {
    /// Rows in file order whose ids come from `pool` distinct ones; `hot` of every 100 rows carry
    /// one id, so that its bucket overflows any small buffer.
    private static func rows(_ count: Int, pool: Int, hot: Int, seed: UInt64) -> [(key: UInt64, content: UInt64)] {
        var random = SeededRandom(seed: seed)
        let ids = (0..<pool).map { _ in random.next() }
        let hotID = random.next()
        return (0..<count).map { _ in
            let key = random.next() % 100 < UInt64(hot) ? hotID : ids[Int(random.next() % UInt64(ids.count))]
            return (key, key &+ random.next() % 3)
        }
    }

    private static func log(_ rows: [(key: UInt64, content: UInt64)], capacity: Int, directory: String? = nil) -> IdentityLog {
        let log = directory.map { IdentityLog(capacity: capacity, directory: $0) } ?? IdentityLog(capacity: capacity)
        for (offset, row) in rows.enumerated() { log.append(key: row.key, content: row.content, position: UInt64(offset + 1)) }
        return log
    }

    /// Every entry, bucket after bucket, over `parts` key slices one after another.
    private static func bucketed(_ log: IdentityLog, parts: Int, memory: Int) -> (entries: [IdentityLog.Entry], calls: Int) {
        var entries: [IdentityLog.Entry] = []
        var calls = 0
        for part in 0..<parts {
            RunBuckets(log.runs, keys: MergedRuns.keySlice(part, of: parts), memory: memory).forEachBucket { bucket in
                calls += 1
                entries.append(contentsOf: bucket)
            }
        }
        return (entries, calls)
    }

    private static func expected(_ rows: [(key: UInt64, content: UInt64)]) -> [IdentityLog.Entry] {
        rows.enumerated().map { IdentityLog.Entry(key: $0.element.key, content: $0.element.content, position: UInt64($0.offset + 1)) }
            .sorted { ($0.key, $0.position) < ($1.key, $1.position) }
    }

    @Test("Buckets give every entry once, by key, positions in order within a key",
          arguments: [(4096, 1, 1 << 20), (4096, 1, 1 << 24), (100, 2, 1 << 20), (7, 3, 100_000), (1000, 2, 0)])
    func order(capacity: Int, parts: Int, memory: Int) {
        for seed: UInt64 in [1, 2] {
            let rows = Self.rows(20_000, pool: 6000, hot: 0, seed: seed)
            #expect(Self.bucketed(Self.log(rows, capacity: capacity), parts: parts, memory: memory).entries == Self.expected(rows))
        }
    }

    /// A third of the rows under one id: its bucket cannot fit a small buffer and is merged
    /// instead, a buffer at a time, without losing its place among the others.
    @Test("A bucket too full for its buffer is merged, in the same order", arguments: [1, 2])
    func oversizedBucket(parts: Int) {
        let rows = Self.rows(30_000, pool: 5000, hot: 33, seed: 4)
        let (entries, calls) = Self.bucketed(Self.log(rows, capacity: 512), parts: parts, memory: 0)
        #expect(entries == Self.expected(rows))
        // 10 000 entries of one id in buffers of 1 024: it took pieces, not one grown buffer.
        #expect(calls > 10)
    }

    @Test("Runs kept in memory read back the same")
    func inMemoryRuns() {
        let rows = Self.rows(5000, pool: 2000, hot: 10, seed: 8)
        let log = Self.log(rows, capacity: 300, directory: "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))")
        #expect(log.runsInMemory > 0)
        #expect(Self.bucketed(log, parts: 2, memory: 0).entries == Self.expected(rows))
    }
}
