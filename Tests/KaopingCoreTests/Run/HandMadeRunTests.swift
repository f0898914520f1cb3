import Foundation
@testable import KaopingCore
import Testing

/// A small district whose scores are computed by hand below, with a scheme small enough to
/// check every number on paper. Dates are in March 2022, which has no holidays:
/// received Tue 2022-03-01, completed Thu 03-03 → 2 working days (on time, statutory 5);
/// completed Tue 03-15 → 10 working days (late).
///
/// Department scheme (100 = 80 indicators + 20 compliance), required exports cases + items:
///   volume          cases_total          20  ratio  target 4 (no pro-rating)
///   on_time         on_time_rate         40  ratio  target 100%
///   immediate_items immediate_item_rate  20  ratio  target 50%
///   compliance      first_inquiry 10, one_time_notice 10 (partial = ½)
///   bonus cap 2, penalty cap 5; 优秀 ≥ 90 within 50% of the group (rounded down).
/// Township scheme (100 = 100 indicators, no compliance), required exports cases:
///   volume cases_total 50 ratio target 4; on_time on_time_rate 50 ratio target 1.
///
/// Targets rows: 部门 cases_total 5 (category), 0102 cases_total 2 (unit),
/// department satisfaction_rate 90% (not scored: rejected).
///
/// | unit   | group  | cases        | items (promised 0) | compliance            | adj      | total |
/// |--------|--------|--------------|--------------------|-----------------------|----------|-------|
/// | 0101   | 窗口   | 5 on time    | 1 of 2             | pass, pass            |          | 20×5/5 + 40 + 20 + 20 = 100 |
/// | 0102   | 窗口   | 2 on time    | 1 of 1             | pass, worst(pass,partial) |      | 20×2/2 + 40 + 20 + 10 + 5 = 95 |
/// | 0103   | 窗口   | none (未报送) | 2 of 2            | fail, pass            |          | 0 + 0 + 20 + 0 + 10 = 30 |
/// | 0104   | 非窗口 | 3 on time    | 1 of 2             | pass, pass            |          | 20×3/5 + 40 + 20 + 20 = 92 |
/// | 0105   | 非窗口 | 4 on time    | 2 of 2             | pass, pass            | +1, −7→−5 | 16 + 40 + 20 + 20 + 1 − 5 = 92 |
/// | 0106   | 窗口, inactive | 1 on time |                 |                       |          | not assessed |
/// | 0201   | town   | 1 late + village 020101: 3 on time |  |                       |          | 50×4/4 + 50×3/4 = 87.5 |
/// | 0202   | town   | 4 on time    |                    |                       |          | 50 + 50 = 100 |
///
/// Window group (3 units): quota ⌊1.5⌋ = 1 → 0101 优秀, 0102 良好 (95, outside the quota),
/// 0103 不合格. Non-window (2): quota 1; 0104 and 0105 tie at 92 → both rank 1, listed by
/// unit_code, 0104 优秀 and 0105 良好. Had the groups been ranked together (quota ⌊2.5⌋ = 2),
/// 0102 would be 优秀 and 0104 良好. Townships: 0202 rank 1 优秀, 0201 rank 2 良好.
enum HandMadeDistrict {
    static let scheme = """
        version = "hand-1"
        title = "手算方案"

        [department]
        required_exports = ["cases", "items"]

        [[department.indicators]]
        id = "volume"
        metric = "cases_total"
        weight = 20
        rule = "ratio"
        target = 4

        [[department.indicators]]
        id = "on_time"
        metric = "on_time_rate"
        weight = 40
        rule = "ratio"
        target = "100%"

        [[department.indicators]]
        id = "immediate_items"
        metric = "immediate_item_rate"
        weight = 20
        rule = "ratio"
        target = "50%"

        [department.compliance.points]
        first_inquiry = 10
        one_time_notice = 10

        [department.adjustments]
        bonus_cap = 2
        penalty_cap = 5

        [department.grades]
        excellent = 90
        good = 80
        pass = 60
        excellent_quota = "50%"

        [township]
        required_exports = ["cases"]

        [[township.indicators]]
        id = "volume"
        metric = "cases_total"
        weight = 50
        rule = "ratio"
        target = 4

        [[township.indicators]]
        id = "on_time"
        metric = "on_time_rate"
        weight = 50
        rule = "ratio"
        target = 1

        [township.grades]
        excellent = 90
        good = 80
        pass = 60
        excellent_quota = "50%"

        """

