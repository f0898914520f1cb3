/// What this run's documents compare with, read from the history before they are written:
/// the previous period's run (rank changes ↑3/↓2/新, the 整改 follow-up) and every unit's
/// recorded totals (the trend line on its feedback sheet). Empty when there is no history yet.
public struct RunHistory: Sendable {
    public var previous: RecordedRun?
    public var changes: RankChanges?
    public var followUp: FollowUp?
    public var trends: [String: [TrendPoint]] = [:]

    public static let none = RunHistory()

    public init() {}

    /// Reads `store` for `appraisal`; the caller decides what a `HistoryProblem` means.
    /// `current` is this run as the history will record it.
    public init(store: HistoryStore, appraisal: Appraisal, current: RecordedRun, compare: HistoryComparison) throws(HistoryProblem) {
        previous = try store.previousRun(before: appraisal.window.period, compare: compare)
        changes = RankChanges(current: appraisal, previous: previous)
        if let previous {
            let followUp = FollowUp(previous: previous, current: appraisal)
            self.followUp = followUp.isEmpty ? nil : followUp
        }
        for result in appraisal.units {
            let history = try store.unitHistory(code: result.unit.code)
            let points = TrendPoint.series(code: result.unit.code, history: history, current: current)
            if points.count > 1 { trends[result.unit.code] = points }
        }
    }

    public func change(for code: String, _ language: ReportLanguage) -> String {
        changes?[code].map { $0.text(language) } ?? ""
    }
}
