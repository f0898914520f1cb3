#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch files that vanish with the process: created and unlinked at once, so nothing is left
/// behind however the run ends.
enum UnlinkedTemporaryFile {
    /// `$TMPDIR`, or `/tmp`.
    static var directory: String {
        if let directory = getenv("TMPDIR"), directory.pointee != 0 { return String(cString: directory) }
        return "/tmp"
    }

    /// An open descriptor, or nil when `directory` takes no new file.
    static func create(in directory: String, prefix: String) -> Int32? {
        var template = Array((directory + "/" + prefix + "-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        // Close-on-exec: Chromium, started to print the PDF, must not inherit it.
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    /// Writes every byte, through short writes and interruptions; false on an error.
    static func writeAll(_ descriptor: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }  // 0 for a regular file: no room, and no error said
            offset += written
        }
        return true
    }
}
