import Foundation
@testable import KaopingCore
import Testing

/// Builders for the scoring tests. Kept in one namespace so they cannot clash with helpers of
/// other test folders.
enum ScoringKit {
    /// The package root, found from this file: <root>/Tests/KaopingCoreTests/Scoring/ScoringKit.swift.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var calendarFolder: String { root + "/data/calendar" }
    static var scheme2022Path: String { root + "/data/schemes/2022.toml" }

    /// The shipped calendars, 2021–2024.
    static let calendar: WorkingCalendar = {
        do { return try WorkingCalendar.load(folder: calendarFolder) } catch { fatalError("\(error)") }
    }()

    /// An exact decimal from its text ("84.125", "95%").
    static func dec(_ text: String) -> ExactDecimal {
        guard case .number(let value) = NumberParser.parse(ArraySlice(Array(text.utf8))) else {
            fatalError("not a number: \(text)")
        }
        return value
    }

    static func unit(_ code: String, _ category: UnitCategory = .department, required: [ExportKind]? = nil,
                     group: String? = nil) -> UnitRecord {
        UnitRecord(code: code, name: "单位\(code)", category: category, active: true, requiredExports: required,
                   parentCode: nil, group: group, order: nil)
    }

    static func indicator(_ id: String, _ metric: MetricID, weight: Int, _ rule: ScoringRule,
                          prorate: Bool = false) -> Indicator {
        Indicator(id: id, label: id, metric: metric, weight: ExactDecimal(weight), rule: rule, prorate: prorate)
    }

    static let standardBands = GradeBands(excellent: ExactDecimal(90), good: ExactDecimal(80), pass: ExactDecimal(60),
                                          excellentQuota: ExactDecimal(units: 3, scale: 1))

    static func categoryScheme(_ category: UnitCategory = .department, indicators: [Indicator],
                               compliance: [(String, Int)] = [], partialShare: String = "0.5",
                               bonusCap: Int = 3, penaltyCap: Int = 10, bonusGate: Int? = nil,
                               grades: GradeBands = standardBands, tieBreakers: [TieBreaker] = [],
                               required: [ExportKind] = [.cases, .items, .tickets]) -> CategoryScheme {
        CategoryScheme(
            category: category, label: category.chineseName, total: ExactDecimal(100), requiredExports: required,
            indicators: indicators,
            compliance: ComplianceSection(points: compliance.map { ($0.0, ExactDecimal($0.1)) }, partialShare: dec(partialShare)),
            adjustments: AdjustmentRules(bonusCap: ExactDecimal(bonusCap), penaltyCap: ExactDecimal(penaltyCap),
                                         bonusGate: bonusGate.map { ExactDecimal($0) }),
            grades: grades, tieBreakers: tieBreakers)
    }

    static func scorer(_ scheme: CategoryScheme, targets: TargetBook? = nil, proration: Fraction = .one) -> UnitScorer {
        let book = targets ?? TargetBook(rows: [], scheme: wrap(scheme), units: UnitRegistry())
        return UnitScorer(scheme: scheme, targets: book, proration: proration, checkNames: .standard)
    }

    /// A whole scheme holding the given category schemes.
    static func wrap(_ schemes: CategoryScheme...) -> Scheme {
        var categories: [UnitCategory: CategoryScheme] = [:]
        for scheme in schemes { categories[scheme.category] = scheme }
        return Scheme(version: "test", title: "test", path: "test.toml", sha256: "", categories: categories, checks: .standard)
    }

    static func location(_ line: Int, file: Int = 0) -> RowLocation { RowLocation(file: file, line: line) }

    static func finding(_ check: String, _ result: ComplianceResult, line: Int, unit: String = "0101") -> Located<ComplianceFinding> {
        Located(value: ComplianceFinding(unitCode: unit, check: check, result: result, inspectedOn: stamp(2022, 3, 1),
                                         inspector: nil, note: nil),
                location: location(line))
    }

    static func adjustment(_ kind: AdjustmentKind, _ points: String?, line: Int, unit: String = "0101") -> Located<AdjustmentRecord> {
        Located(value: AdjustmentRecord(unitCode: unit, kind: kind, points: points.map(dec), reason: "test",
                                        reference: nil, dated: nil),
                location: location(line))
    }

    /// A ranked-to-be result with only what Ranking looks at.
    static func ranked(_ code: String, total: String, veto: Bool = false, compliance: Fraction = .zero,
                       metrics: [MetricID: MetricValue] = [:]) -> UnitResult {
        let none = AdjustmentTotal(claimed: .zero, counted: .zero, capped: false, gated: false)
        return UnitResult(
            unit: unit(code), assessed: true, villages: [], tally: UnitTally(), metrics: metrics, requiredExports: [],
            missingExports: [], indicators: [], checks: [], indicatorScore: Fraction(dec(total)) - compliance,
            complianceScore: compliance, bonus: none, penalty: none, adjustments: [], veto: veto, total: dec(total),
            rank: nil, grade: nil, rankedAmong: nil)
    }
}
