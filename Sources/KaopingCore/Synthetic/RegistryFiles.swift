/// Writes the registry files: the units (考核对象) and their service items (事项).
enum RegistryFiles {
    static func writeUnits(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays, messy: Bool) throws(SyntheticDataError) -> SyntheticFile {
        let style = messy
            ? FileStyle(kind: .units, encoding: .utf8BOM, lineEnding: FileStyle.crlf, headers: .chinese, words: .platform, decorated: true)
            : FileStyle.clean(.units)
        let columns: [Column] = [.unitCode, .unitName, .category, .active, .requiredExports, .parentCode, .group, .order]
        let sink = try CSVFileSink(root: root, path: "units/units.csv", style: style)
        if messy {
            try sink.writeLone("\(weekdays.period.year)年规范化服务型政府建设考核对象名单", as: .layout)
        }
        try sink.writeHeader(columns.map(HeaderCell.column))
        var record = sink.makeRecord()
        var windowUnits = 0
        for unit in roster.units {
            record.text(unit.code)
            record.text(unit.name)
            record.text(unit.categoryWord(style.words))
            record.text(unit.active ? style.words.yes : style.words.no)
            if unit.requiredExports.isEmpty {
                record.empty()
            } else {
                windowUnits += 1
                // Some clerks list the exports in Chinese with full-width semicolons.
                let chinese = messy && windowUnits % 3 == 0
                record.text(unit.requiredExports.map { chinese ? exportWord($0) : $0.rawValue }.joined(separator: chinese ? "；" : ";"))
            }
            if let parent = unit.parentCode { record.text(parent) } else { record.empty() }
            if let group = unit.group { record.text(group) } else { record.empty() }
            record.integer(unit.order)
            try sink.write(&record, as: .data)
        }
        if messy {
            try sink.writeLone("注：是否参评为“否”的单位本年度不参加考核排名。", as: .summaryOrFooter)
        }
        return try sink.close()
    }

    private static func exportWord(_ kind: ExportKind) -> String {
        switch kind {
        case .cases: return "办件"
        case .items: return "事项"
        case .tickets: return "投诉"
        default: return kind.rawValue
        }
    }

    /// Writes every unit's items; when messy, planted rows (promise above the statutory limit,
    /// a limit in words) are extra items no case refers to.
    static func writeItems(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays, options: SyntheticOptions,
                           planted: inout [PlantedRow]) throws(SyntheticDataError) -> SyntheticFile {
        let messy = options.messy
        let style = messy
            ? FileStyle(kind: .items, encoding: .gb18030, lineEnding: FileStyle.crlf, headers: .chinese, words: .platform,
                        fullWidthPerMille: 100, decorated: true)
            : FileStyle.clean(.items)
        let columns: [Column] = [.itemCode, .unitCode, .itemName, .statutoryDays, .promisedDays, .windowAuthorized, .onlineAvailable]
        let sink = try CSVFileSink(root: root, path: "items/items.csv", style: style)
        if messy {
            try sink.writeLone("全区政务服务事项目录（\(weekdays.period.year)年版）", as: .layout)
        }
        try sink.writeHeader(columns.map(HeaderCell.column))
        let itemCount = roster.units.reduce(0) { $0 + $1.items.count }
        var schedule = PlantingSchedule(kinds: [.promisedExceedsStatutory, .badNumber], rows: itemCount, perMille: 10,
                                        enabled: messy, random: SyntheticRandom(seed: options.seed, stream: 5))
        var random = SyntheticRandom(seed: options.seed, stream: 6)
        var record = sink.makeRecord()
        var row = 0, extraItems = 0
        for unit in roster.units {
            for item in unit.items {
                if let fault = schedule.problem(forRow: row, canTake: { _ in true }) {
                    extraItems += 1
                    var bad = item
                    bad.code = "00" + unit.code + "9" + DistrictRoster.code("", extraItems, width: 2)
                    bad.name = item.name + "（试行）"
                    bad.promisedDays = fault == .promisedExceedsStatutory ? bad.statutoryDays + random.inRange(1...10) : bad.promisedDays
                    planted.append(PlantedRow(file: sink.path, line: sink.nextLine,
                                              column: fault == .badNumber ? Column.statutoryDays.name : Column.promisedDays.name,
                                              problem: fault))
                    writeItem(bad, unit: unit, style: style, statutoryInWords: fault == .badNumber, random: &random, into: &record)
                    try sink.write(&record, as: .data)
                }
                writeItem(item, unit: unit, style: style, statutoryInWords: false, random: &random, into: &record)
                try sink.write(&record, as: .data)
                row += 1
            }
        }
        if messy {
            try sink.writeLone("制表：区政务服务管理局", as: .summaryOrFooter)
        }
        return try sink.close()
    }

    private static func writeItem(_ item: ServiceItem, unit: SyntheticUnit, style: FileStyle, statutoryInWords: Bool,
                                  random: inout SyntheticRandom, into record: inout CSVRecord) {
        record.text(item.code)
        record.text(unit.code)
        record.text(item.name)
        if statutoryInWords {
            record.text("二十")
        } else {
            record.integer(item.statutoryDays, fullWidth: random.chance(perMille: style.fullWidthPerMille))
        }
        record.integer(item.promisedDays)
        record.text(item.windowAuthorized ? style.words.yes : style.words.no)
        record.text(item.onlineAvailable ? style.words.yes : style.words.no)
    }
}
