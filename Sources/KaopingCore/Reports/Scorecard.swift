/// One unit's scorecard for the terminal (`kaoping explain`): every indicator with its
/// evidence, target and rule, compliance findings, adjustments, and the total, rank and grade.
public enum Scorecard {
    public static func render(_ result: UnitResult, in appraisal: Appraisal) -> String {
        let unit = result.unit
        let scheme = appraisal.scheme.category(unit.category)
        var lines: [String] = []
        let group = unit.group.map { "，\($0)" } ?? ""
        lines.append("\(unit.code) \(unit.name)（\(scheme?.label ?? unit.category.chineseName)\(group)）")
        lines.append("考核期 \(appraisal.window.period)，统计截止 \(appraisal.window.asOf)；方案 \(appraisal.scheme.version)")
        if !result.villages.isEmpty {
            lines.append("含便民服务室：" + result.villages.map { "\($0.code) \($0.name)" }.joined(separator: "、"))
        }
        guard result.assessed else {
            lines.append("本单位不参评（是否参评 = 否），只列出指标，不计分、不排名。")
            lines.append(metricsTable(result))
            return lines.joined(separator: "\n") + "\n"
        }
        if !result.missingExports.isEmpty {
            lines.append("未报送：" + result.missingExports.map(\.chineseName).joined(separator: "、") + "（相关指标记 0 分）")
        }
        lines.append("")
        lines.append("一、指标得分（\(scheme.map { $0.indicatorWeight.description } ?? "") 分）")
        var table = TerminalTable(header: ["指标", "分子/分母", "实际值", "目标值", "规则", "权重", "得分", "状态"],
                                  rightAligned: [2, 3, 5, 6])
        for row in result.indicators {
            let evidence = row.value.denominator.map { "\(row.value.numerator)/\($0)" } ?? "\(row.value.numerator)"
            var target = row.target?.description ?? "—"
            if row.indicator.prorate, let effective = row.effectiveTarget {
                target += "（折算 \(ResultFormat.ratio(effective))）"
            }
            if let source = row.targetSource, source != .scheme { target += " [\(source.label)]" }
            var weight = row.indicator.weight.description
            if row.status != .na, Fraction(row.indicator.weight) != row.effectiveWeight {
                weight += "→" + ResultFormat.points(row.effectiveWeight)
            }
            table.rows.append([
                row.indicator.label, evidence, row.value.actual.map { percent($0, metric: row.indicator.metric) } ?? "n/a",
                target, ruleText(row.indicator.rule), weight, ResultFormat.points(row.score), row.status.chineseName,
            ])
        }
        lines.append(table.render())
        lines.append("指标小计：\(ResultFormat.points(result.indicatorScore))")
        if appraisal.workdaysInYear > 0, result.indicators.contains(where: { $0.indicator.prorate }) {
            lines.append("数量目标按工作日折算：\(appraisal.workdaysToAsOf)/\(appraisal.workdaysInYear) 个工作日")
        }
        lines.append("")
        lines.append("二、制度落实（\(scheme?.compliance.total.description ?? "0") 分）")
        var checks = TerminalTable(header: ["检查项目", "分值", "结果", "得分", "检查记录"], rightAligned: [1, 3])
        for check in result.checks {
            let result = check.missing ? "未报送" : check.result.map(resultName) ?? "未检查"
            let notes = check.findings.map { finding in
                let note = finding.value.note.map { "：\($0)" } ?? ""
                return "\(finding.value.inspectedOn.day) \(resultName(finding.value.result))\(note)"
            }.joined(separator: "；")
            checks.rows.append([check.name, check.points.description, result, ResultFormat.points(check.score), notes])
        }
        lines.append(checks.render())
        lines.append("制度落实小计：\(ResultFormat.points(result.complianceScore))")
        lines.append("")
        lines.append("三、加减分")
        if result.adjustments.isEmpty { lines.append("无") }
        for row in result.adjustments {
            let kind = row.value.kind == .bonus ? "加分" : row.value.kind == .penalty ? "减分" : "一票否决"
            let points = row.value.points.map { " \($0.description) 分" } ?? ""
            let reference = row.value.reference.map { "（\($0)）" } ?? ""
            lines.append("\(kind)\(points)：\(row.value.reason)\(reference)")
        }
        lines.append(adjustmentLine("加分", result.bonus, cap: scheme?.adjustments.bonusCap))
        lines.append(adjustmentLine("减分", result.penalty, cap: scheme?.adjustments.penaltyCap))
        lines.append("")
        let total = result.total.map(ResultFormat.points) ?? "—"
        let rank = result.rank.map { "第 \($0) 名（共 \(result.rankedAmong ?? 0) 个）" } ?? "—"
        lines.append("总分 \(total)，\(rank)，等次：\(result.gradeLabel)\(result.veto ? "（一票否决）" : "")")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func adjustmentLine(_ label: String, _ total: AdjustmentTotal, cap: ExactDecimal?) -> String {
        var text = "\(label)合计 \(ResultFormat.points(total.claimed))，计入 \(ResultFormat.points(total.counted))"
        if total.capped, let cap { text += "（上限 \(cap.description)）" }
        if total.gated { text += "（基础得分未达加分门槛，不予加分）" }
        return text
    }

    private static func metricsTable(_ result: UnitResult) -> String {
        var table = TerminalTable(header: ["指标", "分子/分母", "实际值"], rightAligned: [2])
        for metric in MetricID.allCases {
            let value = result.metrics[metric]!
            let evidence = value.denominator.map { "\(value.numerator)/\($0)" } ?? "\(value.numerator)"
            table.rows.append([metric.chineseName, evidence, value.actual.map { percent($0, metric: metric) } ?? "n/a"])
        }
        return table.render()
    }

    static func percent(_ value: Fraction, metric: MetricID) -> String {
        metric.isCount ? ResultFormat.ratio(value) : (value * Fraction(100)).decimalText(places: 2) + "%"
    }

    static func ruleText(_ rule: ScoringRule) -> String {
        switch rule {
        case .ratio: return "按比例"
        case .linear(let floor, _): return "线性（底线 \(floor)）"
        case .threshold: return "达标"
        case .lowerBetter(let ceiling, _): return "越低越好（上限 \(ceiling)）"
        case .deduct(let per): return "每件扣 \(per) 分"
        }
    }

    static func resultName(_ result: ComplianceResult) -> String {
        switch result {
        case .pass: return "落实"
        case .partial: return "部分落实"
        case .fail: return "未落实"
        case .na: return "不适用"
        }
    }
}

/// The top of each category's ranking, printed by `kaoping run`.
public enum RankingPreview {
    public static func render(_ appraisal: Appraisal, top: Int = 5) -> String {
        var blocks: [String] = []
        var seen: [String] = []
        for result in appraisal.units where result.assessed {
            let key = "\(result.unit.category.rawValue)/\(result.unit.group ?? "")"
            if !seen.contains(key) { seen.append(key) }
        }
        for key in seen {
            let members = appraisal.units.filter { $0.assessed && "\($0.unit.category.rawValue)/\($0.unit.group ?? "")" == key }
            guard let first = members.first else { continue }
            let label = appraisal.scheme.category(first.unit.category)?.label ?? first.unit.category.chineseName
            let title = first.unit.group.map { "\(label) · \($0)" } ?? label
            var table = TerminalTable(header: ["名次", "单位编码", "单位名称", "总分", "等次"], rightAligned: [0, 3])
            for result in members.prefix(top) {
                table.rows.append([result.rank.map(String.init) ?? "", result.unit.code, result.unit.name,
                                   result.total.map(ResultFormat.points) ?? "", result.gradeLabel])
            }
            blocks.append("\(title)（前 \(min(top, members.count)) 名，共 \(members.count) 个）\n" + table.render())
        }
        return blocks.joined(separator: "\n\n")
    }
}
