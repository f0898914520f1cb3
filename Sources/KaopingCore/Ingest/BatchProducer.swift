/// Parses one file on a thread of its own and hands its batches over in order, at most a few
/// ahead of the consumer: decoding and libcsv on one core, casting on the others.
final class BatchProducer: @unchecked Sendable {
    enum Item {
        case batch(RecordBatch)
        case failure(InputError)
    }

    private let queue = BoundedQueue<Item>(capacity: 4)
    /// Bytes replaced by U+FFFD while decoding; final once `next()` has returned nil.
    private(set) var replacedBytes = 0
    /// The encoding the file was finally read in; final once `next()` has returned nil.
    private(set) var encoding: TextEncoding

    init(path: String, profile: FileProfile) {
        let queue = self.queue
        encoding = profile.encoding
        startThread { [self] in
            var streams: [DecodedChunks] = []
            let reader = CSVReader(delimiter: profile.delimiter) { () throws(InputError) in
                let stream = try DecodedChunks(path: path, encoding: profile.encoding, provisional: profile.encodingIsProvisional)
                streams = [stream]
                return stream
            }
            do throws(InputError) {
                try reader.read { batch in queue.push(.batch(batch)) }
            } catch {
                queue.push(.failure(error))
            }
            replacedBytes = streams.first?.replacements ?? 0
            if let stream = streams.first { encoding = stream.encoding }
            queue.close()
        }
    }

    /// The next batch, nil at end of file.
    func next() throws(InputError) -> RecordBatch? {
        switch queue.pop() {
        case .batch(let batch): return batch
        case .failure(let error): throw error
        case nil: return nil
        }
    }

    /// Stops the producer early (the consumer gave up on the file).
    func cancel() { queue.close() }
}
