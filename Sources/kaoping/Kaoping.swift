import ArgumentParser
import KaopingCore
#if canImport(Glibc)
import Glibc
#endif

@main
struct Kaoping: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaoping",
        abstract: "考评 — scores government units from their CSV exports (规范化服务型政府建设考核).",
        discussion: """
            Exit codes of `run`: 0 published (or unchanged with --if-changed); 1 published, but look \
            (unreadable file, 未报送, too many rejected rows, history damaged); 2 bad usage, scheme or \
            calendar; 3 another run holds the output folder's lock; 4 could not publish. Nothing is \
            published on 2, 3 or 4. Other commands: 0 success, 1 a file or unit could not be read or \
            found, 2 bad usage.
            """,
        version: KaopingVersion.current,
        subcommands: [RunCommand.self, ExplainCommand.self, HistoryCommand.self, ValidateCommand.self, GenerateCommand.self]
    )

    /// ArgumentParser exits 64 on usage errors; Kaoping documents 2, as most Unix tools do.
    static func main() {
        MemoryPolicy.applyForStreaming()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                var standardError = StandardError()
                print(fullMessage(for: error), to: &standardError)
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
