import Logging

/// `kaoping run` as a library call: score a data folder and publish
/// `<out>/<period>/{ranking.csv, scores.csv, rejects.csv, summary.json, manifest.json}`.
public struct RunPublisher {
    public let appraiser: Appraiser
    public let outputRoot: String
    public let calendarFolder: String

    public enum Problem: Error, CustomStringConvertible {
        case appraisal(AppraisalProblem)
        case folder(ReportFolder.Problem)
        case file(OutputFile.Problem)

        public var description: String {
            switch self {
            case .appraisal(let problem): return problem.description
            case .folder(let problem): return problem.description
            case .file(let problem): return problem.description
            }
        }
    }

    public init(appraiser: Appraiser, outputRoot: String, calendarFolder: String) {
        self.appraiser = appraiser
        self.outputRoot = outputRoot
        self.calendarFolder = calendarFolder
    }

    public static let resultFiles = ["ranking.csv", "scores.csv", "rejects.csv", "summary.json", "manifest.json"]

    /// Returns the appraisal and the published folder. `onReject` sees every reject as it is found.
    public func run(onReject: @escaping (Reject) -> Void = { _ in }) throws(Problem) -> (Appraisal, String) {
        let folder: ReportFolder
        do { folder = try ReportFolder(outputRoot: outputRoot, name: appraiser.window.period.name) } catch { throw .folder(error) }
        let rejects: RejectsCSVFile
        do { rejects = try RejectsCSVFile(path: folder.path("rejects.csv")) } catch { throw .file(error) }
        var writeError: OutputFile.Problem?
        let appraisal: Appraisal
        do {
            appraisal = try appraiser.run { reject in
                onReject(reject)
                do throws(OutputFile.Problem) { try rejects.append(reject) } catch { writeError = writeError ?? error }
            }
        } catch {
            throw .appraisal(error)
        }
        if let writeError { throw .file(writeError) }
        let digests = FileDigest.sha256(of: appraisal.ingest.files.map { appraiser.folder.absolutePath($0.relativePath) })
        do {
            try rejects.commit()
            try write(RankingCSV.render(appraisal), to: folder.path("ranking.csv"))
            try write(ScoresCSV.render(appraisal), to: folder.path("scores.csv"))
            try write(Array(SummaryJSON.render(appraisal).utf8), to: folder.path("summary.json"))
            try write(Array(ManifestJSON.render(appraisal, digests: digests, calendarFolder: calendarFolder).utf8),
                      to: folder.path("manifest.json"))
        } catch {
            throw .file(error)
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
