import ArgumentParser
import KaopingCore
import Logging

/// Options every command that reads a data folder shares.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Period to keep: 2022H1, 2022H2, 2022, 2022Q1…Q4. Dated records outside it are skipped as out-of-period.")
    var period: String?

    @Option(name: .customLong("as-of"), help: "Cut the period short at this day (YYYY-MM-DD); default: the period's last day.")
    var asOf: String?

    /// Bad periods are usage errors, reported with the command's own usage line.
    func validate() throws {
        _ = try window()
    }

    func window() throws -> PeriodWindow? {
        guard let text = period else {
            if asOf != nil { throw ValidationError("--as-of needs --period") }
            return nil
        }
        return try parseWindow(period: text, asOf: asOf)
    }
}

/// A period and optional as-of from the command line, with usage errors a clerk can act on.
func parseWindow(period text: String, asOf: String?) throws -> PeriodWindow {
    guard let period = Period(text) else {
        throw ValidationError("unknown period '\(text)': use 2022H1, 2022H2, 2022 or 2022Q1…2022Q4")
    }
    var day: Day?
    if let asOf {
        guard let parsed = Day(iso: asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        day = parsed
    }
    do {
        return try PeriodWindow(period: period, asOf: day)
    } catch {
        throw ValidationError(error.description)
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log progress to standard error, and say per file why rows were skipped.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print nothing but warnings and errors (for cron).")
    var quiet = false

    @Option(name: .customLong("log-format"), help: "Standard error as human lines (default) or one JSON object per line (json), for log collectors.")
    var logFormat: LogFormat = .human

    func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet cannot be used together") }
    }

    func makeLogger(label: String) -> Logger {
        let format = logFormat
        var logger = Logger(label: label) { label in
            switch format {
            case .human: return StreamLogHandler.standardError(label: label)
            case .json: return JSONLogHandler(label: label)
            }
        }
        logger.logLevel = verbose ? .debug : (format == .json && !quiet ? .info : .warning)
        return logger
    }

    /// Says something to the person or the log collector reading standard error: a plain line
    /// in human format (errors already read `path: error: …`), a JSON record otherwise.
    func report(_ level: Logger.Level, _ message: String, logger: Logger) {
        switch logFormat {
        case .human:
            if level >= .warning || !quiet {
                var standardError = StandardError()
                print(message, to: &standardError)
            }
        case .json:
            if level >= .warning || !quiet { logger.log(level: level, "\(message)", metadata: nil) }
        }
    }
}
