/// The language of human-readable reports: Chinese, what the reform office sends, or English.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// Every phrase a scorecard prints, in one place per language.
struct ScorecardText {
    let language: ReportLanguage

    func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    var indicatorHeader: [String] {
        language == .zh ? ["指标", "分子/分母", "实际值", "目标值", "规则", "权重", "得分", "状态"]
            : ["indicator", "num/den", "actual", "target", "rule", "weight", "score", "status"]
    }
    var checkHeader: [String] {
        language == .zh ? ["检查项目", "分值", "结果", "得分", "检查记录"] : ["check", "points", "result", "score", "findings"]
    }
    var metricHeader: [String] { language == .zh ? ["指标", "分子/分母", "实际值"] : ["metric", "num/den", "actual"] }

    func indicatorLabel(_ indicator: Indicator) -> String { language == .zh ? indicator.label : indicator.metric.rawValue }
    func checkLabel(_ check: CheckResult) -> String { language == .zh ? check.name : check.code }
    func metricLabel(_ metric: MetricID) -> String { language == .zh ? metric.chineseName : metric.rawValue }

    func status(_ status: IndicatorStatus) -> String { language == .zh ? status.chineseName : status.rawValue }

    func result(_ result: ComplianceResult) -> String {
        switch result {
        case .pass: return pick("落实", "pass")
        case .partial: return pick("部分落实", "partial")
        case .fail: return pick("未落实", "fail")
        case .na: return pick("不适用", "n/a")
        }
    }

    func grade(_ unit: UnitResult) -> String {
        guard language == .en else { return unit.gradeLabel }
        guard unit.assessed else { return "not assessed" }
        return unit.grade?.rawValue ?? ""
    }

    func rule(_ rule: ScoringRule) -> String {
        switch rule {
        case .ratio: return pick("按比例", "ratio")
        case .linear(let floor, _): return pick("线性（底线 \(floor)）", "linear (floor \(floor))")
        case .threshold: return pick("达标", "threshold")
        case .lowerBetter(let ceiling, _): return pick("越低越好（上限 \(ceiling)）", "lower better (ceiling \(ceiling))")
        case .deduct(let per): return pick("每件扣 \(per) 分", "deduct \(per) each")
        }
    }

    func targetSource(_ source: TargetSource) -> String {
        switch source {
        case .scheme: return pick("方案", "scheme")
        case .everyone: return pick("目标表（全部）", "targets: *")
        case .category: return pick("目标表（类别）", "targets: category")
        case .unit: return pick("目标表（本单位）", "targets: unit")
        }
    }

    func adjustmentKind(_ kind: AdjustmentKind) -> String {
        switch kind {
        case .bonus: return pick("加分", "bonus")
        case .penalty: return pick("减分", "penalty")
        case .veto: return pick("一票否决", "veto")
        }
    }
}
