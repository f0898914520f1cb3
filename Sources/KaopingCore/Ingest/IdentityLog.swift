#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

/// Entries written down in rising position order during a pass and read back after it sorted by
/// key (`RunBuckets`, `MergedRuns`): how SPEC §3's folder-wide identity rule is checked in
/// memory that does not grow with the input (issue 6; see `IdentityIndex`).
///
/// A full buffer is sorted by key (stably, so positions stay in order within a key) and written
/// to an unlinked temporary file as one run.
final class IdentityLog: @unchecked Sendable {
    struct Entry: Equatable {
        var key: UInt64
        var content: UInt64
        /// Opaque to the log; only its order matters (file order of the rows).
        var position: UInt64
    }

    private let buffer: UnsafeMutableBufferPointer<Entry>
    private let scratch: UnsafeMutableBufferPointer<Entry>
    private var count = 0
    private var lastPosition: UInt64?
    /// Entries appended so far.
    private(set) var entryCount = 0
    /// One file for all of this log's runs, each at its own offset: a descriptor per run would
    /// run out of descriptors long before memory. A run it refuses stays in memory.
    private let file: SpillFile
    private var sealedRuns: [IdentityRun] = []

    /// Runs that could not be written to disk.
    var runsInMemory: Int { sealedRuns.count { $0.isInMemory } }

    /// Every entry appended so far, as sorted runs (what is buffered becomes the last run).
    var runs: [IdentityRun] {
        flush()
        return sealedRuns
    }

    /// `capacity` entries of 24 bytes are held before a run is written (1.5 MiB by default).
    /// Whether `append` requires rising positions: what keeps the entries of one key in order.
    /// A log whose keys never repeat may carry anything there.
    private let positionsRise: Bool

    init(capacity: Int = 1 << 16, directory: String = UnlinkedTemporaryFile.directory, positionsRise: Bool = true) {
        self.positionsRise = positionsRise
        buffer = .allocate(capacity: max(1, capacity))
        scratch = .allocate(capacity: max(1, capacity))
        file = SpillFile(directory: directory, prefix: "kaoping-idlog")
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    func append(key: UInt64, content: UInt64, position: UInt64) {
        if positionsRise {
            precondition(lastPosition.map { position > $0 } ?? true, "positions rise within one log")
            lastPosition = position
        }
        if count == buffer.count { flush() }
        // Owned before it is written: a store that misses holds up every store after it (see
        // `IdentityTable.prefetchForInsert`).
        if count + 16 < buffer.count { kaoping_prefetch_for_write(buffer.baseAddress! + count + 16) }
        buffer[count] = Entry(key: key, content: content, position: position)
        count += 1
        entryCount += 1
    }

    /// Sorts what is buffered and keeps it as a run.
    private func flush() {
        guard count > 0 else { return }
        let sorted = Self.sortByKey(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]),
                                         scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<count]))
        if let offset = file.append(UnsafeRawBufferPointer(sorted)) {
            sealedRuns.append(IdentityRun(file: file, offset: offset, count: sorted.count))
        } else {
            sealedRuns.append(IdentityRun(kept: Array(sorted)))
        }
        count = 0
    }

    /// Sorts by key, stably. Keys are hashes, so sorting on their top 16 bits leaves runs of
    /// about one entry that an insertion sort finishes; keys crowded into the same top bits
    /// (which no real ids give) make it give up and sort on every byte.
    /// `bytes`: those sorted on first; entries that share the bytes above them (a bucket of
    /// keys) are sorted on the two below.
    static func sortByKey(_ entries: UnsafeMutableBufferPointer<Entry>, scratch: UnsafeMutableBufferPointer<Entry>,
                          bytes: Range<Int> = 6..<8) -> UnsafeMutableBufferPointer<Entry> {
        let byTopBits = radixSort(entries, scratch: scratch, bytes: bytes)
        if insertionSort(byTopBits, moveBudget: 4 * byTopBits.count) { return byTopBits }
        let other = byTopBits.baseAddress == entries.baseAddress ? scratch : entries
        return radixSort(byTopBits, scratch: other, bytes: 0..<8)
    }

    /// Stable least-significant-digit radix sort on the given bytes of the key, a byte at a
    /// time; passes where every key has the same byte are skipped. Returns whichever buffer
    /// holds the result.
    static func radixSort(_ entries: UnsafeMutableBufferPointer<Entry>, scratch: UnsafeMutableBufferPointer<Entry>,
                          bytes: Range<Int> = 0..<8) -> UnsafeMutableBufferPointer<Entry> {
        var source = entries, target = scratch
        // The counts on the stack, not in an array: every entry bumps one in a tight loop.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            for byte in bytes {
                let shift = UInt64(byte * 8)
                counts.initialize(repeating: 0)
                for entry in source { counts[Int(truncatingIfNeeded: entry.key >> shift) & 0xFF] += 1 }
                if counts.contains(source.count) { continue }
                var offset = 0
                for index in 0..<256 {
                    let size = counts[index]
                    counts[index] = offset
                    offset += size
                }
                for entry in source {
                    let digit = Int(truncatingIfNeeded: entry.key >> shift) & 0xFF
                    target[counts[digit]] = entry
                    counts[digit] += 1
                }
                swap(&source, &target)
            }
        }
        return source
    }

    /// Stable insertion sort by key; false, with the entries still in a stable order, once it
    /// has moved more than `moveBudget` entries.
    private static func insertionSort(_ entries: UnsafeMutableBufferPointer<Entry>, moveBudget: Int) -> Bool {
        var moves = 0
        for index in entries.indices.dropFirst() {
            let entry = entries[index]
            var place = index
            while place > 0, entries[place - 1].key > entry.key {
                entries[place] = entries[place - 1]
                place -= 1
            }
            entries[place] = entry
            moves += index - place
            if moves > moveBudget { return false }
        }
        return true
    }
}

