#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `bulletin.pdf` (`--pdf`): the bulletin's HTML printed by headless Chromium, which honours the
/// A4 page rules, CJK fonts and page-number boxes of the stylesheet.
public struct PDFPrinter: Sendable {
    public let browser: String
    public var timeoutSeconds = 180

    public enum Problem: Error, CustomStringConvertible {
        case noBrowser
        case failed(output: String, status: Int32?, timedOut: Bool)

        public var description: String {
            switch self {
            case .noBrowser:
                return "error: 生成 PDF 需要 Chromium，但没有找到 chromium 命令。请在 Debian 上安装：sudo apt-get install chromium fonts-noto-cjk（fonts-noto-cjk 提供中文字体）；或去掉 --pdf。"
                    + " (--pdf needs Chromium: apt-get install chromium fonts-noto-cjk)"
            case let .failed(output, status, timedOut):
                let why = timedOut ? "超时未完成" : "退出码 \(status.map(String.init) ?? "signal")"
                return "error: Chromium 打印 PDF 失败（\(why)）：\(output.split(separator: "\n").suffix(5).joined(separator: " | "))"
            }
        }
    }

    /// Finds Chromium on PATH (Debian's `chromium`, or `chromium-browser`, `google-chrome`).
    public static func locate() throws(Problem) -> PDFPrinter {
        guard let browser = ChildProcess.find(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) else {
            throw .noBrowser
        }
        return PDFPrinter(browser: browser)
    }

    public func print(html: String, to pdf: String) throws(Problem) {
        // A private, unguessable folder per run (mkdtemp): two runs at once must not share
        // Chromium's profile lock, and no other user can plant a link where the log goes.
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/kaoping-chromium-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .failed(output: "mkdtemp: " + String(cString: strerror(errno)), status: nil, timedOut: false)
        }
        let scratch = String(cString: made)
        defer { ReportFolder.removeTree(scratch) }
        let profile = scratch + "/profile", log = scratch + "/chromium.log"
        let absolute = html.hasPrefix("/") ? html : Self.currentDirectory() + "/" + html
        let outcome = ChildProcess.run(browser, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://" + Self.percentEncoded(absolute),
        ], logPath: log, timeoutSeconds: timeoutSeconds)
        var status = stat()
        guard outcome.status == 0, stat(pdf, &status) == 0, status.st_size > 0 else {
            throw .failed(output: outcome.output, status: outcome.status, timedOut: outcome.timedOut)
        }
    }

    /// A path as a file URL wants it: bytes other than unreserved characters and `/` escaped.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let plain = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E || byte == 0x2F
            if plain {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
