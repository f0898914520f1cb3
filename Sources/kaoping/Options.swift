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

struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log progress to standard error, and say per file why rows were skipped.")
    var verbose = false

    func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}
