/// Why a bulletin cannot be written (exit 2: fix the calendar or the option).
public enum BulletinProblem: Error, CustomStringConvertible {
    case deadlineOutsideCalendar(WorkingCalendar.Problem, rectifyDays: Int)

    public var description: String {
        switch self {
        case let .deadlineOutsideCalendar(problem, days):
            return "\(problem.description)（整改期限为截止日后 \(days) 个工作日，需要下一年的日历；请补充日历文件或用 --rectify-days 调整）"
        }
    }
}

/// Writes the 通报 from an appraisal: letterhead, opening, 一、总体情况, 二、排名情况, 三、表扬,
/// 四、存在问题, 五、整改要求, the date line and the 附件 score table.
public struct BulletinComposer {
    public let appraisal: Appraisal
    public let settings: BulletinSettings
    public let rejects: RejectLedger
    public let calendar: WorkingCalendar
    /// The previous run, for 较上期 and the 整改 follow-up.
    public var history = RunHistory.none
    let text: ScorecardText
    let listing: UnitListing
    let figures: HeadlineFigures

    public init(appraisal: Appraisal, settings: BulletinSettings, rejects: RejectLedger, calendar: WorkingCalendar) {
        self.appraisal = appraisal
        self.settings = settings
        self.rejects = rejects
        self.calendar = calendar
        text = ScorecardText(language: settings.language)
        listing = UnitListing(appraisal, order: settings.order)
        figures = HeadlineFigures(appraisal)
    }

    var language: ReportLanguage { settings.language }
    var heading: BulletinHeading { appraisal.scheme.bulletin }
    var periodName: String { OfficialDate.periodName(appraisal.window.period, language) }

    var issuer: String {
        settings.issuer ?? heading.issuer ?? text.pick("\(heading.district ?? "区")规范化服务型政府建设工作领导小组办公室",
                                                       "Office for Standardised Service-Oriented Government")
    }

    /// The 整改 deadline: `rectifyDays` working days after as-of on the calendar.
    public func deadline() throws(BulletinProblem) -> Day {
        try settings.deadline(after: appraisal.window.asOf, on: calendar)
    }

    public func compose() throws(BulletinProblem) -> BulletinDocument {
        let due = try deadline()
        let issuedOn = settings.issuedOn ?? appraisal.window.asOf
        var sections = [opening(), overview(), rankingSection(), praise()]
        sections.append(BulletinSection(heading: text.pick("四、存在问题", "4. Problems found"), blocks: problemBlocks()))
        sections.append(BulletinSection(heading: text.pick("五、整改要求", "5. Rectification"), blocks: rectification(due: due)))
        return BulletinDocument(
            language: language, issuer: issuer, documentNumber: settings.documentNumber ?? heading.documentNumber,
            title: text.pick("关于\(periodName)规范化服务型政府建设督查情况的通报",
                             "Bulletin on the inspection of standardised, service-oriented government, \(periodName)"),
            addressees: heading.addressees ?? text.pick("各乡镇人民政府、街道办事处，区政府各部门",
                                                        "Township governments, subdistrict offices and district departments"),
            sections: sections,
            attachmentLine: text.pick("附件：\(periodName)各单位得分明细表", "Attachment: scores of every unit, \(periodName)"),
            signature: issuer, dateLine: OfficialDate.text(issuedOn, language),
            attachments: [attachment()])
    }

    // MARK: opening and 一、总体情况

