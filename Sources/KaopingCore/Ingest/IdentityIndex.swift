#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport
import Dispatch

/// SPEC §3 identity (case_id and ticket_id across the whole folder, items by unit and item
/// code, units by code): judges each row with an id first, an identical repeat or a conflicting
/// one, in memory that does not grow with the input (issue 6).
///
/// Ids and contents are kept as 64-bit hashes (two different ids colliding on 64 bits would be
/// taken for the same id; with ten million ids the chance is about one in 400 000).
///
/// - In the pass, a table of recent ids (`RecentIdentities`: at least the latest
///   ¾ × `recentSlots` new ids) judges each row at once. A repeat of an id that has left it (a
///   "far" repeat: an export sent again after a hundred thousand other rows) is judged first,
///   wrongly.
/// - Every row is also written to an `IdentityLog` with whether it was judged first. After the
///   pass, `corrections(workers:)` reads the log back by id. An id's true first occurrence is
///   always judged first, so its rows were all judged right exactly when only one was. For any
///   other id, every row from its second "first" on gets a correction against the true first.
/// - Only then (nearly never: a district's ids fit the table) ingest reads the folder again
///   with `IdentityIndex(replaying:)`. The same rows arrive in the same order and make the same
///   table operations, so every other row gets its verdict again, and a corrected row gets its
///   correction: the outcome an index remembering every id would give.
struct IdentityIndex {
    enum Outcome: Equatable {
        case first
        case identicalRepeat(of: RowLocation)
        case conflict(with: RowLocation)
    }

    /// 3 MiB a table, two tables: at least 98 304 recent ids.
    static let defaultRecentSlots = 1 << 17
    /// What reading the log back may hold in blocks of its runs, over all threads.
    static let mergeMemory = 2 << 20

    private let recent: RecentIdentities
    /// The first pass's record of every verdict; nil in a replay.
    private let log: IdentityLog?
    private var replay: CorrectionStream?
    private let directory: String

    /// `directory` takes the log's runs (`$TMPDIR` or `/tmp` by default; without it they stay
    /// in memory). `expectedIds`, a guess from the input's size, decides whether the tables go
    /// on huge pages.
    init(recentSlots: Int = Self.defaultRecentSlots, directory: String = UnlinkedTemporaryFile.directory,
         expectedIds: Int = 0) {
        recent = RecentIdentities(slots: recentSlots, expectedIds: expectedIds)
        log = IdentityLog(directory: directory)
        self.directory = directory
    }

    /// The index of a second pass: the same table, and the first pass's corrections.
    init(replaying corrections: IdentityCorrections, recentSlots: Int = Self.defaultRecentSlots, expectedIds: Int = 0) {
        recent = RecentIdentities(slots: recentSlots, expectedIds: expectedIds)
        log = nil
        replay = CorrectionStream(corrections)
        directory = UnlinkedTemporaryFile.directory
    }

    /// Whether any id has left the recent tables (see `corrections(workers:)`).
    var hasForgotten: Bool { recent.hasForgotten }

    /// Where to prefetch a key's slots; valid for the index's lifetime.
    var prefetcher: IdentityPrefetcher { recent.prefetcher }

    /// Rows must come in file order, then line order.
    mutating func register(key rawKey: UInt64, content: UInt64, at location: RowLocation) -> Outcome {
        let key = IdentityTable.storedKey(rawKey)
        let position = IdentityTable.pack(location)
        var outcome = Outcome.first
        if let seen = recent.find(key) {
            let firstLocation = IdentityTable.unpack(seen.location)
            outcome = seen.content == content ? .identicalRepeat(of: firstLocation) : .conflict(with: firstLocation)
        } else {
            recent.insert(IdentityEntry(key: key, content: content, location: position))
        }
        // The low bit: judged first.
        log?.append(key: key, content: content, position: position << 1 | (outcome == .first ? 1 : 0))
        if let corrected = replay?.correction(at: position, key: key) { return corrected }
        return outcome
    }

    /// After a second pass: how many corrections found no row with their id where the first
    /// reading had it (0 unless a file changed between the two readings).
    mutating func unappliedCorrections() -> Int { replay?.finish() ?? 0 }

