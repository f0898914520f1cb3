import Logging

/// `kaoping run` as a library call: score a data folder and publish `<out>/<period>/`: the
/// result files (ranking.csv, scores.csv, rejects.csv, summary.json, manifest.json) and the
/// documents (bulletin.md/.html/.docx, ranking.xlsx, units/<code>.html, bulletin.pdf with a printer).
public struct RunPublisher {
    public let appraiser: Appraiser
    public let outputRoot: String
    public let calendarFolder: String
    public var settings = BulletinSettings()
    /// Set for `--pdf`.
    public var printer: PDFPrinter?

    public enum Problem: Error, CustomStringConvertible {
        case appraisal(AppraisalProblem)
        case bulletin(BulletinProblem)
        case folder(ReportFolder.Problem)
        case file(OutputFile.Problem)
        case office(path: String, reason: String)
        case pdf(PDFPrinter.Problem)

        public var description: String {
            switch self {
            case .appraisal(let problem): return problem.description
            case .bulletin(let problem): return problem.description
            case .folder(let problem): return problem.description
            case .file(let problem): return problem.description
            case let .office(path, reason): return "\(path): error: 无法生成文件 (\(reason))"
            case .pdf(let problem): return problem.description
            }
        }
    }

    public init(appraiser: Appraiser, outputRoot: String, calendarFolder: String) {
        self.appraiser = appraiser
        self.outputRoot = outputRoot
        self.calendarFolder = calendarFolder
    }

    /// The fingerprint of this run's inputs and options (hashes every input file).
    public func fingerprint() -> RunFingerprint {
        RunFingerprint(folder: appraiser.folder, scheme: appraiser.scheme, calendarFolder: calendarFolder, window: appraiser.window,
                       options: settings.fingerprintText + (printer == nil ? "" : "|pdf"))
    }

    /// The published folder of this period, whether or not it exists.
    public var periodFolder: String { "\(outputRoot)/\(appraiser.window.period.name)" }

    public static let resultFiles = ["ranking.csv", "scores.csv", "rejects.csv", "summary.json", "manifest.json"]
    public static let documentFiles = ["bulletin.md", "bulletin.html", "bulletin.docx", "ranking.xlsx", "units/"]

    /// Returns the appraisal and the published folder. `onReject` sees every reject as it is found.
    public func run(fingerprint known: RunFingerprint? = nil, onReject: @escaping (Reject) -> Void = { _ in }) throws(Problem) -> (Appraisal, String) {
        let fingerprint = known ?? self.fingerprint()
        let folder: ReportFolder
        do { folder = try ReportFolder(outputRoot: outputRoot, name: appraiser.window.period.name) } catch { throw .folder(error) }
        let rejects: RejectsCSVFile
        do { rejects = try RejectsCSVFile(path: folder.path("rejects.csv")) } catch { throw .file(error) }
        var writeError: OutputFile.Problem?
        var ledger = RejectLedger()
        let appraisal: Appraisal
        do {
            appraisal = try appraiser.run { reject in
                onReject(reject)
                ledger.record(reject)
                do throws(OutputFile.Problem) { try rejects.append(reject) } catch { writeError = writeError ?? error }
            }
        } catch {
            throw .appraisal(error)
        }
        if let writeError { throw .file(writeError) }
        let digests = appraisal.ingest.files.map { fingerprint.inputDigests[$0.relativePath] ?? nil }
        do {
            try rejects.commit()
            try write(RankingCSV.render(appraisal, order: settings.order), to: folder.path("ranking.csv"))
            try write(ScoresCSV.render(appraisal, order: settings.order), to: folder.path("scores.csv"))
            try write(Array(SummaryJSON.render(appraisal).utf8), to: folder.path("summary.json"))
            try write(Array(ManifestJSON.render(appraisal, digests: digests, calendarFolder: calendarFolder, fingerprint: fingerprint.hex).utf8),
                      to: folder.path("manifest.json"))
        } catch {
            throw .file(error)
        }
        let documents = DocumentPublisher(appraisal: appraisal, settings: settings, rejects: ledger,
                                          calendar: appraiser.calendar, printer: printer)
        do {
            _ = try documents.write(into: folder)
        } catch {
            switch error {
            case .bulletin(let problem): throw .bulletin(problem)
            case .file(let problem): throw .file(problem)
            case let .office(path, reason): throw .office(path: path, reason: reason)
            case .pdf(let problem): throw .pdf(problem)
            }
        }
        do { try folder.publish() } catch { throw .folder(error) }
        return (appraisal, folder.finalPath)
    }

    private func write(_ bytes: [UInt8], to path: String) throws(OutputFile.Problem) {
        let file = try OutputFile(path: path)
        try file.write(bytes)
        try file.commit()
    }
}
