/// The entries of many runs with keys in a range, handed out a bucket of keys at a time, each
/// bucket in (key, position) order: what reading the identity log back needs, at a few passes
/// over each entry where merging the runs in a heap compared every entry about log₂(runs) times.
///
/// A bucket is a slice of the key range that the entries of every run are gathered into, run
/// after run, then sorted by key, stably. Runs hold rising positions and each is sorted by key
/// stably, so within a key the gathered entries are already in position order.
///
/// Keys are hashes, so buckets fill evenly. One that would not fit its buffer (an id repeated
/// hundreds of thousands of times) is merged run by run instead (`MergedRuns`), so memory stays
/// what was given.
struct RunBuckets {
    private typealias Entry = IdentityLog.Entry

    private let runs: [IdentityRun]
    private let keys: ClosedRange<UInt64>
    /// Per run, its entries with keys in `keys`.
    private let ranges: [Range<Int>]
    private let memory: Int
    private let bucketCount: Int
    private let bucketWidth: UInt64
    /// Bytes of the key a bucket is sorted on: the sixteen bits below those its keys share, at least.
    private let sortBytes: Range<Int>

    /// `memory`: about what the buckets' buffers and the runs' read blocks may take.
    init(_ runs: [IdentityRun], keys: ClosedRange<UInt64>, memory: Int) {
        self.runs = runs
        self.keys = keys
        self.memory = memory
        let span = keys.upperBound - keys.lowerBound  // one less than the keys in range
        ranges = runs.map { $0.entries(withKeysIn: keys) }
        let total = ranges.reduce(0) { $0 + $1.count }
        // Room for a quarter more than the even share, so that hashing's unevenness rarely
        // sends a bucket to the merge.
        let count = max(1, (total + total / 4) / Self.capacity(memory: memory) + 1)
        bucketCount = count
        // One bucket over the whole key space is as wide as a UInt64 can say.
        let (width, overflow) = (span / UInt64(count)).addingReportingOverflow(1)
        bucketWidth = overflow ? .max : width
        let sharedBits = max(0, bucketWidth.leadingZeroBitCount - 1)
        let lowBit = max(0, 64 - sharedBits - 16)
        sortBytes = (lowBit / 8)..<8
    }

    /// Entries a bucket's buffer holds: a third of the memory, the rest for its sorting scratch
    /// and the runs' read blocks.
    private static func capacity(memory: Int) -> Int {
        max(1024, memory / 3 / MemoryLayout<Entry>.stride)
    }

    /// Calls `body` with every bucket's entries in (key, position) order, buckets in key order.
    /// A bucket too full for its buffer is passed a piece at a time, in the same order.
    func forEachBucket(_ body: (UnsafeBufferPointer<IdentityLog.Entry>) -> Void) {
        let capacity = Self.capacity(memory: memory)
        let blockEntries = MergedRuns.blockEntries(memory: memory / 3, runs: runs.count)
        let bucket = UnsafeMutableBufferPointer<Entry>.allocate(capacity: capacity)
        let scratch = UnsafeMutableBufferPointer<Entry>.allocate(capacity: capacity)
        defer {
            bucket.deallocate()
            scratch.deallocate()
        }
        var cursors = zip(runs, ranges).map { run, range in
            BlockCursor(run, from: range.lowerBound, blockEntries: blockEntries)
        }
        defer { for index in cursors.indices { cursors[index].release() } }
        for index in 0..<bucketCount {
            let low = keys.lowerBound + UInt64(index) * bucketWidth
            let high = index == bucketCount - 1 ? keys.upperBound : low + bucketWidth - 1
            let starts = cursors.map(\.position)
            var filled = 0
            var overflowed = false
            gathering: for run in cursors.indices {
                while let entry = cursors[run].current, entry.key <= high {
                    if filled == capacity {
                        overflowed = true
                        break gathering
                    }
                    bucket[filled] = entry
                    filled += 1
                    cursors[run].advance()
                }
            }
            if overflowed {
                mergeOversized(low...high, starts: starts, cursors: &cursors, into: bucket, body)
                continue
            }
            let sorted = IdentityLog.sortByKey(UnsafeMutableBufferPointer(rebasing: bucket[0..<filled]),
                                               scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<filled]),
                                               bytes: sortBytes)
            body(UnsafeBufferPointer(sorted))
        }
    }

    /// Hands out one bucket's keys `range` by merging the runs from `starts`, a buffer at a
    /// time, and moves every cursor past the bucket.
    private func mergeOversized(_ range: ClosedRange<UInt64>, starts: [Int], cursors: inout [BlockCursor],
                                into buffer: UnsafeMutableBufferPointer<Entry>,
                                _ body: (UnsafeBufferPointer<IdentityLog.Entry>) -> Void) {
        let ends = runs.map { $0.endIndex(ofKeysThrough: range.upperBound) }
        var merged = MergedRuns(runs, ranges: zip(starts, ends).map { $0..<$1 }, memory: memory / 3)
        var filled = 0
        while let entry = merged.next() {
            if filled == buffer.count {
                body(UnsafeBufferPointer(buffer))
                filled = 0
            }
            buffer[filled] = entry
            filled += 1
        }
        if filled > 0 { body(UnsafeBufferPointer(rebasing: buffer[0..<filled])) }
        for run in cursors.indices { cursors[run].move(to: ends[run]) }
    }
}

/// Reads one run forward in blocks, into a buffer of its own kept for the whole reading (and
/// freed by `release`): the cursor lives within one `forEachBucket` call, so it needs no
/// array per block as `MergedRuns`' cursors do.
private struct BlockCursor {
    private let run: IdentityRun
    private let block: UnsafeMutableBufferPointer<IdentityLog.Entry>
    private var blockStart: Int
    private var loaded = 0
    private var index = 0

    init(_ run: IdentityRun, from start: Int, blockEntries: Int) {
        self.run = run
        block = .allocate(capacity: blockEntries)
        blockStart = start
        load(from: start)
    }

    func release() { block.deallocate() }

    /// The run's index of the current entry.
    var position: Int { blockStart + index }

    var current: IdentityLog.Entry? {
        @inline(__always) get { index < loaded ? block[index] : nil }
    }

    @inline(__always)
    mutating func advance() {
        index += 1
        if index == loaded { load(from: blockStart + loaded) }
    }

    mutating func move(to start: Int) { load(from: start) }

    private mutating func load(from start: Int) {
        blockStart = start
        index = 0
        loaded = start < run.count ? run.read(from: start, into: block) : 0
    }
}
