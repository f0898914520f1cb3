/// The year's appraisal scheme (考核方案, SPEC §5), decoded from TOML into typed values.
public struct Scheme: Sendable {
    public var version: String
    public var title: String
    /// Where it was read from, and the SHA-256 of its bytes, for the manifest.
    public var path: String
    public var sha256: String
    public var categories: [UnitCategory: CategoryScheme]
    /// The standard compliance checks plus any the scheme adds.
    public var checks: CheckCatalog
    /// Who issues the bulletin and to whom (`[bulletin]`); options on the command line win.
    public var bulletin = BulletinHeading()

    public func category(_ category: UnitCategory) -> CategoryScheme? { categories[category] }
}

/// The letterhead of the bulletin (督查通报): issuing office, document number, addressees.
public struct BulletinHeading: Sendable, Equatable {
    /// 发文机关, e.g. 区规范化服务型政府建设领导小组办公室.
    public var issuer: String?
    /// 发文字号, e.g. 区规服办〔2022〕12号.
    public var documentNumber: String?
    /// 主送机关 line, e.g. 各乡镇人民政府、街道办事处，区政府各部门.
    public var addressees: String?
    /// The district's name, used in the title and opening (e.g. 青白江区); empty means 全区.
    public var district: String?

    public init(issuer: String? = nil, documentNumber: String? = nil, addressees: String? = nil, district: String? = nil) {
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.addressees = addressees
        self.district = district
    }
}

/// How one category of units (部门 or 乡镇/街道) is scored.
public struct CategoryScheme: Sendable {
    public var category: UnitCategory
    public var label: String
    /// Indicator weights plus compliance points add up to this (normally 100).
    public var total: ExactDecimal
    /// Exports every unit of the category must submit unless its units row says otherwise.
    public var requiredExports: [ExportKind]
    public var indicators: [Indicator]
    public var compliance: ComplianceSection
    public var adjustments: AdjustmentRules
    public var grades: GradeBands
    public var tieBreakers: [TieBreaker]

    public var indicatorWeight: ExactDecimal {
        indicators.reduce(Fraction.zero) { $0 + Fraction($1.weight) }.rounded(places: 6)
    }
}

public struct Indicator: Sendable, Equatable {
    public var id: String
    public var label: String
    public var metric: MetricID
    public var weight: ExactDecimal
    public var rule: ScoringRule
    /// Volume indicators compare with the annual target scaled by working days to as-of.
    public var prorate: Bool
}

/// The rule types of SPEC §5. The target is the default a targets row may override; floor,
/// ceiling and per stay as the scheme sets them.
public enum ScoringRule: Sendable, Equatable {
    /// weight × clamp(actual / target, 0, 1)
    case ratio(target: ExactDecimal)
    /// weight × clamp((actual − floor) / (target − floor), 0, 1)
    case linear(floor: ExactDecimal, target: ExactDecimal)
    /// weight if actual ≥ target, else 0
    case threshold(target: ExactDecimal)
    /// weight × clamp((ceiling − actual) / (ceiling − target), 0, 1)
    case lowerBetter(ceiling: ExactDecimal, target: ExactDecimal)
    /// max(0, weight − per × actual)
    case deduct(per: ExactDecimal)

    public var name: String {
        switch self {
        case .ratio: return "ratio"
        case .linear: return "linear"
        case .threshold: return "threshold"
        case .lowerBetter: return "lower_better"
        case .deduct: return "deduct"
        }
    }

    public var chineseName: String {
        switch self {
        case .ratio: return "按完成比例得分"
        case .linear: return "在底线与目标之间线性得分"
        case .threshold: return "达标得满分"
        case .lowerBetter: return "越低越好"
        case .deduct: return "逐项扣分"
        }
    }

    /// The target a targets row overrides; nil for `deduct`, which has none.
    public var target: ExactDecimal? {
        switch self {
        case .ratio(let t), .linear(_, let t), .threshold(let t), .lowerBetter(_, let t): return t
        case .deduct: return nil
        }
    }

    public func with(target: ExactDecimal) -> ScoringRule {
        switch self {
        case .ratio: return .ratio(target: target)
        case .linear(let floor, _): return .linear(floor: floor, target: target)
        case .threshold: return .threshold(target: target)
        case .lowerBetter(let ceiling, _): return .lowerBetter(ceiling: ceiling, target: target)
        case .deduct: return self
        }
    }
}

public struct ComplianceSection: Sendable, Equatable {
    /// Points per check code, in the catalog's official order.
    public var points: [(code: String, points: ExactDecimal)]
    /// Share of a check's points a partial result (部分落实) earns.
    public var partialShare: ExactDecimal

    public var total: ExactDecimal {
        points.reduce(Fraction.zero) { $0 + Fraction($1.points) }.rounded(places: 6)
    }

    public static func == (a: ComplianceSection, b: ComplianceSection) -> Bool {
        a.partialShare == b.partialShare && a.points.elementsEqual(b.points) { $0.code == $1.code && $0.points == $1.points }
    }
}

public struct AdjustmentRules: Sendable, Equatable {
    public var bonusCap: ExactDecimal
    public var penaltyCap: ExactDecimal
    /// Bonuses count only when indicators + compliance reach this score.
    public var bonusGate: ExactDecimal?
}

public struct GradeBands: Sendable, Equatable {
    public var excellent: ExactDecimal
    public var good: ExactDecimal
    public var pass: ExactDecimal
    /// Share of the category (or group) that may be graded 优秀, rounded down.
    public var excellentQuota: ExactDecimal
}

/// How units with equal totals are ordered (and who takes the last 优秀 place).
public enum TieBreaker: Sendable, Equatable {
    case indicatorScore
    case complianceScore
    case metric(MetricID, higherIsBetter: Bool)

    public var chineseName: String {
        switch self {
        case .indicatorScore: return "指标得分高者在前"
        case .complianceScore: return "制度落实得分高者在前"
        case let .metric(metric, higher): return "\(metric.chineseName)\(higher ? "高" : "低")者在前"
        }
    }
}
