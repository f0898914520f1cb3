/// 一、总体情况: the district-wide figures the source speech cites (cases handled, on-time
/// rate, immediate-item share, window authorisation, days saved, complaint closure and
/// satisfaction), summed over every assessed unit's tally. Sums of tallies, not averages of
/// rates, so a big unit weighs as much as its cases.
public struct HeadlineFigures: Sendable {
    public var departments = 0
    public var townships = 0
    public var villages = 0
    public var notAssessed = 0
    public var tally = UnitTally()

    public init(_ appraisal: Appraisal) {
        for result in appraisal.units {
            guard result.assessed else {
                notAssessed += 1
                continue
            }
            switch result.unit.category {
            case .department: departments += 1
            case .township: townships += 1
            case .village: break
            }
            villages += result.villages.count
            tally.merge(result.tally)
        }
    }

    public func value(_ metric: MetricID) -> MetricValue { tally.value(of: metric) }

    /// A rate as a percentage with one decimal (48.4%), or 无 when nothing was counted.
    public func percent(_ metric: MetricID, _ language: ReportLanguage) -> String {
        Self.percent(value(metric), language)
    }

    static func percent(_ value: MetricValue, _ language: ReportLanguage) -> String {
        guard let actual = value.actual else { return language == .zh ? "无" : "n/a" }
        return (actual * Fraction(100)).decimalText(places: 1) + "%"
    }
}
