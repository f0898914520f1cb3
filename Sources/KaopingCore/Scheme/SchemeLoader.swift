import Crypto
import TOMLKit

/// Reads a scheme file (TOML, TOMLKit) into a `Scheme`, refusing anything it cannot use with a
/// message naming the key: unknown metrics or rules, missing targets, weights that do not add up.
public enum SchemeLoader {
    /// A scheme is about 10 KB. toml++ does some work per dotted key in time that grows with
    /// the number of tables made by dotted keys before it, so a file of megabytes of them
    /// would take minutes.
    public static let maximumBytes = 256 << 10

    public static func load(path: String) throws(SchemeProblem) -> Scheme {
        let bytes: [UInt8]
        do { bytes = try WholeFile.read(path, limit: maximumBytes) } catch { throw .unreadable(path: path, reason: error.reason) }
        return try parse(bytes: bytes, path: path)
    }

    public static func parse(bytes: [UInt8], path: String) throws(SchemeProblem) -> Scheme {
        try TOMLSyntax.check(bytes, path: path)
        let text = String(decoding: bytes, as: UTF8.self)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(path: path, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw .syntax(path: path, line: 1, column: 1, message: "\(error)")
        }
        let root = TOMLNode(table: table, path: "", file: path)
        let version = try root.string("version")
        let title = try root.optionalString("title") ?? "考核方案 \(version)"
        var checks = CheckCatalog.standard
        for node in try root.tables("checks") ?? [] {
            let code = try node.string("code")
            guard !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw .badValue(path: path, key: node.key("code"), message: "检查项目编码只能用英文字母、数字和下划线")
            }
            checks = checks.adding([(code, try node.string("name"))])
            try node.refuseUnreadKeys()
        }
        var categories: [UnitCategory: CategoryScheme] = [:]
        for category in [UnitCategory.department, .township] {
            if let node = try root.child(category.rawValue) {
                categories[category] = try CategoryReader(node: node, category: category, checks: checks).read()
            }
        }
        guard !categories.isEmpty else { throw .missingKey(path: path, key: "department 或 township") }
        var bulletin = BulletinHeading()
        if let node = try root.child("bulletin") {
            bulletin = BulletinHeading(issuer: try node.optionalString("issuer"), documentNumber: try node.optionalString("document_number"),
                                       addressees: try node.optionalString("addressees"), district: try node.optionalString("district"))
            try node.refuseUnreadKeys()
        }
        try root.refuseUnreadKeys()
        let digest = FileDigest.hex(SHA256.hash(data: bytes))
        var scheme = Scheme(version: version, title: title, path: path, sha256: digest, categories: categories, checks: checks)
        scheme.bulletin = bulletin
        return scheme
    }
}

/// Reads one category's table: `[department]` or `[township]`.
private struct CategoryReader {
    let node: TOMLNode
    let category: UnitCategory
    let checks: CheckCatalog
    var file: String { node.file }

    func read() throws(SchemeProblem) -> CategoryScheme {
        let total = try node.optionalDecimal("total") ?? ExactDecimal(100)
        let label = try node.optionalString("label") ?? category.chineseName
        let required = try requiredExports()
        guard let indicatorNodes = try node.tables("indicators"), !indicatorNodes.isEmpty else {
            throw .missingKey(path: file, key: node.key("indicators"))
        }
        var indicators: [Indicator] = []
        for indicatorNode in indicatorNodes {
            let indicator = try IndicatorReader(node: indicatorNode).read()
            if indicators.contains(where: { $0.id == indicator.id }) {
                throw .badValue(path: file, key: indicatorNode.key("id"), message: "指标编号「\(indicator.id)」重复")
            }
            indicators.append(indicator)
        }
        let compliance = try readCompliance()
        let scheme = CategoryScheme(
            category: category, label: label, total: total, requiredExports: required, indicators: indicators,
            compliance: compliance, adjustments: try readAdjustments(), grades: try readGrades(),
            tieBreakers: try readTieBreakers())
        let sum = Fraction(scheme.indicatorWeight) + Fraction(compliance.total)
        guard sum == Fraction(total) else {
            throw .weightsDoNotAddUp(path: file, key: node.key("indicators"), indicators: scheme.indicatorWeight.description,
                                     compliance: compliance.total.description, total: total.description)
        }
        try node.refuseUnreadKeys()
        return scheme
    }

