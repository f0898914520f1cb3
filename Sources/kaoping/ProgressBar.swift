import KaopingCore
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error (files and rows, rows per second, ETA), drawn
/// only when standard error is a terminal: cron mail and log files never see it.
final class ProgressBar: @unchecked Sendable {
    private let lock = PThreadMutex()
    private let start = ProgressBar.now()
    private var lastDraw = 0.0
    private var drawn = false

    static var wanted: Bool { isatty(2) == 1 }

    func update(_ progress: IngestProgress) {
        lock.withLock {
            let now = Self.now()
            guard now - lastDraw >= 0.1 || progress.filesDone == progress.filesTotal else { return }
            lastDraw = now
            let elapsed = max(now - start, 0.001)
            let fraction = progress.filesTotal == 0 ? 1 : Double(progress.filesDone) / Double(progress.filesTotal)
            let width = 24, filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let rate = Int(Double(progress.rowsRead) / elapsed)
            var eta = "—"
            if progress.filesDone > 0 && fraction < 1 {
                let remaining = Int(elapsed * (1 - fraction) / fraction)
                eta = "\(remaining / 60):" + (remaining % 60 < 10 ? "0" : "") + "\(remaining % 60)"
            }
            let line = "\r\(bar) \(progress.filesDone)/\(progress.filesTotal) 个文件  \(progress.rowsRead) 行  \(rate) 行/秒  剩余 \(eta) "
            write(line)
            drawn = true
        }
    }

    /// Clears the line before anything else is printed.
    func finish() {
        lock.withLock {
            if drawn { write("\r\u{1B}[2K") }
            drawn = false
        }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