    private func opening() -> BulletinSection {
        let window = appraisal.window
        let span = "\(OfficialDate.text(window.period.first, language))\(text.pick("至", " to "))\(OfficialDate.text(window.asOf, language))"
        let departments = appraisal.scheme.category(.department)?.label ?? UnitCategory.department.chineseName
        let townships = appraisal.scheme.category(.township)?.label ?? UnitCategory.township.chineseName
        // Only the categories that were assessed: a department-only scheme never says 0个乡镇.
        var counted: [String] = []
        if figures.departments > 0 { counted.append(text.pick("\(figures.departments)个\(departments)", "\(figures.departments) district departments")) }
        if figures.townships > 0 { counted.append(text.pick("\(figures.townships)个\(townships)", "\(figures.townships) townships and subdistricts")) }
        var scope = counted.joined(separator: text.pick("和", " and "))
        if figures.villages > 0 {
            scope += text.pick("（含\(figures.villages)个村（社区）便民服务室，数据计入所属乡镇（街道））",
                               " (including \(figures.villages) village service rooms, counted with their townships)")
        }
        let district = heading.district ?? text.pick("全区", "the district")
        var paragraph = text.pick(
            "为深入推进规范化服务型政府建设，根据《\(appraisal.scheme.title)》（以下简称《方案》），\(issuer)对\(district)\(scope)\(periodName)（\(span)）规范化服务型政府建设工作进行了督查。督查以各单位报送的办件、服务事项、投诉（公开电话、信箱）数据和制度落实检查记录为依据，按《方案》逐项计分、分类排名。",
            "To advance standardised, service-oriented government, and under the scheme “\(appraisal.scheme.title)”, \(issuer) inspected \(scope) of \(district) for \(periodName) (\(span)). Each unit was scored item by item from the cases, service items, complaints (hotline, mailbox) and compliance inspections it reported, and ranked within its category.")
        if figures.notAssessed > 0 {
            paragraph += text.pick("另有\(figures.notAssessed)个单位本期不参评。", " \(figures.notAssessed) units were not assessed this period.")
        }
        paragraph += text.pick("现将有关情况通报如下。", " The findings are as follows.")
        return BulletinSection(heading: nil, blocks: [.paragraph(paragraph)])
    }

    private func overview() -> BulletinSection {
        let tally = figures.tally
        let p = { (metric: MetricID) in figures.percent(metric, language) }
        var blocks: [BulletinBlock] = []
        blocks.append(.lead(text.pick("（一）办件效率。", "(1) Case handling. "), text: text.pick(
            "共受理办件\(tally.cases)件，已办结\(tally.completed)件，按时办结率\(p(.onTimeRate))，即办件占\(p(.immediateRate))，5个工作日内办结\(p(.within5Rate))，网上（掌上）办理率\(p(.onlineRate))；截至\(OfficialDate.text(appraisal.window.asOf, language))超期未办结\(tally.openOverdue)件。",
            "\(tally.cases) cases received and \(tally.completed) completed; on time \(p(.onTimeRate)); immediate \(p(.immediateRate)); completed within 5 working days \(p(.within5Rate)); online or mobile \(p(.onlineRate)); \(tally.openOverdue) cases open and overdue at \(OfficialDate.text(appraisal.window.asOf, language)).")))
        blocks.append(.lead(text.pick("（二）事项优化。", "(2) Service items. "), text: text.pick(
            "\(tally.items)项服务事项中，即办件项目\(tally.immediateItems)项，即办件项目比例\(p(.immediateItemRate))；5个工作日内办结的事项比例\(p(.within5ItemRate))；授权窗口直接办理\(tally.authorizedItems)项（共\(tally.items)项，占\(p(.windowAuthorizationRate))）；承诺时限较法定时限共缩短办结时限\(tally.daysSaved)个工作日，时限压缩率\(p(.compressionRate))。",
            "Of \(tally.items) service items, \(tally.immediateItems) are immediate (\(p(.immediateItemRate))); \(p(.within5ItemRate)) are promised within 5 working days; \(tally.authorizedItems) are authorised at the window (of \(tally.items), \(p(.windowAuthorizationRate))); promised limits are \(tally.daysSaved) working days shorter than the statutory ones in all (compression \(p(.compressionRate))).")))
        blocks.append(.lead(text.pick("（三）投诉和群众评价。", "(3) Complaints and satisfaction. "), text: text.pick(
            "受理投诉、公开电话和信箱件\(tally.tickets)件，办结率\(p(.ticketClosedRate))，按时办结率\(p(.ticketOnTimeRate))，群众满意率\(p(.ticketSatisfactionRate))；办件评价\(tally.rated)件，满意率\(p(.satisfactionRate))，差评\(tally.badRatings)件。",
            "\(tally.tickets) complaints, hotline calls and mailbox letters: closed \(p(.ticketClosedRate)), on time \(p(.ticketOnTimeRate)), satisfied \(p(.ticketSatisfactionRate)); \(tally.rated) case ratings, \(p(.satisfactionRate)) satisfied, \(tally.badRatings) bad reviews.")))
        var scores: [String] = []
        for group in listing.groups {
            guard let mean = group.averageTotal, let best = group.units.first(where: { $0.total != nil }) else { continue }
            // Rank order already puts vetoed units last: the first and last ranked units are the
            // highest and lowest a reader would name, never a vetoed unit "highest".
            let ranked = group.units.filter { !$0.veto && $0.total != nil }
            // By total, not listing position: with --order registry the first row is not the best.
            let highest = ranked.max { Fraction($0.total!) < Fraction($1.total!) } ?? best
            let lowest = ranked.min { Fraction($0.total!) < Fraction($1.total!) } ?? best
            let average = ResultFormat.points(mean)
            scores.append(text.pick(
                "\(group.title(.zh))平均\(average)分，最高为\(highest.unit.name)\(ResultFormat.points(highest.total!))分，最低为\(lowest.unit.name)\(ResultFormat.points(lowest.total!))分",
                "\(group.title(.en)): average \(average), highest \(highest.unit.name) \(ResultFormat.points(highest.total!)), lowest \(lowest.unit.name) \(ResultFormat.points(lowest.total!))"))
        }
        if !scores.isEmpty {
            blocks.append(.lead(text.pick("（四）考核得分。", "(4) Scores. "),
                                text: scores.joined(separator: text.pick("；", "; ")) + text.pick("。", ".")))
        }
        return BulletinSection(heading: text.pick("一、总体情况", "1. Overview"), blocks: blocks)
    }

