#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
