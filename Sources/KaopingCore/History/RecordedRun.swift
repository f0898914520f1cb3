/// One published run as the history keeps it: enough to compare later periods with it (ranks,
/// compliance, rectifications) without the exports it was computed from.
public struct RecordedRun: Sendable, Equatable {
    public var period: Period
    public var asOf: Day
    public var schemeVersion: String
    public var schemeSHA256: String
    public var toolVersion: String
    /// Every department and township in listing order, inactive units included.
    public var units: [RecordedUnit]

    public init(period: Period, asOf: Day, schemeVersion: String, schemeSHA256: String,
                toolVersion: String = KaopingVersion.current, units: [RecordedUnit]) {
        self.period = period
        self.asOf = asOf
        self.schemeVersion = schemeVersion
        self.schemeSHA256 = schemeSHA256
        self.toolVersion = toolVersion
        self.units = units
    }

    /// The run as published: `deadline` is the 整改 deadline printed in the bulletin.
    public init(appraisal: Appraisal, deadline: Day) {
        self.init(period: appraisal.window.period, asOf: appraisal.window.asOf,
                  schemeVersion: appraisal.scheme.version, schemeSHA256: appraisal.scheme.sha256,
                  units: appraisal.units.map { RecordedUnit(result: $0, deadline: deadline) })
    }

    public func unit(_ code: String) -> RecordedUnit? { units.first { $0.code == code } }
}

public struct RecordedUnit: Sendable, Equatable {
    public var code: String
    public var name: String
    public var category: UnitCategory
    public var group: String?
    public var assessed: Bool
    /// Exactly as ranking.csv prints it ("93.75"), so history never re-rounds a published total.
    public var total: String?
    public var rank: Int?
    public var rankedAmong: Int?
    public var grade: Grade?
    public var veto: Bool
    public var missingExports: [ExportKind]
    /// In `MetricID.allCases` order.
    public var metrics: [RecordedMetric]
    /// The scheme's checks for the unit's category, in the scheme's order.
    public var compliance: [RecordedCheck]
    public var rectifications: [RecordedRectification]

    public init(code: String, name: String, category: UnitCategory, group: String? = nil, assessed: Bool = true,
                total: String?, rank: Int?, rankedAmong: Int?, grade: Grade?, veto: Bool = false,
                missingExports: [ExportKind] = [], metrics: [RecordedMetric] = [], compliance: [RecordedCheck] = [],
                rectifications: [RecordedRectification] = []) {
        self.code = code
        self.name = name
        self.category = category
        self.group = group
        self.assessed = assessed
        self.total = total
        self.rank = rank
        self.rankedAmong = rankedAmong
        self.grade = grade
        self.veto = veto
        self.missingExports = missingExports
        self.metrics = metrics
        self.compliance = compliance
        self.rectifications = rectifications
    }

    public init(result: UnitResult, deadline: Day) {
        self.init(code: result.unit.code, name: result.unit.name, category: result.unit.category, group: result.unit.group,
                  assessed: result.assessed, total: result.total.map(ResultFormat.points), rank: result.rank,
                  rankedAmong: result.rankedAmong, grade: result.grade, veto: result.veto,
                  missingExports: result.missingExports,
                  metrics: MetricID.allCases.compactMap { id in
                      result.metrics[id].map { RecordedMetric(metric: id, numerator: $0.numerator, denominator: $0.denominator) }
                  },
                  compliance: result.checks.map { RecordedCheck(code: $0.code, result: result.complianceResult($0.code)) },
                  rectifications: RecordedRectification.issued(to: result, deadline: deadline))
    }

    /// `na` for a check the unit was not inspected on, as summary.json reports it.
    public func result(of check: String) -> ComplianceResult {
        compliance.first { $0.code == check }?.result ?? .na
    }

    public func metric(_ id: MetricID) -> RecordedMetric? { metrics.first { $0.metric == id } }

    /// The ranking a rank belongs to: ranks of different categories or groups are not comparable.
    var rankingKey: RankingKey { RankingKey(category: category, group: group ?? "") }
}

struct RankingKey: Hashable {
    var category: UnitCategory
    var group: String
}

public struct RecordedMetric: Sendable, Equatable {
    public var metric: MetricID
    public var numerator: Int
    /// nil for counts and sums, as in summary.json.
    public var denominator: Int?

    public init(metric: MetricID, numerator: Int, denominator: Int?) {
        self.metric = metric
        self.numerator = numerator
        self.denominator = denominator
    }
}

public struct RecordedCheck: Sendable, Equatable {
    public var code: String
    /// The worst finding of the period; `na` when not inspected.
    public var result: ComplianceResult

    public init(code: String, result: ComplianceResult) {
        self.code = code
        self.result = result
    }
}

/// One 整改 requirement a unit was given in the bulletin and its feedback sheet.
public struct RecordedRectification: Sendable, Equatable {
    public enum Requirement: Sendable, Equatable {
        /// A check found failed or partly in place.
        case check(String)
        /// Cases open past their statutory limit at as-of.
        case overdue(Int)
        /// A required export not submitted (未报送).
        case missing(ExportKind)
    }

    public var requirement: Requirement
    public var deadline: Day

    public init(_ requirement: Requirement, deadline: Day) {
        self.requirement = requirement
        self.deadline = deadline
    }

    /// What the bulletin names a unit for. Inactive units are never named, so they are given nothing.
    static func issued(to result: UnitResult, deadline: Day) -> [RecordedRectification] {
        guard result.assessed else { return [] }
        var requirements: [Requirement] = []
        for check in result.checks where check.result == .fail || check.result == .partial {
            requirements.append(.check(check.code))
        }
        if result.tally.openOverdue > 0 { requirements.append(.overdue(result.tally.openOverdue)) }
        requirements += result.missingExports.map { .missing($0) }
        return requirements.map { RecordedRectification($0, deadline: deadline) }
    }
}

extension RecordedRectification.Requirement {
    /// The `kind` and `subject` columns of the rectifications table.
    var stored: (kind: String, subject: String) {
        switch self {
        case .check(let code): return ("check", code)
        case .overdue(let count): return ("overdue", String(count))
        case .missing(let kind): return ("missing", kind.rawValue)
        }
    }

    init?(kind: String, subject: String) {
        switch kind {
        case "check": self = .check(subject)
        case "overdue": guard let count = Int(subject) else { return nil }; self = .overdue(count)
        case "missing": guard let export = ExportKind(rawValue: subject) else { return nil }; self = .missing(export)
        default: return nil
        }
    }
}
