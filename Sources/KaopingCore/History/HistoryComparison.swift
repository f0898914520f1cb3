/// Which earlier period a run is compared with (`--compare`).
public enum HistoryComparison: String, Sendable, CaseIterable {
    /// The period just before, of the same kind: 2022H1 → 2021H2, 2022Q3 → 2022Q2, 2022 → 2021.
    case previous
    /// The same period a year earlier: 2022H1 → 2021H1.
    case lastYear = "last-year"

    /// nil when that period cannot exist (before the year 1900, which `Period` refuses).
    public func period(before period: Period) -> Period? {
        let shape = PeriodShape(period)
        switch self {
        case .lastYear:
            return shape.named(year: period.year - 1, index: shape.index)
        case .previous:
            return shape.index > 1 ? shape.named(year: period.year, index: shape.index - 1)
                : shape.named(year: period.year - 1, index: shape.count)
        }
    }
}

/// A period as "the index-th of count in its year", so stepping back is plain arithmetic.
struct PeriodShape {
    /// "" for the year, "H" for halves, "Q" for quarters.
    let letter: String
    let index: Int
    let count: Int

    init(_ period: Period) {
        let suffix = period.name.dropFirst(4)
        letter = String(suffix.prefix(1))
        index = Int(suffix.dropFirst()) ?? 1
        switch letter {
        case "H": count = 2
        case "Q": count = 4
        default: count = 1
        }
    }

    func named(year: Int, index: Int) -> Period? {
        Period(count == 1 ? String(year) : "\(year)\(letter)\(index)")
    }
}

extension Period {
    /// Chronological order for mixed kinds: by last day; of two that end on the same day the
    /// longer comes first (2022H1 before 2022Q2, 2022 before 2022H2).
    static func chronological(_ a: Period, _ b: Period) -> Bool {
        if a.last != b.last { return a.last < b.last }
        if a.first != b.first { return a.first < b.first }
        return a.name < b.name
    }

    func hasSameKind(as other: Period) -> Bool { PeriodShape(self).letter == PeriodShape(other).letter }
}
