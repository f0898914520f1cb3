/// 四、存在问题 and 五、整改要求: named units, never vague: failed checks grouped by check,
/// overdue open cases, 未报送, many rejected rows, vetoes and 不合格.
extension BulletinComposer {
    var assessed: [UnitResult] { listing.groups.flatMap(\.units) }
    var separator: String { text.pick("、", ", ") }

    func problemBlocks() -> [BulletinBlock] {
        var blocks: [BulletinBlock] = []
        var number = 0
        func lead(_ zh: String, _ en: String, _ body: String) {
            number += 1
            let numeral = ["一", "二", "三", "四", "五", "六"][number - 1]
            blocks.append(.lead(text.pick("（\(numeral)）\(zh)", "(\(number)) \(en)"), text: body))
        }
        if let checks = complianceProblems() { lead("制度落实不到位。", "Compliance. ", checks) }
        if let followUp = history.followUp, let text = followUpText(followUp) { lead("上期问题整改情况。", "Follow-up of the last round. ", text) }
        let overdue = assessed.filter { $0.tally.openOverdue > 0 }.sorted { $0.tally.openOverdue > $1.tally.openOverdue }
        if !overdue.isEmpty {
            let total = overdue.reduce(0) { $0 + $1.tally.openOverdue }
            let named = overdue.map { text.pick("\($0.unit.name)\($0.tally.openOverdue)件", "\($0.unit.name) \($0.tally.openOverdue)") }
            lead("办件超期未办结。", "Overdue cases. ", text.pick(
                "截至\(OfficialDate.text(appraisal.window.asOf, language))，共有\(total)件办件超过法定时限仍未办结，涉及\(overdue.count)个单位：\(named.joined(separator: separator))。",
                "At \(OfficialDate.text(appraisal.window.asOf, language)), \(total) cases were open past their statutory limit, at \(overdue.count) units: \(named.joined(separator: separator))."))
        }
        let missing = assessed.filter { !$0.missingExports.isEmpty }
        if !missing.isEmpty {
            let named = missing.map { result in
                let kinds = result.missingExports.map { language == .zh ? $0.chineseName : $0.rawValue }
                return text.pick("\(result.unit.name)（\(kinds.joined(separator: "、"))）", "\(result.unit.name) (\(kinds.joined(separator: ", ")))")
            }
            lead("数据未报送。", "Data not submitted. ", text.pick(
                "以下单位未按要求报送数据，相关指标记0分：\(named.joined(separator: "、"))。",
                "These units did not submit required exports; the indicators they feed score 0: \(named.joined(separator: "; "))."))
        }
        if rejects.total > 0 {
            let many = assessed.map { ($0, rejects.count(for: $0)) }.filter { $0.1 >= settings.manyRejects }.sorted { $0.1 > $1.1 }
            var body = text.pick("共有\(rejects.total)行数据因格式或内容不符合要求未予采用（逐行原因见各单位督查反馈单和数据拒收清单）",
                                 "\(rejects.total) rows were refused for their format or content (listed in rejects.csv)")
            if !many.isEmpty {
                let named = many.map { text.pick("\($0.0.unit.name)\($0.1)行", "\($0.0.unit.name) \($0.1)") }
                body += text.pick("，其中拒收较多的单位：\(named.joined(separator: "、"))", "; most at \(named.joined(separator: ", "))")
            }
            lead("数据质量不高。", "Data quality. ", body + text.pick("。", "."))
        }
        let vetoed = assessed.filter(\.veto)
        let failing = assessed.filter { $0.grade == .fail && !$0.veto }
        if !vetoed.isEmpty || !failing.isEmpty {
            var parts: [String] = []
            for result in vetoed {
                let reasons = result.adjustments.filter { $0.value.kind == .veto }.map { Self.inline($0.value.reason) }
                let why = reasons.isEmpty ? "" : text.pick("因\(reasons.joined(separator: "；"))", " (\(reasons.joined(separator: "; ")))")
                parts.append(text.pick("\(result.unit.name)\(why)被一票否决", "\(result.unit.name) was vetoed\(why)"))
            }
            if !failing.isEmpty {
                parts.append(text.pick("\(failing.map(\.unit.name).joined(separator: "、"))总分未达合格线",
                                       "\(failing.map(\.unit.name).joined(separator: ", ")) scored below the pass mark"))
            }
            lead("等次不合格。", "Failing grades. ", parts.joined(separator: text.pick("；", "; ")) + text.pick("，本期等次为不合格。", "; graded fail this period."))
        }
        if blocks.isEmpty {
            blocks.append(.paragraph(text.pick("本期督查未发现需要通报的问题。", "The inspection found no problem to report.")))
        }
        return blocks
    }

