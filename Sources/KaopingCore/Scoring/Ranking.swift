/// Ranks and grades one group of units (a category, or a group within it) per SPEC §5.
public enum Ranking {
    /// The listing order: units not vetoed first, by rounded total (highest first), then the
    /// scheme's tie-breakers, then unit_code; vetoed units after them in the same order.
    public static func order(_ units: [UnitResult], tieBreakers: [TieBreaker]) -> [UnitResult] {
        units.sorted { a, b in
            if a.veto != b.veto { return !a.veto }
            let ta = a.total ?? .zero, tb = b.total ?? .zero
            if ta != tb { return ta > tb }
            for breaker in tieBreakers {
                switch compare(a, b, by: breaker) {
                case .some(true): return true
                case .some(false): return false
                case nil: continue
                }
            }
            return a.unit.code.utf8.lexicographicallyPrecedes(b.unit.code.utf8)
        }
    }

    /// true when `a` goes first, false when `b` does, nil when the breaker cannot tell them apart.
    private static func compare(_ a: UnitResult, _ b: UnitResult, by breaker: TieBreaker) -> Bool? {
        let x: Fraction?, y: Fraction?, higherFirst: Bool
        switch breaker {
        case .indicatorScore: (x, y, higherFirst) = (a.indicatorScore, b.indicatorScore, true)
        case .complianceScore: (x, y, higherFirst) = (a.complianceScore, b.complianceScore, true)
        case let .metric(metric, higher): (x, y, higherFirst) = (a.metrics[metric]?.actual, b.metrics[metric]?.actual, higher)
        }
        switch (x, y) {
        case let (x?, y?) where x != y: return higherFirst ? x > y : x < y
        case (_?, nil): return true  // a measured value beats n/a
        case (nil, _?): return false
        default: return nil
        }
    }

    /// Competition ranks (1, 2, 2, 4) by rounded total, vetoed units after everyone else, and
    /// grades: 优秀 for the first floor(quota × group size) units at or above the line, in
    /// listing order, so the tie-breakers settle a tie across the quota boundary and a vetoed
    /// unit's place passes to the next unit.
    public static func rankAndGrade(_ units: [UnitResult], scheme: CategoryScheme) -> [UnitResult] {
        var ordered = order(units, tieBreakers: scheme.tieBreakers)
        let bands = scheme.grades
        let quotaCount = floorOf(Fraction(bands.excellentQuota) * Fraction(ordered.count))
        var excellentGiven = 0
        var previous: (veto: Bool, total: ExactDecimal?, rank: Int)?
        for index in ordered.indices {
            let unit = ordered[index]
            let rank: Int
            if let previous, previous.veto == unit.veto, previous.total == unit.total {
                rank = previous.rank
            } else {
                rank = index + 1
            }
            previous = (unit.veto, unit.total, rank)
            ordered[index].rank = rank
            ordered[index].rankedAmong = ordered.count
            let total = unit.total ?? .zero
            let grade: Grade
            if unit.veto {
                grade = .fail
            } else if total >= bands.excellent && excellentGiven < quotaCount {
                grade = .excellent
                excellentGiven += 1
            } else if total >= bands.good {
                grade = .good
            } else if total >= bands.pass {
                grade = .pass
            } else {
                grade = .fail
            }
            ordered[index].grade = grade
        }
        return ordered
    }

    private static func floorOf(_ value: Fraction) -> Int {
        let (quotient, _) = value.numerator.quotientAndRemainder(dividingBy: value.denominator)
        return Int(quotient)
    }
}
