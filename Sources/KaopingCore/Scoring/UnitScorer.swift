/// Scores one unit against its category's scheme (SPEC §5): indicators with n/a
/// redistribution and 未报送 zeros, compliance worst-of with redistribution, capped and gated
/// adjustments, veto, and the exactly rounded total. Ranks and grades come later, per group.
public struct UnitScorer: Sendable {
    public let scheme: CategoryScheme
    public let targets: TargetBook
    /// Working days from the period's first day to as-of over the year's working days: the share of an
    /// annual volume target expected by as-of.
    public let proration: Fraction
    public let checkNames: CheckCatalog

    public init(scheme: CategoryScheme, targets: TargetBook, proration: Fraction, checkNames: CheckCatalog) {
        self.scheme = scheme
        self.checkNames = checkNames
        self.targets = targets
        self.proration = proration
    }

    public func score(unit: UnitRecord, villages: [UnitRecord], tally: UnitTally, submitted: Set<ExportKind>,
                      findings: [Located<ComplianceFinding>], adjustments: [Located<AdjustmentRecord>]) -> UnitResult {
        var metrics: [MetricID: MetricValue] = [:]
        for metric in MetricID.allCases { metrics[metric] = tally.value(of: metric) }
        let required = unit.requiredExports ?? scheme.requiredExports
        let missing = required.filter { !submitted.contains($0) }.sorted()

        var indicators = scheme.indicators.map { indicator in
            rate(indicator, unit: unit, value: metrics[indicator.metric]!, missing: missing.contains(indicator.metric.source))
        }
        var checks = inspect(findings, complianceMissing: missing.contains(.compliance))

        // Each section keeps its points: n/a indicators' weight goes to the other indicators,
        // uninspected checks' points to the inspected ones. A section with nothing left to
        // score hands its points to the other.
        let indicatorWeight = Fraction(scheme.indicatorWeight)
        let compliancePoints = Fraction(scheme.compliance.total)
        let liveWeight = indicators.filter { $0.status != .na }.reduce(Fraction.zero) { $0 + Fraction($1.indicator.weight) }
        let livePoints = checks.filter { $0.missing || ($0.result.map { $0 != .na } ?? false) }
            .reduce(Fraction.zero) { $0 + Fraction($1.points) }
        var indicatorShare = indicatorWeight, complianceShare = compliancePoints
        if liveWeight.isZero { complianceShare += indicatorShare; indicatorShare = .zero }
        if livePoints.isZero { indicatorShare += complianceShare; complianceShare = .zero }
        if liveWeight.isZero && livePoints.isZero { indicatorShare = .zero; complianceShare = .zero }

        var indicatorScore = Fraction.zero
        for index in indicators.indices where indicators[index].status != .na {
            let scale = indicatorShare / liveWeight
            indicators[index].score = indicators[index].ruleScore * scale
            indicators[index].effectiveWeight = Fraction(indicators[index].indicator.weight) * scale
            indicatorScore += indicators[index].score
        }
        var complianceScore = Fraction.zero
        for index in checks.indices {
            let check = checks[index]
            guard !check.missing, let result = check.result, result != .na, !livePoints.isZero else { continue }
            let share: Fraction
            switch result {
            case .pass: share = .one
            case .partial: share = Fraction(scheme.compliance.partialShare)
            case .fail, .na: share = .zero
            }
            checks[index].score = Fraction(check.points) * share * complianceShare / livePoints
            complianceScore += checks[index].score
        }

        let base = indicatorScore + complianceScore
        let rules = scheme.adjustments
        let bonusClaimed = sum(adjustments, .bonus), penaltyClaimed = sum(adjustments, .penalty)
        let gated = rules.bonusGate.map { base < Fraction($0) } ?? false
        let bonus = AdjustmentTotal(claimed: bonusClaimed, counted: gated ? .zero : min(bonusClaimed, Fraction(rules.bonusCap)),
                                    capped: bonusClaimed > Fraction(rules.bonusCap), gated: gated && !bonusClaimed.isZero)
        let penalty = AdjustmentTotal(claimed: penaltyClaimed, counted: min(penaltyClaimed, Fraction(rules.penaltyCap)),
                                      capped: penaltyClaimed > Fraction(rules.penaltyCap), gated: false)
        let total = max(.zero, base + bonus.counted - penalty.counted).rounded(places: 2)

        return UnitResult(
            unit: unit, assessed: true, villages: villages, tally: tally, metrics: metrics, requiredExports: required,
            missingExports: missing, indicators: indicators, checks: checks, indicatorScore: indicatorScore,
            complianceScore: complianceScore, bonus: bonus, penalty: penalty, adjustments: adjustments,
            veto: adjustments.contains { $0.value.kind == .veto }, total: total, rank: nil, grade: nil, rankedAmong: nil)
    }