    /// After a first pass: the verdicts to correct, or nil when every row was judged right.
    /// Reads the log back on `workers` threads, each over its own slice of the ids.
    func corrections(workers: Int) -> IdentityCorrections? {
        // Every repeat of an id still in the tables was judged against its first occurrence.
        guard let log, recent.hasForgotten else { return nil }
        let runs = log.runs
        let parts = runs.isEmpty ? 1 : max(1, workers)
        let found = ConcurrentSlots<IdentityLog>(count: parts)
        let directory = directory
        let findSlice: @Sendable (Int) -> Void = { part in
            found.store(IdentityCorrections.find(in: runs, keys: MergedRuns.keySlice(part, of: parts),
                                                 memory: Self.mergeMemory / parts, directory: directory),
                        at: part)
        }
        if parts == 1 { findSlice(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: findSlice) }
        let logs = found.values.filter { $0.entryCount > 0 }
        return logs.isEmpty ? nil : IdentityCorrections(logs: logs)
    }
}

/// Rows whose first-pass verdict was wrong, kept as an `IdentityLog` keyed by the row's
/// position (so they come back in file order, in flat memory even when a whole large export was
/// sent twice). An entry's content is the true first occurrence's position, shifted left, with
/// the low bit set for an identical repeat; its position slot holds the row's id, so that a
/// correction is never applied to another row (a file changed between the two readings).
struct IdentityCorrections: @unchecked Sendable {
    fileprivate let logs: [IdentityLog]

    fileprivate init(logs: [IdentityLog]) { self.logs = logs }

    /// How many rows get another verdict.
    var count: Int { logs.reduce(0) { $0 + $1.entryCount } }

    /// The corrections among the ids in `keys`.
    fileprivate static func find(in runs: [IdentityRun], keys: ClosedRange<UInt64>, memory: Int,
                                 directory: String) -> IdentityLog {
        let corrections = IdentityLog(capacity: 1 << 12, directory: directory, positionsRise: false)
        var first: IdentityLog.Entry?
        var judgedFirst = 0
        RunBuckets(runs, keys: keys, memory: memory).forEachBucket { entries in
            for entry in entries {
                guard let earlier = first, earlier.key == entry.key else {
                    assert(entry.position & 1 == 1, "an id's first row is always judged first")
                    first = entry
                    judgedFirst = 1
                    continue
                }
                judgedFirst += Int(entry.position & 1)
                guard judgedFirst >= 2 else { continue }
                let verdict = (earlier.position >> 1) << 1 | (entry.content == earlier.content ? 1 : 0)
                corrections.append(key: entry.position >> 1, content: verdict, position: entry.key)
            }
        }
        return corrections
    }
}

/// The corrections in file order, taken as the second pass reaches their rows.
private struct CorrectionStream {
    private var merged: MergedRuns
    private var next: IdentityLog.Entry?
    /// Corrections whose row was not where the first reading found it.
    private(set) var unapplied = 0

    init(_ corrections: IdentityCorrections) {
        merged = MergedRuns(corrections.logs.flatMap(\.runs))
        next = merged.next()
    }

    mutating func correction(at position: UInt64, key: UInt64) -> IdentityIndex.Outcome? {
        // Rows the second reading no longer has (only a file changed in between does that).
        while let entry = next, entry.key < position {
            unapplied += 1
            next = merged.next()
        }
        guard let entry = next, entry.key == position else { return nil }
        next = merged.next()
        guard entry.position == key else {
            unapplied += 1
            return nil
        }
        let first = IdentityTable.unpack(entry.content >> 1)
        return entry.content & 1 == 1 ? .identicalRepeat(of: first) : .conflict(with: first)
    }

    /// Those not applied, and those left over once every row was read.
    mutating func finish() -> Int {
        while next != nil {
            unapplied += 1
            next = merged.next()
        }
        return unapplied
    }
}

