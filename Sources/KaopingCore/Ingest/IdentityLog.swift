#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ids written down in any order during the pass, their repeats found after it: the way to
/// SPEC §3's folder-wide identity rule in memory that does not grow with the input (issue 6).
///
/// Each thread keeps its own log and appends its rows' (id hash, text hash, position) in rising
/// position order. A full buffer is sorted by id (stably, so positions stay in order within an
/// id) and written to an unlinked temporary file. `IdentityRepeats.find` merges every run of
/// every log and returns each later occurrence of an id with its verdict, as the ordered
/// `IdentityIndex` would have given it: the first occurrence is the one at the smallest
/// position, and a later one is an identical repeat when its text hash equals the first's.
///
/// Not wired into ingest yet: see docs/benchmarks.md, "What to try next".
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
    /// One file for all of this log's runs, each at its own offset: a descriptor per run would
    /// run out of descriptors long before memory. nil until the first run, or when no file
    /// can be written (the runs then stay in memory).
    private var file: RunFile?
    private var fileFailed = false
    private let directory: String
    fileprivate private(set) var runs: [IdentityRun] = []

    /// Runs that could not be written to disk.
    var runsInMemory: Int { runs.count { $0.isInMemory } }

    /// `capacity` entries of 24 bytes are held before a run is written (1.5 MiB by default).
    init(capacity: Int = 1 << 16, directory: String = SpilledRun.temporaryDirectory) {
        buffer = .allocate(capacity: max(1, capacity))
        scratch = .allocate(capacity: max(1, capacity))
        self.directory = directory
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    func append(key: UInt64, content: UInt64, position: UInt64) {
        precondition(lastPosition.map { position > $0 } ?? true, "positions rise within one log")
        lastPosition = position
        if count == buffer.count { flush() }
        buffer[count] = Entry(key: key, content: content, position: position)
        count += 1
    }

    /// Sorts what is buffered and keeps it as a run.
    fileprivate func flush() {
        guard count > 0 else { return }
        let sorted = Self.radixSortByKey(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]),
                                         scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<count]))
        if file == nil && !fileFailed {
            file = UnlinkedTemporaryFile.create(in: directory, prefix: "kaoping-idlog").map(RunFile.init)
            fileFailed = file == nil
        }
        if let file, let offset = file.append(UnsafeRawBufferPointer(sorted)) {
            runs.append(IdentityRun(file: file, offset: offset, count: sorted.count))
        } else {
            runs.append(IdentityRun(kept: Array(sorted)))
        }
        count = 0
    }

    /// Stable least-significant-digit radix sort on the key, a byte at a time; passes where
    /// every key has the same byte are skipped. Returns whichever buffer holds the result.
    static func radixSortByKey(_ entries: UnsafeMutableBufferPointer<Entry>,
                               scratch: UnsafeMutableBufferPointer<Entry>) -> UnsafeMutableBufferPointer<Entry> {
        var source = entries, target = scratch
        var counts = [Int](repeating: 0, count: 256)
        for byte in 0..<8 {
            let shift = UInt64(byte * 8)
            for index in 0..<256 { counts[index] = 0 }
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
        return source
    }
}

/// A log's runs, one after another in one unlinked temporary file.
final class RunFile: @unchecked Sendable {
    let descriptor: Int32
    private var size = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Writes `bytes` at the end; their offset, or nil when the disk refused them.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard lseek(descriptor, off_t(size), SEEK_SET) >= 0, UnlinkedTemporaryFile.writeAll(descriptor, bytes) else { return nil }
        defer { size += bytes.count }
        return size
    }
}

/// One sorted run: a stretch of its log's file, or in memory when no file could be written.
final class IdentityRun: @unchecked Sendable {
    private static let entrySize = MemoryLayout<IdentityLog.Entry>.stride
    let count: Int
    private let file: RunFile?
    private let offset: Int
    private let kept: [IdentityLog.Entry]

    init(file: RunFile, offset: Int, count: Int) {
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
        let raw = UnsafeMutableRawBufferPointer(destination)
        var done = 0
        while done < wanted * Self.entrySize {
            let got = pread(file.descriptor, raw.baseAddress! + done, wanted * Self.entrySize - done,
                            off_t(offset + start * Self.entrySize + done))
            if got < 0 && errno == EINTR { continue }
            // The file was written by this process and is unlinked: a short read means the
            // disk failed under it, and no answer would be right.
            precondition(got > 0, "identity log run unreadable (errno \(errno))")
            done += got
        }
        return wanted
    }
}

/// The repeats among every log's ids.
enum IdentityRepeats {
    enum Verdict: Equatable {
        case identical(first: UInt64)
        case conflict(first: UInt64)
    }

    struct Repeat: Equatable {
        let position: UInt64
        let verdict: Verdict
    }

    /// Every later occurrence of an id, by position. Memory: a 24 KiB block per run, and the
    /// repeats.
    static func find(in logs: [IdentityLog]) -> [Repeat] {
        for log in logs { log.flush() }
        var cursors = logs.flatMap(\.runs).map(RunCursor.init)
        var heap = MergeHeap(cursors: &cursors)
        var repeats: [Repeat] = []
        var first: IdentityLog.Entry?
        while let entry = heap.pop(&cursors) {
            if let earlier = first, earlier.key == entry.key {
                repeats.append(Repeat(position: entry.position,
                                      verdict: entry.content == earlier.content ? .identical(first: earlier.position)
                                                                                 : .conflict(first: earlier.position)))
            } else {
                first = entry
            }
        }
        repeats.sort { $0.position < $1.position }
        return repeats
    }
}

/// Reads one run in blocks.
private struct RunCursor {
    /// 24 KiB per run: the merge holds one block of every run at once.
    private static let blockEntries = 1024
    let run: IdentityRun
    private var block: [IdentityLog.Entry] = []
    private var blockStart = 0
    private var index = 0

    init(_ run: IdentityRun) {
        self.run = run
        load(from: 0)
    }

    var current: IdentityLog.Entry? { index < block.count ? block[index] : nil }

    mutating func advance() {
        index += 1
        if index == block.count { load(from: blockStart + block.count) }
    }

    private mutating func load(from start: Int) {
        blockStart = start
        index = 0
        let size = min(Self.blockEntries, run.count - start)
        guard size > 0 else {
            block = []
            return
        }
        block = [IdentityLog.Entry](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = run.read(from: start, into: buffer)
        }
    }
}

/// A min-heap of cursor indexes, ordered by (key, position) of each cursor's current entry.
private struct MergeHeap {
    private var heap: [Int] = []

    init(cursors: inout [RunCursor]) {
        for index in cursors.indices where cursors[index].current != nil { push(index, &cursors) }
    }

    private static func less(_ a: IdentityLog.Entry, _ b: IdentityLog.Entry) -> Bool {
        (a.key, a.position) < (b.key, b.position)
    }

    private mutating func push(_ cursor: Int, _ cursors: inout [RunCursor]) {
        heap.append(cursor)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(cursors[heap[child]].current!, cursors[heap[parent]].current!) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The smallest current entry; its cursor moves on.
    mutating func pop(_ cursors: inout [RunCursor]) -> IdentityLog.Entry? {
        guard let top = heap.first else { return nil }
        let entry = cursors[top].current!
        cursors[top].advance()
        if cursors[top].current == nil {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, Self.less(cursors[heap[left]].current!, cursors[heap[smallest]].current!) { smallest = left }
            if right < heap.count, Self.less(cursors[heap[right]].current!, cursors[heap[smallest]].current!) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return entry
    }
}
