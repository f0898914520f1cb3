import ArgumentParser
import KaopingCore
import Logging

/// What `run` and `explain` need to score a period: data, period, scheme, calendar.
struct AppraisalOptions: ParsableArguments {
    @Option(help: "Period to score: 2022H1, 2022H2, 2022 or 2022Q1…Q4.")
    var period: String

    @Option(name: .customLong("as-of"), help: "Score the period as it stood on this day (YYYY-MM-DD); default: the period's last day.")
    var asOf: String?

    @Option(help: "Scheme file (TOML); default: data/schemes/<year>.toml.")
    var scheme: String?

    @Option(help: "Folder of working-day calendars CN-YYYY.csv.")
    var calendar = "data/calendar"

    @Option(help: "Cores to use (default: all). Results are the same for any value.")
    var jobs: Int?

    @OptionGroup(title: "Input limits") var limits: LimitOptions

    func validate() throws {
        _ = try window()
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func window() throws -> PeriodWindow { try parseWindow(period: period, asOf: asOf) }

    var schemePath: String { scheme ?? "data/schemes/\(String(period.prefix(4))).toml" }

    /// Loads scheme, calendar and data folder, or prints why not and exits 2.
    func makeAppraiser(dataDirectory: String, logger: Logger, logging: LoggingOptions? = nil, excluding: [String] = []) throws -> Appraiser {
        let window = try window()
        do {
            let calendar = try WorkingCalendar.load(folder: calendar)
            try calendar.require(year: window.period.year, folder: self.calendar)
            let scheme = try SchemeLoader.load(path: schemePath)
            let folder = try DataFolder(root: dataDirectory, excluding: excluding)
            var appraiser = Appraiser(folder: folder, window: window, scheme: scheme, calendar: calendar,
                                      calendarFolder: self.calendar, logger: logger)
            appraiser.jobs = jobs
            appraiser.limits = try limits.limits()
            return appraiser
        } catch let error as CustomStringConvertible & Error {
            if let logging {
                logging.report(.error, error.description, logger: logger)
            } else {
                var standardError = StandardError()
                print(error.description, to: &standardError)
            }
            throw ExitCode(2)
        }
    }
}
