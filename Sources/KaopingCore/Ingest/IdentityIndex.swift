#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

/// Remembers every id seen so far (SPEC §3 identity: case_id and ticket_id across the whole
/// folder, items by unit and item code, units by code) with a fingerprint of the row's text
/// and where it was first seen.
///
/// Ids and contents are kept as 64-bit hashes (two different ids colliding on 64 bits would be
/// taken for the same id; with ten million ids the chance is about one in 400 000). Recent ids
/// live in an in-memory table of bounded size; when it fills, it is written to a sorted run in
/// a temporary file, which keeps one key per disk block in memory, and its ids go into a
/// blocked Bloom filter (`SpilledRunFilters`). Memory grows only by about 2 bytes per spilled id
/// (16 filter bits, and the block keys).
struct IdentityIndex {
    enum Outcome: Equatable {
        case first
        case identicalRepeat(of: RowLocation)
        case conflict(with: RowLocation)
    }

    private var table: IdentityTable
    private var runs: [SpilledRun] = []
    /// The runs' Bloom filters.
    private let blooms = SpilledRunFilters()
    private let spillDirectory: String?

    /// `slots` bounds the table: 24 bytes a slot, 24 MiB by default, reserved at once but
    /// only touched as it fills, so a small folder costs little. Runs go to `spillDirectory`,
    /// by default `$TMPDIR` or `/tmp`. `expectedIds`, a guess from the input's size, decides
    /// whether the table goes on huge pages.
    init(slots: Int = 1 << 20, spillDirectory: String? = nil, expectedIds: Int = 0) {
        // Ids land on random pages: once there are an eighth as many ids as slots, every page
        // of the table is touched anyway, and huge pages spare the prefetches a TLB miss each.
        table = IdentityTable(slots: slots, hugePages: expectedIds >= slots / 8)
        self.spillDirectory = spillDirectory
    }

    /// Distinct ids remembered, in memory and on disk.
    var count: Int { table.count + runs.reduce(0) { $0 + $1.count } }

    /// Where to prefetch a key's slot and Bloom filter lines; valid for the index's lifetime.
    var prefetcher: IdentityPrefetcher { IdentityPrefetcher(table: table, blooms: blooms) }

    mutating func register(key rawKey: UInt64, content: UInt64, at location: RowLocation) -> Outcome {
        let key = IdentityTable.storedKey(rawKey)
        if let first = table.find(key) ?? findSpilled(key) {
            let firstLocation = IdentityTable.unpack(first.location)
            return first.content == content ? .identicalRepeat(of: firstLocation) : .conflict(with: firstLocation)
        }
        if table.isFull {
            // The table's own memory is sorted and reused: spilling allocates nothing big.
            let sorted = table.sortInPlace()
            if let run = SpilledRun(sorted, directory: spillDirectory ?? SpilledRun.temporaryDirectory) {
                let index = blooms.addRun(sorted.lazy.map(\.key))
                assert(index == runs.count)
                runs.append(run)
                table.clear()
            } else {
                table.grow()  // no temporary file can be written: stay in memory
            }
        }
        table.insert(IdentityEntry(key: key, content: content, location: IdentityTable.pack(location)))
        return .first
    }
}

extension IdentityIndex {
    /// The entry of a spilled id: only the runs whose filter may hold it are read.
    private func findSpilled(_ key: UInt64) -> IdentityEntry? {
        for group in 0..<blooms.groupCount where blooms.groupMayHold(group, key) {
            for run in blooms.runs(ofGroup: group) {
                if let found = runs[run].find(key) { return found }
            }
        }
        return nil
    }
}

/// Loads a key's table slot and its lines in every spilled run's Bloom filter ahead of its
/// lookup (see `IdentityTable.prefetch`). Holds the index's parts by reference: the admitting
/// loop keeps one, rather than reaching into the ingest state for every row.
struct IdentityPrefetcher {
    let table: IdentityTable
    let blooms: SpilledRunFilters

    @inline(__always)
    func prefetch(_ rawKey: UInt64) {
        let key = IdentityTable.storedKey(rawKey)
        table.prefetch(key)
        blooms.prefetch(key)
    }
}

struct IdentityEntry {
    var key: UInt64
    var content: UInt64
    var location: UInt64
}