    // MARK: 二、排名情况 and 三、表扬

    private func rankingSection() -> BulletinSection {
        var blocks: [BulletinBlock] = []
        for (index, group) in listing.groups.enumerated() {
            let average = group.averageTotal
            blocks.append(.table(rankingTable(group, number: index + 1, isLastOfCategory: listing.groups.last { $0.category == group.category }?.group == group.group)))
            blocks.append(.chart(.ranking(barChart(group, average: average, number: index + 1))))
        }
        let ranked = Set(listing.groups.map(\.category))
        for category in [UnitCategory.department, .township] where !ranked.contains(category) {
            let inactive = listing.notAssessed(in: category)
            guard !inactive.isEmpty else { continue }
            let label = language == .zh ? (appraisal.scheme.category(category)?.label ?? category.chineseName) : category.englishName
            let names = inactive.map(\.unit.name).joined(separator: separator)
            blocks.append(.paragraph(text.pick("\(label)本期均不参评，不排名：\(names)。", "\(label): none assessed this period, not ranked: \(names).")))
        }
        return BulletinSection(heading: text.pick("二、排名情况", "2. Rankings"), blocks: blocks)
    }

    private func rankingTable(_ group: UnitListing.Group, number: Int, isLastOfCategory: Bool) -> BulletinTable {
        var header = text.pick("名次|单位|总分|指标得分|制度落实|加分|减分|等次|备注", "Rank|Unit|Total|Indicators|Compliance|Bonus|Penalty|Grade|Notes")
            .split(separator: "|").map(String.init)
        let compared = history.previous != nil
        if compared { header.insert(text.pick("较上期", "Change"), at: 1) }
        let rows = group.units.map { result -> [String] in
            var row = [result.rank.map(String.init) ?? "", result.unit.name, result.total.map(ResultFormat.points) ?? "",
                       ResultFormat.points(result.indicatorScore), ResultFormat.points(result.complianceScore),
                       ResultFormat.points(result.bonus.counted), ResultFormat.points(result.penalty.counted), text.grade(result), remark(result)]
            if compared { row.insert(history.change(for: result.unit.code, language), at: 1) }
            return row
        }
        var note: String?
        let inactive = listing.notAssessed(in: group.category)
        if isLastOfCategory, !inactive.isEmpty {
            note = text.pick("不参评：", "Not assessed: ") + inactive.map(\.unit.name).joined(separator: text.pick("、", ", "))
        }
        if compared, let period = history.previous?.period {
            let since = text.pick("较上期：与\(OfficialDate.periodName(period, .zh))相比的名次变化，↑ 上升、↓ 下降、— 持平、新 上期未参与排名。",
                                  "Change: rank against \(OfficialDate.periodName(period, .en)); ↑ up, ↓ down, — same, new: not ranked then.")
            note = note.map { since + " " + $0 } ?? since
        }
        let numeric: Set<Int> = compared ? [0, 3, 4, 5, 6, 7] : [0, 2, 3, 4, 5, 6]
        return BulletinTable(caption: text.pick("表\(number) \(group.title(.zh))得分排名", "Table \(number). \(group.title(.en)): ranking"),
                             header: header, rows: rows, numericColumns: numeric, note: note)
    }