    private func sum(_ rows: [Located<AdjustmentRecord>], _ kind: AdjustmentKind) -> Fraction {
        rows.filter { $0.value.kind == kind }.reduce(Fraction.zero) { $0 + Fraction($1.value.points ?? .zero) }
    }

    private func rate(_ indicator: Indicator, unit: UnitRecord, value: MetricValue, missing: Bool) -> IndicatorResult {
        let resolved = targets.target(for: indicator, unit: unit)
        let scale = indicator.prorate ? proration : .one
        let rule = resolved.map { indicator.rule.with(target: $0.value) } ?? indicator.rule
        var result = IndicatorResult(
            indicator: indicator, value: value, target: resolved?.value, targetSource: resolved?.source,
            effectiveTarget: resolved.map { Fraction($0.value) * scale }, status: .scored, ruleScore: .zero,
            score: .zero, effectiveWeight: .zero)
        if missing {
            result.status = .missing
            return result
        }
        guard let actual = value.actual else {
            result.status = .na
            return result
        }
        result.ruleScore = Self.apply(rule, actual: actual, weight: Fraction(indicator.weight), scale: scale)
        return result
    }

    /// The rule formulas of SPEC §5; `scale` pro-rates the rule's volumes (target, floor, ceiling).
    static func apply(_ rule: ScoringRule, actual: Fraction, weight: Fraction, scale: Fraction) -> Fraction {
        let unitRange = Fraction.zero...Fraction.one
        switch rule {
        case .ratio(let target):
            let expected = Fraction(target) * scale
            guard !expected.isZero else { return weight }
            return weight * (actual / expected).clamped(to: unitRange)
        case .linear(let floor, let target):
            let low = Fraction(floor) * scale, high = Fraction(target) * scale
            guard high > low else { return actual >= high ? weight : .zero }
            return weight * ((actual - low) / (high - low)).clamped(to: unitRange)
        case .threshold(let target):
            return actual >= Fraction(target) * scale ? weight : .zero
        case .lowerBetter(let ceiling, let target):
            let high = Fraction(ceiling) * scale, low = Fraction(target) * scale
            guard high > low else { return actual <= low ? weight : .zero }
            return weight * ((high - actual) / (high - low)).clamped(to: unitRange)
        case .deduct(let per):
            return max(.zero, weight - Fraction(per) * actual)
        }
    }

    /// Worst finding per scored check: fail < partial < pass; na only when nothing else was found.
    private func inspect(_ findings: [Located<ComplianceFinding>], complianceMissing: Bool) -> [CheckResult] {
        scheme.compliance.points.map { entry in
            let mine = findings.filter { $0.value.check == entry.code }
            let real = mine.map(\.value.result).filter { $0 != .na }
            let worst = real.min() ?? (mine.isEmpty ? nil : .na)
            return CheckResult(code: entry.code, name: checkNames.name(of: entry.code), points: entry.points, result: complianceMissing ? nil : worst,
                               missing: complianceMissing, findings: mine, score: .zero)
        }
    }
}
