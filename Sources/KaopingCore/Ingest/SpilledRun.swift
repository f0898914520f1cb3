#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of a full identity table written to an unlinked temporary file, sorted by key, in blocks of
/// 4 KiB. In memory stays only the first key of each block, so a lookup reads one block. Its
/// Bloom filter lives in the index's `SpilledRunFilters`, which spares a lookup of an id never seen
/// (nearly every lookup) the read.
final class SpilledRun: @unchecked Sendable {
    private static let entriesPerBlock = 170  // 170 × 24 bytes fits a 4 KiB page
    private static let entrySize = 24

    private let descriptor: Int32
    let count: Int
    private let blockFirstKeys: [UInt64]

    /// nil when no temporary file can be written: the caller keeps the table in memory.
    init?(_ order: UnsafeMutableBufferPointer<IdentityEntry>, directory: String) {
        guard let descriptor = UnlinkedTemporaryFile.create(in: directory, prefix: "kaoping-ids") else { return nil }
        self.descriptor = descriptor

        count = order.count
        var firstKeys: [UInt64] = []
        firstKeys.reserveCapacity(count / Self.entriesPerBlock + 1)
        var buffer: [UInt64] = []
        buffer.reserveCapacity(Self.entriesPerBlock * 3 * 64)
        var failed = false
        for (position, entry) in order.enumerated() {
            let key = entry.key
            if position % Self.entriesPerBlock == 0 { firstKeys.append(key) }
            buffer.append(key)
            buffer.append(entry.content)
            buffer.append(entry.location)
            // Whole blocks only, padded, so block b starts at b × 4096.
            if (position + 1) % Self.entriesPerBlock == 0 || position + 1 == order.count {
                while buffer.count % 512 != 0 { buffer.append(0) }
                if buffer.count >= 512 * 64 || position + 1 == order.count {
                    failed = failed || !Self.writeAll(descriptor, buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        blockFirstKeys = firstKeys
        if failed { return nil }  // deinit closes the descriptor
    }

    deinit { close(descriptor) }

    func find(_ key: UInt64) -> IdentityEntry? {
        // The last block whose first key is ≤ key.
        var low = 0, high = blockFirstKeys.count
        while low < high {
            let middle = (low + high) / 2
            if blockFirstKeys[middle] <= key { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let block = low - 1
        var entries = [UInt64](repeating: 0, count: 512)
        let read = entries.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4096, off_t(block * 4096)) }
        guard read > 0 else { return nil }
        let available = min(Self.entriesPerBlock, count - block * Self.entriesPerBlock)
        var lowEntry = 0, highEntry = available
        while lowEntry < highEntry {
            let middle = (lowEntry + highEntry) / 2
            let found = entries[middle * 3]
            if found == key { return IdentityEntry(key: key, content: entries[middle * 3 + 1], location: entries[middle * 3 + 2]) }
            if found < key { lowEntry = middle + 1 } else { highEntry = middle }
        }
        return nil
    }

    private static func writeAll(_ descriptor: Int32, _ words: [UInt64]) -> Bool {
        words.withUnsafeBytes { UnlinkedTemporaryFile.writeAll(descriptor, $0) }
    }

    static var temporaryDirectory: String {
        if let directory = getenv("TMPDIR"), directory.pointee != 0 { return String(cString: directory) }
        return "/tmp"
    }
}