    static let units = """
        unit_code,unit_name,category,active,parent_code,group,order
        0101,甲局,department,是,,窗口单位,1
        0102,乙局,department,是,,窗口单位,2
        0103,丙局,department,是,,窗口单位,3
        0104,丁局,department,是,,非窗口单位,4
        0105,戊局,department,是,,非窗口单位,5
        0106,己局,department,否,,窗口单位,6
        0201,甲镇,township,是,,,7
        020101,甲镇东村便民服务室,village,是,0201,,8
        0202,乙镇,township,是,,,9

        """

    static let casesHeader = "case_id,unit_code,received_at,status,statutory_days,completed_at\n"

    static func cases(_ unit: String, onTime: Int, late: Int = 0) -> String {
        var text = casesHeader
        for index in 0..<onTime { text += "C\(unit)-\(index),\(unit),2022-03-01,completed,5,2022-03-03\n" }
        for index in 0..<late { text += "L\(unit)-\(index),\(unit),2022-03-01,已办结,5,2022-03-15\n" }
        return text
    }

    static let items = """
        item_code,unit_code,statutory_days,promised_days
        I1,0101,10,0
        I2,0101,10,3
        I1,0102,10,0
        I1,0103,10,0
        I2,0103,10,0
        I1,0104,10,0
        I2,0104,10,2
        I1,0105,10,0
        I2,0105,10,0

        """

    /// Lines 4 (badge: not scored for departments), 12 (unknown check) and 15 (township: no
    /// compliance in the scheme) are rejected.
    static let compliance = """
        unit_code,check,result,inspected_on
        0101,first_inquiry,pass,2022-03-10
        0101,one_time_notice,落实,2022-03-10
        0101,badge,pass,2022-03-10
        0102,首问责任制,pass,2022-03-10
        0102,one_time_notice,pass,2022-03-10
        0102,one_time_notice,partial,2022-04-10
        0103,first_inquiry,fail,2022-03-10
        0103,one_time_notice,pass,2022-03-10
        0104,first_inquiry,pass,2022-03-10
        0104,one_time_notice,pass,2022-03-10
        0104,made_up_check,pass,2022-03-10
        0105,first_inquiry,pass,2022-03-10
        0105,one_time_notice,pass,2022-03-10
        0201,first_inquiry,pass,2022-03-10

        """

    static let adjustments = """
        unit_code,kind,points,reason
        0105,bonus,1,表扬信
        0105,penalty,7,督查通报

        """

    /// Line 4 names a metric the scheme does not score: rejected at scoring time.
    static let targets = """
        unit_code,metric,target
        部门,cases_total,5
        0102,cases_total,2
        department,satisfaction_rate,90%

        """

    static func write(to folder: TempFolder) throws {
        try folder.write("units.csv", units)
        try folder.write("cases/0101.csv", cases("0101", onTime: 5))
        try folder.write("cases/0102.csv", cases("0102", onTime: 2))
        try folder.write("cases/0103.csv", casesHeader)  // a file with no rows: still 未报送
        try folder.write("cases/0104.csv", cases("0104", onTime: 3))
        try folder.write("cases/0105.csv", cases("0105", onTime: 4))
        try folder.write("cases/0106.csv", cases("0106", onTime: 1))
        try folder.write("cases/0201.csv", cases("0201", onTime: 0, late: 1))
        try folder.write("cases/020101.csv", cases("020101", onTime: 3))
        try folder.write("cases/0202.csv", cases("0202", onTime: 4))
        try folder.write("items.csv", items)
        try folder.write("compliance.csv", compliance)
        try folder.write("adjustments.csv", adjustments)
        try folder.write("targets.csv", targets)
    }

    static func run(settings: BulletinSettings = BulletinSettings(), extra: (TempFolder) throws -> Void = { _ in }) throws -> PublishedRun {
        let data = try TempFolder(), out = try TempFolder()
        try write(to: data)
        try extra(data)
        var run = try publishRun(data: data.path, out: out, scheme: try loadScheme(scheme), settings: settings)
        run.keepAlive.append(data)
        return run
    }
}

