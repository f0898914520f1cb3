import CSystemSupport

/// Where classified rows go, in order. A row's parts are handed over apart: a data row's
/// record (122 bytes) and where it was read (49) are each copied inline, while the two
/// together, over 128 bytes, would be copied by a call to memmove every time.
protocol ClassifiedRowSink {
    mutating func skip(_ reason: SkipReason)
    /// Refused: bad quoting, cells beyond the header, or a cell its kind's schema refused.
    mutating func reject(_ reject: consuming Reject)
    /// A row cast to a record. `identityKey`: its hashed id (0: none), read before the record
    /// is stored.
    mutating func data(_ record: consuming Record, place: RowPlace, identityKey: UInt64)
    /// Where the casts keep texts that repeat from row to row, for the thread filling the sink;
    /// nil: each is made anew.
    var interner: UnsafeMutablePointer<TextInterner>? { get }
}

/// What a row below the header turns out to be (skipped, refused before casting, or cast),
/// worked out on any thread and handed to a sink in order, then accounted for in file order.
enum ClassifiedRow {
    /// `origin`: where the event lies in the batches its rows are accounted with. Inlined into
    /// the batch loop: called, the 73-byte event was stored a word at a time and read back 16
    /// bytes at a time, a load that cannot take its bytes from the pending stores and waits
    /// for them (1.8% of the 1M profile on that one load). `fingerprint`: the row's content
    /// fingerprint when its reader took it under this header.
    @inline(__always)
    private static func classify<Sink: ClassifiedRowSink>(_ event: BorrowedEvent, fingerprint: UInt64?, origin: RowOrigin,
                                                          header: HeaderMap, file: Int, state: IngestState,
                                                          into sink: inout Sink) {
        switch event {
        case .blank:
            sink.skip(.blank)
        case let .malformed(line, field, problem):
            sink.reject(state.quotingReject(file: file, line: line, field: field, problem: problem, header: header))
        case .record(let view):
            if view.containsNUL { sink.reject(state.binaryRowReject(view, header: header, file: file)); return }
            let limits = state.options.limits
            if view.fieldCount > limits.maxColumns {
                sink.reject(state.tooManyColumnsReject(view, header: header, file: file))
            } else if let oversized = RowShape.oversizedField(view, limit: limits.maxFieldBytes) {
                sink.reject(state.oversizedFieldReject(view, header: header, field: oversized, file: file))
            } else if let reason = RowShape.skipReason(view) {
                sink.skip(reason)
            } else if let overflow = RowShape.overflowingField(view, headerWidth: header.written.count) {
                sink.reject(state.overflowReject(view, header: header, field: overflow, file: file))
            } else {
                do throws(Reject) {
                    let record = try state.cast(view, header: header, file: file, interner: sink.interner)
                    let key = RowIdentity.key(of: record)
                    let identity = key.map {
                        (key: $0, content: fingerprint ?? RowIdentity.content(of: view, header: header))
                    }
                    sink.data(record, place: RowPlace(line: view.line, origin: origin, file: file, identity: identity),
                              identityKey: key ?? 0)
                } catch {
                    sink.reject(error)
                }
            }
        }
    }

    /// Classifies the events of `batch` at `positions` (all of them when nil), in order, into
    /// `sink`; `batchIndex` is the batch's place among those its rows are accounted with.
    static func classify<Sink: ClassifiedRowSink>(_ batch: RecordBatch, batchIndex: Int, positions: Range<Int>? = nil,
                                                  header: HeaderMap, file: Int, state: IngestState,
                                                  into sink: inout Sink) {
        batch.withEvents { events in
            // Compared by identity, once per row: a reference compared would be counted each time.
            let fingerprintedUnder = ObjectIdentifier(header)
            for position in positions ?? 0..<events.count {
                classify(events[position], fingerprint: events.fingerprint(at: position, under: fingerprintedUnder),
                         origin: RowOrigin(batch: batchIndex, position: position), header: header, file: file,
                         state: state, into: &sink)
            }
        }
    }
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

/// Classified rows (a range's, or a slice of a batch's), handed out to the admitting loop by moving each one out once:
/// no copy (and no reference counting) per row on the one thread that goes through them all.
/// Kept as parallel columns, so that no value over 128 bytes is ever moved (see
/// `ClassifiedRowSink`).
final class ClassifiedRows: ClassifiedRowSink, @unchecked Sendable {
    /// What each row is; `values` holds a `.reject` row's reject and a `.data` row's record,
    /// `places` a `.data` row's place.
    enum Kind {
        case skip(SkipReason)
        case reject
        case data
    }

