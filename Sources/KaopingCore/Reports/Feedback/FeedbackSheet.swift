/// `units/<code>.html`, the 督查反馈单: what one unit reads to know what to fix. Every score with
/// the evidence behind it: each indicator's numerator/denominator, target (pro-rated where it
/// applies), rule and score; compliance findings with their notes; adjustments; the IDs of
/// overdue open and late completed cases; its rejected rows; rank and the gap to the average.
public struct FeedbackSheet {
    public let appraisal: Appraisal
    public let settings: BulletinSettings
    public let rejects: RejectLedger
    /// The unit's ranking group, for the average it is compared with.
    public let group: [UnitResult]
    public let issuer: String
    /// Rank change against the previous period and the unit's recorded totals.
    public var history = RunHistory.none
    let text: ScorecardText

    public init(appraisal: Appraisal, settings: BulletinSettings, rejects: RejectLedger, group: [UnitResult], issuer: String) {
        self.appraisal = appraisal
        self.settings = settings
        self.rejects = rejects
        self.group = group
        self.issuer = issuer
        text = ScorecardText(language: settings.language)
    }

    public func render(_ result: UnitResult) -> String {
        let e = MarkupText.escaped
        let unit = result.unit
        let period = OfficialDate.periodName(appraisal.window.period, settings.language)
        let title = text.pick("\(period)规范化服务型政府建设督查反馈单", "Inspection feedback sheet, \(period)")
        // Broken where the sense breaks, as the bulletin's title is.
        let heading = settings.language == .zh
            ? e("\(period)规范化服务型政府建设") + "<br>" + e("督查反馈单") : e(title)
        var body = "<div class=\"sheet\">\n<h1>\(heading)</h1>\n"
        let category = settings.language == .zh ? (appraisal.scheme.category(unit.category)?.label ?? unit.category.chineseName) : unit.category.englishName
        let group = unit.group.map { text.pick("（\($0)）", " (\($0))") } ?? ""
        body += "<p class=\"addressees\">\(e(text.pick("\(unit.name)（单位编码 \(unit.code)，\(category)\(group)）：", "\(unit.name) (code \(unit.code), \(category)\(group)):")))</p>\n"
        let opening = text.pick("现将贵单位\(period)督查计分情况反馈如下（统计截至\(OfficialDate.text(appraisal.window.asOf, .zh))，考核方案 \(appraisal.scheme.version)）。请对照问题逐项整改。",
                                "This sheet gives your unit's scores for \(period) (as of \(OfficialDate.text(appraisal.window.asOf, .en)), scheme \(appraisal.scheme.version)), with the evidence behind each.")
        body += "<p>\(e(opening))</p>\n"
        if !result.villages.isEmpty {
            let names = result.villages.map { "\($0.name)（\($0.code)）" }.joined(separator: "、")
            body += "<p>\(e(text.pick("本单位数据含所辖便民服务室：\(names)。", "Includes the village service rooms: \(names).")))</p>\n"
        }
        guard result.assessed else {
            body += "<p>\(e(text.pick("本单位在考核名单中标注为本期不参评，以下只列出指标数据，不计分、不排名。", "Not assessed this period (marked inactive in the units file): metrics only, no score or rank.")))</p>\n"
            body += HTMLParts.table(metricsTable(result))
            return HTMLParts.page(title: "\(title) \(unit.name)", language: settings.language, body: body + footer() + "</div>\n")
        }
        body += summary(result)
        if let points = history.trends[unit.code] {
            let maximum = appraisal.scheme.category(unit.category).map { Fraction($0.total).doubleValue } ?? 100
            let line = TrendLine(title: text.pick("历次督查总分", "Total in each recorded period"),
                                 points: points.map { TrendLine.Point(label: $0.period.name, value: $0.value, valueText: $0.total ?? "—") },
                                 maximum: maximum)
            body += "<figure class=\"chart\">\n\(line.svg())</figure>\n"
        }
        if !result.missingExports.isEmpty {
            let kinds = result.missingExports.map { settings.language == .zh ? $0.chineseName : $0.rawValue }
            body += "<p>\(e(text.pick("未报送：\(kinds.joined(separator: "、"))，相关指标记 0 分。", "Not submitted: \(kinds.joined(separator: ", ")); the indicators they feed score 0.")))</p>\n"
        }
        body += "<h2>\(e(text.pick("一、指标得分", "1. Indicators")))</h2>\n" + HTMLParts.table(indicatorTable(result))
        body += "<h2>\(e(text.pick("二、制度落实", "2. Compliance")))</h2>\n" + HTMLParts.table(checkTable(result))
        body += "<h2>\(e(text.pick("三、加减分", "3. Adjustments")))</h2>\n" + adjustments(result)
        body += "<h2>\(e(text.pick("四、超期和逾期办件", "4. Overdue and late cases")))</h2>\n"
        body += caseList(text.pick("超期未办结", "Open and overdue"), result.tally.overdueCases)
        body += caseList(text.pick("逾期办结", "Completed late"), result.tally.lateCases)
        body += "<h2>\(e(text.pick("五、数据问题", "5. Refused rows")))</h2>\n" + rejectedRows(result)
        return HTMLParts.page(title: "\(title) \(unit.name)", language: settings.language, body: body + footer() + "</div>\n")
    }