    func remark(_ result: UnitResult) -> String {
        var notes: [String] = []
        if result.veto { notes.append(text.pick("一票否决", "veto")) }
        if !result.missingExports.isEmpty {
            let kinds = result.missingExports.map { language == .zh ? $0.chineseName : $0.rawValue }
            notes.append(text.pick("未报送\(kinds.joined(separator: "、"))", "not submitted: \(kinds.joined(separator: ", "))"))
        }
        return notes.joined(separator: text.pick("；", "; "))
    }

    private func barChart(_ group: UnitListing.Group, average: Fraction?, number: Int) -> RankedBarChart {
        let maximum = appraisal.scheme.category(group.category)?.total ?? ExactDecimal(100)
        let bars = group.units.map { result -> RankedBarChart.Bar in
            let total = result.total.map(Fraction.init) ?? .zero
            let emphasis: RankedBarChart.Emphasis
            if !result.missingExports.isEmpty { emphasis = .absent }
            else if result.veto || result.grade == .fail { emphasis = .failing }
            else if result.grade == .excellent { emphasis = .excellent }
            else { emphasis = .normal }
            return RankedBarChart.Bar(label: result.unit.name, value: total.doubleValue,
                                      valueText: result.total.map(ResultFormat.points) ?? "", emphasis: emphasis)
        }
        var chart = RankedBarChart(title: text.pick("图\(number) \(group.title(.zh))总分", "Figure \(number). \(group.title(.en)): totals"), bars: bars)
        chart.legend = language == .zh ? [.excellent: "优秀", .normal: "良好、合格", .failing: "不合格（含一票否决）", .absent: "未报送"]
            : [.excellent: "excellent", .normal: "good, pass", .failing: "fail (incl. veto)", .absent: "not submitted"]
        chart.maximum = Fraction(maximum).doubleValue
        if let average {
            chart.referenceLine = (average.doubleValue, text.pick("平均 ", "average ") + ResultFormat.points(average))
        }
        return chart
    }

    private func praise() -> BulletinSection {
        var named: [String] = []
        for group in listing.groups {
            let excellent = group.units.filter { $0.grade == .excellent }
            guard !excellent.isEmpty else { continue }
            named.append(text.pick("\(group.title(.zh))：", "\(group.title(.en)): ") + excellent.map(\.unit.name).joined(separator: text.pick("、", ", ")))
        }
        let paragraph = named.isEmpty
            ? text.pick("本期没有单位评为优秀。", "No unit was graded excellent this period.")
            : text.pick("对评为优秀的以下单位予以通报表扬：", "The following units were graded excellent and are commended: ")
                + named.joined(separator: text.pick("；", "; ")) + text.pick("。希望受到表扬的单位再接再厉，其他单位以先进为榜样，切实提升服务水平。", ".")
        return BulletinSection(heading: text.pick("三、表扬", "3. Commendations"), blocks: [.paragraph(paragraph)])
    }