/// Open addressing over one zero-initialised block of entries: no allocation per entry, one
/// cache line per probe. Key 0 marks an empty slot.
///
/// A key's home slot is its top bits, so home slots rise with keys and the entries, read in
/// slot order, are already nearly sorted: spilling sorts them in one short pass.
final class IdentityTable: @unchecked Sendable {
    private var storage: UnsafeMutablePointer<IdentityEntry>
    private(set) var slotCount: Int
    private(set) var count = 0
    /// 64 − log2(slotCount): a key shifted right by it is its home slot.
    private var homeShift: UInt64
    private let hugePages: Bool

    init(slots: Int, hugePages: Bool = false) {
        var size = 16
        while size < slots { size <<= 1 }
        slotCount = size
        homeShift = UInt64(64 - size.trailingZeroBitCount)
        self.hugePages = hugePages
        // Huge pages only when asked: a folder of a thousand ids would touch all 24 MiB.
        storage = ZeroedPages.allocate(IdentityEntry.self, count: size, hugePages: hugePages)
    }

    @inline(__always)
    private func homeSlot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> homeShift) }

    /// The key an id's hash is kept under: 0 marks an empty slot, so a hash of 0 is kept as 1.
    @inline(__always)
    static func storedKey(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    deinit { ZeroedPages.release(storage, count: slotCount) }

    /// Asks the cache for the slot where `key` would start probing: the ordered admission calls
    /// it a few rows ahead, so the probe that follows finds its line already loaded.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        kaoping_prefetch(storage + homeSlot(key))
    }

    /// Three quarters full: time to spill.
    var isFull: Bool { count * 4 >= slotCount * 3 }

    static func pack(_ location: RowLocation) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: location.file)) << 32 | UInt64(UInt32(truncatingIfNeeded: location.line))
    }

    static func unpack(_ packed: UInt64) -> RowLocation {
        RowLocation(file: Int(packed >> 32), line: Int(packed & 0xFFFF_FFFF))
    }

    func find(_ key: UInt64) -> IdentityEntry? {
        let mask = slotCount - 1
        var slot = homeSlot(key)
        while storage[slot].key != 0 {
            if storage[slot].key == key { return storage[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    func insert(_ entry: IdentityEntry) {
        let mask = slotCount - 1
        var slot = homeSlot(entry.key)
        while storage[slot].key != 0 { slot = (slot + 1) & mask }
        storage[slot] = entry
        count += 1
    }

    /// Moves the entries to the front, sorted by key, and returns them. The table is no
    /// longer a hash table afterwards: `clear()` it, or `grow()` it, which rehashes.
    func sortInPlace() -> UnsafeMutableBufferPointer<IdentityEntry> {
        let empty = IdentityEntry(key: 0, content: 0, location: 0)
        // Entries that probed past the last slot and wrapped to the front belong at the end.
        var wrapped: [IdentityEntry] = []
        var slot = 0
        while slot < slotCount, storage[slot].key != 0 {
            if homeSlot(storage[slot].key) > slot {
                wrapped.append(storage[slot])
                storage[slot] = empty
            }
            slot += 1
        }
        var filled = 0
        for slot in 0..<slotCount where storage[slot].key != 0 {
            if slot != filled {
                storage[filled] = storage[slot]
                storage[slot] = empty
            }
            filled += 1
        }
        for entry in wrapped {
            storage[filled] = entry
            filled += 1
        }
        // Every entry now sits at most a cluster's length from its place: insertion sort.
        for index in 1..<max(1, filled) {
            let entry = storage[index]
            var place = index
            while place > 0, storage[place - 1].key > entry.key {
                storage[place] = storage[place - 1]
                place -= 1
            }
            storage[place] = entry
        }
        return UnsafeMutableBufferPointer(start: storage, count: filled)
    }

    func clear() {
        memset(storage, 0, slotCount * MemoryLayout<IdentityEntry>.stride)
        count = 0
    }

    func grow() {
        let old = storage, oldCount = slotCount
        slotCount *= 2
        homeShift -= 1
        count = 0
        storage = ZeroedPages.allocate(IdentityEntry.self, count: slotCount, hugePages: hugePages)
        for slot in 0..<oldCount where old[slot].key != 0 { insert(old[slot]) }
        ZeroedPages.release(old, count: oldCount)
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
    /// row's cells go through here.
    @inline(__always)
    mutating func combineCell(_ raw: UnsafeRawBufferPointer, tag: UInt64) {
        let count = raw.count
        mixWord(tag &+ UInt64(truncatingIfNeeded: count))
        var offset = 0
        while offset + 8 <= count {
            mixWord(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count {
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
