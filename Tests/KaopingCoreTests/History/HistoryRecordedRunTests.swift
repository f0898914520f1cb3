import Foundation
@testable import KaopingCore
import Testing

@Suite("History: a run recorded from a real appraisal")
struct HistoryRecordedRunTests {
    private static let deadline = Day(iso: "2022-07-14")!

    @Test("Period, as-of, scheme and every unit, with the totals ranking.csv printed")
    func fromHandMadeDistrict() throws {
        let published = try HandMadeDistrict.run()
        let run = RecordedRun(appraisal: published.appraisal, deadline: Self.deadline)
        #expect(run.period.name == "2022H1")
        #expect(run.asOf == Day(iso: "2022-06-30"))
        #expect(run.schemeVersion == "hand-1")
        #expect(run.schemeSHA256 == published.appraisal.scheme.sha256 && run.schemeSHA256.count == 64)
        #expect(run.toolVersion == KaopingVersion.current)
        // Listing order; the village room is not a unit of its own.
        #expect(run.units.map(\.code) == ["0101", "0102", "0103", "0104", "0105", "0106", "0202", "0201"])

        for row in try published.table("ranking.csv") {
            let unit = try #require(run.unit(row["unit_code"]!))
            #expect((unit.total ?? "") == row["total"], "\(unit.code)")
            #expect((unit.rank.map(String.init) ?? "") == row["rank"], "\(unit.code)")
            #expect((unit.rankedAmong.map(String.init) ?? "") == row["ranked_among"], "\(unit.code)")
            #expect((unit.group ?? "") == row["group"], "\(unit.code)")
            #expect(unit.category.rawValue == row["category"], "\(unit.code)")
        }
        let summary = try published.summaryUnits()
        for unit in run.units {
            let json = try #require(summary[unit.code])
            #expect(unit.assessed == json["assessed"] as? Bool, "\(unit.code)")
            #expect(unit.grade?.rawValue == json["grade"] as? String || unit.grade?.chineseName == json["grade"] as? String, "\(unit.code)")
            let compliance = try #require(json["compliance"] as? [String: String])
            #expect(Dictionary(uniqueKeysWithValues: unit.compliance.map { ($0.code, $0.result.rawValue) }) == compliance, "\(unit.code)")
            let metrics = try #require(json["metrics"] as? [String: [String: Any]])
            #expect(unit.metrics.map(\.metric) == MetricID.allCases, "\(unit.code)")
            for metric in unit.metrics {
                #expect(metric.numerator == metrics[metric.metric.rawValue]?["numerator"] as? Int, "\(unit.code) \(metric.metric)")
                #expect(metric.denominator == metrics[metric.metric.rawValue]?["denominator"] as? Int, "\(unit.code) \(metric.metric)")
            }
        }
        #expect(run.unit("0101")?.grade == .excellent)
        #expect(run.unit("0102")?.total == "95.00")
        #expect(run.unit("0201")?.total == "87.50")
        #expect(run.unit("0201")?.metric(.onTimeRate) == RecordedMetric(metric: .onTimeRate, numerator: 3, denominator: 4))
        #expect(run.unit("0201")?.metric(.casesTotal) == RecordedMetric(metric: .casesTotal, numerator: 4, denominator: nil))
        let inactive = try #require(run.unit("0106"))
        #expect(!inactive.assessed && inactive.total == nil && inactive.rank == nil && inactive.grade == nil)
        #expect(inactive.rectifications.isEmpty)
    }

    @Test("Rectifications: one per failed or partial check and per missing export, each with the deadline")
    func rectifications() throws {
        let run = RecordedRun(appraisal: try HandMadeDistrict.run().appraisal, deadline: Self.deadline)
        #expect(run.units.filter { !$0.rectifications.isEmpty }.map(\.code) == ["0102", "0103"])
        #expect(run.unit("0102")?.rectifications == [RecordedRectification(.check("one_time_notice"), deadline: Self.deadline)])
        #expect(run.unit("0103")?.rectifications == [RecordedRectification(.check("first_inquiry"), deadline: Self.deadline),
                                                     RecordedRectification(.missing(.cases), deadline: Self.deadline)])
        #expect(run.units.flatMap(\.rectifications).allSatisfy { $0.deadline == Self.deadline })
    }

    @Test("Open cases past their limit at as-of are one requirement with their count")
    func overdueRectification() throws {
        let published = try HandMadeDistrict.run { data in
            var text = HandMadeDistrict.cases("0202", onTime: 4)
            text += "OPEN-1,0202,2022-03-01,in_progress,5,\nOPEN-2,0202,2022-04-01,在办,5,\n"
            try data.write("cases/0202.csv", text)
        }
        let unit = try #require(RecordedRun(appraisal: published.appraisal, deadline: Self.deadline).unit("0202"))
        #expect(unit.rectifications == [RecordedRectification(.overdue(2), deadline: Self.deadline)])
        #expect(unit.metric(.overdueOpen)?.numerator == 2)
    }

    @Test("Recorded and read back, it is the same run; rank changes against itself are all —")
    func roundTripAndCompare() throws {
        let published = try HandMadeDistrict.run()
        let run = RecordedRun(appraisal: published.appraisal, deadline: Self.deadline)
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        try store.record(run)
        let back = try #require(try store.run(period: Period("2022H1")!))
        #expect(back == run)
        let changes = RankChanges(current: published.appraisal, previous: back)
        #expect(run.units.filter(\.assessed).allSatisfy { changes[$0.code] == .same })
        #expect(changes["0106"] == nil)
        #expect(RankChanges(current: run, previous: back) == changes)
        // Failed checks become next round's follow-up, and each is still failing against itself.
        let followUp = FollowUp(previous: back, current: published.appraisal)
        #expect(followUp.checks.map(\.code) == ["first_inquiry", "one_time_notice"])
        #expect(followUp.checks.flatMap(\.stillFailing).map(\.code) == ["0103", "0102"])
        #expect(FollowUp(previous: back, current: run) == followUp)
    }

    @Test("A damaged history beside published reports is reported, and every published file is left as it was")
    func damagedHistoryKeepsReports() throws {
        let published = try HandMadeDistrict.run()
        let reports = (published.folder as NSString).deletingLastPathComponent
        let path = HistoryStore.path(in: reports)
        try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: path))
        let before = try HistoryKit.snapshot(reports)
        #expect(before.keys.contains("2022H1/ranking.csv") && before.keys.contains("2022H1/bulletin.md"))
        for mode in [HistoryStore.Mode.readWrite, .readOnly] {
            let error = #expect(throws: HistoryProblem.self) { try HistoryStore(path: path, mode: mode) }
            #expect(error?.description.contains("已发布的报告不受影响") == true)
        }
        #expect(try HistoryKit.snapshot(reports) == before)
    }
}
