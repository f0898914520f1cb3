@testable import KaopingCore
import Testing

@Suite("Scoring: one unit")
struct UnitScorerTests {
    private typealias K = ScoringKit
    private let dec = ScoringKit.dec
    private let everything: Set<ExportKind> = [.cases, .items, .tickets]

    /// 60 on on_time_rate, 20 on ticket_on_time_rate, 20 on satisfaction_rate (all ratio, target 1); no compliance.
    private var threeIndicators: CategoryScheme {
        K.categoryScheme(indicators: [
            K.indicator("on_time", .onTimeRate, weight: 60, .ratio(target: ExactDecimal(1))),
            K.indicator("ticket_on_time", .ticketOnTimeRate, weight: 20, .ratio(target: ExactDecimal(1))),
            K.indicator("satisfaction", .satisfactionRate, weight: 20, .ratio(target: ExactDecimal(1))),
        ])
    }

    /// on_time 3/4, ticket_on_time 1/2, no ratings (satisfaction n/a).
    private var tallyWithoutRatings: UnitTally {
        var tally = UnitTally()
        tally.cases = 4; tally.casesAssessed = 4; tally.completed = 4; tally.completedOnTime = 3
        tally.tickets = 2; tally.ticketsClosed = 2; tally.ticketsOnTime = 1
        return tally
    }

    private func score(_ scheme: CategoryScheme, unit: UnitRecord = ScoringKit.unit("0101"), tally: UnitTally,
                       submitted: Set<ExportKind>? = nil, findings: [Located<ComplianceFinding>] = [],
                       adjustments: [Located<AdjustmentRecord>] = [], proration: Fraction = .one,
                       targets: TargetBook? = nil) -> UnitResult {
        K.scorer(scheme, targets: targets, proration: proration)
            .score(unit: unit, villages: [], tally: tally, submitted: submitted ?? everything, findings: findings,
                   adjustments: adjustments)
    }

    /// One indicator worth 100 on on_time_rate (ratio, target 1): the base is 100 × onTime/completed.
    private func single(bonusCap: Int = 3, penaltyCap: Int = 10, bonusGate: Int? = nil) -> CategoryScheme {
        K.categoryScheme(indicators: [K.indicator("on_time", .onTimeRate, weight: 100, .ratio(target: ExactDecimal(1)))],
                         bonusCap: bonusCap, penaltyCap: penaltyCap, bonusGate: bonusGate)
    }

    private func onTime(_ good: Int, of completed: Int) -> UnitTally {
        var tally = UnitTally()
        tally.cases = completed; tally.casesAssessed = completed; tally.completed = completed; tally.completedOnTime = good
        return tally
    }

    // MARK: Indicators

    @Test("n/a indicator drops out; 60/20 are scaled up to 100")
    func naRedistribution() throws {
        let result = score(threeIndicators, tally: tallyWithoutRatings)
        // Rule scores 60 × 3/4 = 45 and 20 × 1/2 = 10, scaled by 100/80.
        #expect(result.indicators.map(\.status) == [.scored, .scored, .na])
        #expect(result.indicators[0].ruleScore == Fraction(45))
        #expect(result.indicators[0].score == Fraction(225, 4))  // 56.25
        #expect(result.indicators[1].score == Fraction(25, 2))   // 12.5
        #expect(result.indicators[2].score == .zero)
        #expect(result.indicators[0].effectiveWeight == Fraction(75))
        #expect(result.indicators[1].effectiveWeight == Fraction(25))
        #expect(result.indicators[2].effectiveWeight == .zero)
        #expect(result.indicatorScore == Fraction(275, 4))
        #expect(result.total == dec("68.75"))
    }

    @Test("未报送: the missing export's indicators score 0 and are not redistributed")
    func missingExportScoresZero() throws {
        // satisfaction replaced by an items indicator; the unit sent no items.
        let scheme = K.categoryScheme(indicators: [
            K.indicator("on_time", .onTimeRate, weight: 60, .ratio(target: ExactDecimal(1))),
            K.indicator("ticket_on_time", .ticketOnTimeRate, weight: 20, .ratio(target: ExactDecimal(1))),
            K.indicator("immediate_items", .immediateItemRate, weight: 20, .ratio(target: ExactDecimal(1))),
        ])
        let result = score(scheme, tally: tallyWithoutRatings, submitted: [.cases, .tickets])
        #expect(result.missingExports == [.items])
        #expect(result.indicators.map(\.status) == [.scored, .scored, .missing])
        #expect(result.indicators[0].score == Fraction(45))  // not scaled up
        #expect(result.indicators[1].score == Fraction(10))
        #expect(result.indicators[2].score == .zero)
        #expect(result.total == dec("55"))
        #expect(!result.submittedEverything)

        // The same unit excused from items by its units row: items are n/a, and redistributed.
        let excused = score(scheme, unit: K.unit("0101", required: [.cases, .tickets]), tally: tallyWithoutRatings,
                            submitted: [.cases, .tickets])
        #expect(excused.missingExports.isEmpty)
        #expect(excused.indicators[2].status == .na)
        #expect(excused.total == dec("68.75"))
    }

