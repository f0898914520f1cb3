#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemSupport

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
        newer.prepareForWrites()
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
    func find(_ key: UInt64) -> IdentityEntry? {
        // An older table that never took an id is not read: reading maps its untouched pages
        // (to the zero page), which its first writes then copy (see `prepareForWrites`).
        newer.find(key) ?? (older.count == 0 ? nil : older.find(key))
    }

    /// Whether any id has left the tables: only then can a repeat have been judged first.
    private(set) var hasForgotten = false

    func insert(_ entry: IdentityEntry) {
        if newer.isFull {
            hasForgotten = hasForgotten || older.count > 0
            older.prepareForWrites()
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
    /// On huge pages, and not yet faulted in writable (see `prepareForWrites`).
    private var unpopulated: Bool

    init(slots: Int, hugePages: Bool = false) {
        var size = 16
        while size < slots { size <<= 1 }
        slotCount = size
        homeShift = UInt64(64 - size.trailingZeroBitCount)
        // Huge pages only when asked: a folder of a thousand ids would touch every 2 MiB page.
        keys = ZeroedPages.allocate(UInt64.self, count: size, hugePages: hugePages)
        values = ZeroedPages.allocate((content: UInt64, location: UInt64).self, count: size, hugePages: hugePages)
        unpopulated = hugePages
    }

    /// Called when ids start going into this table. A table on huge pages is written all over
    /// (ids land on random pages), so it is faulted in writable at once (`ZeroedPages.populate`);
    /// a small folder's tables never are, and the older table only once it first takes ids.
    func prepareForWrites() {
        guard unpopulated else { return }
        unpopulated = false
        ZeroedPages.populate(keys, count: slotCount)
        ZeroedPages.populate(values, count: slotCount)
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
