/// A unit's move in its ranking since the period it is compared with.
public enum RankChange: Sendable, Equatable {
    /// Climbed this many places (rank 5 → 2 is `.up(3)`).
    case up(Int)
    case down(Int)
    case same
    /// Not ranked in the same category and group last time: new, returned, or moved group.
    case new

    /// As the bulletin and ranking.csv print it: ↑3, ↓2, —, 新.
    public var text: String { text(.zh) }

    public func text(_ language: ReportLanguage) -> String {
        switch self {
        case .up(let places): return "↑\(places)"
        case .down(let places): return "↓\(places)"
        case .same: return "—"
        case .new: return language == .zh ? "新" : "new"
        }
    }

    /// nil when the unit is not ranked now: there is no rank to compare.
    static func of(rank: Int?, in key: RankingKey, before previous: (rank: Int?, key: RankingKey)?) -> RankChange? {
        guard let rank else { return nil }
        // Ranks of different groups count different units: comparing them would mean nothing.
        guard let previous, previous.key == key, let before = previous.rank else { return .new }
        if rank < before { return .up(before - rank) }
        if rank > before { return .down(rank - before) }
        return .same
    }
}

/// Every unit's rank change for one run against the run it is compared with.
public struct RankChanges: Sendable, Equatable {
    /// The run compared with; nil when it was not recorded, and then every change is nil too.
    public let previousPeriod: Period?
    private let changes: [String: RankChange]

    public init(current: RecordedRun, previous: RecordedRun?) {
        self.init(current: current.units.map { ($0.code, $0.rank, $0.rankingKey) }, previous: previous)
    }

    public init(current: Appraisal, previous: RecordedRun?) {
        self.init(current: current.units.map {
            ($0.unit.code, $0.rank, RankingKey(category: $0.unit.category, group: $0.unit.group ?? ""))
        }, previous: previous)
    }

    private init(current: [(code: String, rank: Int?, key: RankingKey)], previous: RecordedRun?) {
        previousPeriod = previous?.period
        guard let previous else {
            // Nothing recorded to compare with is not news about any unit: no 新 everywhere.
            changes = [:]
            return
        }
        var before: [String: (rank: Int?, key: RankingKey)] = [:]
        for unit in previous.units { before[unit.code] = (unit.rank, unit.rankingKey) }
        var changes: [String: RankChange] = [:]
        for unit in current {
            changes[unit.code] = RankChange.of(rank: unit.rank, in: unit.key, before: before[unit.code])
        }
        self.changes = changes
    }

    /// nil when the unit is not ranked now, or nothing was recorded to compare with.
    public subscript(code: String) -> RankChange? { changes[code] }
}
