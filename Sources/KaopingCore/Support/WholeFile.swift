#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files Kaoping reads whole: schemes, calendars, saved fuzz inputs.
public enum WholeFile {
    public struct Failure: Error { public let reason: String }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        guard let handle = fopen(path, "rb") else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        if ferror(handle) != 0 { throw Failure(reason: String(cString: strerror(errno))) }
        return bytes
    }
}
