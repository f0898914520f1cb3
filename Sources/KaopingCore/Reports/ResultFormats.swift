/// Number and flag formats shared by every result file, so ranking.csv, scores.csv and
/// summary.json print the same value the same way.
enum ResultFormat {
    /// Scores and totals: exactly two decimals, rounded half up.
    static func points(_ value: Fraction) -> String { value.decimalText(places: 2) }
    static func points(_ value: ExactDecimal) -> String { Fraction(value).decimalText(places: 2) }

    /// Rates and pro-rated targets: up to six decimals, trailing zeros dropped.
    static func ratio(_ value: Fraction) -> String { value.rounded(places: 6).description }

    static func yesNo(_ flag: Bool) -> String { flag ? "是" : "否" }

    static func exports(_ kinds: [ExportKind]) -> String { kinds.map(\.rawValue).joined(separator: ";") }
}

/// `ranking.csv` (SPEC §6): one row per unit in listing order. Columns after `rank_change`
/// are Kaoping's additions.
public enum RankingCSV {
    public static let header = ["category", "rank", "unit_code", "unit_name", "total", "grade", "bonus", "penalty", "veto",
                                "rank_change", "group", "ranked_among", "missing_exports"]

    public static func render(_ appraisal: Appraisal, order: ListingOrder = .rank, history: RunHistory = .none) -> [UInt8] {
        var csv = CSVOutput(header: header)
        for result in UnitListing(appraisal, order: order).all {
            csv.append([
                result.unit.category.rawValue,
                result.rank.map(String.init) ?? "",
                result.unit.code,
                result.unit.name,
                result.total.map(ResultFormat.points) ?? "",
                result.gradeLabel,
                result.assessed ? ResultFormat.points(result.bonus.counted) : "",
                result.assessed ? ResultFormat.points(result.penalty.counted) : "",
                ResultFormat.yesNo(result.veto),
                history.change(for: result.unit.code, .zh),
                result.unit.group ?? "",
                result.rankedAmong.map(String.init) ?? "",
                ResultFormat.exports(result.missingExports),
            ])
        }
        return csv.bytes
    }
}

/// `scores.csv` (SPEC §6): one row per assessed unit and indicator.
public enum ScoresCSV {
    public static let header = ["unit_code", "indicator", "metric", "numerator", "denominator", "actual", "target", "weight",
                                "score", "status", "unit_name", "indicator_label", "rule", "annual_target", "target_source",
                                "redistributed_weight"]

    public static func render(_ appraisal: Appraisal, order: ListingOrder = .rank) -> [UInt8] {
        var csv = CSVOutput(header: header)
        for result in UnitListing(appraisal, order: order).all where result.assessed {
            for row in result.indicators {
                csv.append([
                    result.unit.code,
                    row.indicator.id,
                    row.indicator.metric.rawValue,
                    String(row.value.numerator),
                    row.value.denominator.map(String.init) ?? "",
                    row.value.actual.map(ResultFormat.ratio) ?? "",
                    row.effectiveTarget.map(ResultFormat.ratio) ?? "",
                    row.indicator.weight.description,
                    ResultFormat.points(row.score),
                    row.status.rawValue,
                    result.unit.name,
                    row.indicator.label,
                    row.indicator.rule.name,
                    row.target?.description ?? "",
                    row.targetSource?.label ?? "",
                    ResultFormat.points(row.effectiveWeight),
                ])
            }
        }
        return csv.bytes
    }
}
