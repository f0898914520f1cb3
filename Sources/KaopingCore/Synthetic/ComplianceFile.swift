/// Writes the compliance inspections (制度落实检查): every assessed unit checked on the nine
/// checks at the period's inspection, some also at an earlier unannounced visit (暗访).
enum ComplianceFile {
    /// What inspectors write when a check is not (fully) in place, in `CheckCatalog.standard`
    /// order: commas, line breaks and a phone number, as typed into a cell.
    private static let findings = [
        "首问责任登记台账不全,部分来电未登记",
        "窗口未摆放一次性告知单,群众反映需多次补交材料",
        "抽查3件办件超承诺时限,未说明原因",
        "1名工作人员未佩戴工作牌上岗",
        "去向告知牌未及时更新\n负责人外出未公示去向",
        "政务公开栏内容未按季度更新",
        "领导干部公务活动未按周公示",
        "执法人员检查时未主动出示执法证件",
        "投诉举报箱长期未开启,群众反映(联系电话13912345678)投诉无人处理",
    ]
    /// Check names no scheme knows: what a planted unknown-check row uses.
    private static let unknownChecks = ["廉政风险防控", "服务承诺制", "AB岗工作制"]
    private static let inspectors = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]

    private struct Finding {
        var unit: SyntheticUnit
        var check: String
        var result: ComplianceResult
        var day: Day
        var inspector: String
        var note: String
    }

    static func write(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays, options: SyntheticOptions,
                      planted: inout [PlantedRow]) throws(SyntheticDataError) -> SyntheticFile {
        let style = options.messy
            ? FileStyle(kind: .compliance, encoding: .gb18030, delimiter: FileStyle.tab, lineEnding: FileStyle.crlf,
                        headers: .chinese, dates: .chineseDate, words: .platform, decorated: true)
            : FileStyle.clean(.compliance)
        let columns: [Column] = [.unitCode, .check, .result, .inspectedOn, .inspector, .note]
        let sink = try CSVFileSink(root: root, path: "compliance/compliance.csv", style: style)
        if style.decorated {
            try sink.writeLone(weekdays.chineseName + "规范化服务型政府建设制度落实检查情况登记表", as: .layout)
        }
        try sink.writeHeader(columns.map(HeaderCell.column))

        var random = SyntheticRandom(seed: options.seed, stream: 9)
        let findings = inspect(roster.assessed, weekdays: weekdays, random: &random)
        var schedule = PlantingSchedule(kinds: [.unknownCheck], rows: findings.count, perMille: 10, enabled: options.messy,
                                        random: SyntheticRandom(seed: options.seed, stream: 10))
        var record = sink.makeRecord()
        for (index, finding) in findings.enumerated() {
            if schedule.problem(forRow: index, canTake: { _ in true }) != nil {
                var unknown = finding
                unknown.check = random.element(of: unknownChecks)
                unknown.result = .pass
                unknown.note = ""
                planted.append(PlantedRow(file: sink.path, line: sink.nextLine, column: Column.check.name, problem: .unknownCheck))
                render(unknown, style: style, messy: options.messy, into: &record)
                try sink.write(&record, as: .data)
            }
            render(finding, style: style, messy: options.messy, into: &record)
            try sink.write(&record, as: .data)
        }
        if style.decorated {
            try sink.writeLone("审核：刘洋  制表：陈静", as: .summaryOrFooter)
        }
        return try sink.close()
    }

    /// One finding per unit and check on the unit's inspection day in the period's last
    /// month; about one in seven pairs also has an earlier, often worse, unannounced finding.
    private static func inspect(_ units: [SyntheticUnit], weekdays: PeriodWeekdays, random: inout SyntheticRandom) -> [Finding] {
        let period = weekdays.period
        let lastMonth = period.last.components.month
        let mainStart = Day(year: period.year, month: lastMonth, day: 7)!
        let midStart = period.first.adding(days: Int(period.last.ordinal - period.first.ordinal) / 2 - 7)
        var findings: [Finding] = []
        for unit in units {
            let mainDay = PeriodWeekdays.shift(mainStart, weekdays: random.inRange(1...10))
            let visitDay = PeriodWeekdays.shift(midStart, weekdays: random.inRange(1...10))
            let team = random.element(of: inspectors) + "、" + random.element(of: inspectors)
            for (index, check) in CheckCatalog.standard.checks.enumerated() {
                // Units without law enforcement have no licences to show.
                let noEnforcement = check.code == "license_display" && !unit.isWindowUnit && unit.category == .department
                if random.chance(perMille: 150) {
                    let drawn = [ComplianceResult.pass, .partial, .fail][random.weightedIndex([50, 40, 10])]
                    let earlier = noEnforcement ? ComplianceResult.na : drawn
                    findings.append(Finding(unit: unit, check: check.name, result: earlier, day: visitDay,
                                            inspector: "暗访组", note: note(for: earlier, checkIndex: index)))
                }
                let result = noEnforcement && random.chance(perMille: 700)
                    ? ComplianceResult.na
                    : [.pass, .partial, .fail, .na][random.weightedIndex([80, 10, 4, 6])]
                findings.append(Finding(unit: unit, check: check.name, result: result, day: mainDay, inspector: team,
                                        note: note(for: result, checkIndex: index)))
            }
        }
        return findings
    }

    private static func note(for result: ComplianceResult, checkIndex: Int) -> String {
        switch result {
        case .pass: return ""
        case .na: return "不涉及"
        case .partial, .fail: return findings[checkIndex % findings.count]
        }
    }

    private static func render(_ finding: Finding, style: FileStyle, messy: Bool, into record: inout CSVRecord) {
        record.text(finding.unit.code)
        record.text(finding.check)
        record.text(messy ? resultWord(finding.result) : finding.result.rawValue)
        record.date(Stamp(finding.day), style: style.dates)
        record.text(finding.inspector)
        record.text(finding.note)
    }

    private static func resultWord(_ result: ComplianceResult) -> String {
        switch result {
        case .pass: return "落实"
        case .partial: return "部分落实"
        case .fail: return "未落实"
        case .na: return "不适用"
        }
    }
}