    /// Free text from input inside a sentence: personal numbers masked, line breaks as spaces.
    static func inline(_ text: String) -> String {
        PrivacyMask.masked(text).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Last round's failed or partial checks: still failing (整改不到位), now in place (已整改),
    /// and not inspected again (未复查).
    private func followUpText(_ followUp: FollowUp) -> String? {
        var still: [String] = [], fixed: [String] = [], unchecked: [String] = []
        for check in followUp.checks {
            let name = language == .zh ? appraisal.scheme.checks.name(of: check.code) : check.code
            if !check.stillFailing.isEmpty { still.append("\(name)（\(check.stillFailing.map(\.name).joined(separator: separator))）") }
            if !check.rectified.isEmpty { fixed.append("\(name)（\(check.rectified.map(\.name).joined(separator: separator))）") }
            if !check.notRechecked.isEmpty { unchecked.append("\(name)（\(check.notRechecked.map(\.name).joined(separator: separator))）") }
        }
        guard !still.isEmpty || !fixed.isEmpty || !unchecked.isEmpty else { return nil }
        let period = OfficialDate.periodName(followUp.previousPeriod, language)
        var parts: [String] = []
        if !still.isEmpty { parts.append(text.pick("整改不到位、本期检查仍未落实的：\(still.joined(separator: "；"))", "still failing: \(still.joined(separator: "; "))")) }
        if !fixed.isEmpty { parts.append(text.pick("已整改落实的：\(fixed.joined(separator: "；"))", "now in place: \(fixed.joined(separator: "; "))")) }
        if !unchecked.isEmpty { parts.append(text.pick("本期未复查的：\(unchecked.joined(separator: "；"))", "not inspected again: \(unchecked.joined(separator: "; "))")) }
        return text.pick("\(period)督查发现的制度落实问题中，", "Of the compliance problems found in \(period): ")
            + parts.joined(separator: text.pick("；", "; ")) + text.pick("。", ".")
    }

    /// Failed and partial checks grouped by check, in the scheme's order.
    private func complianceProblems() -> String? {
        var codes: [String] = []
        for category in [UnitCategory.department, .township] {
            for point in appraisal.scheme.category(category)?.compliance.points ?? [] where !codes.contains(point.code) {
                codes.append(point.code)
            }
        }
        var lines: [String] = []
        for code in codes {
            let failed = assessed.filter { $0.complianceResult(code) == .fail }.map(\.unit.name)
            let partial = assessed.filter { $0.complianceResult(code) == .partial }.map(\.unit.name)
            guard !failed.isEmpty || !partial.isEmpty else { continue }
            var parts: [String] = []
            if !failed.isEmpty { parts.append(text.pick("未落实的有\(failed.joined(separator: "、"))", "not in place at \(failed.joined(separator: ", "))")) }
            if !partial.isEmpty { parts.append(text.pick("部分落实的有\(partial.joined(separator: "、"))", "partly in place at \(partial.joined(separator: ", "))")) }
            let name = language == .zh ? appraisal.scheme.checks.name(of: code) : code
            lines.append("\(name)\(text.pick("：", ": "))\(parts.joined(separator: text.pick("，", "; ")))")
        }
        guard !lines.isEmpty else { return nil }
        return text.pick("制度落实检查中，", "Inspections found: ") + lines.joined(separator: text.pick("；", "; ")) + text.pick("。", ".")
    }

    func rectification(due: Day) -> [BulletinBlock] {
        let deadline = OfficialDate.text(due, language)
        var items: [(String, String)] = []
        items.append((text.pick("限期整改。", "Deadline. "), text.pick(
            "本通报点名的单位要对照督查反馈单逐项分析原因、制定措施，于\(deadline)前（\(settings.rectifyDays)个工作日内）将整改情况书面报送\(issuer)。",
            "Every unit named in this bulletin shall analyse each finding on its feedback sheet and report its rectification in writing to \(issuer) by \(deadline) (within \(settings.rectifyDays) working days).")))
        if assessed.contains(where: { $0.tally.openOverdue > 0 }) {
            items.append((text.pick("清理超期办件。", "Overdue cases. "), text.pick(
                "有超期未办结办件的单位要逐件核查，说明超期原因，限期办结，并落实限时办结制度的责任追究。",
                "Units with overdue cases shall check each one, explain the delay, complete it, and hold those responsible to the time-limit rules.")))
        }
        if assessed.contains(where: { !$0.missingExports.isEmpty }) {
            items.append((text.pick("补报数据。", "Missing data. "), text.pick(
                "未报送数据的单位要在整改期限内补报，逾期未报的，下期继续按未报送计分。",
                "Units that did not submit shall do so within the deadline; otherwise they are scored as not submitted again.")))
        }
        if rejects.total > 0 {
            items.append((text.pick("规范数据报送。", "Data quality. "), text.pick(
                "各单位要对照督查反馈单所列的文件、行号和拒收原因更正数据，确保报送数据真实、完整、规范。",
                "Units shall correct the rows listed in rejects.csv (file, line and reason) so that their exports are complete and valid.")))
        }
        items.append((text.pick("巩固提升。", "Follow-up. "), text.pick(
            "各单位要以本次督查为契机，举一反三，健全制度，持续提升政务服务质量和效率。整改情况将纳入跟踪督查和年度目标绩效考核。",
            "All units shall learn from this inspection and keep improving. Rectification is followed up and counts in the year-end appraisal.")))
        return items.enumerated().map { index, item in
            let numeral = ["一", "二", "三", "四", "五", "六"][index]
            return .lead(text.pick("（\(numeral)）\(item.0)", "(\(index + 1)) \(item.0)"), text: item.1)
        }
    }
}
