#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch bytes appended to one unlinked temporary file and read back by offset: where a long
/// run puts what it must keep but need not hold in memory (the id log's sorted runs, held
/// rejects). The file is made on the first append; when it cannot be made, or the disk
/// refuses a write, `append` says so and the caller keeps those bytes in memory.
final class SpillFile: @unchecked Sendable {
    private let directory: String
    private let prefix: String
    /// For tests: the size past which writes fail, as on a full disk.
    private let simulatedDiskSize: Int?
    private var descriptor: Int32?
    private var cannotCreate = false
    private var size = 0

    init(directory: String, prefix: String, simulatedDiskSize: Int? = nil) {
        self.directory = directory
        self.prefix = prefix
        self.simulatedDiskSize = simulatedDiskSize
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Writes `bytes` after everything appended so far; their offset, or nil when no file could
    /// be made or the disk refused them (what a refused write left behind is never read).
    func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        if descriptor == nil && !cannotCreate {
            descriptor = UnlinkedTemporaryFile.create(in: directory, prefix: prefix)
            cannotCreate = descriptor == nil
        }
        guard let descriptor, simulatedDiskSize.map({ size + bytes.count <= $0 }) ?? true,
              lseek(descriptor, off_t(size), SEEK_SET) >= 0, UnlinkedTemporaryFile.writeAll(descriptor, bytes) else {
            return nil
        }
        defer { size += bytes.count }
        return size
    }

    /// Fills `destination` from `offset`, bytes an `append` wrote.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int) {
        guard let descriptor else { preconditionFailure("nothing was appended") }
        var done = 0
        while done < destination.count {
            let got = pread(descriptor, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            // The file was written by this process and is unlinked: a short read means the
            // disk failed under it, and no answer would be right.
            precondition(got > 0, "\(prefix) temporary file unreadable (errno \(errno))")
            done += got
        }
    }
}
