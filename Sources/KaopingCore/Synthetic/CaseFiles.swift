/// Writes the cases files (办件), one per unit or one for the district, streaming row by row.
struct CaseFiles {
    /// The problems planted in cases files, each at least once when the data is messy.
    static let plantedKinds: [PlantedProblem] = [
        .unknownUnit, .badDate, .missingCompletedAt, .completedBeforeReceived, .promisedExceedsStatutory,
        .identicalRepeat, .conflictingDuplicate, .badNumber,
    ]
    static let footers = ["填报人：张三  联系电话：13812345678", "制表：李四　审核：王五",
                          "注：本表数据来源于一体化政务服务平台，统计截至期末。", "填报人：赵敏  联系电话：13987654321"]

    let root: String
    let roster: DistrictRoster
    let weekdays: PeriodWeekdays
    let options: SyntheticOptions
    /// Case rows per unit, in roster order.
    let counts: [Int]
    private(set) var files: [SyntheticFile] = []
    private(set) var planted: [PlantedRow] = []
    private var schedule: PlantingSchedule
    /// Draws the details of planted faults, apart from the rows' own streams.
    private var faultRandom: SyntheticRandom
    /// Index of the next case row over all cases files.
    private var rowIndex = 0

    init(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays, options: SyntheticOptions) {
        self.root = root
        self.roster = roster
        self.weekdays = weekdays
        self.options = options
        counts = CaseFiles.split(options.cases, weights: roster.units.map(\.caseWeight))
        schedule = PlantingSchedule(kinds: CaseFiles.plantedKinds, rows: options.cases, perMille: 10,
                                    enabled: options.messy, random: SyntheticRandom(seed: options.seed, stream: 3))
        faultRandom = SyntheticRandom(seed: options.seed, stream: 4)
    }

    mutating func write() throws(SyntheticDataError) {
        guard options.cases == 0 || counts.contains(where: { $0 > 0 }) else {
            throw .badOption("没有可以承接办件的单位：请至少生成一个部门或乡镇")
        }
        let idPrefix = "BJ\(weekdays.period.year)"
        let idWidth = max(5, String(counts.max() ?? 0).count)
        let writer = { (style: CaseFileStyle) in CaseRowWriter(style: style, idPrefix: idPrefix, idWidth: idWidth) }
        let submitting = roster.units.indices.filter { counts[$0] > 0 }
        if options.singleCasesFile {
            let style = options.messy ? CaseFileStyle.singleFileMessy : .clean
            let sink = try CSVFileSink(root: root, path: "cases/all-cases.csv", style: style.file)
            try writePreamble(sink, style: style, title: "全区政务服务办件明细")
            for (position, index) in submitting.enumerated() {
                try writeRows(of: index, count: counts[index], to: sink, with: writer(style),
                              staleFirst: options.messy && position == 0,
                              lateLast: options.messy && position == submitting.count - 1)
            }
            try writeClosing(sink, style: style, footer: CaseFiles.footers[0])
            files.append(try sink.close())
            return
        }
        for (fileIndex, index) in submitting.enumerated() {
            let unit = roster.units[index]
            let style = options.messy ? CaseFileStyle.messy[fileIndex % CaseFileStyle.messy.count] : .clean
            let sink = try CSVFileSink(root: root, path: "cases/\(unit.code)-\(unit.name).csv", style: style.file)
            try writePreamble(sink, style: style, title: unit.name + weekdays.chineseName + "办件明细")
            try writeRows(of: index, count: counts[index], to: sink, with: writer(style),
                          staleFirst: options.messy && fileIndex % 20 == 2, lateLast: options.messy && fileIndex % 20 == 12)
            try writeClosing(sink, style: style, footer: CaseFiles.footers[fileIndex % CaseFiles.footers.count])
            files.append(try sink.close())
        }
    }

