@testable import KaopingCore
import Testing

@Suite("Scoring: metric rules")
struct MetricRulesTests {
    private func rules(asOf: Day? = nil) throws -> MetricRules {
        try MetricRules(window: PeriodWindow(period: Period("2022H1")!, asOf: asOf), calendar: ScoringKit.calendar)
    }

    private func tally(_ cases: [CaseRecord], asOf: Day? = nil) throws -> UnitTally {
        let rules = try rules(asOf: asOf)
        var tally = UnitTally()
        for (index, record) in cases.enumerated() { rules.add(record, at: RowLocation(file: 0, line: index + 2), to: &tally) }
        return tally
    }

    private func ticket(_ id: String, received: DateStamp, dueAt: DateStamp? = nil, dueDays: Int? = nil,
                        closed: DateStamp? = nil, satisfaction: Int8? = nil) -> TicketRecord {
        TicketRecord(ticketID: RecordID(id), unitCode: "0101", source: .complaint, receivedAt: received, dueAt: dueAt, dueDays: dueDays,
                     closedAt: closed, satisfaction: satisfaction)
    }

    private func item(_ code: String, statutory: Int, promised: Int, authorized: Bool?) -> ItemRecord {
        ItemRecord(itemCode: code, unitCode: "0101", statutoryDays: statutory, promisedDays: promised, itemName: nil,
                   windowAuthorized: authorized, onlineAvailable: nil)
    }

