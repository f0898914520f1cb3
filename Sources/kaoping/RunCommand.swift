import ArgumentParser
import KaopingCore
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Scores a period and publishes the results, the bulletin (督查通报) and one feedback sheet per unit.",
        discussion: """
            Reads every export in DATA_DIR, computes each unit's metrics, scores them with the scheme, \
            ranks and grades every category (and group), and publishes <out>/<period>/ in one atomic \
            step: a reader never sees half a report, and a run killed at any moment leaves the previous \
            publication in place. It holds ranking.csv, scores.csv, rejects.csv, summary.json, \
            manifest.json, bulletin.md, bulletin.html, bulletin.docx, ranking.xlsx, units/<code>.html, \
            and bulletin.pdf with --pdf. One run at a time per output folder (a lock on <out>/.kaoping.lock).

            Exit status: 0 published (or, with --if-changed, nothing changed); 1 published, but a file \
            could not be read, a unit did not submit a required export (未报送), or the rejected rows \
            exceed --max-reject-rate; 2 bad usage, scheme, calendar or data folder, or --pdf without \
            Chromium; 3 another run holds the output folder's lock; 4 the results could not be \
            published (disk, permissions). Nothing is published on 2, 3 or 4.
            """
    )

    @Argument(help: "The data folder: CSV exports in any sub-folder layout.")
    var dataDirectory: String

    @OptionGroup var appraisal: AppraisalOptions

    @Option(help: "Where to publish; the results go to <out>/<period>/.")
    var out = "reports"

    @Option(help: "How many units of each category to print.")
    var top = 5

    @OptionGroup(title: "Bulletin and documents") var documents: DocumentOptions

    @OptionGroup(title: "Scheduled runs") var schedule: ScheduleOptions

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger(label: "kaoping.run")
        var printer: PDFPrinter?
        if documents.pdf {
            // Checked before scoring: a missing browser should not cost a whole run.
            do { printer = try PDFPrinter.locate() } catch {
                logging.report(.error, error.description, logger: logger)
                throw ExitCode(2)
            }
        }
        // --out inside DATA_DIR (the default `reports` when run from the data folder) is never read.
        var appraiser = try appraisal.makeAppraiser(dataDirectory: dataDirectory, logger: logger, logging: logging, excluding: [out])
        let bar = !logging.quiet && logging.logFormat == .human && ProgressBar.wanted ? ProgressBar() : nil
        if let bar { appraiser.progress = { bar.update($0) } }
        var publisher = RunPublisher(appraiser: appraiser, outputRoot: out, calendarFolder: appraisal.calendar)
        publisher.settings = try documents.settings()
        publisher.printer = printer
        publisher.historyPath = schedule.noHistory ? nil : HistoryStore.path(in: out)
        publisher.compare = schedule.compare

        let lock: OutputLock
        do { lock = try OutputLock(outputRoot: out, waitSeconds: schedule.waitLock) } catch {
            logging.report(.error, error.description, logger: logger)
            if case .held = error { throw ExitCode(3) }
            throw ExitCode(4)
        }
        defer { withExtendedLifetime(lock) {} }
        for name in ReportFolder.recover(outputRoot: out) {
            logging.report(.notice, "已清理中断运行留下的临时目录 \(out)/\(name)", logger: logger)
        }
        // Without --if-changed the inputs are hashed while they are scored, not before.
        let fingerprint = schedule.ifChanged ? publisher.fingerprint() : nil
        if let fingerprint, publisher.isUnchanged(fingerprint) {
            logging.report(.notice, "输入、方案、日历、截止日和选项均未变化，\(publisher.periodFolder)/ 保持不变 (unchanged; nothing published)",
                           logger: logger)
            return
        }

        let outcome: RunPublisher.Outcome
        do {
            outcome = try publisher.run(fingerprint: fingerprint)
            bar?.finish()
        } catch {
            bar?.finish()
            logging.report(.error, error.description, logger: logger)
            switch error {
            case .appraisal, .bulletin: throw ExitCode(2)
            case .folder, .file, .office, .pdf: throw ExitCode(4)
            }
        }
        let (result, folder) = (outcome.appraisal, outcome.folder)
        if !logging.quiet && logging.logFormat == .human {
            print(RankingPreview.render(result, top: top))
            print("")
        }
        let verdict = RunVerdict(result, maxRejectRate: schedule.maxRejectRate.fraction)
        logging.report(.notice, verdict.summary, logger: logger)
        let published = RunPublisher.resultFiles + RunPublisher.documentFiles + (documents.pdf ? ["bulletin.pdf"] : [])
        logging.report(.notice, "结果已发布到 \(folder)/：\(published.joined(separator: ", "))", logger: logger)
        let warnings = verdict.warnings + outcome.warnings
        for warning in warnings { logging.report(.warning, warning, logger: logger) }
        if !warnings.isEmpty { throw ExitCode(1) }
    }
}

extension HistoryComparison: ExpressibleByArgument {}

struct ScheduleOptions: ParsableArguments {
    @Option(name: .customLong("max-reject-rate"), help: "Exit 1 (published, but look) when more than this share of rows is rejected, e.g. 0.05 or 5%.")
    var maxRejectRate: RejectRate = RejectRate(fraction: 0.05)

    @Option(name: .customLong("wait-lock"), help: "When another run holds the output folder, wait up to this many seconds instead of exiting 3.")
    var waitLock = 0

    @Flag(name: .customLong("if-changed"), help: "Do nothing (exit 0) when inputs, scheme, calendar, as-of, options and version equal the published run's.")
    var ifChanged = false

    @Option(help: "Rank changes and the 整改 follow-up compare with the previous period (previous: H1 with last year's H2) or the same period last year (last-year).")
    var compare: HistoryComparison = .previous

    @Flag(name: .customLong("no-history"), help: "Neither read nor record <out>/history.sqlite.")
    var noHistory = false

    func validate() throws {
        if waitLock < 0 { throw ValidationError("--wait-lock must be 0 or more seconds") }
    }
}

extension RunCommand {
    func validate() throws {
        // An unset $OUT in a cron line must not publish into the file system's root.
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out must name a folder") }
    }
}

/// `--max-reject-rate`: a share written as 0.05 or 5%.
struct RejectRate: ExpressibleByArgument {
    var fraction: Double

    init(fraction: Double) { self.fraction = fraction }

    init?(argument: String) {
        let percent = argument.hasSuffix("%")
        guard let value = Double(percent ? String(argument.dropLast()) : argument), value >= 0 else { return nil }
        fraction = percent ? value / 100 : value
        guard fraction <= 1 else { return nil }
    }

    var defaultValueDescription: String { "\(fraction)" }
}