/// One sorted run: a stretch of its log's file, or in memory when no file could be written.
final class IdentityRun: @unchecked Sendable {
    private static let entrySize = MemoryLayout<IdentityLog.Entry>.stride
    let count: Int
    private let file: SpillFile?
    private let offset: Int
    private let kept: [IdentityLog.Entry]

    init(file: SpillFile, offset: Int, count: Int) {
        self.file = file
        self.offset = offset
        self.count = count
        kept = []
    }

    init(kept: [IdentityLog.Entry]) {
        file = nil
        offset = 0
        count = kept.count
        self.kept = kept
    }

    var isInMemory: Bool { file == nil }

    /// Reads entries `start..<start + into.count` (clamped to the run); returns how many.
    func read(from start: Int, into destination: UnsafeMutableBufferPointer<IdentityLog.Entry>) -> Int {
        let wanted = min(destination.count, count - start)
        guard wanted > 0 else { return 0 }
        guard let file else {
            for index in 0..<wanted { destination[index] = kept[start + index] }
            return wanted
        }
        let bytes = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: destination[0..<wanted]))
        file.read(into: bytes, at: offset + start * Self.entrySize)
        return wanted
    }
}

/// The entries of many runs in (key, position) order, optionally only the keys in a range, so
/// that threads can merge disjoint parts of the key space side by side.
///
/// Memory: one block per run, about `memory` bytes in all, but never blocks of fewer than 64
/// entries (1.5 KiB a run: 2.3 MiB per thread for a province's 10⁸ ids).
struct MergedRuns {
    /// One per run with entries left; the heap keeps each run's current entry beside its cursor
    /// index, so that comparing two runs reads the heap's own memory.
    private typealias Head = (entry: IdentityLog.Entry, cursor: Int)

    private var cursors: [RunCursor]
    /// A min-heap by (key, position) of every run's current entry.
    private var heap: [Head] = []

    init(_ runs: [IdentityRun], keys: ClosedRange<UInt64> = 0...UInt64.max, memory: Int = 1 << 20) {
        self.init(runs, ranges: runs.map { $0.entries(withKeysIn: keys) }, memory: memory)
    }

