#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a helper program (headless Chromium for `--pdf`) without Foundation: posix_spawn, output
/// to a file, and a deadline after which the child is killed, so a hung browser never hangs a
/// cron job.
enum ChildProcess {
    struct Outcome {
        var status: Int32?
        var timedOut: Bool
        /// The last few KiB of what it printed, for the error message.
        var output: String
    }

    /// The first of `names` found on PATH, as an absolute path.
    static func find(_ names: [String]) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") where !folder.isEmpty {
                let candidate = "\(folder)/\(name)"
                if access(candidate, X_OK) == 0 { return candidate }
            }
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String], logPath: String, timeoutSeconds: Int) -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            return Outcome(status: nil, timedOut: false, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        var waited = 0
        let step = 50_000
        while true {
            let done = waitpid(child, &status, WNOHANG)
            if done == child { break }
            if done < 0 && errno != EINTR { break }
            if waited >= timeoutSeconds * 1_000_000 {
                kill(child, SIGKILL)
                _ = waitpid(child, &status, 0)
                return Outcome(status: nil, timedOut: true, output: tail(of: logPath))
            }
            usleep(useconds_t(step))
            waited += step
        }
        let exited = (status & 0x7F) == 0
        return Outcome(status: exited ? (status >> 8) & 0xFF : nil, timedOut: false, output: tail(of: logPath))
    }

    private static func tail(of path: String) -> String {
        guard let bytes = try? WholeFile.read(path) else { return "" }
        return String(decoding: bytes.suffix(2048), as: UTF8.self)
    }
}
