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
    /// The groups' filters. Not an array: every row reads it, and an array would be retained
    /// and released each time.
    private var groups = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>.allocate(capacity: 8)
    private var groupCapacity = 8
    private(set) var groupCount = 0

    private var groupWords: Int { lineCount * Self.wordsPerLine }

    deinit {
        for group in 0..<groupCount { ZeroedPages.release(groups[group], count: groupWords) }
        groups.deallocate()
    }

    /// Sets the bits of a new run's keys; returns the run's index.
    func addRun<Keys: Collection<UInt64>>(_ keys: Keys) -> Int {
        if runCount == 0 {
            lineCount = max(1, (keys.count * Self.runsPerGroup * Self.bitsPerKey + 511) / 512)
        }
        let run = runCount
        if run % Self.runsPerGroup == 0 { appendGroup() }
        runCount += 1
        let group = groups[run / Self.runsPerGroup]
        for key in keys {
            let probes = Probes(key, lineCount: lineCount)
            let line = group + probes.line * Self.wordsPerLine
            for probe in 0..<Probes.count { line[probes.word(probe)] |= probes.mask(probe) }
        }
        return run
    }

    private func appendGroup() {
        if groupCount == groupCapacity {
            let larger = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>.allocate(capacity: groupCapacity * 2)
            larger.initialize(from: groups, count: groupCount)
            groups.deallocate()
            groups = larger
            groupCapacity *= 2
        }
        (groups + groupCount).initialize(to: ZeroedPages.allocate(UInt64.self, count: groupWords, hugePages: true))
        groupCount += 1
    }

    /// Starts loading the key's line in every group.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        guard runCount > 0 else { return }
        let offset = Probes(key, lineCount: lineCount).line * Self.wordsPerLine
        for group in 0..<groupCount { kaoping_prefetch(groups[group] + offset) }
    }

    /// Whether a run of group `group` (runs `group × 4 ..< group × 4 + 4`) may hold `key`.
    @inline(__always)
    func groupMayHold(_ group: Int, _ key: UInt64) -> Bool {
        let probes = Probes(key, lineCount: lineCount)
        let line = groups[group] + probes.line * Self.wordsPerLine
        for probe in 0..<Probes.count where line[probes.word(probe)] & probes.mask(probe) == 0 { return false }
        return true
    }

    /// The runs of group `group`.
    func runs(ofGroup group: Int) -> Range<Int> {
        group * Self.runsPerGroup..<min(runCount, (group + 1) * Self.runsPerGroup)
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
        // The line from the key's top half, so that a run's keys, added in sorted order, walk
        // the filter from start to end instead of jumping about it. The bits from the low half:
        // drawn from the same bits as the line, keys sharing a line would share their bit
        // patterns too (a version that did had 22% false positives).
        line = Int(truncatingIfNeeded: ((key >> 32) &* UInt64(lineCount)) >> 32)  // 0..<lineCount
        first = (key & 0xFFFF_FFFF) &* 0x9E37_79B9_7F4A_7C15
        step = ((key & 0xFFFF_FFFF) ^ (key >> 17)) &* 0xC2B2_AE3D_27D4_EB4F | 1
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
