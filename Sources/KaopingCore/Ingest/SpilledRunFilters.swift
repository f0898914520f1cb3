import CSystemSupport

/// The Bloom filters of the spilled runs, one blocked filter per group of four runs. Every row
/// with an id asks whether a spilled run may hold the id; with one filter per run that was one
/// cache miss (and a TLB miss) per run per row, on the one thread that admits rows in order.
/// Per group, it is a quarter of that, on huge pages, loaded ahead by `prefetch`. A "maybe"
/// from a group makes its runs the candidates; their block indexes then decide which block to
/// read (true repeats are rare, and false positives rarer).
///
/// All runs share one geometry, set by the first run: runs are cut from a full identity table,
/// so they are as large as the first (larger only after the table had to grow, when their
/// filters simply answer "maybe" a little more often). Groups are allocated whole and never
/// move.
///
/// Unchecked `Sendable`, like `IdentityTable`: only the thread that admits rows touches it;
/// reader threads hold the ingest state for casting and never reach the identities.
final class SpilledRunFilters: @unchecked Sendable {
    private static let wordsPerLine = 8  // one 64-byte cache line
    private static let runsPerGroup = 4
    /// About 0.1% false positives per group. Every false positive costs the read of a 4 KiB
    /// block per run of the group; at 10 bits per key (1%) one row in ten paid it.
    private static let bitsPerKey = 16
    /// Lines of one group's filter.
    private var lineCount = 0
    private(set) var runCount = 0
    private var groups: [UnsafeMutablePointer<UInt64>] = []

    private var groupWords: Int { lineCount * Self.wordsPerLine }

    deinit {
        for group in groups { ZeroedPages.release(group, count: groupWords) }
    }

    /// Sets the bits of a new run's keys; returns the run's index.
    func addRun<Keys: Collection<UInt64>>(_ keys: Keys) -> Int {
        if runCount == 0 {
            lineCount = max(1, (keys.count * Self.runsPerGroup * Self.bitsPerKey + 511) / 512)
        }
        let run = runCount
        if run % Self.runsPerGroup == 0 { groups.append(ZeroedPages.allocate(UInt64.self, count: groupWords, hugePages: true)) }
        runCount += 1
        let group = groups[run / Self.runsPerGroup]
        for key in keys {
            let probes = Probes(key, lineCount: lineCount)
            let line = group + probes.line * Self.wordsPerLine
            for probe in 0..<Probes.count { line[probes.word(probe)] |= probes.mask(probe) }
        }
        return run
    }

    /// Starts loading the key's line in every group.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        guard runCount > 0 else { return }
        let offset = Probes(key, lineCount: lineCount).line * Self.wordsPerLine
        for group in groups { kaoping_prefetch(group + offset) }
    }

    /// Calls `body` with each run that may hold `key`, in run order, until it returns false.
    @inline(__always)
    func forEachCandidate(_ key: UInt64, _ body: (Int) -> Bool) {
        guard runCount > 0 else { return }
        let probes = Probes(key, lineCount: lineCount)
        let offset = probes.line * Self.wordsPerLine
        for (index, group) in groups.enumerated() {
            let line = group + offset
            var maybe = true
            for probe in 0..<Probes.count where line[probes.word(probe)] & probes.mask(probe) == 0 {
                maybe = false
                break
            }
            guard maybe else { continue }
            let first = index * Self.runsPerGroup
            for run in first..<min(runCount, first + Self.runsPerGroup) where !body(run) { return }
        }
    }
}

/// Where a key's bits lie: one line, seven bits within it.
private struct Probes {
    static let count = 7
    let line: Int
    let first: UInt64
    let step: UInt64

    @inline(__always)
    init(_ key: UInt64, lineCount: Int) {
        let mixed = (key ^ (key >> 31)) &* 0x9E37_79B9_7F4A_7C15
        // The line from the key's low half, the bits from the top of `key + probe × mixed`:
        // drawn from the same bits, keys sharing a line would share their bit patterns too.
        line = Int(truncatingIfNeeded: ((key & 0xFFFF_FFFF) &* UInt64(lineCount)) >> 32)  // 0..<lineCount
        first = key
        step = mixed
    }

    /// The word (0…7) within the line of probe number `probe`, and the probe's bit in it.
    @inline(__always)
    func word(_ probe: Int) -> Int { bit(probe) >> 6 }

    @inline(__always)
    func mask(_ probe: Int) -> UInt64 { 1 << UInt64(bit(probe) & 63) }

    @inline(__always)
    private func bit(_ probe: Int) -> Int {
        Int(truncatingIfNeeded: (first &+ UInt64(probe) &* step) >> 55)  // 0…511
    }
}