    private func summary(_ result: UnitResult) -> String {
        let average = UnitListing.averageTotal(of: group)
        var gap = "—"
        if let average, let total = result.total {
            let difference = Fraction(total) - Fraction(average.rounded(places: 2))
            gap = (difference < .zero ? "−" : "+") + ResultFormat.points(difference < .zero ? Fraction.zero - difference : difference)
        }
        var rank = result.rank.map { text.pick("第 \($0) 名 / \(result.rankedAmong ?? 0)", "\($0) of \(result.rankedAmong ?? 0)") } ?? "—"
        let change = history.change(for: result.unit.code, settings.language)
        if !change.isEmpty { rank += text.pick("（较上期 \(change)）", " (\(change))") }
        let cells: [(String, String)] = [
            (text.pick("总分", "Total"), result.total.map(ResultFormat.points) ?? "—"),
            (text.pick("名次", "Rank"), rank),
            (text.pick("等次", "Grade"), text.grade(result) + (result.veto ? text.pick("（一票否决）", " (veto)") : "")),
            (text.pick("与平均分差", "Gap to average"), gap + (average.map { text.pick("（平均 \(ResultFormat.points($0))）", " (average \(ResultFormat.points($0)))") } ?? "")),
            (text.pick("指标得分", "Indicators"), ResultFormat.points(result.indicatorScore)),
            (text.pick("制度落实", "Compliance"), ResultFormat.points(result.complianceScore)),
            (text.pick("加分", "Bonus"), ResultFormat.points(result.bonus.counted)),
            (text.pick("减分", "Penalty"), ResultFormat.points(result.penalty.counted)),
        ]
        return "<div class=\"summary\">" + cells.map { "<div><b>\(MarkupText.escaped($0.0))</b>\(MarkupText.escaped($0.1))</div>" }.joined() + "</div>\n"
    }

    private func indicatorTable(_ result: UnitResult) -> BulletinTable {
        let header = text.pick("指标|分子/分母|实际值|年度目标|比较目标|目标来源|规则|权重|得分|状态", "Indicator|Num/den|Actual|Annual target|Compared with|Target from|Rule|Weight|Score|Status")
            .split(separator: "|").map(String.init)
        let rows = result.indicators.map { row -> [String] in
            var weight = row.indicator.weight.description
            if row.status != .na, Fraction(row.indicator.weight) != row.effectiveWeight { weight += "→" + ResultFormat.points(row.effectiveWeight) }
            let metric = row.indicator.metric
            // Targets are shown the way the actual value is: a rate as a percentage, a count
            // (pro-rated ones included) with two decimals.
            let shown = { (value: Fraction) in metric.isCount ? value.decimalText(places: 2) : Scorecard.percent(value, metric: metric) }
            return [text.indicatorLabel(row.indicator), Scorecard.evidence(row.value),
                    row.value.actual.map { Scorecard.percent($0, metric: metric) } ?? text.pick("不适用", "n/a"),
                    row.target.map { shown(Fraction($0)) } ?? "—",
                    row.effectiveTarget.map { row.indicator.prorate ? shown($0) + text.pick("（折算）", " (pro-rated)") : shown($0) } ?? "—",
                    row.targetSource.map(text.targetSource) ?? "—", text.rule(row.indicator.rule), weight,
                    ResultFormat.points(row.score), text.status(row.status)]
        }
        var note: String?
        if result.indicators.contains(where: \.indicator.prorate) {
            note = text.pick("数量目标按工作日折算：考核期首日至截止日 \(appraisal.workdaysToAsOf) 个工作日 ÷ 全年 \(appraisal.workdaysInYear) 个工作日。",
                             "Volume targets pro-rated by working days: \(appraisal.workdaysToAsOf) to as-of ÷ \(appraisal.workdaysInYear) in the year.")
        }
        return BulletinTable(caption: text.pick("指标小计 \(ResultFormat.points(result.indicatorScore)) 分", "Indicators: \(ResultFormat.points(result.indicatorScore)) points"),
                             header: header, rows: rows, numericColumns: [1, 2, 3, 4, 7, 8], note: note)
    }