@Suite("Run: hand-made district")
struct HandMadeRunTests {
    @Test("Totals, ranks and grades are the hand-computed ones, in listing order")
    func rankingByHand() throws {
        let run = try HandMadeDistrict.run()
        let rows = try run.table("ranking.csv")
        let got = rows.map { [$0["unit_code"]!, $0["rank"]!, $0["total"]!, $0["grade"]!, $0["ranked_among"]!] }
        #expect(got == [
            ["0101", "1", "100.00", "优秀", "3"],
            ["0102", "2", "95.00", "良好", "3"],
            ["0103", "3", "30.00", "不合格", "3"],
            ["0104", "1", "92.00", "优秀", "2"],
            ["0105", "1", "92.00", "良好", "2"],
            ["0106", "", "", "不参评", ""],
            ["0202", "1", "100.00", "优秀", "2"],
            ["0201", "2", "87.50", "良好", "2"],
        ])
        let ranking = try run.ranking()
        // 0105: bonus 1 under the cap of 2; penalty 7 capped at 5.
        #expect(ranking["0105"]?["bonus"] == "1.00")
        #expect(ranking["0105"]?["penalty"] == "5.00")
        #expect(ranking["0101"]?["bonus"] == "0.00")
        #expect(rows.allSatisfy { $0["veto"] == "否" })
        #expect(ranking["0101"]?["category"] == "department")
        #expect(ranking["0201"]?["category"] == "township")
        // The same numbers in summary.json.
        let summary = try run.summaryUnits()
        #expect((summary["0105"]?["total"] as? Double) == 92)
        #expect((summary["0105"]?["indicator_score"] as? Double) == 76)  // 16 + 40 + 20
        #expect((summary["0105"]?["compliance_score"] as? Double) == 20)
        #expect((summary["0102"]?["compliance_score"] as? Double) == 15)  // pass 10 + worst(pass, partial) 5
        #expect((summary["0103"]?["rank"] as? Int) == 3)
        #expect((summary["0103"]?["grade"] as? String) == "不合格")
    }

    @Test("Village service room records roll up into the township; villages are not ranked")
    func villageRollUp() throws {
        let run = try HandMadeDistrict.run()
        let summary = try run.summaryUnits()
        let town = try #require(summary["0201"])
        let metrics = try #require(town["metrics"] as? [String: [String: Any]])
        // 1 own (late) + 3 from 020101 (on time).
        #expect((metrics["cases_total"]?["numerator"] as? Int) == 4)
        #expect(metrics["cases_total"]?["denominator"] is NSNull)
        #expect((metrics["on_time_rate"]?["numerator"] as? Int) == 3)
        #expect((metrics["on_time_rate"]?["denominator"] as? Int) == 4)
        #expect((metrics["on_time_rate"]?["actual"] as? Double) == 0.75)
        #expect((metrics["on_time_rate"]?["score"] as? Double) == 37.5)
        #expect((town["villages"] as? [String]) == ["020101"])
        #expect(summary["020101"] == nil)
        #expect(try run.ranking()["020101"] == nil)
        #expect(try run.table("scores.csv").allSatisfy { $0["unit_code"] != "020101" })
        #expect(run.appraisal.unit("020101") == nil)
    }

    @Test("Groups are ranked separately, each with its own 优秀 quota")
    func groupsRankedSeparately() throws {
        let run = try HandMadeDistrict.run()
        let ranking = try run.ranking()
        #expect(["0101", "0102", "0103"].allSatisfy { ranking[$0]?["group"] == "窗口单位" })
        #expect(["0104", "0105"].allSatisfy { ranking[$0]?["group"] == "非窗口单位" })
        // One 优秀 per group: 0102 (95) is outside the window group's quota, 0104 (92) inside its own.
        let excellent = ranking.values.filter { $0["grade"] == "优秀" && $0["category"] == "department" }.map { $0["unit_code"]! }
        #expect(excellent.sorted() == ["0101", "0104"])
        // Both groups have a rank 1.
        #expect(ranking["0101"]?["rank"] == "1" && ranking["0104"]?["rank"] == "1")
    }

    @Test("An inactive unit is listed as not assessed, with no rank, total or scores")
    func inactiveUnit() throws {
        let run = try HandMadeDistrict.run()
        let row = try #require(try run.ranking()["0106"])
        #expect(row["rank"] == "" && row["total"] == "" && row["grade"] == "不参评")
        let unit = try #require(try run.summaryUnits()["0106"])
        #expect((unit["assessed"] as? Bool) == false)
        #expect(unit["rank"] is NSNull)
        #expect(unit["total"] is NSNull)
        #expect(unit["grade"] is NSNull)
        // Its metrics are still reported.
        let metrics = try #require(unit["metrics"] as? [String: [String: Any]])
        #expect((metrics["cases_total"]?["numerator"] as? Int) == 1)
        #expect(try run.table("scores.csv").allSatisfy { $0["unit_code"] != "0106" })
        // It does not count in its group: the window group has 3 ranked units, not 4.
        #expect(try run.ranking()["0101"]?["ranked_among"] == "3")
    }

    @Test("A unit with no rows in its cases file is 未报送: case indicators missing, 0 points")
    func notSubmitted() throws {
        let run = try HandMadeDistrict.run()
        let scores = try run.scores()
        for indicator in ["volume", "on_time"] {
            let row = try #require(scores["0103/\(indicator)"])
            #expect(row["status"] == "missing", "\(indicator)")
            #expect(row["score"] == "0.00", "\(indicator)")
        }
        // The items it did send are scored, and keep their own weight (no redistribution).
        #expect(scores["0103/immediate_items"]?["status"] == "scored")
        #expect(scores["0103/immediate_items"]?["score"] == "20.00")
        #expect(try run.ranking()["0103"]?["missing_exports"] == "cases")
        let unit = try #require(try run.summaryUnits()["0103"])
        #expect((unit["submitted"] as? Bool) == false)
        #expect((unit["missing_exports"] as? [String]) == ["cases"])
        #expect((unit["total"] as? Double) == 30)
        // Everyone else sent what the scheme requires.
        #expect((try run.summaryUnits()["0101"]?["submitted"] as? Bool) == true)
    }

    @Test("Targets: the scheme's default, overridden by a category row, then by a unit row")
    func targetOverrides() throws {
        let run = try HandMadeDistrict.run()
        let scores = try run.scores()
        #expect(scores["0101/volume"]?["target"] == "5")      // 部门 row
        #expect(scores["0101/volume"]?["target_source"] == "目标表（类别）")
        #expect(scores["0101/volume"]?["score"] == "20.00")   // 20 × 5/5
        #expect(scores["0104/volume"]?["score"] == "12.00")   // 20 × 3/5
        #expect(scores["0102/volume"]?["target"] == "2")      // its own row beats the category's
        #expect(scores["0102/volume"]?["target_source"] == "目标表（本单位）")
        #expect(scores["0102/volume"]?["score"] == "20.00")   // 20 × 2/2, not 20 × 2/5
        #expect(scores["0201/volume"]?["target"] == "4")      // townships: the scheme's
        #expect(scores["0201/volume"]?["target_source"] == "方案")
        #expect(scores["0201/on_time"]?["numerator"] == "3")
        #expect(scores["0201/on_time"]?["denominator"] == "4")
        #expect(scores["0201/on_time"]?["score"] == "37.50")
    }

    @Test("Rows the scheme cannot use are rejected at scoring time, and every file still balances")
    func lateRejectsBalance() throws {
        let run = try HandMadeDistrict.run()
        let data = run.keepAlive[1]
        let rejects = try run.table("rejects.csv")
        let found = Set(rejects.map { "\($0["file"]!):\($0["line"]!) \($0["column"]!) \($0["value"]!) \($0["code"]!)" })
        #expect(found == [
            "compliance.csv:4 check badge check_not_in_scheme",
            "compliance.csv:12 check made_up_check unknown_check",
            "compliance.csv:15 check first_inquiry check_not_in_scheme",
            "targets.csv:4 metric satisfaction_rate target_not_applicable",
        ])
        #expect(rejects.allSatisfy { !($0["message"] ?? "").isEmpty })
        #expect(run.appraisal.rejectCount == 4)
        #expect(run.reported.count == 4)

        let manifest = try run.json("manifest.json")
        let files = try #require(manifest["files"] as? [[String: Any]])
        var byPath: [String: [String: Int]] = [:]
        for file in files {
            let path = try #require(file["path"] as? String)
            var counts: [String: Int] = [:]
            for key in ["rows_read", "rows_accepted", "rows_rejected", "rows_skipped"] { counts[key] = file[key] as? Int }
            byPath[path] = counts
            #expect(counts["rows_read"] == counts["rows_accepted"]! + counts["rows_rejected"]! + counts["rows_skipped"]!, "\(path)")
        }
        #expect(byPath["targets.csv"] == ["rows_read": 3, "rows_accepted": 2, "rows_rejected": 1, "rows_skipped": 0])
        #expect(byPath["compliance.csv"] == ["rows_read": 14, "rows_accepted": 11, "rows_rejected": 3, "rows_skipped": 0])
        #expect(byPath["cases/0103.csv"]?["rows_read"] == 0)
        let totals = try #require(manifest["totals"] as? [String: Int])
        #expect(totals["rows_rejected"] == 4)
        #expect(totals["rows_read"] == totals["rows_accepted"]! + totals["rows_rejected"]! + totals["rows_skipped"]!)
        #expect(totals["files"] == (try FileManager.default.subpathsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".csv") }.count))
    }

    @Test("Rejected compliance rows do not score: the badge pass and the township finding change nothing")
    func rejectedFindingsDoNotScore() throws {
        let run = try HandMadeDistrict.run()
        let summary = try run.summaryUnits()
        let compliance = try #require(summary["0101"]?["compliance"] as? [String: String])
        #expect(compliance == ["first_inquiry": "pass", "one_time_notice": "pass"])
        #expect((summary["0102"]?["compliance"] as? [String: String])?["one_time_notice"] == "partial")
        #expect((summary["0201"]?["compliance"] as? [String: String]) == [:])
        let appraisal = run.appraisal
        #expect(appraisal.unit("0201")?.checks.isEmpty == true)
        #expect(appraisal.unit("0104")?.checks.map(\.code) == ["first_inquiry", "one_time_notice"])
    }

    @Test("An indicator with nothing to measure is n/a: no points, its weight goes to the others")
    func notApplicableRedistributes() throws {
        let data = try TempFolder(), out = try TempFolder()
        try HandMadeDistrict.write(to: data)
        // 0202's 4 cases are all still open and within their 5 working days at 30 June
        // (received Tue 28 June: 2 working days): on_time_rate = 0/0 → n/a. The volume
        // indicator then carries the township's whole 100: 50 × 4/4 × 100/50 = 100.
        var open = HandMadeDistrict.casesHeader
        for index in 0..<4 { open += "O\(index),0202,2022-06-28,in_progress,5,\n" }
        try data.write("cases/0202.csv", open)
        let run = try publishRun(data: data.path, out: out, scheme: try loadScheme(HandMadeDistrict.scheme))
        let scores = try run.scores()
        #expect(scores["0202/on_time"]?["status"] == "na")
        #expect(scores["0202/on_time"]?["denominator"] == "0")
        #expect(scores["0202/on_time"]?["actual"] == "")
        #expect(scores["0202/on_time"]?["score"] == "0.00")
        #expect(scores["0202/volume"]?["status"] == "scored")
        #expect(scores["0202/volume"]?["score"] == "100.00")
        #expect(scores["0202/volume"]?["redistributed_weight"] == "100.00")
        let metrics = try #require(try run.summaryUnits()["0202"]?["metrics"] as? [String: [String: Any]])
        #expect(metrics["on_time_rate"]?["actual"] is NSNull)
        #expect(metrics["on_time_rate"]?["score"] is NSNull)
        #expect((metrics["overdue_open"]?["numerator"] as? Int) == 0)
        #expect(try run.ranking()["0202"]?["total"] == "100.00")
        _ = data
    }

    @Test("A veto forces 不合格, places the unit after the rest of its group and passes its 优秀 place on")
    func vetoPassesTheQuota() throws {
        let data = try TempFolder(), out = try TempFolder()
        try HandMadeDistrict.write(to: data)
        try data.write("adjustments.csv", HandMadeDistrict.adjustments + "0101,一票否决,,安全生产事故\n")
        let run = try publishRun(data: data.path, out: out, scheme: try loadScheme(HandMadeDistrict.scheme))
        let window = try run.table("ranking.csv").filter { $0["group"] == "窗口单位" && $0["rank"] != "" }
        // 0101 still totals 100 but goes last; 0102 (95) moves up into the quota of 1.
        #expect(window.map { [$0["unit_code"]!, $0["rank"]!, $0["total"]!, $0["grade"]!, $0["veto"]!] } == [
            ["0102", "1", "95.00", "优秀", "否"],
            ["0103", "2", "30.00", "不合格", "否"],
            ["0101", "3", "100.00", "不合格", "是"],
        ])
        #expect((try run.summaryUnits()["0101"]?["veto"] as? Bool) == true)
        _ = data
    }

    @Test("A pro-rated volume target at an early as-of: annual × working days to as-of ÷ working days in the year")
    func proratedVolume() throws {
        let data = try TempFolder(), out = try TempFolder()
        try HandMadeDistrict.write(to: data)
        // Townships' volume: annual 249, pro-rated. 2022 has 249 working days, 60 of them from
        // 1 January to 31 March (Jan 21, Feb 16, Mar 23 with the 2022 holidays and make-up days),
        // so 60 cases are expected by 31 March.
        // 0202: 50 × 4/60 = 3.333… + on_time 50 × 4/4 → 53.33; 0201: 3.333… + 50 × 3/4 → 40.83.
        let original = "weight = 50\nrule = \"ratio\"\ntarget = 4\n"
        let range = try #require(HandMadeDistrict.scheme.range(of: original))
        let scheme = try loadScheme(HandMadeDistrict.scheme.replacingCharacters(in: range, with: "weight = 50\nrule = \"ratio\"\ntarget = 249\nprorate = true\n"))
        let run = try publishRun(data: data.path, out: out, asOf: Day(year: 2022, month: 3, day: 31), scheme: scheme)
        #expect(run.appraisal.workdaysToAsOf == 60)
        #expect(run.appraisal.workdaysInYear == 249)
        let scores = try run.scores()
        #expect(scores["0202/volume"]?["annual_target"] == "249")
        #expect(scores["0202/volume"]?["target"] == "60")
        #expect(scores["0202/volume"]?["score"] == "3.33")
        let ranking = try run.ranking()
        #expect(ranking["0202"]?["total"] == "53.33")
        #expect(ranking["0201"]?["total"] == "40.83")
        #expect(ranking["0202"]?["grade"] == "不合格")
        // Rates are never pro-rated: the department on_time target stays 1.
        #expect(scores["0101/on_time"]?["target"] == "1")
        let summary = try run.json("summary.json")
        #expect(summary["as_of"] as? String == "2022-03-31")
        #expect(summary["workdays_to_as_of"] as? Int == 60)
        _ = data
    }

    @Test("H2 and later quarters pro-rate from the period's first day, not from 1 January")
    func proratedFromPeriodStart() throws {
        let data = try TempFolder(), out = try TempFolder()
        try HandMadeDistrict.write(to: data)
        // 1 July – 30 September 2022: 66 weekdays less 中秋 (12 Sep) = 65 working days; the whole
        // half-year adds 62 in Q4 (65 weekdays, 国庆 3–7 Oct off, 8–9 Oct made up) = 127.
        let q3 = try publishRun(data: data.path, out: out, period: "2022H2", asOf: Day(year: 2022, month: 9, day: 30),
                                scheme: try loadScheme(HandMadeDistrict.scheme))
        #expect(q3.appraisal.workdaysToAsOf == 65)
        let out2 = try TempFolder()
        let h2 = try publishRun(data: data.path, out: out2, period: "2022H2", scheme: try loadScheme(HandMadeDistrict.scheme))
        #expect(h2.appraisal.workdaysToAsOf == 127)
        #expect(h2.appraisal.workdaysInYear == 249)
        _ = data
    }
}
