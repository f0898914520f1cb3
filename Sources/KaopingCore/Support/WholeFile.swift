#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files Kaoping reads whole: schemes, calendars, saved fuzz inputs.
public enum WholeFile {
    public struct Failure: Error { public let reason: String }

    /// What a scheme or a calendar could sensibly be; a larger file is a wrong path, not one to
    /// hold in memory.
    public static let sensibleLimit = 4 << 20

    private static func size(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB" }

    public static func read(_ path: String, limit: Int = .max) throws(Failure) -> [UInt8] {
        guard let handle = fopen(path, "rb") else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if bytes.count > limit { throw Failure(reason: "文件大于 \(Self.size(limit))，不像是该读的文件") }
            if count < buffer.count { break }
        }
        if ferror(handle) != 0 { throw Failure(reason: String(cString: strerror(errno))) }
        return bytes
    }
}
