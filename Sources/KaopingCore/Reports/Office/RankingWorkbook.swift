/// `ranking.xlsx`: one sheet per category (and group) in listing order, then the full score
/// table. Numbers are numbers (totals with two decimals), the header row is bold and frozen,
/// the sheet names are Chinese. Every sheet is a bordered table that prints on A4 landscape,
/// one page wide, with the header repeated on each page.
public enum RankingWorkbook {
    public static func build(_ appraisal: Appraisal, settings: BulletinSettings, history: RunHistory = .none) -> XLSXWorkbook {
        let text = ScorecardText(language: settings.language)
        let listing = UnitListing(appraisal, order: settings.order)
        let print = XLSXWorkbook.PrintSetup(footer: text.pick("&C第 &P 页，共 &N 页", "&CPage &P of &N"))
        var sheets: [XLSXWorkbook.Sheet] = []
        let header = text.pick("名次|单位编码|单位名称|总分|指标得分|制度落实|加分|减分|等次|一票否决|未报送|参与排名单位数|较上期",
                               "Rank|Unit code|Unit|Total|Indicators|Compliance|Bonus|Penalty|Grade|Veto|Not submitted|Ranked among|Change")
            .split(separator: "|").map(String.init)
        let groups = listing.groupsWithInactiveCategories(appraisal.scheme)
        for (index, group) in groups.enumerated() {
            var rows = group.units.map { result -> [XLSXWorkbook.Cell] in
                let missing = result.missingExports.map { settings.language == .zh ? $0.chineseName : $0.rawValue }
                return [result.rank.map { .number(String($0)) } ?? .empty, .text(result.unit.code), .text(result.unit.name),
                        result.total.map { .number(ResultFormat.points($0)) } ?? .empty,
                        .number(ResultFormat.points(result.indicatorScore)), .number(ResultFormat.points(result.complianceScore)),
                        .number(ResultFormat.points(result.bonus.counted)), .number(ResultFormat.points(result.penalty.counted)),
                        .text(text.grade(result)), result.veto ? .text(text.pick("是", "yes")) : .empty,
                        missing.isEmpty ? .empty : .text(missing.joined(separator: text.pick("、", ", "))),
                        result.rankedAmong.map { .number(String($0)) } ?? .empty,
                        history.change(for: result.unit.code, settings.language).isEmpty ? .empty
                            : .text(history.change(for: result.unit.code, settings.language))]
            }
            let isLast = groups.lastIndex { $0.category == group.category } == index
            if isLast {
                for result in listing.notAssessed(in: group.category) {
                    rows.append([.empty, .text(result.unit.code), .text(result.unit.name), .empty, .empty, .empty, .empty, .empty,
                                 .text(text.grade(result)), .empty, .empty, .empty, .empty])
                }
            }
            sheets.append(XLSXWorkbook.Sheet(
                name: group.title(settings.language), header: header,
                columnWidths: fitted([6, 10, unitNameWidth, 9, 9, 9, 7, 7, 10, 8, 16, 10, 8], to: header),
                numberStyles: [0: .integer, 3: .twoDecimals, 4: .twoDecimals, 5: .twoDecimals, 6: .twoDecimals, 7: .twoDecimals, 11: .integer],
                alignments: [0: .center, 1: .center, 8: .center, 9: .center, 12: .center], printSetup: print, rows: rows))
        }
        sheets.append(scoreSheet(listing, text: text, print: print))
        return XLSXWorkbook(sheets: sheets)
    }

    /// Every indicator of every assessed unit: the same values as scores.csv, with labels.
    private static func scoreSheet(_ listing: UnitListing, text: ScorecardText, print: XLSXWorkbook.PrintSetup) -> XLSXWorkbook.Sheet {
        let header = text.pick("单位编码|单位名称|指标编码|指标|计分口径|分子|分母|实际值|比较目标|权重|得分|状态",
                               "Unit code|Unit|Indicator id|Indicator|Metric|Numerator|Denominator|Actual|Target|Weight|Score|Status")
            .split(separator: "|").map(String.init)
        var rows: [[XLSXWorkbook.Cell]] = []
        for result in listing.groups.flatMap(\.units) {
            for row in result.indicators {
                // Actual and target share the metric's unit: a rate shows as a percentage, a
                // count (and a count target pro-rated to the period, 97.991968) with two
                // decimals. The cell value stays the exact decimal of scores.csv.
                let style: XLSXWorkbook.NumberStyle = row.indicator.metric.isCount ? .twoDecimals : .percent2
                rows.append([
                    .text(result.unit.code), .text(result.unit.name), .text(row.indicator.id), .text(row.indicator.label),
                    .text(row.indicator.metric.rawValue), .number(String(row.value.numerator)),
                    row.value.denominator.map { .number(String($0)) } ?? .empty,
                    row.value.actual.map { .number(ResultFormat.ratio($0), style: style) } ?? .empty,
                    row.effectiveTarget.map { .number(ResultFormat.ratio($0), style: style) } ?? .empty,
                    .number(row.indicator.weight.description), .number(ResultFormat.points(row.score)), .text(text.status(row.status)),
                ])
            }
        }
        return XLSXWorkbook.Sheet(name: text.pick("得分明细", "Scores"), header: header,
                                  columnWidths: fitted([10, unitNameWidth, 21, 26, 26, 9, 9, 10, 10, 7, 8, 8], to: header),
                                  numberStyles: [5: .integer, 6: .integer, 9: .general, 10: .twoDecimals],
                                  alignments: [0: .center, 11: .center], printSetup: print, rows: rows)
    }

    /// Ten CJK characters: Excel measures widths in digits of Calibri 11, and a CJK character of
    /// the fallback font is about two of them.
    static let unitNameWidth = 22.0

    /// Widens columns whose bold header would not fit, so no header is cut off by its neighbour.
    static func fitted(_ widths: [Double], to header: [String]) -> [Double] {
        widths.enumerated().map { index, width in
            guard index < header.count else { return width }
            return max(width, (Double(DOCXTableWriter.displayWidth(header[index])) * 1.1 + 2).rounded())
        }
    }
}
