@testable import KaopingCore
import Testing

@Suite("History: three recorded periods")
struct HistoryAcrossPeriodsTests {
    private typealias K = HistoryKit

    private func changes(_ changes: RankChanges, _ codes: [String]) -> [String] {
        codes.map { "\($0) \(changes[$0]?.text ?? "-")" }
    }

    @Test("Periods and a unit's entries come back oldest first, whatever order they were recorded in")
    func chronological() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        #expect(try store.periods().map(\.name) == ["2021H2", "2022H1", "2022H2"])
        let history = try store.unitHistory(code: "0101")
        #expect(history.map(\.period.name) == ["2021H2", "2022H1", "2022H2"])
        #expect(history.map(\.total) == ["96.00", "90.00", "99.00"])
        #expect(history.map(\.rank) == [1, 3, 1])
        #expect(history.map(\.rankedAmong) == [3, 5, 4])
        #expect(history.map(\.grade) == [.excellent, .good, .excellent])
        #expect(try store.unitHistory(code: "0102").map(\.assessed) == [true, true, false])
        #expect(try store.unitHistory(code: "9999").isEmpty)
    }

    @Test("Rank changes against the previous half-year: ↑, ↓, —, 新 for a new unit and for a group change")
    func rankChangesPrevious() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let codes = ["0101", "0102", "0103", "0104", "0105", "0201"]

        let before2022H1 = try #require(try store.previousRun(before: Period("2022H1")!, compare: .previous))
        #expect(before2022H1.period.name == "2021H2")
        let h1 = RankChanges(current: K.h1_2022, previous: before2022H1)
        #expect(changes(h1, codes) == ["0101 ↓2", "0102 ↓2", "0103 ↑2", "0104 新", "0105 新", "0201 —"])
        #expect(h1.previousPeriod?.name == "2021H2")

        let h2 = RankChanges(current: K.h2_2022, previous: try store.previousRun(before: Period("2022H2")!))
        // 0102 is inactive now: no rank, so no change to print.
        #expect(changes(h2, codes) == ["0101 ↑2", "0102 -", "0103 ↓1", "0104 ↓1", "0105 ↑1", "0201 —"])
        #expect(h2[codes[0]] == .up(2))
        #expect(h2["0103"] == .down(1))
        #expect(h2["0201"] == .same)
    }

    @Test("--compare last-year compares with the same half a year earlier")
    func rankChangesLastYear() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let lastYear = try #require(try store.previousRun(before: Period("2022H2")!, compare: .lastYear))
        #expect(lastYear.period.name == "2021H2")
        let changes = RankChanges(current: K.h2_2022, previous: lastYear)
        #expect(self.changes(changes, ["0101", "0103", "0104", "0105", "0201"]) == ["0101 —", "0103 ↑1", "0104 新", "0105 新", "0201 —"])
        // 2022H1 a year earlier was never recorded.
        #expect(try store.previousRun(before: Period("2022H1")!, compare: .lastYear) == nil)
    }

    @Test("With nothing recorded to compare with, no unit is marked 新")
    func nothingToCompare() throws {
        let changes = RankChanges(current: K.h2_2021, previous: nil)
        #expect(changes["0101"] == nil && changes["0201"] == nil)
        #expect(changes.previousPeriod == nil)
        #expect(RankChange.new.text(.en) == "new" && RankChange.up(3).text == "↑3" && RankChange.down(2).text == "↓2")
    }

    @Test("Follow-up of 2021H2's findings in 2022H1: still failing, now passing, and not re-inspected")
    func followUpFirstHalf() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let previous = try #require(try store.previousRun(before: Period("2022H1")!))
        let followUp = FollowUp(previous: previous, current: K.h1_2022)
        #expect(followUp.previousPeriod.name == "2021H2")
        #expect(followUp.checks.map(\.code) == ["first_inquiry", "one_time_notice"])
        let inquiry = followUp.checks[0]
        #expect(inquiry.stillFailing == [FollowUp.Unit(code: "0101", name: "单位0101", before: .fail, now: .fail)])
        #expect(inquiry.rectified == [FollowUp.Unit(code: "0102", name: "单位0102", before: .partial, now: .pass)])
        // 0105 failed while inactive: the bulletin never named it, so it is not followed up.
        #expect(inquiry.notRechecked.isEmpty)
        let notice = followUp.checks[1]
        #expect(notice.stillFailing.isEmpty && notice.rectified.isEmpty)
        #expect(notice.notRechecked == [FollowUp.Unit(code: "0102", name: "单位0102", before: .fail, now: .na)])
    }

    @Test("Follow-up of 2022H1's findings in 2022H2: fail → partial is still not rectified")
    func followUpSecondHalf() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let followUp = FollowUp(previous: try #require(try store.previousRun(before: Period("2022H2")!)), current: K.h2_2022)
        #expect(followUp.checks.map(\.code) == ["first_inquiry"])
        #expect(followUp.checks[0].stillFailing.map(\.code) == ["0105"])
        #expect(followUp.checks[0].stillFailing.first?.now == .partial)
        #expect(followUp.checks[0].rectified.map(\.code) == ["0101"])
        // 0105's new partial on one_time_notice is this round's problem, not a follow-up.
        #expect(FollowUp(previous: K.h2_2022, current: K.h2_2022).checks.map(\.code) == ["first_inquiry", "one_time_notice"])
        #expect(FollowUp(previous: K.h1_2022, current: K.h1_2022).checks.map(\.code) == ["first_inquiry"])
    }

    @Test("A unit no longer assessed is listed as not re-inspected")
    func followUpInactiveNow() {
        let followUp = FollowUp(previous: K.h2_2021, current: K.run("2022H1", [
            K.unit("0101", total: nil, rank: nil, among: nil, assessed: false, checks: ["first_inquiry": .pass]),
        ]))
        #expect(followUp.checks.map(\.code) == ["first_inquiry"])
        #expect(followUp.checks[0].notRechecked.map(\.code) == ["0101"])
        #expect(followUp.checks[0].rectified.isEmpty)
    }

    @Test("Trend: totals up to the current period, the current run in place of its old record")
    func trend() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let history = try store.unitHistory(code: "0101")
        let all = TrendPoint.series(code: "0101", history: history, current: K.h2_2022)
        #expect(all.map(\.period.name) == ["2021H2", "2022H1", "2022H2"])
        #expect(all.map(\.total) == ["96.00", "90.00", "99.00"])
        #expect(all.map(\.value) == [96, 90, 99])

        // Re-running 2022H1 with a new total: that total, and nothing from 2022H2.
        var rerun = K.h1_2022
        rerun.units[2].total = "91.50"
        let again = TrendPoint.series(code: "0101", history: history, current: rerun)
        #expect(again.map(\.period.name) == ["2021H2", "2022H1"])
        #expect(again.map(\.total) == ["96.00", "91.50"])

        // Not assessed: a gap, not a zero.
        let gap = TrendPoint.series(code: "0102", history: try store.unitHistory(code: "0102"), current: K.h2_2022)
        #expect(gap.map(\.total) == ["90.50", "85.00", nil])

        // A year-end appraisal among the halves; sameKind keeps the line to halves.
        try store.record(K.run("2022", [K.unit("0101", total: "95.00", rank: 1, among: 4)]))
        let mixed = TrendPoint.series(code: "0101", history: try store.unitHistory(code: "0101"), current: K.h2_2022)
        #expect(mixed.map(\.period.name) == ["2021H2", "2022H1", "2022", "2022H2"])
        let halves = TrendPoint.series(code: "0101", history: try store.unitHistory(code: "0101"), current: K.h2_2022, sameKind: true)
        #expect(halves.map(\.period.name) == ["2021H2", "2022H1", "2022H2"])
    }
}
