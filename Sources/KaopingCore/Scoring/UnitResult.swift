/// 等次 (SPEC §5).
public enum Grade: String, Sendable, CaseIterable {
    case excellent, good, pass, fail

    public var chineseName: String {
        switch self {
        case .excellent: return "优秀"
        case .good: return "良好"
        case .pass: return "合格"
        case .fail: return "不合格"
        }
    }
}

/// How an indicator was scored (the `status` column of scores.csv).
public enum IndicatorStatus: String, Sendable {
    /// Scored against its target.
    case scored
    /// Nothing to measure (a zero denominator): left out, its weight redistributed.
    case na
    /// The export that feeds it was not submitted (未报送): 0 points, never redistributed.
    case missing

    public var chineseName: String {
        switch self {
        case .scored: return "计分"
        case .na: return "不适用"
        case .missing: return "未报送"
        }
    }
}

public struct IndicatorResult: Sendable {
    public var indicator: Indicator
    public var value: MetricValue
    /// The annual target after targets rows, and where it came from; nil for `deduct`.
    public var target: ExactDecimal?
    public var targetSource: TargetSource?
    /// The target actually compared with: pro-rated to as-of for volume indicators.
    public var effectiveTarget: Fraction?
    public var status: IndicatorStatus
    /// The rule's score out of the indicator's own weight, before redistribution.
    public var ruleScore: Fraction
    /// Points earned after n/a redistribution: what adds up to the total.
    public var score: Fraction
    /// The indicator's weight after redistribution (0 when n/a).
    public var effectiveWeight: Fraction
}

public struct CheckResult: Sendable {
    public var code: String
    public var name: String
    public var points: ExactDecimal
    /// The worst finding of the period; nil when not inspected.
    public var result: ComplianceResult?
    /// True when compliance is a required export the unit's inspections are missing from.
    public var missing: Bool
    public var findings: [Located<ComplianceFinding>]
    /// Points after redistribution among the inspected checks.
    public var score: Fraction
}

public struct AdjustmentTotal: Sendable {
    /// Sum of the rows, before the cap.
    public var claimed: Fraction
    /// What counts toward the total: capped, and for bonuses gated on the base score.
    public var counted: Fraction
    public var capped: Bool
    public var gated: Bool
}

/// Everything Kaoping concluded about one unit, with the evidence behind each number.
public struct UnitResult: Sendable {
    public var unit: UnitRecord
    /// False for inactive units (不参评): listed, never scored or ranked.
    public var assessed: Bool
    /// Village service rooms whose records rolled up into this unit.
    public var villages: [UnitRecord]
    public var tally: UnitTally
    public var metrics: [MetricID: MetricValue]
    public var requiredExports: [ExportKind]
    public var missingExports: [ExportKind]
    public var indicators: [IndicatorResult]
    public var checks: [CheckResult]
    public var indicatorScore: Fraction
    public var complianceScore: Fraction
    public var bonus: AdjustmentTotal
    public var penalty: AdjustmentTotal
    public var adjustments: [Located<AdjustmentRecord>]
    public var veto: Bool
    public var total: ExactDecimal?
    public var rank: Int?
    public var grade: Grade?
    /// Units ranked together with this one (same category and group).
    public var rankedAmong: Int?

    public var submittedEverything: Bool { missingExports.isEmpty }
    public var baseScore: Fraction { indicatorScore + complianceScore }

    public var gradeLabel: String { assessed ? (grade?.chineseName ?? "") : "不参评" }

    /// The worst finding per check code, as summary.json reports it (`na` when not inspected).
    public func complianceResult(_ code: String) -> ComplianceResult {
        checks.first { $0.code == code }?.result ?? .na
    }
}
