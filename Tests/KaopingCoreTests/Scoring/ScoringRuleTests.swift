@testable import KaopingCore
import Testing

/// The rule formulas of SPEC §5, one by one, through `UnitScorer.apply`.
@Suite("Scoring: rule formulas")
struct ScoringRuleTests {
    private let dec = ScoringKit.dec

    private func apply(_ rule: ScoringRule, actual: Fraction, weight: Int, scale: Fraction = .one) -> Fraction {
        UnitScorer.apply(rule, actual: actual, weight: Fraction(weight), scale: scale)
    }

    @Test("ratio = weight × clamp(actual / target, 0, 1)")
    func ratio() {
        let rule = ScoringRule.ratio(target: ExactDecimal(200))
        #expect(apply(rule, actual: Fraction(150), weight: 5) == Fraction(15, 4))  // 5 × 0.75
        #expect(apply(rule, actual: Fraction(250), weight: 5) == Fraction(5))      // clamped at 1
        #expect(apply(rule, actual: Fraction(0), weight: 5) == .zero)
        // A rate against "48.4%": 0.242 is half the target.
        #expect(apply(.ratio(target: dec("48.4%")), actual: Fraction(121, 500), weight: 8) == Fraction(4))
    }

    @Test("linear between floor and target, clamped below the floor and above the target")
    func linear() {
        let rule = ScoringRule.linear(floor: dec("80%"), target: dec("95%"))
        #expect(apply(rule, actual: Fraction(9, 10), weight: 20) == Fraction(40, 3))  // 0.10 / 0.15 × 20
        #expect(apply(rule, actual: Fraction(875, 1000), weight: 20) == Fraction(10))  // halfway
        #expect(apply(rule, actual: Fraction(8, 10), weight: 20) == .zero)             // at the floor
        #expect(apply(rule, actual: Fraction(7, 10), weight: 20) == .zero)             // below: not negative
        #expect(apply(rule, actual: Fraction(95, 100), weight: 20) == Fraction(20))    // at the target
        #expect(apply(rule, actual: Fraction(1), weight: 20) == Fraction(20))          // above: not more than weight
    }

    @Test("threshold: full weight at exactly the target, nothing just below")
    func threshold() {
        let rule = ScoringRule.threshold(target: dec("64%"))
        #expect(apply(rule, actual: Fraction(16, 25), weight: 5) == Fraction(5))  // 0.64 exactly
        #expect(apply(rule, actual: Fraction(6399, 10000), weight: 5) == .zero)
        #expect(apply(rule, actual: Fraction(9, 10), weight: 5) == Fraction(5))
    }

    @Test("lower_better = weight × clamp((ceiling − actual) / (ceiling − target), 0, 1)")
    func lowerBetter() {
        let rule = ScoringRule.lowerBetter(ceiling: ExactDecimal(10), target: ExactDecimal(0))
        #expect(apply(rule, actual: Fraction(4), weight: 3) == Fraction(9, 5))  // 3 × 6/10
        #expect(apply(rule, actual: Fraction(0), weight: 3) == Fraction(3))
        #expect(apply(rule, actual: Fraction(10), weight: 3) == .zero)
        #expect(apply(rule, actual: Fraction(12), weight: 3) == .zero)          // past the ceiling: not negative
        let withTarget = ScoringRule.lowerBetter(ceiling: ExactDecimal(10), target: ExactDecimal(2))
        #expect(apply(withTarget, actual: Fraction(4), weight: 3) == Fraction(9, 4))  // 3 × 6/8
        #expect(apply(withTarget, actual: Fraction(1), weight: 3) == Fraction(3))     // better than target: clamped
    }

    @Test("deduct = max(0, weight − per × actual)")
    func deduct() {
        #expect(apply(.deduct(per: ExactDecimal(1)), actual: Fraction(3), weight: 4) == Fraction(1))
        #expect(apply(.deduct(per: ExactDecimal(1)), actual: Fraction(4), weight: 4) == .zero)
        #expect(apply(.deduct(per: ExactDecimal(1)), actual: Fraction(7), weight: 4) == .zero)  // floored at 0
        #expect(apply(.deduct(per: dec("0.5")), actual: Fraction(3), weight: 4) == Fraction(5, 2))
        #expect(apply(.deduct(per: ExactDecimal(1)), actual: Fraction(0), weight: 4) == Fraction(4))
    }

    @Test("Pro-rating scales the volumes of each rule")
    func prorated() {
        let half = Fraction(1, 2)
        // ratio: 200 a year, half the year gone → 100 expected; 75 done → 0.75.
        #expect(apply(.ratio(target: ExactDecimal(200)), actual: Fraction(75), weight: 10, scale: half) == Fraction(15, 2))
        // H1 2022: 122 of 249 working days. 200 × 122/249 = 24400/249 expected; 50 done.
        // 50 / (24400/249) = 12450/24400 = 249/488; × 5 = 1245/488.
        #expect(apply(.ratio(target: ExactDecimal(200)), actual: Fraction(50), weight: 5, scale: Fraction(122, 249))
                == Fraction(1245, 488))
        // linear: floor 10 → 5, target 30 → 15; actual 10 is halfway.
        #expect(apply(.linear(floor: ExactDecimal(10), target: ExactDecimal(30)), actual: Fraction(10), weight: 8, scale: half)
                == Fraction(4))
        // threshold: 100 → 50.
        #expect(apply(.threshold(target: ExactDecimal(100)), actual: Fraction(50), weight: 6, scale: half) == Fraction(6))
        #expect(apply(.threshold(target: ExactDecimal(100)), actual: Fraction(49), weight: 6, scale: half) == .zero)
        // lower_better: ceiling 10 → 5, target 0; actual 2 → 3/5.
        #expect(apply(.lowerBetter(ceiling: ExactDecimal(10), target: ExactDecimal(0)), actual: Fraction(2), weight: 5, scale: half)
                == Fraction(3))
        // Without the scale the same actual scores less.
        #expect(apply(.ratio(target: ExactDecimal(200)), actual: Fraction(75), weight: 10) == Fraction(15, 4))
    }
}
