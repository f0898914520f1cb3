/// Parses one file on a thread of its own and hands its batches over in order, at most a few
/// ahead of the consumer: decoding and libcsv on one core, casting on the others.
final class BatchProducer: EventChunkProducer, @unchecked Sendable {
    /// How reading ended: what the consumer may only know once every batch is in.
    struct Ending: Sendable {
        var replacedBytes = 0
        var encoding: TextEncoding
        var error: InputError?
    }

    private enum Item {
        case batch(RecordBatch)
        case end(Ending)
    }

    private let queue = BoundedQueue<Item>(capacity: 4)
    /// Items read on the caller's thread when no thread could be started.
    private var preloaded: [Item] = []
    /// Set once `next()` has returned nil or thrown.
    private(set) var ending: Ending

    /// Rows per batch: enough to spread a batch's casting over the cores, few enough that its
    /// buffers stay under the allocator's 128 KiB mapping threshold (`MemoryPolicy`), where
    /// they are reused instead of mapped and faulted in afresh for every batch.
    private static let batchSize = 512

    init(path: String, profile: FileProfile, limits: ReadLimits = ReadLimits()) {
        ending = Ending(encoding: profile.encoding)
        let queue = self.queue
        let work: @Sendable (_ push: (Item) -> Void) -> Void = { push in
            var stream: DecodedChunks?
            let reader = CSVReader(delimiter: profile.delimiter, batchSize: Self.batchSize, maxRowBytes: limits.maxRowBytes,
                                   maxColumns: limits.maxColumns) { () throws(InputError) in
                let opened = try DecodedChunks(path: path, encoding: profile.encoding, provisional: profile.encodingIsProvisional)
                stream = opened
                return opened
            }
            var ending = Ending(encoding: profile.encoding)
            do throws(InputError) {
                try reader.read { batch in push(.batch(batch)) }
            } catch {
                ending.error = error
            }
            ending.replacedBytes = stream?.replacements ?? 0
            ending.encoding = stream?.encoding ?? profile.encoding
            push(.end(ending))
        }
        let started = startThread {
            work { item in queue.push(item) }
            queue.close()
        }
        if !started {
            var items: [Item] = []
            work { items.append($0) }
            preloaded = items.reversed()
        }
    }

    /// The next batch, nil at end of file; throws what stopped the reading.
    func next() throws(InputError) -> EventChunk? {
        let item = preloaded.isEmpty ? queue.pop() : preloaded.popLast()
        switch item {
        case .batch(let batch): return EventChunk(batches: [batch])
        case .end(let ending):
            self.ending = ending
            if let error = ending.error { throw error }
            return nil
        case nil: return nil
        }
    }

    /// The whole file is parsed on one thread; casting is spread over cores batch by batch.
    func use(header: HeaderMap) {}

    func recycle(_ rows: ClassifiedRows) {}

    /// Stops the producer early (the consumer gave up on the file).
    func cancel() { queue.close() }
}
