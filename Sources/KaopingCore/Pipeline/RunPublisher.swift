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
    /// The run history (`<out>/history.sqlite`); nil keeps no history.
    public var historyPath: String?
    /// What rank changes and the 整改 follow-up compare with (`--compare`).
    public var compare: HistoryComparison = .previous

    /// A published run: the appraisal, the published folder, and what went wrong with the
    /// history (never a reason to withhold the reports, always a reason to look).
    public struct Outcome {
        public var appraisal: Appraisal
        public var folder: String
        public var warnings: [String]
    }

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
                       options: settings.fingerprintText + (printer == nil ? "" : "|pdf") + "|compare=\(compare.rawValue)" + historyText())
    }

    /// The other periods' records the documents compare with (rank changes, follow-up, trend
    /// lines): when an earlier period is re-scored, this period's documents change too.
    private func historyText() -> String {
        guard let historyPath else { return "|no-history" }
        // No history and a history of this period alone compare with nothing: the same text.
        guard let store = try? HistoryStore(path: historyPath, mode: .readOnly), let periods = try? store.periods() else { return "" }
        var text = ""
        // Only earlier periods feed this period's documents; a later one must not change them.
        for period in periods where Period.chronological(period, appraiser.window.period) {
            guard let run = try? store.run(period: period) else { continue }
            text += "|\(period.name)@\(run.asOf)"
            for unit in run.units {
                text += ";\(unit.code)=\(unit.total ?? "-")/\(unit.rank.map(String.init) ?? "-")/\(unit.grade?.rawValue ?? "-")/\(unit.group ?? "")"
                text += unit.compliance.map { "\($0.code):\($0.result.rawValue)" }.joined(separator: ",")
            }
        }
        return text
    }

    /// Where the fingerprint of the last run the history recorded for this period is kept.
    var recordedMarkPath: String { "\(outputRoot)/.\(appraiser.window.period.name).recorded" }

    /// True when the published folder and (unless there is no history) the history both hold
    /// a run with this fingerprint: `--if-changed` may then do nothing.
    public func isUnchanged(_ fingerprint: RunFingerprint) -> Bool {
        guard RunFingerprint.published(in: periodFolder) == fingerprint.hex else { return false }
        guard historyPath != nil else { return true }
        guard let bytes = try? WholeFile.read(recordedMarkPath) else { return false }
        return String(decoding: bytes, as: UTF8.self).trimmingSuffixNewline == fingerprint.hex
    }

    /// The published folder of this period, whether or not it exists.
    public var periodFolder: String { "\(outputRoot)/\(appraiser.window.period.name)" }

    public static let resultFiles = ["ranking.csv", "scores.csv", "rejects.csv", "summary.json", "manifest.json"]
    public static let documentFiles = ["bulletin.md", "bulletin.html", "bulletin.docx", "ranking.xlsx", "units/"]

    /// Returns the appraisal and the published folder. `onReject` sees every reject, ingest's in file order once every file is read, then those refused while scoring.
    public func run(fingerprint known: RunFingerprint? = nil, onReject: @escaping (Reject) -> Void = { _ in }) throws(Problem) -> Outcome {
        // Hashing every input (gigabytes for a city) needs none of the scoring: it runs beside it.
        let hashing = known == nil ? BackgroundWork { [self] in self.fingerprint() } : nil
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
        let fingerprint: RunFingerprint = known ?? hashing!.result()
        if let writeError { throw .file(writeError) }
        let digests = appraisal.ingest.files.map { fingerprint.inputDigests[$0.relativePath] ?? nil }
        let deadline: Day
        do {
            deadline = try settings.deadline(after: appraisal.window.asOf, on: appraiser.calendar)
        } catch {
            throw .bulletin(error)
        }
        var warnings: [String] = []
        let recorded = RecordedRun(appraisal: appraisal, deadline: deadline)
        let history = readHistory(appraisal, current: recorded, warnings: &warnings)
        do {
            try rejects.commit()
            try OutputFile.write(RankingCSV.render(appraisal, order: settings.order, history: history), to: folder.path("ranking.csv"))
            try OutputFile.write(ScoresCSV.render(appraisal, order: settings.order), to: folder.path("scores.csv"))
            try OutputFile.write(Array(SummaryJSON.render(appraisal).utf8), to: folder.path("summary.json"))
            try OutputFile.write(Array(ManifestJSON.render(appraisal, digests: digests, calendarFolder: calendarFolder, fingerprint: fingerprint.hex).utf8),
                      to: folder.path("manifest.json"))
        } catch {
            throw .file(error)
        }
        var documents = DocumentPublisher(appraisal: appraisal, settings: settings, rejects: ledger,
                                          calendar: appraiser.calendar, printer: printer, history: history)
        documents.workers = max(1, appraiser.jobs ?? ProcessInfoLite.activeProcessorCount)
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
        // Recorded only once published: the history never holds a run nobody could read.
        if let historyPath {
            do {
                try HistoryStore(path: historyPath).record(recorded)
                // Written only once the history holds this run: a run killed (or failing) after
                // publishing but before recording leaves the mark stale, so --if-changed runs again.
                try OutputFile.write(Array((fingerprint.hex + "\n").utf8), to: recordedMarkPath)
            } catch let problem as HistoryProblem {
                warnings.append("warning: " + problem.description)
            } catch {
                warnings.append("warning: \(recordedMarkPath): \(error)")
            }
        }
        return Outcome(appraisal: appraisal, folder: folder.finalPath, warnings: warnings)
    }

    /// The previous run and the units' trends; no history yet is no comparison, a damaged
    /// history a warning (the reports are still published, without comparisons).
    private func readHistory(_ appraisal: Appraisal, current: RecordedRun, warnings: inout [String]) -> RunHistory {
        guard let historyPath else { return .none }
        do {
            let store = try HistoryStore(path: historyPath, mode: .readOnly)
            return try RunHistory(store: store, appraisal: appraisal, current: current, compare: compare)
        } catch {
            if case .noHistory = error { return .none }
            warnings.append("warning: " + error.description)
            return .none
        }
    }
}

extension String {
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
