/// What a row below the header turns out to be: classified and cast on any thread, then
/// accounted for in file order.
enum ClassifiedRow: Sendable {
    case skip(SkipReason)
    /// Refused before casting: bad quoting, cells beyond the header.
    case reject(Reject)
    case data(CastRow)

    /// `origin`: where the event lies in the batches its rows are accounted with.
    /// `identityKey`: set to the row's hashed id, when it is valid and of a kind with identity,
    /// read before the row is wrapped (reading it back out of the enum copies the row).
    private init(_ event: BorrowedEvent, origin: RowOrigin, header: HeaderMap, file: Int, state: IngestState,
         identityKey: inout UInt64) {
        switch event {
        case .blank:
            self = .skip(.blank)
        case let .malformed(line, field, problem):
            self = .reject(state.quotingReject(file: file, line: line, field: field, problem: problem, header: header))
        case .record(let view):
            if view.containsNUL { self = .reject(state.binaryRowReject(view, header: header, file: file)); return }
            let limits = state.options.limits
            if view.fieldCount > limits.maxColumns {
                self = .reject(state.tooManyColumnsReject(view, header: header, file: file))
            } else if let oversized = RowShape.oversizedField(view, limit: limits.maxFieldBytes) {
                self = .reject(state.oversizedFieldReject(view, header: header, field: oversized, file: file))
            } else if let reason = RowShape.skipReason(view) {
                self = .skip(reason)
            } else if let overflow = RowShape.overflowingField(view, headerWidth: header.written.count) {
                self = .reject(state.overflowReject(view, header: header, field: overflow, file: file))
            } else {
                let row = CastRow(view: view, origin: origin, header: header, file: file, state: state)
                identityKey = row.place.identity?.key ?? 0
                self = .data(row)
            }
        }
    }

    /// Classifies the events of `batch` at `positions` (all of them when nil), in order;
    /// `batchIndex` is the batch's place among those its rows are accounted with.
    /// `output` gets each row with its hashed id (0: none).
    static func classify(_ batch: RecordBatch, batchIndex: Int, positions: Range<Int>? = nil, header: HeaderMap,
                         file: Int, state: IngestState,
                         into output: (consuming ClassifiedRow, _ identityKey: UInt64) -> Void) {
        batch.withEvents { events in
            for position in positions ?? 0..<events.count {
                var key: UInt64 = 0
                let row = ClassifiedRow(events[position], origin: RowOrigin(batch: batchIndex, position: position),
                                        header: header, file: file, state: state, identityKey: &key)
                output(row, key)
            }
        }
    }
}

extension CastRow {
    /// The row as read by a reader that counted lines from `base + 1`.
    mutating func shiftLines(by base: Int) {
        guard base != 0 else { return }
        place.line += base
        if case .failure(var reject) = outcome {
            reject.line += base
            outcome = .failure(reject)
        }
    }

    /// The outcome, moved out of the row: admission takes each record once, without a copy
    /// (and the reference counting a copy of its texts costs).
    consuming func takeOutcome() -> Result<Record, Reject> { outcome }
}

/// Where a row lies among the batches it is accounted with: its cells are found there again
/// when admission must quote them (a conflicting duplicate), so a cast row holds no reference
/// to them.
struct RowOrigin: Sendable {
    let batch: Int
    let position: Int
}

/// Where a cast row was read, and what duplicate detection needs of it: plain values only.
struct RowPlace: Sendable {
    /// 1-based line on which the record starts.
    var line: Int
    let origin: RowOrigin
    let file: Int
    /// For a valid row of a kind with identity: its hashed id and the fingerprint of its text,
    /// worked out where it was cast, on all cores, rather than in the ordered admission.
    let identity: (key: UInt64, content: UInt64)?

    /// The row's record again, from the batches it was read into, with the row's line.
    func record(in batches: [RecordBatch]) -> RawRecord {
        var record = batches[origin.batch].record(at: origin.position)
        record.line = line
        return record
    }
}

/// A data row after casting, with what duplicate detection needs.
///
/// It holds no reference: every row would otherwise count references on the header object
/// that all reader threads share (the cores would fight over its cache line), and on its
/// batch's three arrays.
struct CastRow: Sendable {
    var place: RowPlace
    var outcome: Result<Record, Reject>

    /// `view` is the row's cells.
    init(view: RowView, origin: RowOrigin, header: HeaderMap, file: Int, state: IngestState) {
        let (outcome, key) = state.cast(view, header: header, file: file)
        self.outcome = outcome
        let identity = key.map { (key: $0, content: RowIdentity.content(of: view, header: header)) }
        place = RowPlace(line: view.line, origin: origin, file: file, identity: identity)
    }
}

/// A range's classified rows, handed out to the admitting loop by moving each one out once:
/// no copy (and no reference counting) per row on the one thread that goes through them all.
final class ClassifiedRows: @unchecked Sendable {
    private var storage: UnsafeMutablePointer<ClassifiedRow>
    /// Each row's hashed id apart (0: none, or an id that hashed to 0 and is simply not
    /// prefetched), so that looking ahead copies no row.
    private var keys: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var count = 0
    /// Rows before this index were moved out.
    private var taken = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
        keys = .allocate(capacity: self.capacity)
    }

    deinit {
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
        keys.deallocate()
    }

    /// `identityKey`: the row's hashed id, 0 for none.
    func append(_ row: consuming ClassifiedRow, identityKey: UInt64) {
        if count == capacity { grow() }
        keys[count] = identityKey
        (storage + count).initialize(to: row)
        count += 1
    }

    /// Rows are appended batch by batch while the range is read, so the count is not known
    /// up front; growing moves the rows, it copies none.
    private func grow() {
        precondition(taken == 0, "rows are appended before any is taken")
        let larger = capacity * 2
        let newStorage = UnsafeMutablePointer<ClassifiedRow>.allocate(capacity: larger)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        let newKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: larger)
        newKeys.initialize(from: keys, count: count)
        keys.deallocate()
        keys = newKeys
        capacity = larger
    }

    /// The id of a row not yet taken, to prefetch its lookup.
    func identityKey(at index: Int) -> UInt64? {
        precondition(index >= taken && index < count)
        return keys[index] == 0 ? nil : keys[index]
    }

    /// The next row, moved out; each row is taken once, in order.
    func takeNext() -> ClassifiedRow {
        precondition(taken < count, "every row was taken")
        defer { taken += 1 }
        return (storage + taken).move()
    }
}
