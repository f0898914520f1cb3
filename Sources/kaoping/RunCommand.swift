import ArgumentParser
import KaopingCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Scores a period and publishes the results, the bulletin (督查通报) and one feedback sheet per unit.",
        discussion: """
            Reads every export in DATA_DIR, computes each unit's metrics, scores them with the scheme, \
            ranks and grades every category (and group), and publishes <out>/<period>/ in one rename: \
            a reader never sees half a report. It holds ranking.csv, scores.csv, rejects.csv, \
            summary.json, manifest.json, bulletin.md, bulletin.html, bulletin.docx, ranking.xlsx, \
            units/<code>.html, and bulletin.pdf with --pdf. Exit status: 0 published; 1 published, \
            but a file could not be read or recognised; 2 bad usage, scheme, calendar or data folder, \
            or --pdf without Chromium (nothing published); 4 the results could not be written \
            (nothing published).
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

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        var standardError = StandardError()
        var printer: PDFPrinter?
        if documents.pdf {
            // Checked before scoring: a missing browser should not cost a whole run.
            do { printer = try PDFPrinter.locate() } catch {
                print(error.description, to: &standardError)
                throw ExitCode(2)
            }
        }
        let appraiser = try appraisal.makeAppraiser(dataDirectory: dataDirectory, logger: logging.makeLogger(label: "kaoping.run"))
        var publisher = RunPublisher(appraiser: appraiser, outputRoot: out, calendarFolder: appraisal.calendar)
        publisher.settings = try documents.settings()
        publisher.printer = printer
        let outcome: (Appraisal, String)
        do {
            outcome = try publisher.run()
        } catch {
            print(error.description, to: &standardError)
            switch error {
            case .appraisal, .bulletin: throw ExitCode(2)
            case .folder, .file, .office, .pdf: throw ExitCode(4)
            }
        }
        let (result, folder) = outcome
        for file in result.ingest.unreadableFiles {
            print(file.problem!.description, to: &standardError)
        }
        print(RankingPreview.render(result, top: top))
        print("")
        let files = result.ingest.files
        let read = files.reduce(0) { $0 + $1.rowsRead }, accepted = files.reduce(0) { $0 + $1.rowsAccepted }
        let skipped = files.reduce(0) { $0 + $1.rowsSkipped }
        print("\(files.count) 个文件，读入 \(read) 行：接收 \(accepted)，拒收 \(result.rejectCount)，跳过 \(skipped)")
        let missing = result.units.filter { $0.assessed && !$0.missingExports.isEmpty }
        if !missing.isEmpty {
            print("未报送：" + missing.map { "\($0.unit.name)（\($0.missingExports.map(\.chineseName).joined(separator: "、"))）" }
                .joined(separator: "，"))
        }
        let published = RunPublisher.resultFiles + RunPublisher.documentFiles + (documents.pdf ? ["bulletin.pdf"] : [])
        print("结果已发布到 \(folder)/：\(published.joined(separator: ", "))")
        if !result.ingest.unreadableFiles.isEmpty { throw ExitCode(1) }
    }
}
