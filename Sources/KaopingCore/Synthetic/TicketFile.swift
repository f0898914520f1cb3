/// One generated ticket, before it is written.
private struct TicketRow {
    var sequence: Int
    var unitCode: String
    var source: TicketSource
    var received: Stamp
    /// The working-day limit; written as days, as a deadline date, or both.
    var dueDays: Int
    var writesDueDays: Bool
    var writesDueAt: Bool
    /// A planted limit the reader cannot parse: `三个工作日`.
    var dueDaysInWords = false
    var closed: Stamp?
    /// 1–5, or 0 when the caller gave no rating.
    var satisfaction: Int
}

/// Writes the district's complaint, hotline and mailbox tickets (投诉/公开电话/信箱) as the
/// 12345 platform exports them: one file, streamed.
struct TicketFile {
    static let plantedKinds: [PlantedProblem] = [.missingDue, .closedBeforeReceived, .badNumber]
    private static let sources: [TicketSource] = [.complaint, .hotline, .mailbox]
    private static let sourceWeights = [30, 50, 20]
    /// How often the limit is written in days only, as a date only, or both.
    private static let dueFormWeights = [55, 35, 10]
    private static let goodSatisfactionWeights = [10, 30, 60]

    let root: String
    let roster: DistrictRoster
    let weekdays: PeriodWeekdays
    let options: SyntheticOptions

    /// About one ticket for every 25 cases, and at least two per assessed unit.
    var count: Int { max(2 * roster.assessed.count, options.cases / 25) }

    func write(planted: inout [PlantedRow]) throws(SyntheticDataError) -> SyntheticFile {
        var style = options.messy
            ? FileStyle(kind: .tickets, encoding: .utf8BOM, delimiter: FileStyle.semicolon, lineEnding: FileStyle.crlf,
                        headers: .chinese, dates: .slashMinutes, words: .platform, decorated: true)
            : FileStyle.clean(.tickets)
        style.words.ratingsAsWords = options.messy
        let columns: [Column] = [.ticketID, .unitCode, .source, .receivedAt, .dueDays, .dueAt, .closedAt, .satisfaction]
        let sink = try CSVFileSink(root: root, path: "tickets/tickets.csv", style: style)
        if style.decorated {
            try sink.writeLone("12345政务服务便民热线工单明细（\(weekdays.chineseName)）", as: .layout)
        }
        try sink.writeHeader(columns.map(HeaderCell.column))

        let units = roster.assessed
        guard !units.isEmpty else { return try sink.close() }
        let unitTable = WeightedTable(units.map { $0.category == .township ? 20 : $0.caseWeight / 2 + 5 })
        var random = SyntheticRandom(seed: options.seed, stream: 7)
        var schedule = PlantingSchedule(kinds: TicketFile.plantedKinds, rows: count, perMille: 10, enabled: options.messy,
                                        random: SyntheticRandom(seed: options.seed, stream: 8))
        let idPrefix = "GD\(weekdays.period.year)"
        let idWidth = max(6, String(count).count)
        var record = sink.makeRecord()
        for sequence in 1...count {
            // Every assessed unit gets at least one ticket, so only the planted 未报送 unit
            // lacks an export it must send.
            let unit = sequence <= units.count ? units[sequence - 1] : units[unitTable.draw(&random)]
            var ticket = makeTicket(sequence: sequence, unit: unit, random: &random)
            if let fault = schedule.problem(forRow: sequence - 1, canTake: { _ in true }) {
                let column: Column
                switch fault {
                case .missingDue:
                    ticket.writesDueDays = false
                    ticket.writesDueAt = false
                    column = .dueAt
                case .closedBeforeReceived:
                    ticket.closed = Stamp(ticket.received.day.adding(days: -random.inRange(1...2)), second: CaseGenerator.officeOpens + 3600)
                    column = .closedAt
                default:
                    // A limit in words, with the deadline date beside it so nothing else is wrong.
                    ticket.dueDaysInWords = true
                    ticket.writesDueAt = true
                    column = .dueDays
                }
                planted.append(PlantedRow(file: sink.path, line: sink.nextLine, column: column.name, problem: fault))
            }
            render(ticket, style: style, idPrefix: idPrefix, idWidth: idWidth, into: &record)
            try sink.write(&record, as: .data)
        }
        if style.decorated {
            try sink.writeLone("填报单位：区12345热线办  联系电话：028-83600000", as: .summaryOrFooter)
        }
        return try sink.close()
    }