    @Test("The rounded total: 84.125 → 84.13 from exact counts")
    func totalRounding() {
        let result = score(single(), tally: onTime(673, of: 800))  // 100 × 673/800 = 84.125
        #expect(result.indicatorScore == Fraction(673, 8))
        #expect(result.total == dec("84.13"))
    }

    @Test("Volume indicators are pro-rated, rates are not")
    func proration() {
        let scheme = K.categoryScheme(indicators: [
            K.indicator("volume", .casesTotal, weight: 50, .ratio(target: ExactDecimal(200)), prorate: true),
            K.indicator("on_time", .onTimeRate, weight: 50, .ratio(target: dec("50%"))),
        ])
        var tally = onTime(1, of: 4)  // on time 1/4 = half the 50% target
        tally.cases = 75
        let result = score(scheme, tally: tally, proration: Fraction(1, 2))
        // Volume: 200 × ½ = 100 expected, 75 done → 37.5. Rate: 0.25 / 0.5 → 25, not 0.25 / 0.25.
        #expect(result.indicators[0].effectiveTarget == Fraction(100))
        #expect(result.indicators[0].target == ExactDecimal(200))
        #expect(result.indicators[0].score == Fraction(75, 2))
        #expect(result.indicators[1].effectiveTarget == Fraction(1, 2))
        #expect(result.indicators[1].score == Fraction(25))
        #expect(result.total == dec("62.5"))
    }

    // MARK: Compliance

    /// 80 on on_time_rate plus the standard department compliance points (20).
    private var withCompliance: CategoryScheme {
        K.categoryScheme(
            indicators: [K.indicator("on_time", .onTimeRate, weight: 80, .ratio(target: ExactDecimal(1)))],
            compliance: [("first_inquiry", 3), ("one_time_notice", 3), ("time_limited", 3), ("badge", 2),
                         ("whereabouts", 2), ("disclosure", 2), ("leader_disclosure", 2), ("license_display", 2),
                         ("complaint_box", 1)])
    }

    @Test("Worst finding counts; na ignored beside a real finding; uninspected points redistributed")
    func complianceWorstOf() throws {
        let findings = [
            K.finding("first_inquiry", .pass, line: 2), K.finding("first_inquiry", .fail, line: 3),
            K.finding("first_inquiry", .partial, line: 4),
            K.finding("one_time_notice", .pass, line: 5), K.finding("one_time_notice", .partial, line: 6),
            K.finding("time_limited", .na, line: 7), K.finding("time_limited", .pass, line: 8),
            K.finding("badge", .na, line: 9),
        ]
        let result = score(withCompliance, tally: onTime(5, of: 5), findings: findings)
        let byCode = Dictionary(uniqueKeysWithValues: result.checks.map { ($0.code, $0) })
        #expect(byCode["first_inquiry"]?.result == .fail)
        #expect(byCode["one_time_notice"]?.result == .partial)
        #expect(byCode["time_limited"]?.result == .pass)
        #expect(byCode["badge"]?.result == .na)
        #expect(byCode["whereabouts"]?.result == nil)
        #expect(byCode["first_inquiry"]?.findings.count == 3)
        // Inspected: 3 + 3 + 3 = 9 points carry the section's 20. fail 0, partial 1.5, pass 3 → × 20/9.
        #expect(byCode["first_inquiry"]?.score == .zero)
        #expect(byCode["one_time_notice"]?.score == Fraction(10, 3))
        #expect(byCode["time_limited"]?.score == Fraction(20, 3))
        #expect(byCode["badge"]?.score == .zero)
        #expect(result.complianceScore == Fraction(10))
        #expect(result.indicatorScore == Fraction(80))
        #expect(result.total == dec("90"))
        #expect(result.complianceResult("whereabouts") == .na)
    }

    @Test("A single inspected check carries the whole section; partial earns the scheme's share")
    func partialShare() {
        var scheme = withCompliance
        scheme.compliance.partialShare = dec("0.6")
        let pass = score(scheme, tally: onTime(5, of: 5), findings: [K.finding("complaint_box", .pass, line: 2)])
        #expect(pass.complianceScore == Fraction(20))
        let partial = score(scheme, tally: onTime(5, of: 5), findings: [K.finding("badge", .partial, line: 2)])
        #expect(partial.complianceScore == Fraction(12))  // 2 × 0.6 × 20/2
        #expect(partial.total == dec("92"))
        // Default share ½ on two of the three 3-point checks passing and one partial: (3 + 3 + 1.5) / 9 × 20.
        let mixed = score(withCompliance, tally: onTime(5, of: 5), findings: [
            K.finding("first_inquiry", .pass, line: 2), K.finding("one_time_notice", .pass, line: 3),
            K.finding("time_limited", .partial, line: 4),
        ])
        #expect(mixed.complianceScore == Fraction(50, 3))
        #expect(mixed.total == dec("96.67"))
    }