/// The ids judged first most recently: two tables, the newer filling while the older is still
/// searched; when the newer is full, the older is emptied and becomes the newer.
final class RecentIdentities: @unchecked Sendable {
    private var newer: IdentityTable
    private var older: IdentityTable
    /// Where the two tables' slots lie: prefetching reads these, not the tables, whose
    /// references it would otherwise count for every row.
    private var newerSlots: IdentityTable.Slots
    private var olderSlots: IdentityTable.Slots

    init(slots: Int, expectedIds: Int) {
        // Ids land on random pages: once there are an eighth as many ids as slots, every page
        // of a table is touched anyway, and huge pages spare the prefetches a TLB miss each.
        newer = IdentityTable(slots: slots, hugePages: expectedIds >= slots / 8)
        older = IdentityTable(slots: slots, hugePages: expectedIds >= slots / 8)
        newerSlots = newer.slots
        olderSlots = older.slots
    }

    var prefetcher: IdentityPrefetcher { IdentityPrefetcher(recent: self) }

    /// Loads what looking `key` up and inserting it will touch: its keys in both tables, and
    /// where its entry would go in the newer one (see `IdentityTable.Slots.prefetchForInsert`).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        newerSlots.prefetchForInsert(key)
        olderSlots.prefetch(key)
    }

    @inline(__always)
    func find(_ key: UInt64) -> IdentityEntry? { newer.find(key) ?? older.find(key) }

    /// Whether any id has left the tables: only then can a repeat have been judged first.
    private(set) var hasForgotten = false

    func insert(_ entry: IdentityEntry) {
        if newer.isFull {
            hasForgotten = hasForgotten || older.count > 0
            older.clear()
            swap(&newer, &older)
            swap(&newerSlots, &olderSlots)
        }
        newer.insert(entry)
    }
}

/// Loads a key's slots in the recent tables ahead of its lookup (see `RecentIdentities.prefetch`).
/// Holds the tables by reference: the admitting loop keeps one, rather than reaching into the
/// ingest state for every row.
struct IdentityPrefetcher {
    let recent: RecentIdentities

    @inline(__always)
    func prefetch(_ rawKey: UInt64) {
        recent.prefetch(IdentityTable.storedKey(rawKey))
    }
}

struct IdentityEntry {
    var key: UInt64
    var content: UInt64
    var location: UInt64
}

/// Open addressing over zero-initialised blocks: no allocation per entry. Key 0 marks an
/// empty slot. A key's home slot is its top bits.
///
/// Keys are kept apart from what they map to: a search for an id that is not there (every
/// new id, in both tables) walks a run of occupied slots, about eight at three quarters full,
/// and eight keys fill one cache line where eight whole entries would fill three.
final class IdentityTable: @unchecked Sendable {
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<(content: UInt64, location: UInt64)>
    private(set) var slotCount: Int
    private(set) var count = 0
    /// 64 − log2(slotCount): a key shifted right by it is its home slot.
    private var homeShift: UInt64

    init(slots: Int, hugePages: Bool = false) {
        var size = 16
        while size < slots { size <<= 1 }
        slotCount = size
        homeShift = UInt64(64 - size.trailingZeroBitCount)
        // Huge pages only when asked: a folder of a thousand ids would touch every 2 MiB page.
        keys = ZeroedPages.allocate(UInt64.self, count: size, hugePages: hugePages)
        values = ZeroedPages.allocate((content: UInt64, location: UInt64).self, count: size, hugePages: hugePages)
    }

