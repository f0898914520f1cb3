import Foundation
@testable import KaopingCore
import Testing

/// The bulletin, feedback sheets and office files of the hand-made district (see
/// `HandMadeDistrict`), whose scores are computed by hand in HandMadeRunTests.
@Suite("Documents: bulletin and feedback sheets")
struct BulletinTests {
    /// Golden files live in the source tree; `KAOPING_UPDATE_GOLDEN=1 swift test` rewrites them.
    static func golden(_ name: String, _ actual: String) throws {
        let path = Repository.path("Tests/KaopingCoreTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["KAOPING_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if expected != actual {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
            Issue.record("""
                \(name) differs from the golden file at line \(first + 1):
                expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
                actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end>")
                (KAOPING_UPDATE_GOLDEN=1 swift test rewrites the golden files after a deliberate change)
                """)
        }
    }

    @Test("bulletin.md and bulletin.html match the golden files")
    func goldenBulletin() throws {
        let run = try HandMadeDistrict.run()
        try Self.golden("handmade-bulletin.md", try run.text("bulletin.md"))
        try Self.golden("handmade-bulletin.html", try run.text("bulletin.html"))
        try Self.golden("handmade-unit-0201.html", try run.text("units/0201.html"))
    }

    @Test("The bulletin is a 通报: letterhead, title, addressees, the five sections, attachment and date line in order")
    func structure() throws {
        let markdown = try HandMadeDistrict.run().text("bulletin.md")
        let landmarks = ["区规范化服务型政府建设工作领导小组办公室", "# 关于2022年上半年规范化服务型政府建设督查情况的通报",
                         "各乡镇人民政府、街道办事处，区政府各部门：", "现将有关情况通报如下。", "## 一、总体情况", "## 二、排名情况",
                         "## 三、表扬", "## 四、存在问题", "## 五、整改要求", "附件：2022年上半年各单位得分明细表", "2022年6月30日",
                         "## 附件", "### 2022年上半年各单位得分明细表"]
        var position = markdown.startIndex
        for landmark in landmarks {
            let found = try #require(markdown.range(of: landmark, range: position..<markdown.endIndex), "missing or out of order: \(landmark)")
            position = found.upperBound
        }
    }

    @Test("Every rank, total, bonus, penalty and grade in the ranking tables equals ranking.csv")
    func rankingTablesMatchRankingCSV() throws {
        let run = try HandMadeDistrict.run()
        let ranking = try run.table("ranking.csv")
        let byName = Dictionary(uniqueKeysWithValues: ranking.map { ($0["unit_name"]!, $0) })
        let rows = Self.tableRows(try run.text("bulletin.md"), header: "| 名次 | 单位 | 总分 |")
        #expect(rows.count == ranking.filter { !$0["rank"]!.isEmpty }.count)
        for row in rows {
            let csv = try #require(byName[row[1]], "unit \(row[1]) of the bulletin is in ranking.csv")
            #expect(row[0] == csv["rank"])
            #expect(row[2] == csv["total"])
            #expect(row[5] == csv["bonus"])
            #expect(row[6] == csv["penalty"])
            #expect(row[7] == csv["grade"])
        }
    }

    @Test("Every indicator score in the attachment equals scores.csv")
    func attachmentMatchesScoresCSV() throws {
        let run = try HandMadeDistrict.run()
        let scores = try run.table("scores.csv")
        let markdown = try run.text("bulletin.md")
        let headerLine = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| 名次 | 单位 | ") && $0.contains("制度落实 | 加分") && !$0.contains("总分 | 指标得分") })
        let header = Self.cells(String(headerLine))
        let rows = Self.tableRows(markdown, header: String(headerLine))
        #expect(!rows.isEmpty)
        var checked = 0
        for row in rows {
            for (index, label) in header.enumerated() {
                guard let score = scores.first(where: { $0["unit_name"] == row[1] && $0["indicator_label"] == label }) else { continue }
                let expected = score["status"] == "na" ? "不适用" : score["score"]!
                #expect(row[index] == expected, "\(row[1]) \(label)")
                checked += 1
            }
        }
        #expect(checked >= rows.count * 2)
    }

    @Test("The 整改 deadline is 10 working days after as-of on the calendar (30 June 2022 → 14 July 2022)")
    func deadline() throws {
        let markdown = try HandMadeDistrict.run().text("bulletin.md")
        #expect(markdown.contains("于2022年7月14日前（10个工作日内）"))
        var settings = BulletinSettings()
        settings.rectifyDays = 3
        settings.issuedOn = Day(year: 2022, month: 7, day: 8)
        let later = try HandMadeDistrict.run(settings: settings).text("bulletin.md")
        #expect(later.contains("于2022年7月5日前（3个工作日内）"))
        #expect(later.hasSuffix("2022年7月8日\n") || later.contains("2022年7月8日\n"))
    }

    @Test("A deadline past the last calendar year is a clear error, not a guess")
    func deadlineOutsideCalendar() throws {
        let run = try HandMadeDistrict.run()
        var appraisal = run.appraisal
        appraisal.window = try PeriodWindow(period: try #require(Period("2024H2")))
        let calendar = try WorkingCalendar.load(folder: Repository.calendar)
        let composer = BulletinComposer(appraisal: appraisal, settings: BulletinSettings(), rejects: RejectLedger(), calendar: calendar)
        #expect(throws: BulletinProblem.self) { try composer.compose() }
        do {
            _ = try composer.compose()
        } catch {
            #expect(error.description.contains("2025"))
            #expect(error.description.contains("--rectify-days"))
        }
    }

    @Test("存在问题 names the failed check, the 未报送 unit and the rejected rows; 表扬 names the 优秀 units")
    func problemsAndPraise() throws {
        let run = try HandMadeDistrict.run()
        let markdown = try run.text("bulletin.md")
        let problems = try #require(Self.section(markdown, "## 四、存在问题"))
        #expect(problems.contains("首问责任制：未落实的有丙局"))
        #expect(problems.contains("部分落实的有乙局"))
        #expect(problems.contains("丙局（办件）"))
        #expect(problems.contains("逐行原因见各单位督查反馈单和数据拒收清单"))
        let excellent = run.appraisal.units.filter { $0.grade == .excellent }.map(\.unit.name)
        #expect(!excellent.isEmpty)
        let praise = try #require(Self.section(markdown, "## 三、表扬"))
        for name in excellent { #expect(praise.contains(name)) }
        #expect(markdown.contains("不参评：己局"))
    }

    @Test("--lang en writes the bulletin and sheets in English")
    func english() throws {
        var settings = BulletinSettings()
        settings.language = .en
        let run = try HandMadeDistrict.run(settings: settings)
        let markdown = try run.text("bulletin.md")
        #expect(markdown.contains("# Bulletin on the inspection of standardised, service-oriented government, the first half of 2022"))
        #expect(markdown.contains("## 4. Problems found"))
        #expect(markdown.contains("by July 14, 2022"))
        #expect(!markdown.contains("总体情况"))
        let html = try run.text("bulletin.html")
        #expect(html.contains("<html lang=\"en\">"))
        #expect(try run.text("units/0101.html").contains("1. Indicators"))
    }

    @Test("--order registry lists units in the registry's order; ranks stay the same")
    func registryOrder() throws {
        var settings = BulletinSettings()
        settings.order = .registry
        let run = try HandMadeDistrict.run(settings: settings)
        let codes = try run.table("ranking.csv").map { $0["unit_code"]! }
        #expect(codes == ["0101", "0102", "0103", "0104", "0105", "0106", "0201", "0202"])
        let ranked = try HandMadeDistrict.run()
        #expect(try run.ranking().mapValues { $0["rank"] } == (try ranked.ranking().mapValues { $0["rank"] }))
        // "Highest" is by total, not by the first row of the registry order: 乙镇 ranks first,
        // 甲镇 comes first in the registry.
        #expect(try run.text("bulletin.md").contains("最高为乙镇"))
        #expect(try !run.text("bulletin.md").contains("最高为甲镇"))
    }

    @Test("Feedback sheets: one per unit, with evidence, findings, case IDs and the unit's rejected rows")
    func feedbackSheets() throws {
        let run = try HandMadeDistrict.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: run.folder + "/units").sorted()
        #expect(files == ["0101.html", "0102.html", "0103.html", "0104.html", "0105.html", "0106.html", "0201.html", "0202.html"])
        let township = try run.text("units/0201.html")
        #expect(township.contains("甲镇东村便民服务室"))
        #expect(township.contains("逾期办结共 1 件：L0201-0"))
        let department = try run.text("units/0104.html")
        #expect(department.contains("made_up_check"), "its rejected compliance row is listed")
        #expect(try run.text("units/0102.html").contains("2022-04-10 部分落实"))
        #expect(try run.text("units/0106.html").contains("不参评"))
    }

    @Test("Hostile unit names and notes are escaped, masked and neutralised; codes cannot escape the folder")
    func hostileInput() throws {
        let run = try HandMadeDistrict.run { data in
            try data.write("more-units.csv", """
                unit_code,unit_name,category,active,group
                ../evil,"=HYPERLINK(""http://x"")",department,是,窗口单位
                0108,<script>alert(1)</script>|甲,department,是,窗口单位

                """)
            try data.write("more-compliance.csv", """
                unit_code,check,result,inspected_on,note
                0108,first_inquiry,fail,2022-03-10,"联系人13812345678，身份证510113199001011234，<b>未整改</b>"

                """)
        }
        let html = try run.text("bulletin.html")
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;|甲"))
        let markdown = try run.text("bulletin.md")
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\>\\|甲"))
        #expect(!markdown.contains("<script>"))
        let sheet = try run.text("units/0108.html")
        #expect(sheet.contains("138****5678"))
        #expect(sheet.contains("510113********1234"))
        #expect(!sheet.contains("13812345678"))
        #expect(sheet.contains("&lt;b&gt;未整改&lt;/b&gt;"))
        #expect(FileManager.default.fileExists(atPath: run.folder + "/units/___evil.html"))
        let parent = URL(fileURLWithPath: run.folder).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: parent + "/evil.html"))
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/evil.html"))
        let ranking = try run.table("ranking.csv")
        #expect(ranking.contains { $0["unit_name"] == "'=HYPERLINK(\"http://x\")" })
    }

