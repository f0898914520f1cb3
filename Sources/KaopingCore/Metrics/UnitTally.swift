/// Everything SPEC §4 counts for one assessed unit, as plain sums. Tallies merge by adding
/// (associative and commutative), so rows may be split over files, threads or machines in any
/// order and still give the same metrics.
public struct UnitTally: Sendable, Equatable {
    // Cases (办件), as they stood at as-of.
    public var cases = 0
    /// Cases that are not suspended: the base of every case-level rate.
    public var casesAssessed = 0
    public var completed = 0
    public var completedOnTime = 0
    public var openOverdue = 0
    public var completedWithPromise = 0
    public var promiseKept = 0
    public var immediate = 0
    public var completedWithin5 = 0
    public var withChannel = 0
    public var online = 0
    public var rated = 0
    public var goodRatings = 0
    public var badRatings = 0
    // Service items (事项).
    public var items = 0
    public var immediateItems = 0
    public var within5Items = 0
    public var authorizedItems = 0
    public var compressedDays = 0
    public var statutoryDaysOfTimedItems = 0
    public var daysSaved = 0
    // Tickets (投诉/热线/信箱).
    public var tickets = 0
    public var ticketsClosed = 0
    public var ticketsOnTime = 0
    public var ticketsRated = 0
    public var ticketsGood = 0
    /// Evidence for the feedback sheet: which cases were overdue or late.
    public var overdueCases = CaseSample()
    public var lateCases = CaseSample()

    public init() {}

    public mutating func merge(_ other: UnitTally) {
        cases += other.cases
        casesAssessed += other.casesAssessed
        completed += other.completed
        completedOnTime += other.completedOnTime
        openOverdue += other.openOverdue
        completedWithPromise += other.completedWithPromise
        promiseKept += other.promiseKept
        immediate += other.immediate
        completedWithin5 += other.completedWithin5
        withChannel += other.withChannel
        online += other.online
        rated += other.rated
        goodRatings += other.goodRatings
        badRatings += other.badRatings
        items += other.items
        immediateItems += other.immediateItems
        within5Items += other.within5Items
        authorizedItems += other.authorizedItems
        compressedDays += other.compressedDays
        statutoryDaysOfTimedItems += other.statutoryDaysOfTimedItems
        daysSaved += other.daysSaved
        tickets += other.tickets
        ticketsClosed += other.ticketsClosed
        ticketsOnTime += other.ticketsOnTime
        ticketsRated += other.ticketsRated
        ticketsGood += other.ticketsGood
        overdueCases.merge(other.overdueCases)
        lateCases.merge(other.lateCases)
    }

    public func value(of metric: MetricID) -> MetricValue {
        switch metric {
        case .casesTotal: return .count(cases)
        case .onTimeRate: return MetricValue(numerator: completedOnTime, denominator: completed + openOverdue)
        case .promiseKeptRate: return MetricValue(numerator: promiseKept, denominator: completedWithPromise)
        case .immediateRate: return MetricValue(numerator: immediate, denominator: casesAssessed)
        case .within5Rate: return MetricValue(numerator: completedWithin5, denominator: completed)
        case .onlineRate: return MetricValue(numerator: online, denominator: withChannel)
        case .overdueOpen: return .count(openOverdue)
        case .satisfactionRate: return MetricValue(numerator: goodRatings, denominator: rated)
        case .badReviews: return .count(badRatings)
        case .immediateItemRate: return MetricValue(numerator: immediateItems, denominator: items)
        case .within5ItemRate: return MetricValue(numerator: within5Items, denominator: items)
        case .windowAuthorizationRate: return MetricValue(numerator: authorizedItems, denominator: items)
        case .compressionRate: return MetricValue(numerator: compressedDays, denominator: statutoryDaysOfTimedItems)
        case .daysSaved: return .count(daysSaved)
        case .ticketClosedRate: return MetricValue(numerator: ticketsClosed, denominator: tickets)
        case .ticketOnTimeRate: return MetricValue(numerator: ticketsOnTime, denominator: tickets)
        case .ticketSatisfactionRate: return MetricValue(numerator: ticketsGood, denominator: ticketsRated)
        }
    }
}

/// The first cases of a kind by input position, with the full count. Merging keeps the
/// earliest positions, so the sample does not depend on merge order.
public struct CaseSample: Sendable, Equatable {
    public static let limit = 50
    public private(set) var count = 0
    public private(set) var entries: [Entry] = []

    public struct Entry: Sendable, Equatable, Comparable {
        public var location: RowLocation
        public var caseID: RecordID

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.location.file, a.location.line, a.caseID) < (b.location.file, b.location.line, b.caseID)
        }
    }

    public init() {}

    public mutating func add(_ caseID: RecordID, at location: RowLocation) {
        count += 1
        let entry = Entry(location: location, caseID: caseID)
        if entries.count == Self.limit {
            guard let last = entries.last, entry < last else { return }
            entries.removeLast()
        }
        let index = entries.firstIndex { entry < $0 } ?? entries.endIndex
        entries.insert(entry, at: index)
    }

    public mutating func merge(_ other: CaseSample) {
        count += other.count
        entries = Array((entries + other.entries).sorted().prefix(Self.limit))
    }
}
