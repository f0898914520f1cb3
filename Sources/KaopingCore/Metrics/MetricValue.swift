/// One metric of one unit with its evidence (SPEC §4): numerator and denominator are always
/// kept. A count has no denominator; a rate with a zero denominator is n/a, never 0.
public struct MetricValue: Sendable, Equatable {
    public var numerator: Int
    /// nil for counts and sums (cases_total, overdue_open, bad_reviews, days_saved).
    public var denominator: Int?

    public init(numerator: Int, denominator: Int?) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static func count(_ value: Int) -> MetricValue { MetricValue(numerator: value, denominator: nil) }

    public var isApplicable: Bool { denominator.map { $0 > 0 } ?? true }

    /// The value compared with targets: the count itself, or numerator / denominator; nil when n/a.
    public var actual: Fraction? {
        guard let denominator else { return Fraction(numerator) }
        return denominator > 0 ? Fraction(numerator, denominator) : nil
    }
}

extension MetricID {
    /// The export whose rows feed the metric: a unit that did not submit it (未报送) scores 0
    /// on the metric's indicators instead of having them redistributed.
    public var source: ExportKind {
        switch self {
        case .casesTotal, .onTimeRate, .promiseKeptRate, .immediateRate, .within5Rate, .onlineRate,
             .overdueOpen, .satisfactionRate, .badReviews:
            return .cases
        case .immediateItemRate, .within5ItemRate, .windowAuthorizationRate, .compressionRate, .daysSaved:
            return .items
        case .ticketClosedRate, .ticketOnTimeRate, .ticketSatisfactionRate:
            return .tickets
        }
    }

    /// Counts and sums, as opposed to rates; only these may be pro-rated to as-of.
    public var isCount: Bool {
        switch self {
        case .casesTotal, .overdueOpen, .badReviews, .daysSaved: return true
        default: return false
        }
    }

    public var chineseName: String {
        switch self {
        case .casesTotal: return "办件量"
        case .onTimeRate: return "按时办结率"
        case .promiseKeptRate: return "承诺时限办结率"
        case .immediateRate: return "即办件比例"
        case .within5Rate: return "5个工作日内办结率"
        case .onlineRate: return "网上办理率"
        case .overdueOpen: return "超期未办结件数"
        case .satisfactionRate: return "办件满意率"
        case .badReviews: return "差评数"
        case .immediateItemRate: return "即办件项目比例"
        case .within5ItemRate: return "5日内办结项目比例"
        case .windowAuthorizationRate: return "窗口授权率"
        case .compressionRate: return "时限压缩率"
        case .daysSaved: return "缩短办结时限（工作日）"
        case .ticketClosedRate: return "投诉办结率"
        case .ticketOnTimeRate: return "投诉按时办结率"
        case .ticketSatisfactionRate: return "投诉满意率"
        }
    }
}
