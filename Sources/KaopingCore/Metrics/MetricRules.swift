/// How one record moves a unit's tally (SPEC §4). Every record is seen as it stood at as-of:
/// a completion or closure after as-of means still open and not yet rated. Dates compare by
/// day.
public struct MetricRules: Sendable {
    public let window: PeriodWindow
    public let calendar: WorkingCalendar

    /// The calendar must cover the period's year; every count below stays inside it, because
    /// received dates are in the period and completions after as-of are treated as open.
    public init(window: PeriodWindow, calendar: WorkingCalendar) throws(WorkingCalendar.Problem) {
        try calendar.require(year: window.period.year, folder: nil)
        self.window = window
        self.calendar = calendar
    }

    private func workdays(after start: Day, through end: Day) -> Int {
        // Both days lie in the checked year (see init), so the lookup cannot fail.
        (try? calendar.workdays(after: start, through: end)) ?? 0
    }

    public func add(_ record: CaseRecord, at location: RowLocation, to tally: inout UnitTally) {
        tally.cases += 1
        guard record.status != .suspended else { return }
        tally.casesAssessed += 1
        let asOf = window.asOf
        let received = record.receivedAt.day
        let finishedLater = record.completedAt.map { $0.day > asOf } ?? false
        var elapsedIfCompleted: Int?

        switch record.status {
        case .completed where !finishedLater:
            let completedDay = record.completedAt?.day ?? received
            let elapsed = max(0, workdays(after: received, through: completedDay) - record.pausedDays)
            elapsedIfCompleted = elapsed
            tally.completed += 1
            if elapsed <= record.statutoryDays {
                tally.completedOnTime += 1
            } else {
                tally.lateCases.add(record.caseID, at: location)
            }
            if let promised = record.promisedDays {
                tally.completedWithPromise += 1
                if elapsed <= promised { tally.promiseKept += 1 }
            }
            if elapsed <= 5 { tally.completedWithin5 += 1 }
        case .completed, .inProgress:
            let running = workdays(after: received, through: asOf) - record.pausedDays
            if running > record.statutoryDays {
                tally.openOverdue += 1
                tally.overdueCases.add(record.caseID, at: location)
            }
        case .rejected, .suspended:
            break
        }

        if let immediate = record.immediate {
            if immediate { tally.immediate += 1 }
        } else if elapsedIfCompleted == 0 {
            tally.immediate += 1
        }
        if let channel = record.channel {
            tally.withChannel += 1
            if channel != .window { tally.online += 1 }
        }
        if let rating = record.rating, !finishedLater {
            tally.rated += 1
            if rating >= 3 { tally.goodRatings += 1 } else { tally.badRatings += 1 }
        }
    }

    public func add(_ item: ItemRecord, to tally: inout UnitTally) {
        tally.items += 1
        if item.promisedDays == 0 { tally.immediateItems += 1 }
        if item.promisedDays <= 5 { tally.within5Items += 1 }
        if item.windowAuthorized == true { tally.authorizedItems += 1 }
        let saved = item.statutoryDays - item.promisedDays
        if item.statutoryDays > 0 {
            tally.compressedDays += saved
            tally.statutoryDaysOfTimedItems += item.statutoryDays
        }
        tally.daysSaved += saved
    }

    public func add(_ ticket: TicketRecord, to tally: inout UnitTally) {
        tally.tickets += 1
        let asOf = window.asOf
        let closedLater = ticket.closedAt.map { $0.day > asOf } ?? false
        if let closed = ticket.closedAt?.day, !closedLater {
            tally.ticketsClosed += 1
            let onTime: Bool
            if let due = ticket.dueAt {
                onTime = closed <= due.day
            } else if let days = ticket.dueDays {
                onTime = workdays(after: ticket.receivedAt.day, through: closed) <= days
            } else {
                onTime = false
            }
            if onTime { tally.ticketsOnTime += 1 }
        }
        if let satisfaction = ticket.satisfaction, !closedLater {
            tally.ticketsRated += 1
            if satisfaction >= 3 { tally.ticketsGood += 1 }
        }
    }
}
