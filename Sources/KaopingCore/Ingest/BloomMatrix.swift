#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

/// The blocked Bloom filters of every spilled run, interleaved: a key's 64-byte line in run 0,
/// run 1, … lie side by side. Every row with an id asks every run whether it may hold the id;
/// with one filter per run that was one cache miss (and a TLB miss) per run per row, on the one
/// thread that admits rows in order. Side by side, the lines are one short stretch of memory,
/// on huge pages, loaded ahead of time by `prefetch`.
///
/// All runs share one geometry, set by the first run: runs are cut from a full identity table,
/// so they are as large as the first (larger only after the table had to grow, when their
/// filters simply answer "maybe" a little more often).
///
/// Unchecked `Sendable`, like `IdentityTable`: only the thread that admits rows touches it;
/// reader threads hold the ingest state for casting and never reach the identities.
final class BloomMatrix: @unchecked Sendable {
    private static let wordsPerLine = 8  // one 64-byte cache line
    private var lineMask = 0
    private(set) var runCount = 0
    private var runCapacity = 0
    private var words: UnsafeMutablePointer<UInt64>?
    private var mappedBytes = 0


    deinit { if let words { munmap(words, mappedBytes) } }

    /// Sets the bits of a new run's keys; returns the run's index.
    func addRun<Keys: Collection<UInt64>>(_ keys: Keys) -> Int {
        if runCount == 0 {
            // About 10 bits per key, about 1% false positives.
            var lines = 1
            while lines * 512 < max(1, keys.count) * 10 { lines <<= 1 }
            lineMask = lines - 1
        }
        if runCount == runCapacity { grow() }
        let run = runCount
        runCount += 1
        for key in keys {
            let probes = Probes(key, lineMask: lineMask)
            let line = words! + (probes.line * runCapacity + run) * Self.wordsPerLine
            for probe in 0..<Probes.count { line[probes.word(probe)] |= probes.mask(probe) }
        }
        return run
    }

    /// Starts loading the key's lines in every run.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        guard let words, runCount > 0 else { return }
        let first = words + Probes(key, lineMask: lineMask).line * runCapacity * Self.wordsPerLine
        var offset = 0
        while offset < runCount * Self.wordsPerLine {
            kaoping_prefetch(first + offset)
            offset += Self.wordsPerLine
        }
    }

    /// Calls `body` with each run that may hold `key`, in run order, until it returns false.
    @inline(__always)
    func forEachCandidate(_ key: UInt64, _ body: (Int) -> Bool) {
        guard let words, runCount > 0 else { return }
        let probes = Probes(key, lineMask: lineMask)
        let first = words + probes.line * runCapacity * Self.wordsPerLine
        for run in 0..<runCount {
            let line = first + run * Self.wordsPerLine
            var maybe = true
            for probe in 0..<Probes.count where line[probes.word(probe)] & probes.mask(probe) == 0 {
                maybe = false
                break
            }
            if maybe, !body(run) { return }
        }
    }

    /// Makes room for more runs: a new block with the lines re-laid for the larger width.
    private func grow() {
        let newCapacity = runCapacity + max(4, runCapacity / 4)
        let lines = lineMask + 1
        let bytes = lines * newCapacity * Self.wordsPerLine * MemoryLayout<UInt64>.stride
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { fatalError("out of memory: \(bytes) bytes for the spilled ids' filters") }
        #if os(Linux)
        _ = madvise(mapped, bytes, MADV_HUGEPAGE)
        #endif
        let grown = mapped.assumingMemoryBound(to: UInt64.self)
        if let words {
            let oldWidth = runCapacity * Self.wordsPerLine, newWidth = newCapacity * Self.wordsPerLine
            for line in 0..<lines {
                (grown + line * newWidth).update(from: words + line * oldWidth, count: runCount * Self.wordsPerLine)
            }
            munmap(words, mappedBytes)
        }
        words = grown
        mappedBytes = bytes
        runCapacity = newCapacity
    }
}

/// Where a key's bits lie: one line, seven bits within it.
private struct Probes {
    static let count = 7
    let line: Int
    let first: UInt64
    let step: UInt64

    @inline(__always)
    init(_ key: UInt64, lineMask: Int) {
        let mixed = (key ^ (key >> 31)) &* 0x9E37_79B9_7F4A_7C15
        line = Int(truncatingIfNeeded: mixed >> 40) & lineMask
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