    private func checkTable(_ result: UnitResult) -> BulletinTable {
        let header = text.pick("检查项目|分值|结果|得分|检查记录", "Check|Points|Result|Score|Findings").split(separator: "|").map(String.init)
        let rows = result.checks.map { check -> [String] in
            let outcome = check.missing ? text.pick("未报送", "not submitted") : check.result.map(text.result) ?? text.pick("未检查", "not inspected")
            let findings = check.findings.map { finding in
                let who = finding.value.inspector.map { text.pick("，检查人 \($0)", ", by \($0)") } ?? ""
                let note = finding.value.note.map { text.pick("：", ": ") + PrivacyMask.masked($0) } ?? ""
                return "\(finding.value.inspectedOn.day) \(text.result(finding.value.result))\(who)\(note)"
            }.joined(separator: text.pick("；", "; "))
            return [text.checkLabel(check), check.points.description, outcome, ResultFormat.points(check.score), findings]
        }
        return BulletinTable(caption: text.pick("制度落实小计 \(ResultFormat.points(result.complianceScore)) 分", "Compliance: \(ResultFormat.points(result.complianceScore)) points"),
                             header: header, rows: rows, numericColumns: [1, 3], note: nil)
    }

    private func adjustments(_ result: UnitResult) -> String {
        guard !result.adjustments.isEmpty else { return "<p>\(MarkupText.escaped(text.pick("无。", "None.")))</p>\n" }
        let header = text.pick("类型|分值|事由|文号", "Kind|Points|Reason|Reference").split(separator: "|").map(String.init)
        let rows = result.adjustments.map { row in
            [text.adjustmentKind(row.value.kind), row.value.points?.description ?? "", PrivacyMask.masked(row.value.reason), row.value.reference ?? ""]
        }
        var notes: [String] = []
        for (kind, total) in [(AdjustmentKind.bonus, result.bonus), (.penalty, result.penalty)] where !total.claimed.isZero {
            var line = text.pick("\(text.adjustmentKind(kind))合计 \(ResultFormat.points(total.claimed))，计入 \(ResultFormat.points(total.counted))",
                                 "\(text.adjustmentKind(kind)): claimed \(ResultFormat.points(total.claimed)), counted \(ResultFormat.points(total.counted))")
            if total.capped { line += text.pick("（超过上限）", " (capped)") }
            if total.gated { line += text.pick("（基础得分未达加分门槛）", " (base score below the bonus gate)") }
            notes.append(line)
        }
        return HTMLParts.table(BulletinTable(caption: text.pick("加减分", "Adjustments"), header: header, rows: rows, numericColumns: [1],
                                             note: notes.isEmpty ? nil : notes.joined(separator: text.pick("；", "; "))))
    }

    private func caseList(_ label: String, _ sample: CaseSample) -> String {
        let e = MarkupText.escaped
        guard sample.count > 0 else { return "<p>\(e(label + text.pick("：无。", ": none.")))</p>\n" }
        let shown = sample.entries.count < sample.count ? text.pick("，列出前 \(sample.entries.count) 件", ", first \(sample.entries.count) listed") : ""
        let ids = sample.entries.map(\.caseID.text).joined(separator: text.pick("、", ", "))
        return "<p>\(e(label + text.pick("共 \(sample.count) 件\(shown)：", ": \(sample.count)\(shown): ") + ids))</p>\n"
    }

    private func rejectedRows(_ result: UnitResult) -> String {
        let count = rejects.count(for: result)
        guard count > 0 else { return "<p>\(MarkupText.escaped(text.pick("本期报送数据无拒收行。", "No row was refused.")))</p>\n" }
        let rows = rejects.rows(for: result)
        let header = text.pick("文件|行|列|值|原因", "File|Line|Column|Value|Reason").split(separator: "|").map(String.init)
        let table = BulletinTable(
            caption: text.pick("拒收 \(count) 行", "\(count) rows refused") + (rows.count < count ? text.pick("（列出前 \(rows.count) 行，全部见 rejects.csv）", " (first \(rows.count); all in rejects.csv)") : ""),
            header: header,
            rows: rows.map { [$0.file, String($0.line), $0.column, PrivacyMask.masked($0.value), PrivacyMask.masked($0.message)] },
            numericColumns: [1], note: nil)
        return HTMLParts.table(table)
    }

    private func metricsTable(_ result: UnitResult) -> BulletinTable {
        let rows = MetricID.allCases.map { metric -> [String] in
            let value = result.metrics[metric] ?? MetricValue(numerator: 0, denominator: nil)
            return [text.metricLabel(metric), Scorecard.evidence(value),
                    value.actual.map { Scorecard.percent($0, metric: metric) } ?? text.pick("不适用", "n/a")]
        }
        return BulletinTable(caption: text.pick("指标数据", "Metrics"), header: text.metricHeader, rows: rows, numericColumns: [1, 2], note: nil)
    }

    private func footer() -> String {
        let date = OfficialDate.text(settings.issuedOn ?? appraisal.window.asOf, settings.language)
        return "<p class=\"signature\">\(MarkupText.escaped(issuer))<br>\(MarkupText.escaped(date))</p>\n"
    }
}
