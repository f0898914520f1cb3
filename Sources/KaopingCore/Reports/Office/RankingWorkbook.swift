/// `ranking.xlsx`: one sheet per category (and group) in listing order, then the full score
/// table. Numbers are numbers (totals with two decimals), the header row is bold and frozen,
/// the sheet names are Chinese.
public enum RankingWorkbook {
    public static func build(_ appraisal: Appraisal, settings: BulletinSettings) -> XLSXWorkbook {
        let text = ScorecardText(language: settings.language)
        let listing = UnitListing(appraisal, order: settings.order)
        var sheets: [XLSXWorkbook.Sheet] = []
        let header = text.pick("名次|单位编码|单位名称|总分|指标得分|制度落实|加分|减分|等次|一票否决|未报送|参与排名单位数",
                               "Rank|Unit code|Unit|Total|Indicators|Compliance|Bonus|Penalty|Grade|Veto|Not submitted|Ranked among")
            .split(separator: "|").map(String.init)
        for (index, group) in listing.groups.enumerated() {
            var rows = group.units.map { result -> [XLSXWorkbook.Cell] in
                [result.rank.map { .number(String($0)) } ?? .empty, .text(result.unit.code), .text(result.unit.name),
                 result.total.map { .number(ResultFormat.points($0)) } ?? .empty,
                 .number(ResultFormat.points(result.indicatorScore)), .number(ResultFormat.points(result.complianceScore)),
                 .number(ResultFormat.points(result.bonus.counted)), .number(ResultFormat.points(result.penalty.counted)),
                 .text(text.grade(result)), .text(result.veto ? text.pick("是", "yes") : ""),
                 .text(result.missingExports.map { settings.language == .zh ? $0.chineseName : $0.rawValue }.joined(separator: text.pick("、", ", "))),
                 result.rankedAmong.map { .number(String($0)) } ?? .empty]
            }
            let isLast = listing.groups.lastIndex { $0.category == group.category } == index
            if isLast {
                for result in listing.notAssessed(in: group.category) {
                    rows.append([.empty, .text(result.unit.code), .text(result.unit.name), .empty, .empty, .empty, .empty, .empty,
                                 .text(text.grade(result)), .empty, .empty, .empty])
                }
            }
            sheets.append(XLSXWorkbook.Sheet(
                name: group.title(settings.language), header: header,
                columnWidths: [6, 10, 26, 9, 9, 9, 7, 7, 8, 8, 14, 10],
                numberStyles: [0: .integer, 3: .twoDecimals, 4: .twoDecimals, 5: .twoDecimals, 6: .twoDecimals, 7: .twoDecimals, 11: .integer],
                rows: rows))
        }
        sheets.append(scoreSheet(listing, text: text))
        return XLSXWorkbook(sheets: sheets)
    }

    /// Every indicator of every assessed unit: the same values as scores.csv, with labels.
    private static func scoreSheet(_ listing: UnitListing, text: ScorecardText) -> XLSXWorkbook.Sheet {
        let header = text.pick("单位编码|单位名称|指标编码|指标|计分口径|分子|分母|实际值|比较目标|权重|得分|状态",
                               "Unit code|Unit|Indicator id|Indicator|Metric|Numerator|Denominator|Actual|Target|Weight|Score|Status")
            .split(separator: "|").map(String.init)
        var rows: [[XLSXWorkbook.Cell]] = []
        for result in listing.groups.flatMap(\.units) {
            for row in result.indicators {
                rows.append([
                    .text(result.unit.code), .text(result.unit.name), .text(row.indicator.id), .text(row.indicator.label),
                    .text(row.indicator.metric.rawValue), .number(String(row.value.numerator)),
                    row.value.denominator.map { .number(String($0)) } ?? .empty,
                    row.value.actual.map { .number(ResultFormat.ratio($0)) } ?? .empty,
                    row.effectiveTarget.map { .number(ResultFormat.ratio($0)) } ?? .empty,
                    .number(row.indicator.weight.description), .number(ResultFormat.points(row.score)), .text(text.status(row.status)),
                ])
            }
        }
        return XLSXWorkbook.Sheet(name: text.pick("得分明细", "Scores"), header: header,
                                  columnWidths: [10, 26, 16, 22, 26, 9, 9, 10, 10, 7, 8, 8],
                                  numberStyles: [5: .integer, 6: .integer, 7: .general, 8: .general, 9: .general, 10: .twoDecimals],
                                  rows: rows)
    }
}
