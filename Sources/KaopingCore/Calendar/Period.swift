/// An appraisal period (SPEC §2): `2022H1`, `2022H2`, `2022`, `2022Q1`…`2022Q4`.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let year: Int
    public let first: Day
    public let last: Day

    public init?(_ text: String) {
        let name = CellText.folded(text, lowercase: false).uppercased()
        guard name.count >= 4, let year = Int(name.prefix(4)), (1900...9999).contains(year) else { return nil }
        let rest = name.dropFirst(4)
        let months: (Int, Int)
        switch rest {
        case "": months = (1, 12)
        case "H1": months = (1, 6)
        case "H2": months = (7, 12)
        case "Q1": months = (1, 3)
        case "Q2": months = (4, 6)
        case "Q3": months = (7, 9)
        case "Q4": months = (10, 12)
        default: return nil
        }
        self.name = name
        self.year = year
        first = Day(year: year, month: months.0, day: 1)!
        last = Day(year: year, month: months.1, day: Day.daysIn(month: months.1, year: year))!
    }

    public var description: String { name }
}

/// The days whose records count: the period, cut short at as-of (SPEC §2).
public struct PeriodWindow: Sendable, Equatable {
    public let period: Period
    public let asOf: Day

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case asOfOutsidePeriod(asOf: Day, period: Period)

        public var description: String {
            switch self {
            case let .asOfOutsidePeriod(asOf, period):
                return "as-of 日期 \(asOf) 不在考核期 \(period)（\(period.first) 至 \(period.last)）内"
            }
        }
    }

    public init(period: Period, asOf: Day? = nil) throws(Problem) {
        let asOf = asOf ?? period.last
        guard asOf >= period.first, asOf <= period.last else { throw .asOfOutsidePeriod(asOf: asOf, period: period) }
        self.period = period
        self.asOf = asOf
    }

    public func contains(_ day: Day) -> Bool { day >= period.first && day <= asOf }
}