    /// The entries at `ranges[i]` of `runs[i]`.
    init(_ runs: [IdentityRun], ranges: [Range<Int>], memory: Int) {
        let blockEntries = Self.blockEntries(memory: memory, runs: runs.count)
        cursors = zip(runs, ranges).map { run, range in RunCursor(run, entries: range, blockEntries: blockEntries) }
        heap.reserveCapacity(cursors.count)
        for index in cursors.indices {
            if let entry = cursors[index].current { heap.append((entry, index)) }
        }
        for parent in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(from: parent) }
    }

    /// Entries per run's read block when `memory` bytes are shared by the blocks of `runs` runs:
    /// never fewer than 64 (1.5 KiB), never more than 1024.
    static func blockEntries(memory: Int, runs: Int) -> Int {
        max(64, min(1024, memory / MemoryLayout<IdentityLog.Entry>.stride / max(1, runs)))
    }

    /// The keys of the `part`-th of `parts` equal slices of the key space (ids are hashes:
    /// spread evenly).
    static func keySlice(_ part: Int, of parts: Int) -> ClosedRange<UInt64> {
        let width = UInt64.max / UInt64(parts)
        let low = UInt64(part) * width
        return low...(part == parts - 1 ? UInt64.max : low + width - 1)
    }

    @inline(__always)
    private static func less(_ a: Head, _ b: Head) -> Bool {
        a.entry.key != b.entry.key ? a.entry.key < b.entry.key : a.entry.position < b.entry.position
    }

    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            let moving = heap[start]
            var parent = start
            while true {
                var child = 2 * parent + 1
                guard child < heap.count else { break }
                if child + 1 < heap.count, Self.less(heap[child + 1], heap[child]) { child += 1 }
                guard Self.less(heap[child], moving) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = moving
        }
    }

    /// The smallest entry left; its run moves on.
    mutating func next() -> IdentityLog.Entry? {
        guard let top = heap.first else { return nil }
        cursors[top.cursor].advance()
        if let following = cursors[top.cursor].current {
            heap[0] = (following, top.cursor)
        } else {
            let last = heap.removeLast()
            guard !heap.isEmpty else { return top.entry }
            heap[0] = last
        }
        siftDown(from: 0)
        return top.entry
    }
}

extension IdentityRun {
    /// The index of the first entry whose key is at least `key` (the run is sorted by key).
    func firstIndex(ofKeyAtLeast key: UInt64) -> Int {
        var low = 0, high = count
        var probe = IdentityLog.Entry(key: 0, content: 0, position: 0)
        while low < high {
            let middle = (low + high) / 2
            _ = withUnsafeMutablePointer(to: &probe) { read(from: middle, into: UnsafeMutableBufferPointer(start: $0, count: 1)) }
            if probe.key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index just past the last entry whose key is at most `key`.
    func endIndex(ofKeysThrough key: UInt64) -> Int {
        key == .max ? count : firstIndex(ofKeyAtLeast: key + 1)
    }

    /// The entries whose keys lie in `keys`.
    func entries(withKeysIn keys: ClosedRange<UInt64>) -> Range<Int> {
        (keys.lowerBound == 0 ? 0 : firstIndex(ofKeyAtLeast: keys.lowerBound))..<endIndex(ofKeysThrough: keys.upperBound)
    }
}

/// Reads a stretch of one run in blocks. A value, as `MergedRuns` is (the ingest state that
/// holds a replay's merge is copied): each block is an array of its own. `RunBuckets`, which
/// reads within one call, reuses one buffer instead (`BlockCursor`).
private struct RunCursor {
    let run: IdentityRun
    private let end: Int
    private let blockEntries: Int
    private var block: [IdentityLog.Entry] = []
    private var blockStart = 0
    private var index = 0

    init(_ run: IdentityRun, entries: Range<Int>, blockEntries: Int) {
        self.run = run
        end = entries.upperBound
        self.blockEntries = blockEntries
        load(from: entries.lowerBound)
    }

    var current: IdentityLog.Entry? { index < block.count ? block[index] : nil }

    mutating func advance() {
        index += 1
        if index == block.count { load(from: blockStart + block.count) }
    }

    private mutating func load(from start: Int) {
        blockStart = start
        index = 0
        let size = min(blockEntries, end - start)
        guard size > 0 else {
            block = []
            return
        }
        let run = run
        block = [IdentityLog.Entry](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = run.read(from: start, into: buffer)
        }
    }
}
