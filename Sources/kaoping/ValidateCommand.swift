import ArgumentParser
import KaopingCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Reads a data folder and reports, per file, rows read, accepted, rejected and skipped.",
        discussion: """
            Prints one line per file (path, kind, encoding, delimiter, rows read / accepted / rejected / \
            skipped) on standard output and every rejected row as `path:line:column: error: message` on \
            standard error. Exit status: 0 when every file was readable (rejected rows included), 1 when a \
            file could not be read or recognised, 2 on bad usage.
            """
    )

    @Argument(help: "The data folder: CSV exports in any sub-folder layout.")
    var dataDirectory: String

    @Option(help: "Also write every rejected row to this CSV file (UTF-8 with BOM).")
    var rejects: String?

    @Option(name: .customLong("max-errors"), help: "Print at most this many rejected rows (all are still counted and written to --rejects).")
    var maxErrors: Int?

    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup(title: "Input limits") var limits: LimitOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let window = try periodOptions.window()
        let folder: DataFolder
        do { folder = try DataFolder(root: dataDirectory) } catch {
            var standardError = StandardError()
            print(error.description, to: &standardError)
            throw ExitCode(1)
        }
        if folder.files.isEmpty && folder.undecodableNames.isEmpty && folder.outsideLinks.isEmpty
            && folder.specialFiles.isEmpty {
            var standardError = StandardError()
            print("\(dataDirectory): error: 数据目录中没有 .csv 或 .tsv 文件 (no CSV files found)", to: &standardError)
            throw ExitCode(1)
        }
        var sink = DiagnosticSink(limit: maxErrors, file: try rejects.map { path throws in try RejectsCSVFile(path: path) })
        var options = IngestOptions(window: window)
        options.limits = try limits.limits()
        let result = Ingestor(folder: folder, options: options, logger: logging.makeLogger(label: "kaoping.validate"))
            .run(into: &sink)
        try sink.finish()

        var standardError = StandardError()
        for file in result.unreadableFiles {
            print(file.problem!.description, to: &standardError)
        }
        if sink.suppressed > 0 {
            print("… 另有 \(sink.suppressed) 条拒收记录未显示 (\(sink.suppressed) more rejects not shown)", to: &standardError)
        }
        print(ValidationReport.table(result))
        if logging.verbose {
            let detail = ValidationReport.skippedByFile(result)
            if !detail.isEmpty { print(detail) }
        }
        print(ValidationReport.totals(result))
        if !result.unreadableFiles.isEmpty { throw ExitCode(1) }
    }
}

/// Prints rejects as diagnostics and streams them into the rejects file, in file order, once
/// ingest has read every file (see `IngestSink`).
struct DiagnosticSink: IngestSink {
    let limit: Int?
    let file: RejectsCSVFile?
    private(set) var printed = 0
    private(set) var suppressed = 0
    private var writeError: OutputFile.Problem?
    private var standardError = StandardError()

    init(limit: Int?, file: RejectsCSVFile?) {
        self.limit = limit
        self.file = file
    }

    mutating func accept(_ record: Record, at location: RowLocation) {}

    mutating func reject(_ reject: Reject) {
        if limit.map({ printed < $0 }) ?? true {
            print(reject.diagnostic, to: &standardError)
            printed += 1
        } else {
            suppressed += 1
        }
        do throws(OutputFile.Problem) {
            try file?.append(reject)
        } catch {
            writeError = writeError ?? error
        }
    }

    func finish() throws {
        if let writeError { throw writeError }
        try file?.commit()
    }
}