    private func requiredExports() throws(SchemeProblem) -> [ExportKind] {
        guard let names = try node.strings("required_exports") else { return [.cases, .items, .tickets] }
        var kinds: [ExportKind] = []
        for (index, name) in names.enumerated() {
            guard let kind = ExportKind(rawValue: name), ![.units, .targets].contains(kind) else {
                throw .badValue(path: file, key: "\(node.key("required_exports"))[\(index)]",
                                message: "「\(name)」不是可要求报送的数据类型（cases、items、tickets、compliance、adjustments）")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    private func readCompliance() throws(SchemeProblem) -> ComplianceSection {
        guard let section = try node.child("compliance") else {
            return ComplianceSection(points: [], partialShare: ExactDecimal(units: 5, scale: 1))
        }
        let share = try section.optionalDecimal("partial_share") ?? ExactDecimal(units: 5, scale: 1)
        guard share >= .zero, share <= ExactDecimal(1) else {
            throw .badValue(path: file, key: section.key("partial_share"), message: "部分落实的得分比例应在 0 到 1 之间")
        }
        var points: [(code: String, points: ExactDecimal)] = []
        if let table = try section.child("points") {
            for code in table.table.keys.sorted() {
                guard checks.checks.contains(where: { $0.code == code }) else {
                    throw .badValue(path: file, key: table.key(code),
                                    message: "「\(code)」不是已知的检查项目；新增项目请在 [[checks]] 中先声明")
                }
                let value = try table.decimal(code)
                guard value > .zero else { throw .badValue(path: file, key: table.key(code), message: "分值应大于 0") }
                points.append((code, value))
            }
            try table.refuseUnreadKeys()
        }
        let order = checks.checks.map(\.code)
        points.sort { order.firstIndex(of: $0.code)! < order.firstIndex(of: $1.code)! }
        try section.refuseUnreadKeys()
        return ComplianceSection(points: points, partialShare: share)
    }

    private func readAdjustments() throws(SchemeProblem) -> AdjustmentRules {
        guard let section = try node.child("adjustments") else {
            return AdjustmentRules(bonusCap: .zero, penaltyCap: ExactDecimal(100), bonusGate: nil)
        }
        let rules = AdjustmentRules(bonusCap: try section.decimal("bonus_cap"), penaltyCap: try section.decimal("penalty_cap"),
                                    bonusGate: try section.optionalDecimal("bonus_gate"))
        for (name, value) in [("bonus_cap", rules.bonusCap), ("penalty_cap", rules.penaltyCap)] where value < .zero {
            throw .badValue(path: file, key: section.key(name), message: "上限不能为负数")
        }
        try section.refuseUnreadKeys()
        return rules
    }

    private func readGrades() throws(SchemeProblem) -> GradeBands {
        guard let section = try node.child("grades") else { throw .missingKey(path: file, key: node.key("grades")) }
        let bands = GradeBands(excellent: try section.decimal("excellent"), good: try section.decimal("good"),
                               pass: try section.decimal("pass"), excellentQuota: try section.decimal("excellent_quota"))
        guard bands.excellent >= bands.good, bands.good >= bands.pass, bands.pass >= .zero else {
            throw .badValue(path: file, key: section.key("excellent"), message: "等次分数线应满足 优秀 ≥ 良好 ≥ 合格 ≥ 0")
        }
        guard bands.excellentQuota >= .zero, bands.excellentQuota <= ExactDecimal(1) else {
            throw .badValue(path: file, key: section.key("excellent_quota"), message: "优秀比例应在 0 到 1 之间（如 0.3 或 \"30%\"）")
        }
        try section.refuseUnreadKeys()
        return bands
    }

    private func readTieBreakers() throws(SchemeProblem) -> [TieBreaker] {
        var breakers: [TieBreaker] = []
        for entry in try node.tables("tie_breakers") ?? [] {
            if let by = try entry.optionalString("by") {
                switch by {
                case "indicator_score": breakers.append(.indicatorScore)
                case "compliance_score": breakers.append(.complianceScore)
                default:
                    throw .badValue(path: file, key: entry.key("by"), message: "应为 indicator_score 或 compliance_score")
                }
            } else if let name = try entry.optionalString("metric") {
                guard let metric = MetricID(rawValue: name) else {
                    throw .badValue(path: file, key: entry.key("metric"), message: "「\(name)」不是已知的指标")
                }
                let better = try entry.optionalString("better") ?? "higher"
                guard better == "higher" || better == "lower" else {
                    throw .badValue(path: file, key: entry.key("better"), message: "应为 higher 或 lower")
                }
                breakers.append(.metric(metric, higherIsBetter: better == "higher"))
            } else {
                throw .missingKey(path: file, key: entry.key("by 或 metric"))
            }
            try entry.refuseUnreadKeys()
        }
        return breakers
    }
}

/// Reads one `[[<category>.indicators]]` entry.
private struct IndicatorReader {
    let node: TOMLNode
    var file: String { node.file }

    func read() throws(SchemeProblem) -> Indicator {
        let metricName = try node.string("metric")
        guard let metric = MetricID(rawValue: metricName) else {
            throw .badValue(path: file, key: node.key("metric"),
                            message: "「\(metricName)」不是已知的指标；可用：\(MetricID.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        let id = try node.optionalString("id") ?? metric.rawValue
        let weight = try node.decimal("weight")
        guard weight > .zero else { throw .badValue(path: file, key: node.key("weight"), message: "权重应大于 0") }
        let rule = try readRule()
        let prorate = try node.optionalBool("prorate") ?? false
        if prorate && !metric.isCount {
            throw .badValue(path: file, key: node.key("prorate"),
                            message: "\(metric.rawValue) 是比率，不能按工作日折算；只有数量类指标（办件量、缩短时限等）可以折算")
        }
        let indicator = Indicator(id: id, label: try node.optionalString("label") ?? metric.chineseName, metric: metric,
                                  weight: weight, rule: rule, prorate: prorate)
        try node.refuseUnreadKeys()
        return indicator
    }

    private func readRule() throws(SchemeProblem) -> ScoringRule {
        let name = try node.string("rule")
        func positive(_ key: String) throws(SchemeProblem) -> ExactDecimal {
            let value = try node.decimal(key)
            guard value > .zero else { throw .badValue(path: file, key: node.key(key), message: "应大于 0") }
            return value
        }
        switch name {
        case "ratio":
            return .ratio(target: try positive("target"))
        case "linear":
            let floor = try node.decimal("floor"), target = try node.decimal("target")
            guard target > floor else { throw .badValue(path: file, key: node.key("target"), message: "目标值应高于底线 floor（\(floor)）") }
            return .linear(floor: floor, target: target)
        case "threshold":
            return .threshold(target: try node.decimal("target"))
        case "lower_better":
            let ceiling = try node.decimal("ceiling"), target = try node.decimal("target")
            guard ceiling > target else { throw .badValue(path: file, key: node.key("ceiling"), message: "上限 ceiling 应高于目标值（\(target)）") }
            return .lowerBetter(ceiling: ceiling, target: target)
        case "deduct":
            return .deduct(per: try positive("per"))
        default:
            throw .badValue(path: file, key: node.key("rule"),
                            message: "「\(name)」不是已知的计分规则；可用：ratio、linear、threshold、lower_better、deduct")
        }
    }
}