    private var kinds: UnsafeMutablePointer<Kind>
    /// One slot per row, as wide as the wider of a record and a reject; its kind says which
    /// is there. Moved out as that type, never wrapped in an enum (see `IngestState.cast`).
    private var values: UnsafeMutableRawPointer
    private static let valueStride = max(MemoryLayout<Record>.stride, MemoryLayout<Reject>.stride)
    private static let valueAlignment = max(MemoryLayout<Record>.alignment, MemoryLayout<Reject>.alignment)
    private var places: UnsafeMutablePointer<RowPlace>
    /// Each row's hashed id apart (0: none, or an id that hashed to 0 and is simply not
    /// prefetched), so that looking ahead copies no row.
    private var keys: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var count = 0
    /// Rows before this index were moved out.
    private var taken = 0
    /// Kept when the columns are reused for another range: the same codes come back. None
    /// for a slice of a batch, whose hundred-odd rows would not repay the table's making.
    let interner: UnsafeMutablePointer<TextInterner>?

    init(capacity: Int, interning: Bool) {
        // Kinds and places are written over and dropped without deinitialising: plain values only.
        precondition(_isPOD(Kind.self) && _isPOD(RowPlace.self), "a row's kind and place hold no references")
        self.capacity = max(1, capacity)
        kinds = .allocate(capacity: self.capacity)
        values = .allocate(byteCount: self.capacity * Self.valueStride, alignment: Self.valueAlignment)
        places = .allocate(capacity: self.capacity)
        keys = .allocate(capacity: self.capacity)
        interner = interning ? .allocate(capacity: 1) : nil
        interner?.initialize(to: TextInterner())
    }

    deinit {
        reset()
        if let interner {
            interner.pointee.free()
            interner.deinitialize(count: 1)
            interner.deallocate()
        }
        kinds.deallocate()
        values.deallocate()
        places.deallocate()
        keys.deallocate()
    }

    func skip(_ reason: SkipReason) {
        reserveOne()
        kinds[count] = .skip(reason)
        keys[count] = 0
        count += 1
    }

    func reject(_ reject: consuming Reject) {
        reserveOne()
        kinds[count] = .reject
        keys[count] = 0
        value(count).initializeMemory(as: Reject.self, to: reject)
        count += 1
    }

    func data(_ record: consuming Record, place: RowPlace, identityKey: UInt64) {
        reserveOne()
        kinds[count] = .data
        keys[count] = identityKey
        value(count).initializeMemory(as: Record.self, to: record)
        (places + count).initialize(to: place)
        count += 1
    }

    /// Empty again, its columns kept for the next range (see `ClassifiedRowsPool`).
    func reset() {
        for index in taken..<count {
            switch kinds[index] {
            case .skip: break
            case .reject: value(index).assumingMemoryBound(to: Reject.self).deinitialize(count: 1)
            case .data: value(index).assumingMemoryBound(to: Record.self).deinitialize(count: 1)
            }
        }
        count = 0
        taken = 0
    }

    /// Rows are appended batch by batch while the range is read, so the count is not known
    /// up front; growing moves the rows, it copies none.
    private func reserveOne() {
        guard count == capacity else { return }
        precondition(taken == 0, "rows are appended before any is taken")
        let larger = capacity * 2
        Self.grow(&kinds, count: count, to: larger)
        let largerValues = UnsafeMutableRawPointer.allocate(byteCount: larger * Self.valueStride, alignment: Self.valueAlignment)
        largerValues.copyMemory(from: values, byteCount: count * Self.valueStride)  // moves uninitialised slots too: never read
        values.deallocate()
        values = largerValues
        Self.grow(&places, count: count, to: larger)
        Self.grow(&keys, count: count, to: larger)
        capacity = larger
    }

