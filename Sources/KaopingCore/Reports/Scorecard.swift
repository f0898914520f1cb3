/// One unit's scorecard for the terminal (`kaoping explain`): every indicator with its
/// evidence, target and rule, compliance findings, adjustments, and the total, rank and grade.
public enum Scorecard {
    public static func render(_ result: UnitResult, in appraisal: Appraisal, language: ReportLanguage = .zh) -> String {
        let text = ScorecardText(language: language)
        let unit = result.unit
        let scheme = appraisal.scheme.category(unit.category)
        var lines: [String] = []
        let category = language == .zh ? (scheme?.label ?? unit.category.chineseName) : unit.category.rawValue
        let group = unit.group.map { text.pick("，\($0)", ", \($0)") } ?? ""
        lines.append(text.pick("\(unit.code) \(unit.name)（\(category)\(group)）", "\(unit.code) \(unit.name) (\(category)\(group))"))
        lines.append(text.pick("考核期 \(appraisal.window.period)，统计截止 \(appraisal.window.asOf)；方案 \(appraisal.scheme.version)",
                               "period \(appraisal.window.period), as of \(appraisal.window.asOf); scheme \(appraisal.scheme.version)"))
        if !result.villages.isEmpty {
            lines.append(text.pick("含便民服务室：", "village service rooms: ")
                         + result.villages.map { "\($0.code) \($0.name)" }.joined(separator: text.pick("、", ", ")))
        }
        guard result.assessed else {
            lines.append(text.pick("本单位不参评（是否参评 = 否），只列出指标，不计分、不排名。",
                                   "Not assessed (active = no): metrics only, no score or rank."))
            lines.append(metricsTable(result, text))
            return lines.joined(separator: "\n") + "\n"
        }
        if !result.missingExports.isEmpty {
            let kinds = result.missingExports.map { language == .zh ? $0.chineseName : $0.rawValue }
            lines.append(text.pick("未报送：\(kinds.joined(separator: "、"))（相关指标记 0 分）",
                                   "not submitted: \(kinds.joined(separator: ", ")) (its indicators score 0)"))
        }
        lines.append("")
        let weight = scheme.map { $0.indicatorWeight.description } ?? ""
        lines.append(text.pick("一、指标得分（\(weight) 分）", "1. Indicators (\(weight) points)"))
        lines.append(indicatorTable(result, text))
        lines.append(text.pick("指标小计：", "indicators: ") + ResultFormat.points(result.indicatorScore))
        if result.indicators.contains(where: { $0.indicator.prorate }) {
            lines.append(text.pick("数量目标按工作日折算：\(appraisal.workdaysToAsOf)/\(appraisal.workdaysInYear) 个工作日",
                                   "volume targets pro-rated by working days: \(appraisal.workdaysToAsOf)/\(appraisal.workdaysInYear)"))
        }
        lines.append("")
        let points = scheme?.compliance.total.description ?? "0"
        lines.append(text.pick("二、制度落实（\(points) 分）", "2. Compliance (\(points) points)"))
        lines.append(checkTable(result, text))
        lines.append(text.pick("制度落实小计：", "compliance: ") + ResultFormat.points(result.complianceScore))
        lines.append("")
        lines.append(text.pick("三、加减分", "3. Adjustments"))
        if result.adjustments.isEmpty { lines.append(text.pick("无", "none")) }
        for row in result.adjustments {
            let points = row.value.points.map { text.pick(" \($0.description) 分", " \($0.description)") } ?? ""
            let reference = row.value.reference.map { text.pick("（\($0)）", " (\($0))") } ?? ""
            lines.append("\(text.adjustmentKind(row.value.kind))\(points)\(text.pick("：", ": "))\(row.value.reason)\(reference)")
        }
        lines.append(adjustmentLine(text.adjustmentKind(.bonus), result.bonus, cap: scheme?.adjustments.bonusCap, text))
        lines.append(adjustmentLine(text.adjustmentKind(.penalty), result.penalty, cap: scheme?.adjustments.penaltyCap, text))
        lines.append("")
        let total = result.total.map(ResultFormat.points) ?? "—"
        let among = result.rankedAmong ?? 0
        let rank = result.rank.map { text.pick("第 \($0) 名（共 \(among) 个）", "rank \($0) of \(among)") } ?? "—"
        let veto = result.veto ? text.pick("（一票否决）", " (veto)") : ""
        lines.append(text.pick("总分 \(total)，\(rank)，等次：\(text.grade(result))\(veto)",
                               "total \(total), \(rank), grade: \(text.grade(result))\(veto)"))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func indicatorTable(_ result: UnitResult, _ text: ScorecardText) -> String {
        var table = TerminalTable(header: text.indicatorHeader, rightAligned: [2, 3, 5, 6])
        for row in result.indicators {
            var target = row.target?.description ?? "—"
            if row.indicator.prorate, let effective = row.effectiveTarget {
                target += text.pick("（折算 \(ResultFormat.ratio(effective))）", " (pro-rated \(ResultFormat.ratio(effective)))")
            }
            if let source = row.targetSource, source != .scheme { target += " [\(text.targetSource(source))]" }
            var weight = row.indicator.weight.description
            if row.status != .na, Fraction(row.indicator.weight) != row.effectiveWeight {
                weight += "→" + ResultFormat.points(row.effectiveWeight)
            }
            table.rows.append([
                text.indicatorLabel(row.indicator), evidence(row.value),
                row.value.actual.map { percent($0, metric: row.indicator.metric) } ?? "n/a", target,
                text.rule(row.indicator.rule), weight, ResultFormat.points(row.score), text.status(row.status),
            ])
        }
        return table.render()
    }

    private static func checkTable(_ result: UnitResult, _ text: ScorecardText) -> String {
        var table = TerminalTable(header: text.checkHeader, rightAligned: [1, 3])
        for check in result.checks {
            let outcome = check.missing ? text.pick("未报送", "not submitted")
                : check.result.map(text.result) ?? text.pick("未检查", "not inspected")
            let notes = check.findings.map { finding in
                let note = finding.value.note.map { text.pick("：", ": ") + $0 } ?? ""
                return "\(finding.value.inspectedOn.day) \(text.result(finding.value.result))\(note)"
            }.joined(separator: text.pick("；", "; "))
            table.rows.append([text.checkLabel(check), check.points.description, outcome, ResultFormat.points(check.score), notes])
        }
        return table.render()
    }

    private static func adjustmentLine(_ label: String, _ total: AdjustmentTotal, cap: ExactDecimal?, _ text: ScorecardText) -> String {
        var line = text.pick("\(label)合计 \(ResultFormat.points(total.claimed))，计入 \(ResultFormat.points(total.counted))",
                             "\(label): claimed \(ResultFormat.points(total.claimed)), counted \(ResultFormat.points(total.counted))")
        if total.capped, let cap { line += text.pick("（上限 \(cap.description)）", " (cap \(cap.description))") }
        if total.gated { line += text.pick("（基础得分未达加分门槛，不予加分）", " (base score below the bonus gate)") }
        return line
    }

    private static func metricsTable(_ result: UnitResult, _ text: ScorecardText) -> String {
        var table = TerminalTable(header: text.metricHeader, rightAligned: [2])
        for metric in MetricID.allCases {
            let value = result.metrics[metric] ?? MetricValue(numerator: 0, denominator: nil)
            table.rows.append([text.metricLabel(metric), evidence(value), value.actual.map { percent($0, metric: metric) } ?? "n/a"])
        }
        return table.render()
    }

    static func evidence(_ value: MetricValue) -> String {
        value.denominator.map { "\(value.numerator)/\($0)" } ?? "\(value.numerator)"
    }

    static func percent(_ value: Fraction, metric: MetricID) -> String {
        metric.isCount ? ResultFormat.ratio(value) : (value * Fraction(100)).decimalText(places: 2) + "%"
    }
}

/// The top of each category's ranking, printed by `kaoping run`.
public enum RankingPreview {
    public static func render(_ appraisal: Appraisal, top: Int = 5) -> String {
        var groups: [String] = []
        for result in appraisal.units where result.assessed && !groups.contains(key(result)) {
            groups.append(key(result))
        }
        return groups.compactMap { group -> String? in
            let members = appraisal.units.filter { $0.assessed && key($0) == group }
            guard let first = members.first else { return nil }
            let label = appraisal.scheme.category(first.unit.category)?.label ?? first.unit.category.chineseName
            let title = first.unit.group.map { "\(label) · \($0)" } ?? label
            var table = TerminalTable(header: ["名次", "单位编码", "单位名称", "总分", "等次"], rightAligned: [0, 3])
            for result in members.prefix(top) {
                table.rows.append([result.rank.map(String.init) ?? "", result.unit.code, result.unit.name,
                                   result.total.map(ResultFormat.points) ?? "", result.gradeLabel])
            }
            return "\(title)（前 \(min(top, members.count)) 名，共 \(members.count) 个）\n" + table.render()
        }.joined(separator: "\n\n")
    }

    private static func key(_ result: UnitResult) -> String { "\(result.unit.category.rawValue)/\(result.unit.group ?? "")" }
}
