@testable import KaopingCore
import Testing

@Suite("Scoring: ranking and grades")
struct RankingTests {
    private typealias K = ScoringKit

    private func scheme(quota: String = "30%", tieBreakers: [TieBreaker] = []) -> CategoryScheme {
        var scheme = K.categoryScheme(indicators: [K.indicator("on_time", .onTimeRate, weight: 100, .ratio(target: ExactDecimal(1)))],
                                      tieBreakers: tieBreakers)
        scheme.grades.excellentQuota = K.dec(quota)
        return scheme
    }

    private func summary(_ ranked: [UnitResult]) -> [String] {
        ranked.map { "\($0.unit.code) \($0.rank ?? 0) \($0.grade?.chineseName ?? "-")" }
    }

    @Test("Equal totals share a rank: 1, 2, 2, 4, listed by unit_code without tie-breakers")
    func sharedRanks() {
        let ranked = Ranking.rankAndGrade([
            K.ranked("D", total: "85"), K.ranked("C", total: "90"), K.ranked("A", total: "95"), K.ranked("B", total: "90"),
        ], scheme: scheme(quota: "0"))
        #expect(ranked.map(\.unit.code) == ["A", "B", "C", "D"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked.allSatisfy { $0.rankedAmong == 4 })
    }

    @Test("The 优秀 quota is a share of the group, rounded down", arguments: [(13, 3), (10, 3), (9, 2), (3, 0), (4, 1)])
    func quota(size: Int, excellent: Int) {
        // Every unit is above the 优秀 line: only the quota limits them.
        let units = (0..<size).map { K.ranked("U\($0 < 10 ? "0" : "")\($0)", total: "\(99 - $0 / 2).\($0 % 2 == 0 ? "5" : "0")") }
        let ranked = Ranking.rankAndGrade(units, scheme: scheme())
        #expect(ranked.filter { $0.grade == .excellent }.count == excellent)
        #expect(ranked.prefix(excellent).allSatisfy { $0.grade == .excellent })
        #expect(ranked.dropFirst(excellent).allSatisfy { $0.grade == .good })
    }

    @Test("A tie across the quota boundary is settled by the tie-breakers, not by unit_code")
    func tieAcrossBoundary() {
        // 30% of 4 is 1. A and B tie at 95; B has the higher compliance score.
        let units = [
            K.ranked("A", total: "95", compliance: Fraction(15)), K.ranked("B", total: "95", compliance: Fraction(18)),
            K.ranked("C", total: "91"), K.ranked("D", total: "70"),
        ]
        let ranked = Ranking.rankAndGrade(units, scheme: scheme(tieBreakers: [.complianceScore]))
        #expect(summary(ranked) == ["B 1 优秀", "A 1 良好", "C 3 良好", "D 4 合格"])
        // Without the breaker unit_code decides.
        let byCode = Ranking.rankAndGrade(units, scheme: scheme())
        #expect(summary(byCode) == ["A 1 优秀", "B 1 良好", "C 3 良好", "D 4 合格"])
    }

    @Test("Metric tie-breakers: higher or lower first, a measured value before n/a, then the next breaker")
    func metricTieBreakers() {
        let units = [
            K.ranked("A", total: "88", metrics: [.onTimeRate: MetricValue(numerator: 9, denominator: 10), .overdueOpen: .count(1)]),
            K.ranked("B", total: "88", metrics: [.onTimeRate: MetricValue(numerator: 9, denominator: 10), .overdueOpen: .count(3)]),
            K.ranked("C", total: "88", metrics: [.onTimeRate: MetricValue(numerator: 19, denominator: 20), .overdueOpen: .count(5)]),
            K.ranked("D", total: "88", metrics: [.onTimeRate: MetricValue(numerator: 0, denominator: 0), .overdueOpen: .count(0)]),
        ]
        let breakers: [TieBreaker] = [.metric(.onTimeRate, higherIsBetter: true), .metric(.overdueOpen, higherIsBetter: false)]
        let ordered = Ranking.order(units.reversed(), tieBreakers: breakers)
        // C has the best rate; A and B tie on it and A has fewer overdue; D's rate is n/a.
        #expect(ordered.map(\.unit.code) == ["C", "A", "B", "D"])
        let ranked = Ranking.rankAndGrade(units, scheme: scheme(tieBreakers: breakers))
        #expect(ranked.map(\.rank) == [1, 1, 1, 1])
    }

    @Test("A vetoed unit goes last, is graded 不合格, and its 优秀 place passes on")
    func veto() {
        // 7 units: 30% → 2 优秀 places. A has the best total but a veto.
        let units = [
            K.ranked("A", total: "98", veto: true), K.ranked("B", total: "96"), K.ranked("C", total: "94"),
            K.ranked("D", total: "92"), K.ranked("E", total: "85"), K.ranked("F", total: "70"), K.ranked("G", total: "50"),
        ]
        let ranked = Ranking.rankAndGrade(units, scheme: scheme())
        #expect(summary(ranked) == ["B 1 优秀", "C 2 优秀", "D 3 良好", "E 4 良好", "F 5 合格", "G 6 不合格", "A 7 不合格"])
    }

    @Test("A vetoed unit goes after units with lower totals, even with zero")
    func vetoAfterZero() {
        let ranked = Ranking.rankAndGrade([K.ranked("A", total: "95", veto: true), K.ranked("Z", total: "0")], scheme: scheme())
        #expect(ranked.map(\.unit.code) == ["Z", "A"])
        #expect(ranked.map(\.rank) == [1, 2])
    }

    @Test("Grade bands at and just below each line", arguments: [
        ("90", Grade.excellent), ("89.99", .good), ("80", .good), ("79.99", .pass), ("60", .pass), ("59.99", .fail), ("0", .fail),
    ])
    func bands(total: String, grade: Grade) {
        let ranked = Ranking.rankAndGrade([K.ranked("A", total: total)], scheme: scheme(quota: "100%"))
        #expect(ranked.first?.grade == grade)
    }

    @Test("Quota room does not make 优秀 below the line")
    func quotaNeedsTheLine() {
        let ranked = Ranking.rankAndGrade([K.ranked("A", total: "89"), K.ranked("B", total: "88")], scheme: scheme(quota: "100%"))
        #expect(ranked.map(\.grade) == [.good, .good])
    }
}
