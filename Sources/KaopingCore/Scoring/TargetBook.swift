/// Where an indicator's target came from, most general first (SPEC §5: the scheme, then
/// targets rows for everyone, for the category, for the unit).
public enum TargetSource: Sendable, Equatable {
    case scheme
    case everyone(RowLocation)
    case category(RowLocation)
    case unit(RowLocation)

    public var label: String {
        switch self {
        case .scheme: return "方案"
        case .everyone: return "目标表（全部）"
        case .category: return "目标表（类别）"
        case .unit: return "目标表（本单位）"
        }
    }
}

/// The targets rows, checked against the scheme and registry, ready to answer "what is this
/// unit's target for this metric". A row that cannot apply to anyone is turned into a reject
/// rather than ignored.
public struct TargetBook: Sendable {
    private var entries: [Key: (value: ExactDecimal, location: RowLocation)] = [:]
    /// Rows refused here, and identical repeats, each with the row it came from.
    public private(set) var refused: [(location: RowLocation, code: RejectCode, column: Column, value: String, message: String, unitCode: String?)] = []
    public private(set) var repeats: [RowLocation] = []

    private struct Key: Hashable {
        var scope: TargetScope
        var metric: MetricID
    }

    public init(rows: [Located<TargetRecord>], scheme: Scheme, units: UnitRegistry) {
        for row in rows.sorted(by: { $0.location < $1.location }) {
            let target = row.value
            guard let metric = MetricID(rawValue: target.metric) else { continue }  // ingest refuses these
            if let problem = Self.problem(target, metric: metric, scheme: scheme, units: units) {
                refuse(row.location, .targetNotApplicable, .metric, metric.rawValue, problem, target.scope)
                continue
            }
            let key = Key(scope: target.scope, metric: metric)
            if let first = entries[key] {
                if first.value == target.target {
                    repeats.append(row.location)
                } else {
                    refuse(row.location, .conflictingDuplicate, .target, target.target.description,
                           "同一对象的「\(metric.rawValue)」目标值已在第 \(first.location.line) 行给出（\(first.value)），且不同；以第一次出现为准",
                           target.scope)
                }
                continue
            }
            entries[key] = (target.target, row.location)
        }
    }

    private mutating func refuse(_ location: RowLocation, _ code: RejectCode, _ column: Column, _ value: String, _ message: String,
                                 _ scope: TargetScope) {
        let unitCode: String? = if case .unit(let code) = scope { code } else { nil }
        refused.append((location, code, column, value, message, unitCode))
    }

    /// Why a targets row applies to no indicator, or nil when it does.
    private static func problem(_ target: TargetRecord, metric: MetricID, scheme: Scheme, units: UnitRegistry) -> String? {
        let categories: [UnitCategory]
        switch target.scope {
        case .everyone: categories = [.department, .township]
        case .category(let category): categories = [category]
        case .unit(let code):
            guard let unit = units[code] else { return "单位编码「\(code)」不在考核对象名单中" }
            if unit.category == .village {
                return "\(unit.name)是村（社区）便民服务室，不单独考核；目标应下达给所属乡镇（街道）"
            }
            categories = [unit.category]
        }
        let indicators = categories.compactMap { scheme.category($0) }.flatMap(\.indicators).filter { $0.metric == metric }
        if indicators.isEmpty {
            return "考核方案中\(categories.map(\.chineseName).joined(separator: "、"))没有以「\(metric.rawValue)」计分的指标，该目标无处可用"
        }
        if indicators.allSatisfy({ $0.rule.target == nil }) {
            return "「\(metric.rawValue)」按扣分计算（deduct），没有目标值"
        }
        return nil
    }

    /// The target for `indicator` of `unit`: the most specific row wins, else the scheme.
    public func target(for indicator: Indicator, unit: UnitRecord) -> (value: ExactDecimal, source: TargetSource)? {
        guard let schemeTarget = indicator.rule.target else { return nil }
        if let row = entries[Key(scope: .unit(unit.code), metric: indicator.metric)] { return (row.value, .unit(row.location)) }
        if let row = entries[Key(scope: .category(unit.category), metric: indicator.metric)] { return (row.value, .category(row.location)) }
        if let row = entries[Key(scope: .everyone, metric: indicator.metric)] { return (row.value, .everyone(row.location)) }
        return (schemeTarget, .scheme)
    }
}
