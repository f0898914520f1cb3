/// One generated case (办件), before it is written. Everything that decides its text is in
/// here, `renderBits` included, so writing the same row twice gives the same bytes.
struct CaseRow {
    /// Numbers the case within its unit; part of the case_id.
    var sequence: Int
    var item: Int
    var received: Stamp
    var status: CaseStatus
    var statutoryDays: Int
    var promisedDays: Int
    var completed: Stamp?
    var channel: Channel?
    var immediate: Bool
    /// 1–5, or 0 when the applicant left no rating.
    var rating: Int
    var pausedDays: Int
    /// Random bits for the writer's small choices: full-width digits, empty markers, remarks.
    var renderBits: UInt32
    /// The problem planted in this row, which the writer shows in the row's text.
    var fault: PlantedProblem?
}

/// Invents one unit's cases: items drawn busiest first, weekday receipts in office hours,
/// most cases finished within the promise, some late, some still open at the period's end.
struct CaseGenerator {
    let unit: SyntheticUnit
    private let weekdays: PeriodWeekdays
    private let itemTable: WeightedTable
    private let channelWeights: [Int]
    private var random: SyntheticRandom

    static let officeOpens = 8 * 3600 + 30 * 60
    static let officeCloses = 17 * 3600 + 30 * 60
    private static let channels: [Channel] = [.window, .online, .mobile, .collab]
    /// How often a good rating is a 3, a 4 or a 5.
    private static let goodRatingWeights = [6, 22, 72]

    init(unit: SyntheticUnit, weekdays: PeriodWeekdays, random: SyntheticRandom) {
        self.unit = unit
        self.weekdays = weekdays
        self.random = random
        // The first items of a unit are its everyday business; later variants are rare.
        itemTable = WeightedTable(unit.items.indices.map { 100 / ($0 + 2) + 2 })
        // Village service rooms pass most cases up the network (网上协同).
        channelWeights = unit.category == .village ? [40, 0, 10, 50] : [45, 33, 16, 6]
    }

    private mutating func officeSecond() -> Int { random.inRange(CaseGenerator.officeOpens...CaseGenerator.officeCloses) }

    /// A case received on a weekday of the period.
    mutating func make(sequence: Int) -> CaseRow {
        let dayIndex = random.below(weekdays.days.count)
        return make(sequence: sequence, received: Stamp(weekdays.days[dayIndex], second: officeSecond()), dayIndex: dayIndex)
    }

    /// A case received `offset` weekdays before the period (negative) or after it, as an
    /// export pulled with a loose date filter carries; finished the same day.
    mutating func makeOutside(sequence: Int, weekdays offset: Int) -> CaseRow {
        let edge = offset < 0 ? weekdays.period.first : weekdays.period.last
        let day = PeriodWeekdays.shift(edge, weekdays: offset)
        var row = make(sequence: sequence, received: Stamp(day, second: CaseGenerator.officeOpens + 600), dayIndex: nil)
        row.status = .completed
        row.completed = Stamp(day, second: CaseGenerator.officeCloses)
        row.fault = .outOfPeriod
        return row
    }

    /// A fresh case whose id is `earlier`'s: another case under a reused number.
    mutating func conflicting(with earlier: CaseRow) -> CaseRow {
        var row = make(sequence: earlier.sequence)
        if row.received == earlier.received, let second = row.received.second {
            row.received.second = second - 60
        }
        row.fault = .conflictingDuplicate
        return row
    }

    private mutating func make(sequence: Int, received: Stamp, dayIndex: Int?) -> CaseRow {
        let itemIndex = itemTable.draw(&random)
        let item = unit.items[itemIndex]
        var row = CaseRow(
            sequence: sequence, item: itemIndex, received: received, status: .completed,
            statutoryDays: item.statutoryDays, promisedDays: item.promisedDays, completed: nil,
            channel: item.onlineAvailable ? CaseGenerator.channels[random.weightedIndex(channelWeights)] : .window,
            immediate: item.promisedDays == 0, rating: 0, pausedDays: 0, renderBits: UInt32(truncatingIfNeeded: random.next()), fault: nil)
        if random.chance(perMille: 15) {
            row.status = .rejected
            if random.chance(perMille: 300) { row.rating = random.inRange(1...3) }
            return row
        }
        if random.chance(perMille: 10) {
            row.status = .suspended
            return row
        }
        if random.chance(perMille: 5) {
            // Forgotten in the system: open since receipt, overdue when received early enough.
            row.status = .inProgress
            return row
        }
        var elapsed = elapsedWeekdays(item)
        if item.statutoryDays >= 5 && random.chance(perMille: 30) {
            // 补正 or expert review: the clock stops, so the case takes longer in weekdays.
            row.pausedDays = random.inRange(1...10)
            elapsed += row.pausedDays
        }
        let finishedDay: Day
        if let dayIndex {
            guard dayIndex + elapsed < weekdays.days.count else {
                row.status = .inProgress
                return row
            }
            finishedDay = weekdays.days[dayIndex + elapsed]
        } else {
            finishedDay = PeriodWeekdays.shift(received.day, weekdays: elapsed)
        }
        let receivedSecond = received.second ?? CaseGenerator.officeOpens
        let finishedSecond = elapsed == 0 ? min(86_399, receivedSecond + random.inRange(300...5400)) : officeSecond()
        row.completed = Stamp(finishedDay, second: finishedSecond)
        row.rating = rating()
        return row
    }

    /// Working days from receipt to completion: immediate items are done the same day, most
    /// others within the promise, a few between promise and statutory limit, the unit's
    /// late share beyond it.
    private mutating func elapsedWeekdays(_ item: ServiceItem) -> Int {
        let promised = item.promisedDays, statutory = item.statutoryDays
        if promised == 0 && random.chance(perMille: 930) { return 0 }
        if random.chance(perMille: unit.lateShare) { return statutory + random.inRange(1...5) }
        if promised < statutory && random.chance(perMille: 40) { return random.inRange((promised + 1)...statutory) }
        // The smaller of two draws: most cases finish well inside the promise.
        return min(random.below(promised + 1), random.below(promised + 1))
    }

    /// Most applicants do not rate; those who do are mostly satisfied.
    private mutating func rating() -> Int {
        guard random.chance(perMille: 450) else { return 0 }
        if random.chance(perMille: unit.badRatingShare) { return random.inRange(1...2) }
        return 3 + random.weightedIndex(CaseGenerator.goodRatingWeights)
    }
}