    @inline(__always)
    private func homeSlot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> homeShift) }

    /// The key an id's hash is kept under: 0 marks an empty slot, so a hash of 0 is kept as 1.
    @inline(__always)
    static func storedKey(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    deinit {
        ZeroedPages.release(keys, count: slotCount)
        ZeroedPages.release(values, count: slotCount)
    }

    /// Where the slots lie, valid for the table's lifetime.
    var slots: Slots { Slots(keys: keys, values: values, homeShift: homeShift, mask: slotCount - 1) }

    /// A table's slot arrays, to prefetch from without holding the table.
    struct Slots {
        let keys: UnsafeMutablePointer<UInt64>
        let values: UnsafeMutablePointer<(content: UInt64, location: UInt64)>
        let homeShift: UInt64
        let mask: Int

        /// Asks the cache for the slot where `key` would start probing: the ordered admission
        /// calls it a few rows ahead, so the probe that follows finds its line already loaded.
        @inline(__always)
        func prefetch(_ key: UInt64) {
            let home = Int(truncatingIfNeeded: key >> homeShift)
            kaoping_prefetch(keys + home)
            // A search for a new id walks on to the first empty slot: in a table three quarters
            // full, about eight slots, past the home slot's line as often as not.
            kaoping_prefetch(keys + ((home + 8) & mask))
        }

        /// `prefetch`, and the entries an insert of `key` would write: a new id (nearly every
        /// row) is stored a few slots from its home. Without this, the store of its entry waited
        /// for its line while every store after it queued (6% of all time at 1M cases, seen on
        /// whatever read the row next).
        @inline(__always)
        func prefetchForInsert(_ key: UInt64) {
            let home = Int(truncatingIfNeeded: key >> homeShift)
            kaoping_prefetch(keys + home)
            kaoping_prefetch(keys + ((home + 8) & mask))
            // Four entries a line: the home slot's line and the next cover the usual probe.
            kaoping_prefetch_for_write(values + home)
            kaoping_prefetch_for_write(values + ((home + 4) & mask))
        }
    }

    /// Three quarters full: time to spill.
    var isFull: Bool { count * 4 >= slotCount * 3 }

    /// A row's place in file order, in 63 bits (the log adds one): 40 for the line, so a file of
    /// more than four billion lines keeps its order, and 23 for the file, eight million of them.
    static func pack(_ location: RowLocation) -> UInt64 {
        precondition(location.file < 1 << 23 && location.line < 1 << 40, "a folder of 8 million files or a file of 10¹² lines")
        return UInt64(location.file) << 40 | UInt64(location.line)
    }

    static func unpack(_ packed: UInt64) -> RowLocation {
        RowLocation(file: Int(packed >> 40), line: Int(packed & (1 << 40 - 1)))
    }

    func find(_ key: UInt64) -> IdentityEntry? {
        let mask = slotCount - 1
        var slot = homeSlot(key)
        while keys[slot] != 0 {
            if keys[slot] == key {
                return IdentityEntry(key: key, content: values[slot].content, location: values[slot].location)
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    func insert(_ entry: IdentityEntry) {
        let mask = slotCount - 1
        var slot = homeSlot(entry.key)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        keys[slot] = entry.key
        values[slot] = (entry.content, entry.location)
        count += 1
    }

    func clear() {
        memset(keys, 0, slotCount * MemoryLayout<UInt64>.stride)
        count = 0
    }
}

/// FNV-1a with a final avalanche, over bytes; stable across runs and machines (Swift's
/// `Hasher` is seeded per process, which would make nothing wrong but everything harder to debug).
struct StableHash {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func combine<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
    }

    /// A cell framed by its length and tagged (with its column's hashed name), in one word, so
    /// that no two different rows hash the same stream. Eight bytes at a time: every data
    /// row's cells go through here. `readableAfter`: bytes after the cell that may be read
    /// (and are ignored), so that its tail is one load.
    @inline(__always)
    mutating func combineCell(_ raw: UnsafeRawBufferPointer, tag: UInt64, readableAfter: Int = 0) {
        let count = raw.count
        mixWord(tag &+ UInt64(truncatingIfNeeded: count))
        var offset = 0
        while offset + 8 <= count {
            mixWord(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count && count - offset + readableAfter >= 8 {
            // The tail in one load, the bytes past the cell masked off: the same word as below.
            let word = UnsafeRawPointer(raw.baseAddress! + offset).loadUnaligned(as: UInt64.self)
            mixWord(word & (~UInt64(0) &>> (64 - 8 * UInt64(count - offset))))
        } else if offset < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            mixWord(tail)
        }
    }

    /// A string as one tagged cell (see `combineCell`).
    @inline(__always)
    mutating func combineText(_ text: String, tag: UInt64) {
        var text = text
        text.withUTF8 { combineCell(UnsafeRawBufferPointer($0), tag: tag) }
    }

    @inline(__always)
    mutating func mixWord(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 32
    }

    var value: UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