    @Test("Names, notes and reasons keep their full-width punctuation; a reason's line breaks do not break the bulletin")
    func proseKeptAsWritten() throws {
        let run = try HandMadeDistrict.run { data in
            try data.write("more-units.csv", """
                unit_code,unit_name,category,active,group
                0109,政务服务中心（行政审批局）,department,是,窗口单位

                """)
            try data.write("more-adjustments.csv", """
                unit_code,kind,points,reason
                0109,veto,,"发生违规办件，造成恶劣影响
                （经区纪委监委查实）"

                """)
        }
        #expect(try run.ranking()["0109"]?["unit_name"] == "政务服务中心（行政审批局）")
        let markdown = try run.text("bulletin.md")
        #expect(markdown.contains("政务服务中心（行政审批局）因发生违规办件，造成恶劣影响 （经区纪委监委查实）被一票否决"))
    }

    @Test("Every document is byte-identical across two runs")
    func deterministic() throws {
        let first = try HandMadeDistrict.run(), second = try HandMadeDistrict.run()
        let files = try Self.files(under: first.folder)
        #expect(files.contains("bulletin.docx") && files.contains("ranking.xlsx") && files.contains("units/0101.html"))
        #expect(files == (try Self.files(under: second.folder)))
        for file in files where file != "manifest.json" {
            #expect(try first.bytes(file) == (try second.bytes(file)), "\(file) differs between two runs")
        }
    }

    // MARK: helpers

    static func files(under folder: String) throws -> [String] {
        let walker = try #require(FileManager.default.enumerator(atPath: folder))
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    static func cells(_ line: String) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Rows of every Markdown table whose header line starts with `header`.
    static func tableRows(_ markdown: String, header: String) -> [[String]] {
        var rows: [[String]] = []
        var inside = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(header) { inside = true; continue }
            guard inside else { continue }
            if line.hasPrefix("| ---") || line.hasPrefix("| ---:") || line.hasPrefix("|---") || line.hasPrefix("| --") { continue }
            if line.hasPrefix("|") { rows.append(cells(String(line))) } else { inside = false }
        }
        return rows
    }

    static func section(_ markdown: String, _ heading: String) -> String? {
        guard let start = markdown.range(of: heading) else { return nil }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
