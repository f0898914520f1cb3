/// Writes the reform office's own files: bonus and penalty points (加减分) and the annual
/// targets (目标).
enum AppraisalFiles {
    private static let bonusReasons = [
        "政务服务\"一网通办\"经验做法被省政务服务网刊发,获通报表扬",
        "在全市政务服务窗口技能比武中获一等奖",
        "主动承接市级下放事项,推行\"一件事一次办\"",
        "便民服务室建设成效突出,被市规服办推广",
    ]
    private static let penaltyReasons = [
        "窗口工作人员服务态度生硬,群众投诉经查属实",
        "12345热线工单超期未办结3件,被区委督查室通报",
        "政务公开栏信息长期未更新,暗访发现",
    ]
    private static let vetoReason = "发生严重损害群众利益的违规办件问题,造成恶劣社会影响\n（经区纪委监委查实）"
    private static let issuers = ["青规服办", "青府办函", "青委督查"]

    static func writeAdjustments(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays,
                                 options: SyntheticOptions) throws(SyntheticDataError) -> SyntheticFile {
        let style = options.messy
            ? FileStyle(kind: .adjustments, encoding: .utf8BOM, lineEnding: FileStyle.crlf, headers: .chinese,
                        dates: .slashMinutes, words: .platform)
            : FileStyle.clean(.adjustments)
        let columns: [Column] = [.unitCode, .adjustmentKind, .points, .reason, .reference, .dated]
        let sink = try CSVFileSink(root: root, path: "adjustments/adjustments.csv", style: style)
        try sink.writeHeader(columns.map(HeaderCell.column))

        var random = SyntheticRandom(seed: options.seed, stream: 11)
        // Distinct units, drawn without replacement: four bonuses, three penalties, one veto
        // (a department, drawn first).
        var candidates = roster.assessed
        var chosen: [SyntheticUnit] = []
        let departments = candidates.indices.filter { candidates[$0].category == .department }
        if !departments.isEmpty {
            chosen.append(candidates.remove(at: random.element(of: departments)))
        }
        while chosen.count < 8 && !candidates.isEmpty {
            chosen.append(candidates.remove(at: random.below(candidates.count)))
        }
        var record = sink.makeRecord()
        for (index, unit) in chosen.enumerated() {
            let kind: AdjustmentKind = index == 0 ? .veto : index <= 4 ? .bonus : .penalty
            record.text(unit.code)
            switch kind {
            case .bonus: record.text(style.words.bonus)
            case .penalty: record.text(style.words.penalty)
            case .veto: record.text(style.words.veto)
            }
            switch kind {
            case .veto:
                record.empty()
            case .bonus:
                // One clerk typed the point in full width.
                let points = ["1", "0.5", "2", "1"][index - 1]
                record.text(options.messy && index == 2 ? "１" : points)
            case .penalty:
                // Penalties come written both as a magnitude and with a minus sign.
                record.text(["-1", "0.5", "-2"][index - 5])
            }
            switch kind {
            case .veto: record.text(vetoReason)
            case .bonus: record.text(bonusReasons[(index - 1) % bonusReasons.count])
            case .penalty: record.text(penaltyReasons[(index - 5) % penaltyReasons.count])
            }
            record.text("\(random.element(of: issuers))〔\(weekdays.period.year)〕\(random.inRange(3...60))号")
            record.date(Stamp(random.element(of: weekdays.days)), style: style.dates)
            try sink.write(&record, as: .data)
        }
        return try sink.close()
    }

    /// District-wide targets, category targets and a few unit targets. Volume targets are
    /// annual, sized from the cases actually generated so that scores spread.
    static func writeTargets(root: String, roster: DistrictRoster, weekdays: PeriodWeekdays, options: SyntheticOptions,
                             caseCounts: [Int]) throws(SyntheticDataError) -> SyntheticFile {
        let messy = options.messy
        let sink = try CSVFileSink(root: root, path: "targets/targets.csv", style: .clean(.targets))
        try sink.writeHeader([Column.unitCode, .metric, .target].map(HeaderCell.column))
        let periodsPerYear = weekdays.period.name.count == 4 ? 1 : weekdays.period.name.contains("Q") ? 4 : 2
        func annual(_ count: Int) -> Int { max(100, (count * periodsPerYear * 9 / 10 + 50) / 100 * 100) }
        func average(_ category: UnitCategory) -> Int {
            let counts = roster.units.indices.filter { roster.units[$0].category == category && roster.units[$0].active }.map { caseCounts[$0] }
            return counts.isEmpty ? 0 : counts.reduce(0, +) / counts.count
        }
        let department = messy ? "部门" : "department"
        let township = messy ? "乡镇" : "township"
        // (who, metric, clean form, messy form)
        var rows: [(String, String, String, String)] = [
            ("*", "on_time_rate", "0.95", "95%"),
            ("*", "satisfaction_rate", "0.9", "0.9"),
            ("*", "promise_kept_rate", "0.98", "98%"),
            ("*", "immediate_item_rate", "0.484", "48.4%"),
            ("*", "window_authorization_rate", "0.637", "63.7%"),
            ("*", "ticket_on_time_rate", "0.95", "９５%"),
            ("*", "compression_rate", "0.5", "50%"),
            (department, "online_rate", "0.6", "60%"),
            (department, "cases_total", String(annual(average(.department))), grouped(annual(average(.department)))),
            (messy ? "乡镇/街道" : township, "cases_total", String(annual(average(.township))), grouped(annual(average(.township)))),
            (township, "ticket_closed_rate", "1", "１００%"),
        ]
        if let busiest = caseCounts.indices.max(by: { caseCounts[$0] < caseCounts[$1] }), caseCounts[busiest] > 0 {
            // The busiest unit is held to at least a thousand cases a year: a stretch target
            // for small data sets, and a number that needs its thousands separator.
            let target = max(1000, annual(caseCounts[busiest]))
            rows.append((roster.units[busiest].code, "cases_total", String(target), grouped(target)))
        }
        if let firstTownship = roster.townships.first {
            rows.append((firstTownship.code, "satisfaction_rate", "0.92", "92%"))
        }
        var record = sink.makeRecord()
        for (who, metric, clean, untidy) in rows {
            record.text(who)
            record.text(metric)
            record.text(messy ? untidy : clean)
            try sink.write(&record, as: .data)
        }
        return try sink.close()
    }

    private static func grouped(_ value: Int) -> String {
        var bytes: [UInt8] = []
        CellFormat.appendGrouped(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