    private static func grow<Element>(_ column: inout UnsafeMutablePointer<Element>, count: Int, to capacity: Int) {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        UnsafeMutableRawPointer(larger).copyMemory(from: column, byteCount: count * MemoryLayout<Element>.stride)
        column.deallocate()
        column = larger
    }

    /// Loads the lines of the row `distance` after the next one. A range's rows were written
    /// by the core that read it, and the admitting thread, reading them in turn, otherwise
    /// waits for each line to come across (the load of the id key 8 rows ahead was a third of
    /// the admitting loop's own time).
    @inline(__always)
    func prefetch(distance: Int) {
        let index = taken + distance
        guard index < count else { return }
        kaoping_prefetch(keys + index)
        kaoping_prefetch(kinds + index)
        kaoping_prefetch(places + index)
        kaoping_prefetch(value(index))
        kaoping_prefetch(value(index) + 64)
    }

    /// The id of a row not yet taken, to prefetch its lookup.
    func identityKey(at index: Int) -> UInt64? {
        precondition(index >= taken && index < count)
        return keys[index] == 0 ? nil : keys[index]
    }

    /// What the next row is; take it with `takeNext` (a skipped row too).
    var nextKind: Kind {
        precondition(taken < count, "every row was taken")
        return kinds[taken]
    }

    /// The next row's place (meaningful for a `.data` row only).
    var nextPlace: RowPlace { places[taken] }

    /// The next row, a `.data` row, its record moved out. Each row is taken once, in order.
    func takeRecord() -> Record {
        precondition(taken < count && kinds[taken].isData, "a data row")
        defer { taken += 1 }
        return value(taken).assumingMemoryBound(to: Record.self).move()
    }

    /// The next row, a `.reject` row, its reject moved out.
    func takeReject() -> Reject {
        precondition(taken < count && kinds[taken].isReject, "a rejected row")
        defer { taken += 1 }
        return value(taken).assumingMemoryBound(to: Reject.self).move()
    }

    /// Passes the next row, a skipped one.
    func takeSkip() {
        precondition(taken < count && kinds[taken].isSkip, "a skipped row")
        taken += 1
    }

    @inline(__always)
    private func value(_ index: Int) -> UnsafeMutableRawPointer { values + index * Self.valueStride }
}

extension ClassifiedRows.Kind {
    var isSkip: Bool {
        if case .skip = self { return true }
        return false
    }

    var isReject: Bool {
        if case .reject = self { return true }
        return false
    }

    var isData: Bool {
        if case .data = self { return true }
        return false
    }
}

/// Spare row columns, handed back by the admitting thread once it has taken a range's rows
/// and reused by the range readers. Each is half a megabyte of freshly mapped pages otherwise:
/// a page fault per 4 KiB written, and an unmapping that interrupts the other cores, for
/// every 256 KiB range read.
final class ClassifiedRowsPool: @unchecked Sendable {
    private let lock = PThreadMutex()
    private var spares: [ClassifiedRows] = []
    private let limit: Int

    /// `limit`: spares kept at most; more are freed.
    init(limit: Int) { self.limit = limit }

    /// A spare (grown to whatever its earlier ranges needed, and growing again if this one
    /// needs more), or a new one with room for `capacity` rows.
    func take(capacity: Int) -> ClassifiedRows {
        let spare: ClassifiedRows? = lock.withLock { spares.popLast() }
        return spare ?? ClassifiedRows(capacity: capacity, interning: true)
    }

    func give(_ rows: ClassifiedRows) {
        rows.reset()
        lock.withLock { if spares.count < limit { spares.append(rows) } }
    }
}