    /// `count` rows of one unit. A stale first row or a late last row is received just
    /// outside the period, as loosely filtered exports carry.
    private mutating func writeRows(of unitIndex: Int, count: Int, to sink: CSVFileSink, with writer: CaseRowWriter,
                                    staleFirst: Bool, lateLast: Bool) throws(SyntheticDataError) {
        let unit = roster.units[unitIndex]
        var generator = CaseGenerator(unit: unit, weekdays: weekdays,
                                      random: SyntheticRandom(seed: options.seed, stream: 1000 + UInt64(unitIndex)))
        var record = sink.makeRecord()
        var lastValid: CaseRow?
        var sequence = 0
        let blankAt = sink.style.decorated && count >= 4 ? count / 2 : -1
        for position in 0..<count {
            defer { rowIndex += 1 }
            if position == blankAt { try sink.writeBlankLine() }
            let row: CaseRow
            if count >= 2 && ((staleFirst && position == 0) || (lateLast && position == count - 1)) {
                sequence += 1
                let distance = faultRandom.inRange(1...3)
                row = generator.makeOutside(sequence: sequence, weekdays: position == 0 ? -distance : distance)
            } else {
                let problem = schedule.problem(forRow: rowIndex) { problem in
                    problem != .identicalRepeat && problem != .conflictingDuplicate || lastValid != nil
                }
                switch problem {
                case .identicalRepeat?:
                    var repeated = lastValid!
                    repeated.fault = .identicalRepeat
                    row = repeated
                case .conflictingDuplicate?:
                    row = generator.conflicting(with: lastValid!)
                case let fault?:
                    sequence += 1
                    row = plant(fault, in: generator.make(sequence: sequence))
                case nil:
                    sequence += 1
                    row = generator.make(sequence: sequence)
                    lastValid = row
                }
            }
            if let fault = row.fault {
                planted.append(PlantedRow(file: sink.path, line: sink.nextLine, column: CaseFiles.column(of: fault), problem: fault))
            }
            writer.render(row, unit: unit, into: &record)
            try sink.write(&record, as: .data)
        }
    }

    /// Changes a valid row so that it has exactly `fault`.
    private mutating func plant(_ fault: PlantedProblem, in valid: CaseRow) -> CaseRow {
        var row = valid
        row.fault = fault
        switch fault {
        case .missingCompletedAt:
            row.status = .completed
            row.completed = nil
        case .completedBeforeReceived:
            row.status = .completed
            row.completed = Stamp(PeriodWeekdays.shift(row.received.day, weekdays: -faultRandom.inRange(1...3)),
                                  second: CaseGenerator.officeOpens + 1800)
        case .promisedExceedsStatutory:
            row.promisedDays = row.statutoryDays + faultRandom.inRange(1...5)
        default:
            // unknown_unit, bad_date and bad_number show only in the written text.
            break
        }
        return row
    }

    static func column(of fault: PlantedProblem) -> String {
        switch fault {
        case .unknownUnit: return Column.unitCode.name
        case .badDate, .outOfPeriod: return Column.receivedAt.name
        case .badNumber: return Column.statutoryDays.name
        case .missingCompletedAt, .completedBeforeReceived: return Column.completedAt.name
        case .promisedExceedsStatutory: return Column.promisedDays.name
        case .conflictingDuplicate: return Column.caseID.name
        default: return ""
        }
    }

    private func writePreamble(_ sink: CSVFileSink, style: CaseFileStyle, title: String) throws(SyntheticDataError) {
        let width = style.file.padsLoneCells ? style.fields.count : 1
        if style.file.decorated {
            try sink.writeLone(title, width: width, as: .layout)
            try sink.writeLone("导出时间：\(weekdays.exportDay) 09:12", width: width, as: .layout)
            try sink.writeBlankLine()
        }
        try sink.writeHeader(style.fields.map(\.header))
    }

    private func writeClosing(_ sink: CSVFileSink, style: CaseFileStyle, footer: String) throws(SyntheticDataError) {
        guard style.file.decorated else { return }
        var record = sink.makeRecord()
        record.text("合计")
        record.text("共\(sink.dataRows)件")
        for _ in 2..<max(2, style.fields.count) { record.empty() }
        try sink.write(&record, as: .summaryOrFooter)
        try sink.writeLone(footer, width: style.file.padsLoneCells ? style.fields.count : 1, as: .summaryOrFooter)
    }

    /// Splits `total` in proportion to `weights` by largest remainder; every weighted unit
    /// gets at least one case when there are enough to go round. Units of weight 0 get none.
    static func split(_ total: Int, weights: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: weights.count)
        let weighted = weights.indices.filter { weights[$0] > 0 }
        guard total > 0, !weighted.isEmpty else { return counts }
        var rest = total
        if total >= weighted.count {
            for index in weighted { counts[index] = 1 }
            rest -= weighted.count
        }
        let sum = weighted.reduce(0) { $0 + weights[$1] }
        var remainders: [(remainder: Int, index: Int)] = []
        var assigned = 0
        for index in weighted {
            let share = rest * weights[index]
            counts[index] += share / sum
            assigned += share / sum
            remainders.append((share % sum, index))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for slot in 0..<(rest - assigned) { counts[remainders[slot].index] += 1 }
        return counts
    }
}