    @Test("A rule set needs the period's year in the calendar")
    func calendarYear() {
        #expect(throws: WorkingCalendar.Problem.yearNotLoaded(year: 2025, folder: nil)) {
            try MetricRules(window: PeriodWindow(period: Period("2025H1")!), calendar: ScoringKit.calendar)
        }
    }

    @Test("Elapsed working days subtract paused_days")
    func pausedDays() throws {
        // (2022-01-28, 2022-02-16] = 10 working days across the Spring Festival.
        let paused = caseRecord("P", received: stamp(2022, 1, 28), status: .completed, statutory: 8,
                                completed: stamp(2022, 2, 16), promised: 8, paused: 2)
        let withPause = try tally([paused])
        #expect(withPause.completed == 1)
        #expect(withPause.completedOnTime == 1)        // 10 − 2 = 8 ≤ 8
        #expect(withPause.promiseKept == 1)
        #expect(withPause.completedWithin5 == 0)
        #expect(withPause.lateCases.count == 0)

        var unpaused = paused
        unpaused.pausedDays = 0
        let withoutPause = try tally([unpaused])
        #expect(withoutPause.completedOnTime == 0)     // 10 > 8
        #expect(withoutPause.promiseKept == 0)
        #expect(withoutPause.completedWithPromise == 1)
        #expect(withoutPause.value(of: .onTimeRate) == MetricValue(numerator: 0, denominator: 1))
        #expect(withoutPause.lateCases.entries.map(\.caseID) == ["P"])

        // Paused days larger than the elapsed time floor at 0 rather than going negative.
        let overPaused = caseRecord("Q", received: stamp(2022, 3, 1), status: .completed, statutory: 0,
                                    completed: stamp(2022, 3, 2), paused: 3)
        #expect(try tally([overPaused]).completedOnTime == 1)
    }

    @Test("Completed after as-of counts as open, overdue if so, and its rating is ignored")
    func completedAfterAsOf() throws {
        // As-of 2022-03-01. (02-07, 03-01] = 4 + 5 + 5 + 1 + 1 = 16 working days > 10.
        let late = caseRecord("L", received: stamp(2022, 2, 7), status: .completed, statutory: 10,
                              completed: stamp(2022, 3, 10), rating: 1)
        let atMarch1 = try tally([late], asOf: day(2022, 3, 1))
        #expect(atMarch1.completed == 0)
        #expect(atMarch1.openOverdue == 1)
        #expect(atMarch1.overdueCases.entries.map(\.caseID) == ["L"])
        #expect(atMarch1.value(of: .onTimeRate) == MetricValue(numerator: 0, denominator: 1))
        #expect(atMarch1.value(of: .overdueOpen) == .count(1))
        #expect(atMarch1.rated == 0)
        #expect(atMarch1.value(of: .badReviews) == .count(0))
        #expect(atMarch1.value(of: .satisfactionRate).actual == nil)
        #expect(atMarch1.immediate == 0)

        // With 6 paused days it has run 10: not yet overdue, so on-time is n/a.
        var paused = late
        paused.pausedDays = 6
        let notOverdue = try tally([paused], asOf: day(2022, 3, 1))
        #expect(notOverdue.openOverdue == 0)
        #expect(notOverdue.value(of: .onTimeRate).actual == nil)

        // Seen from the completion day itself it is completed (late: 16 + 3 + 4 = 23 > 10) and rated.
        let atMarch10 = try tally([late], asOf: day(2022, 3, 10))
        #expect(atMarch10.completed == 1)
        #expect(atMarch10.completedOnTime == 0)
        #expect(atMarch10.openOverdue == 0)
        #expect(atMarch10.rated == 1)
        #expect(atMarch10.badRatings == 1)
    }

    @Test("An open case is overdue only past its statutory days")
    func openCase() throws {
        // As-of 2022-03-01: (02-22, 03-01] = 23, 24, 25, 28, 01 = 5.
        let five = caseRecord("A", received: stamp(2022, 2, 22), status: .inProgress, statutory: 5)
        let four = caseRecord("B", received: stamp(2022, 2, 22), status: .inProgress, statutory: 4)
        let result = try tally([five, four], asOf: day(2022, 3, 1))
        #expect(result.openOverdue == 1)
        #expect(result.overdueCases.entries.map(\.caseID) == ["B"])
        #expect(result.value(of: .onTimeRate) == MetricValue(numerator: 0, denominator: 1))
    }

    @Test("Suspended cases count only in cases_total")
    func suspended() throws {
        let record = caseRecord("S", received: stamp(2022, 1, 4), status: .suspended, statutory: 1, channel: .online,
                                immediate: true, rating: 5)
        let result = try tally([record])
        #expect(result.value(of: .casesTotal) == .count(1))
        #expect(result.casesAssessed == 0)
        for metric in [MetricID.onTimeRate, .promiseKeptRate, .immediateRate, .within5Rate, .onlineRate, .satisfactionRate] {
            #expect(result.value(of: metric).actual == nil, "\(metric)")
        }
        #expect(result.value(of: .overdueOpen) == .count(0))
        #expect(result.value(of: .badReviews) == .count(0))
    }

    @Test("Rejected cases stay in the immediate, online and satisfaction denominators only")
    func rejected() throws {
        // Received 01-04 with 1 statutory day: it would be long overdue if it counted as open.
        let record = caseRecord("R", received: stamp(2022, 1, 4), status: .rejected, statutory: 1, channel: .online,
                                promised: 1, rating: 5)
        let result = try tally([record])
        #expect(result.value(of: .casesTotal) == .count(1))
        #expect(result.value(of: .immediateRate) == MetricValue(numerator: 0, denominator: 1))
        #expect(result.value(of: .onlineRate) == MetricValue(numerator: 1, denominator: 1))
        #expect(result.value(of: .satisfactionRate) == MetricValue(numerator: 1, denominator: 1))
        #expect(result.value(of: .onTimeRate).actual == nil)
        #expect(result.value(of: .promiseKeptRate).actual == nil)
        #expect(result.value(of: .within5Rate).actual == nil)
        #expect(result.value(of: .overdueOpen) == .count(0))
    }

    @Test("Immediate: the flag when given, else completed with 0 elapsed working days")
    func immediate() throws {
        let cases = [
            caseRecord("a", received: stamp(2022, 3, 1, 9), status: .completed, statutory: 5, completed: stamp(2022, 3, 1, 16)),
            caseRecord("b", received: stamp(2022, 3, 4), status: .completed, statutory: 5, completed: stamp(2022, 3, 6)),  // Fri → Sun
            caseRecord("c", received: stamp(2022, 3, 4), status: .completed, statutory: 5, completed: stamp(2022, 3, 7)),  // Fri → Mon
            caseRecord("d", received: stamp(2022, 3, 1), status: .completed, statutory: 5, completed: stamp(2022, 3, 1), immediate: false),
            caseRecord("e", received: stamp(2022, 2, 7), status: .completed, statutory: 5, completed: stamp(2022, 2, 10), immediate: true),
            caseRecord("f", received: stamp(2022, 6, 29), status: .inProgress, statutory: 5),
        ]
        let result = try tally(cases)
        #expect(result.value(of: .immediateRate) == MetricValue(numerator: 3, denominator: 6))  // a, b, e
        #expect(result.value(of: .within5Rate) == MetricValue(numerator: 5, denominator: 5))
        #expect(result.value(of: .onTimeRate) == MetricValue(numerator: 5, denominator: 5))
    }

    @Test("Channels and ratings")
    func channelsAndRatings() throws {
        let channels: [Channel?] = [.window, .online, .mobile, .collab, nil]
        let ratings: [Int8?] = [5, 4, 3, 2, 1]
        let cases = zip(channels, ratings).enumerated().map { index, pair in
            caseRecord("c\(index)", received: stamp(2022, 3, 1), status: .completed, statutory: 5,
                       channel: pair.0, completed: stamp(2022, 3, 2), rating: pair.1)
        }
        let result = try tally(cases)
        #expect(result.value(of: .onlineRate) == MetricValue(numerator: 3, denominator: 4))
        #expect(result.value(of: .satisfactionRate) == MetricValue(numerator: 3, denominator: 5))
        #expect(result.value(of: .badReviews) == .count(2))
    }

    @Test("Tickets: on time by due_at (by day) and by due_days (working days); closed after as-of is open")
    func tickets() throws {
        let rules = try rules(asOf: day(2022, 3, 15))
        let tickets = [
            ticket("t1", received: stamp(2022, 3, 1), dueAt: stamp(2022, 3, 10, 9), closed: stamp(2022, 3, 10, 17), satisfaction: 5),
            ticket("t2", received: stamp(2022, 3, 1), dueAt: stamp(2022, 3, 10), closed: stamp(2022, 3, 11), satisfaction: 2),
            ticket("t3", received: stamp(2022, 1, 28), dueDays: 3, closed: stamp(2022, 2, 7), satisfaction: 3),  // 3 working days
            ticket("t4", received: stamp(2022, 1, 28), dueDays: 2, closed: stamp(2022, 2, 7)),
            ticket("t5", received: stamp(2022, 3, 1), dueDays: 5, closed: stamp(2022, 3, 20), satisfaction: 1),  // after as-of
            ticket("t6", received: stamp(2022, 3, 1), dueAt: stamp(2022, 3, 31)),
        ]
        var result = UnitTally()
        for ticket in tickets { rules.add(ticket, to: &result) }
        #expect(result.value(of: .ticketClosedRate) == MetricValue(numerator: 4, denominator: 6))
        #expect(result.value(of: .ticketOnTimeRate) == MetricValue(numerator: 2, denominator: 6))
        #expect(result.value(of: .ticketSatisfactionRate) == MetricValue(numerator: 2, denominator: 3))
    }

    @Test("Items: shares of items, compression over items with a statutory limit")
    func items() throws {
        let rules = try rules()
        var result = UnitTally()
        for item in [item("i1", statutory: 20, promised: 0, authorized: true), item("i2", statutory: 10, promised: 5, authorized: nil),
                     item("i3", statutory: 7, promised: 7, authorized: false), item("i4", statutory: 0, promised: 0, authorized: true)] {
            rules.add(item, to: &result)
        }
        #expect(result.value(of: .immediateItemRate) == MetricValue(numerator: 2, denominator: 4))
        #expect(result.value(of: .within5ItemRate) == MetricValue(numerator: 3, denominator: 4))
        #expect(result.value(of: .windowAuthorizationRate) == MetricValue(numerator: 2, denominator: 4))
        #expect(result.value(of: .compressionRate) == MetricValue(numerator: 25, denominator: 37))
        #expect(result.value(of: .daysSaved) == .count(25))
    }

    private enum Row {
        case caseRow(CaseRecord, line: Int)
        case itemRow(ItemRecord)
        case ticketRow(TicketRecord)
    }

    private func fold(_ rows: ArraySlice<Row>, _ rules: MetricRules) -> UnitTally {
        var tally = UnitTally()
        for row in rows {
            switch row {
            case let .caseRow(record, line): rules.add(record, at: RowLocation(file: line % 3, line: line), to: &tally)
            case let .itemRow(item): rules.add(item, to: &tally)
            case let .ticketRow(ticket): rules.add(ticket, to: &tally)
            }
        }
        return tally
    }

    @Test("UnitTally.merge is associative and commutative")
    func mergeLaws() throws {
        let rules = try rules(asOf: day(2022, 3, 15))
        var rows: [Row] = []
        for n in 0..<12 {
            let status: CaseStatus = [.completed, .inProgress, .rejected, .suspended][n % 4]
            rows.append(.caseRow(caseRecord("k\(n)", received: stamp(2022, 1, 4 + n), status: status, statutory: n % 5,
                                            channel: n % 3 == 0 ? .online : .window,
                                            completed: status == .completed ? stamp(2022, 2, 1 + n) : nil,
                                            promised: n % 2 == 0 ? n % 5 : nil, rating: Int8(n % 5 + 1)),
                                 line: 100 - n))
            if n % 3 == 0 { rows.append(.itemRow(item("i\(n)", statutory: n + 2, promised: n % 4, authorized: n % 2 == 0))) }
            if n % 2 == 1 {
                rows.append(.ticketRow(ticket("t\(n)", received: stamp(2022, 2, n), dueDays: n % 4,
                                              closed: stamp(2022, 2, 10 + n), satisfaction: Int8(n % 5 + 1))))
            }
        }
        let whole = fold(rows[...], rules)
        #expect(whole.cases == 12)
        #expect(whole.overdueCases.count > 0 && whole.lateCases.count > 0)
        #expect(whole.items == 4 && whole.tickets == 6)

        for split in [0, 5, 9, rows.count] {
            var ab = fold(rows[..<split], rules)
            ab.merge(fold(rows[split...], rules))
            var ba = fold(rows[split...], rules)
            ba.merge(fold(rows[..<split], rules))
            #expect(ab == whole, "split at \(split)")
            #expect(ba == whole, "reversed split at \(split)")
        }
        let a = fold(rows[..<4], rules), b = fold(rows[4..<11], rules), c = fold(rows[11...], rules)
        var left = a
        left.merge(b)
        left.merge(c)
        var bc = b
        bc.merge(c)
        var right = a
        right.merge(bc)
        var shuffled = c
        shuffled.merge(a)
        shuffled.merge(b)
        #expect(left == right)
        #expect(left == whole)
        #expect(shuffled == whole)
    }
}
