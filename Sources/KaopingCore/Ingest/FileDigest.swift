import Crypto
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-256 of input files for the manifest, so a published report names exactly the bytes it
/// was computed from.
public enum FileDigest {
    /// Hex digests in the order of `paths`, hashed on all cores; nil for a file that cannot be read.
    public static func sha256(of paths: [String]) -> [String?] {
        let slots = ConcurrentSlots<String?>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            slots.store(sha256(path: paths[index]), at: index)
        }
        return slots.values
    }

    public static func sha256(path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 17)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue }; return nil }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hex(hasher.finalize())
    }

    public static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
