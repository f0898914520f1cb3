/// One point of the total's trend line on a feedback sheet.
public struct TrendPoint: Sendable, Equatable {
    public var period: Period
    /// The published total ("93.75"); nil in a period the unit was listed but not assessed,
    /// which the line shows as a gap rather than a fall to 0.
    public var total: String?

    public init(period: Period, total: String?) {
        self.period = period
        self.total = total
    }

    /// For drawing only: the published text stays the figure of record.
    public var value: Double? { total.flatMap(Double.init) }

    /// The unit's totals over the recorded periods up to and including `current`'s, with
    /// `current` itself in place of its own older record (the sheets are written before the
    /// run is recorded). Later periods are left out so re-running an old period prints the
    /// sheet it printed then. `sameKind` keeps only periods of `current`'s kind (halves with
    /// halves), for a line that does not mix a year with its halves.
    public static func series(code: String, history: [UnitHistoryEntry], current: RecordedRun,
                              sameKind: Bool = false) -> [TrendPoint] {
        let period = current.period
        var points = history
            .filter { $0.period != period && !Period.chronological(period, $0.period) }
            .filter { !sameKind || $0.period.hasSameKind(as: period) }
            .map { TrendPoint(period: $0.period, total: $0.total) }
        if let unit = current.unit(code) { points.append(TrendPoint(period: period, total: unit.total)) }
        return points.sorted { Period.chronological($0.period, $1.period) }
    }
}
