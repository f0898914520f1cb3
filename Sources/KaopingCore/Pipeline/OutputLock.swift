#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run at a time per output folder: an exclusive `flock` on `<out>/.kaoping.lock`. The
/// kernel releases it when the process ends, however it ends, so a killed run never leaves a
/// stale lock behind.
public final class OutputLock {
    public let path: String
    private var descriptor: Int32

    public enum Problem: Error, CustomStringConvertible {
        /// Another run holds it (exit 3).
        case held(path: String, waited: Int)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case let .held(path, waited):
                let wait = waited > 0 ? "等待 \(waited) 秒后" : ""
                return "\(path): error: \(wait)另一个 kaoping run 仍在写这个输出目录，本次未运行 (another run holds the lock; use --wait-lock SECONDS to wait)"
            case let .cannotOpen(path, reason):
                return "\(path): error: 无法创建锁文件 (\(reason))"
            }
        }
    }

    /// Takes the lock, waiting up to `waitSeconds` (0: fail at once when it is held).
    public init(outputRoot: String, waitSeconds: Int = 0) throws(Problem) {
        do { try ReportFolder.makeDirectories(outputRoot) } catch {
            throw .cannotOpen(path: outputRoot, reason: error.description)
        }
        path = "\(outputRoot)/.kaoping.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cannotOpen(path: path, reason: reason)
            }
            guard waited < waitSeconds * 10 else {
                close(descriptor)
                throw .held(path: path, waited: waitSeconds)
            }
            usleep(100_000)
            waited += 1
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