    // MARK: 附件

    private func attachment() -> BulletinSection {
        var blocks: [BulletinBlock] = []
        for (index, group) in listing.groups.enumerated() {
            guard let scheme = appraisal.scheme.category(group.category) else { continue }
            let indicatorLabels = scheme.indicators.map { language == .zh ? $0.label : $0.id }
            let header = [text.pick("名次", "Rank"), text.pick("单位", "Unit")] + indicatorLabels
                + [text.pick("制度落实", "Compliance"), text.pick("加分", "Bonus"), text.pick("减分", "Penalty"), text.pick("总分", "Total"), text.pick("等次", "Grade")]
            let rows = group.units.map { result -> [String] in
                [result.rank.map(String.init) ?? "", result.unit.name]
                    + scheme.indicators.map { indicator in
                        guard let row = result.indicators.first(where: { $0.indicator.id == indicator.id }) else { return "" }
                        return row.status == .na ? text.pick("不适用", "n/a") : ResultFormat.points(row.score)
                    }
                    + [ResultFormat.points(result.complianceScore), ResultFormat.points(result.bonus.counted),
                       ResultFormat.points(result.penalty.counted), result.total.map(ResultFormat.points) ?? "", text.grade(result)]
            }
            let numeric = Set([0] + Array(2..<(header.count - 1)))
            blocks.append(.table(BulletinTable(caption: text.pick("附表\(index + 1) \(group.title(.zh))得分明细", "Table A\(index + 1). \(group.title(.en)): scores"),
                                               header: header, rows: rows, numericColumns: numeric, note: nil)))
            blocks.append(.chart(.heatMap(heatMap(group, scheme: scheme, number: listing.groups.count + index + 1))))
        }
        return BulletinSection(heading: text.pick("附件", "Attachment"),
                               subtitle: text.pick("\(periodName)各单位得分明细表", "Scores of every unit, \(periodName)"), blocks: blocks)
    }

    private func heatMap(_ group: UnitListing.Group, scheme: CategoryScheme, number: Int) -> HeatMap {
        let columns = scheme.indicators.map { language == .zh ? $0.label : $0.id } + [text.pick("制度落实", "Compliance")]
        var cells: [[Double?]] = []
        var texts: [[String]] = []
        for result in group.units {
            var row: [Double?] = []
            var rowTexts: [String] = []
            for indicator in scheme.indicators {
                let found = result.indicators.first { $0.indicator.id == indicator.id }
                guard let found, found.status != .na, !found.effectiveWeight.isZero else {
                    row.append(nil)
                    rowTexts.append(text.pick("不适用", "n/a"))
                    continue
                }
                row.append((found.score / found.effectiveWeight).doubleValue)
                rowTexts.append(ResultFormat.points(found.score))
            }
            let points = Fraction(scheme.compliance.total)
            row.append(points.isZero ? nil : (result.complianceScore / points).doubleValue)
            rowTexts.append(ResultFormat.points(result.complianceScore))
            cells.append(row)
            texts.append(rowTexts)
        }
        return HeatMap(title: text.pick("图\(number) \(group.title(.zh))各项指标得分（颜色越深，得分率越高）",
                                        "Figure \(number). \(group.title(.en)): points per indicator (darker = larger share earned)"),
                       columnLabels: columns, rowLabels: group.units.map(\.unit.name), cells: cells, cellTexts: texts,
                       legend: (text.pick("得分率 0%", "0% earned"), text.pick("满分", "full marks"), text.pick("不适用", "n/a")))
    }
}
