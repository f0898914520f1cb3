#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written through a temporary sibling and renamed into place on `commit`, so a reader
/// never sees half a report, and a crashed run leaves the previous one intact.
public final class OutputFile {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    public enum Problem: Error, CustomStringConvertible {
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case let .cannotWrite(path, reason): return "\(path): error: 无法写入文件 (cannot write: \(reason))"
            }
        }
    }

    public init(path: String) throws(Problem) {
        self.path = path
        temporaryPath = path + ".partial-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    public func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(Problem) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(Problem) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// A whole file in one call, written through a temporary sibling like any other.
    public static func write(_ bytes: [UInt8], to path: String) throws(Problem) {
        let file = try OutputFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    public func commit() throws(Problem) {
        try flush()
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Streams rejects into a CSV file as ingest finds them.
public final class RejectsCSVFile {
    private let file: OutputFile
    private var row = CSVOutput(header: Reject.csvHeader)

    public init(path: String) throws(OutputFile.Problem) {
        file = try OutputFile(path: path)
        try file.write(row.bytes)
        row = CSVOutput(rows: [])
    }

    public func append(_ reject: Reject) throws(OutputFile.Problem) {
        row.append(reject)
        if row.bytes.count > 1 << 16 {
            try file.write(row.bytes)
            row = CSVOutput(rows: [])
        }
    }

    public func commit() throws(OutputFile.Problem) {
        try file.write(row.bytes)
        try file.commit()
    }
}