    @Test("Compliance required but not submitted: the section scores 0, not redistributed")
    func complianceMissing() {
        var scheme = withCompliance
        scheme.requiredExports = [.cases, .compliance]
        let result = score(scheme, tally: onTime(5, of: 5), submitted: [.cases])
        #expect(result.missingExports == [.compliance])
        #expect(result.checks.allSatisfy { $0.missing && $0.score == .zero })
        #expect(result.complianceScore == .zero)
        #expect(result.indicatorScore == Fraction(80))
        #expect(result.total == dec("80"))
    }

    // MARK: Adjustments

    @Test("Bonuses are capped")
    func bonusCap() {
        let result = score(single(), tally: onTime(4, of: 5), adjustments: [
            K.adjustment(.bonus, "2", line: 2), K.adjustment(.bonus, "2.5", line: 3),
        ])
        #expect(result.bonus.claimed == Fraction(9, 2))
        #expect(result.bonus.counted == Fraction(3))
        #expect(result.bonus.capped)
        #expect(result.total == dec("83"))
    }

    @Test("Penalties are capped separately")
    func penaltyCap() {
        let result = score(single(), tally: onTime(4, of: 5), adjustments: [
            K.adjustment(.bonus, "1", line: 2), K.adjustment(.penalty, "6", line: 3), K.adjustment(.penalty, "7", line: 4),
        ])
        #expect(result.penalty.claimed == Fraction(13))
        #expect(result.penalty.counted == Fraction(10))
        #expect(result.penalty.capped)
        #expect(!result.bonus.capped)
        #expect(result.total == dec("71"))  // 80 + 1 − 10
    }

    @Test("Bonus gate: below the gate the bonus counts 0; at the gate it counts")
    func bonusGate() {
        let bonus = [K.adjustment(.bonus, "2", line: 2)]
        let below = score(single(bonusGate: 60), tally: onTime(1, of: 2), adjustments: bonus)  // base 50
        #expect(below.bonus.counted == .zero)
        #expect(below.bonus.gated)
        #expect(below.total == dec("50"))
        let at = score(single(bonusGate: 60), tally: onTime(3, of: 5), adjustments: bonus)  // base 60
        #expect(at.bonus.counted == Fraction(2))
        #expect(!at.bonus.gated)
        #expect(at.total == dec("62"))
    }

    @Test("Veto is flagged and leaves the total alone")
    func veto() {
        let result = score(single(), tally: onTime(4, of: 5), adjustments: [K.adjustment(.veto, nil, line: 2)])
        #expect(result.veto)
        #expect(result.total == dec("80"))
        let clean = score(single(), tally: onTime(4, of: 5), adjustments: [K.adjustment(.penalty, "1", line: 2)])
        #expect(!clean.veto)
    }

    @Test("The total never goes below 0")
    func floorAtZero() {
        let result = score(single(), tally: onTime(1, of: 20), adjustments: [K.adjustment(.penalty, "8", line: 2)])  // 5 − 8
        #expect(result.total == ExactDecimal.zero)
        #expect(result.penalty.counted == Fraction(8))
    }

    // MARK: Targets

    @Test("Target precedence: scheme, then *, then category, then unit rows")
    func targetPrecedence() throws {
        let department = K.categoryScheme(indicators: [K.indicator("volume", .casesTotal, weight: 100, .ratio(target: ExactDecimal(200)))])
        let township = K.categoryScheme(.township, indicators: [K.indicator("volume", .casesTotal, weight: 100, .ratio(target: ExactDecimal(200)))])
        let scheme = K.wrap(department, township)
        let units = UnitRegistry([K.unit("0101"), K.unit("0102"), K.unit("0201", .township)])
        let rows = [
            Located(value: TargetRecord(scope: .unit("0101"), metric: "cases_total", target: ExactDecimal(25)), location: K.location(2)),
            Located(value: TargetRecord(scope: .category(.department), metric: "cases_total", target: ExactDecimal(50)), location: K.location(3)),
            Located(value: TargetRecord(scope: .everyone, metric: "cases_total", target: ExactDecimal(100)), location: K.location(4)),
        ]
        let book = TargetBook(rows: rows, scheme: scheme, units: units)
        #expect(book.refused.isEmpty)
        var tally = UnitTally()
        tally.cases = 20

        let own = score(department, unit: K.unit("0101"), tally: tally, targets: book)
        #expect(own.indicators[0].target == ExactDecimal(25))
        #expect(own.indicators[0].targetSource == .unit(K.location(2)))
        #expect(own.total == dec("80"))  // 20 / 25

        let category = score(department, unit: K.unit("0102"), tally: tally, targets: book)
        #expect(category.indicators[0].target == ExactDecimal(50))
        #expect(category.indicators[0].targetSource == .category(K.location(3)))
        #expect(category.total == dec("40"))

        let everyone = score(township, unit: K.unit("0201", .township), tally: tally, targets: book)
        #expect(everyone.indicators[0].target == ExactDecimal(100))
        #expect(everyone.indicators[0].targetSource == .everyone(K.location(4)))
        #expect(everyone.total == dec("20"))

        let noRows = score(department, unit: K.unit("0102"), tally: tally)
        #expect(noRows.indicators[0].target == ExactDecimal(200))
        #expect(noRows.indicators[0].targetSource == .scheme)
        #expect(noRows.total == dec("10"))
    }
}