    /// A ticket received any day of the period (the hotline never closes), mostly answered
    /// within its limit, a few late, some still open at the period's end.
    private func makeTicket(sequence: Int, unit: SyntheticUnit, random: inout SyntheticRandom) -> TicketRow {
        let period = weekdays.period
        let source = TicketFile.sources[random.weightedIndex(TicketFile.sourceWeights)]
        let receivedDay = period.first.adding(days: random.below(Int(period.last.ordinal - period.first.ordinal) + 1))
        let receivedSecond = random.chance(perMille: 800)
            ? random.inRange(CaseGenerator.officeOpens...CaseGenerator.officeCloses) : random.below(86_400)
        let dueDays: Int
        switch source {
        case .complaint: dueDays = random.chance(perMille: 600) ? 5 : 10
        case .hotline: dueDays = random.chance(perMille: 500) ? 3 : 5
        case .mailbox: dueDays = 15
        }
        let dueForm = random.weightedIndex(TicketFile.dueFormWeights)
        var closed: Stamp?
        if random.chance(perMille: 950) {
            let elapsed = random.chance(perMille: 60)
                ? dueDays + random.inRange(1...5)
                : min(random.below(dueDays + 1), random.below(dueDays + 1))
            let day = PeriodWeekdays.shift(receivedDay, weekdays: elapsed)
            if day <= period.last {
                closed = Stamp(day, second: elapsed == 0
                    ? min(86_399, receivedSecond + random.inRange(1800...7200))
                    : random.inRange(CaseGenerator.officeOpens...CaseGenerator.officeCloses))
            }
        }
        var satisfaction = 0
        if closed != nil && random.chance(perMille: 700) {
            satisfaction = random.chance(perMille: 80)
                ? random.inRange(1...2) : 3 + random.weightedIndex(TicketFile.goodSatisfactionWeights)
        }
        return TicketRow(sequence: sequence, unitCode: unit.code, source: source, received: Stamp(receivedDay, second: receivedSecond),
                         dueDays: dueDays, writesDueDays: dueForm != 1, writesDueAt: dueForm != 0, closed: closed,
                         satisfaction: satisfaction)
    }

    private func render(_ ticket: TicketRow, style: FileStyle, idPrefix: String, idWidth: Int, into record: inout CSVRecord) {
        record.beginCell()
        record.append(idPrefix)
        record.appendFormatted { CellFormat.appendPadded(ticket.sequence, width: idWidth, to: &$0) }
        record.text(ticket.unitCode)
        record.text(style.words.word(ticket.source))
        record.date(ticket.received, style: style.dates)
        if ticket.dueDaysInWords {
            record.text("三个工作日")
        } else if ticket.writesDueDays {
            record.integer(ticket.dueDays)
        } else {
            record.empty()
        }
        if ticket.writesDueAt {
            record.date(Stamp(PeriodWeekdays.shift(ticket.received.day, weekdays: ticket.dueDays)), style: style.dates)
        } else {
            record.empty()
        }
        if let closed = ticket.closed { record.date(closed, style: style.dates) } else { record.empty() }
        if ticket.satisfaction == 0 {
            record.empty()
        } else if style.words.ratingsAsWords {
            record.text(ValueWords.ratingWords[ticket.satisfaction])
        } else {
            record.integer(ticket.satisfaction)
        }
    }
}
