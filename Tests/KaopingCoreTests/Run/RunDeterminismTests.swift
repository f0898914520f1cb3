import Foundation
@testable import KaopingCore
import Testing

/// A deterministic pseudo-random data set with every field the metrics read, written in
/// several layouts that must all score the same (SPEC §3: any sub-folder layout, any file
/// names, rows in any order; §6: identical inputs give byte-identical outputs).
struct GeneratedDistrict {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
    }

    static let caseUnits = ["0101", "0102", "0104", "0105", "0106", "0201", "020101", "0202"]  // 0103 sends none
    static let casesHeader = "case_id,unit_code,item_code,received_at,status,statutory_days,promised_days,completed_at,channel,immediate,rating,paused_days"

    var caseRows: [String] = []
    var items = ""
    var tickets = ""
    var compliance = ""
    var adjustments = ""

    init(seed: UInt64 = 7, cases: Int = 600) {
        var random = Generator(state: seed)
        let start = Day(year: 2022, month: 1, day: 1)!
        for index in 0..<cases {
            let unit = random.pick(Self.caseUnits)
            let received = start.adding(days: random.next(181))
            let time = String(format: "%02d:%02d", 8 + random.next(10), random.next(60))
            let status = random.pick(["completed", "completed", "completed", "已办结", "in_progress", "办理中", "rejected", "suspended"])
            let statutory = 1 + random.next(20)
            let promised = random.next(2) == 0 ? "" : String(random.next(statutory + 1))
            var completed = ""
            if status == "completed" || status == "已办结" {
                completed = received.adding(days: random.next(30)).description  // some after 30 June: open at as-of
            }
            let channel = random.pick(["window", "online", "mobile", "collab", "", "窗口"])
            let immediate = random.pick(["", "", "是", "否"])
            let rating = random.pick(["", "", "", "1", "2", "3", "4", "5", "满意"])
            let paused = random.pick(["", "", "", "0", "2", "5"])
            // A few rows every layout must reject, wherever they land.
            let receivedText = index % 97 == 13 ? "不详" : "\(received) \(time)"
            caseRows.append("K\(String(format: "%05d", index)),\(unit),I\(random.next(5)),\(receivedText),\(status),\(statutory),\(promised),\(completed),\(channel),\(immediate),\(rating),\(paused)")
        }
        // One out-of-period case: skipped, but proof that the unit sent a cases export.
        caseRows.append("K99999,0105,I1,2021-12-20,completed,5,,2021-12-21,window,,,")

        items = "item_code,unit_code,statutory_days,promised_days,window_authorized\n"
        for unit in ["0101", "0102", "0103", "0104", "0105", "0106", "0201", "020101", "0202"] {
            for item in 0..<5 {
                let statutory = random.next(21)
                items += "I\(item),\(unit),\(statutory),\(random.next(statutory + 1)),\(random.pick(["是", "否", ""]))\n"
            }
        }
        tickets = "ticket_id,unit_code,source,received_at,due_days,due_at,closed_at,satisfaction\n"
        for index in 0..<150 {
            let received = start.adding(days: random.next(181))
            let byDays = random.next(2) == 0
            let closed = random.next(4) == 0 ? "" : received.adding(days: random.next(25)).description
            tickets += "T\(index),\(random.pick(Self.caseUnits)),\(random.pick(["complaint", "hotline", "信箱"])),\(received),"
                + "\(byDays ? String(1 + random.next(10)) : ""),\(byDays ? "" : received.adding(days: random.next(15)).description),"
                + "\(closed),\(random.pick(["", "1", "3", "5", "非常满意"]))\n"
        }
        compliance = "unit_code,check,result,inspected_on\n"
        let checks = ["first_inquiry", "one_time_notice", "time_limited", "badge", "whereabouts", "disclosure", "complaint_box"]
        for unit in ["0101", "0102", "0103", "0104", "0105", "0201", "0202", "020101"] {
            for check in checks where random.next(3) > 0 {
                compliance += "\(unit),\(check),\(random.pick(["pass", "partial", "fail", "na"])),2022-0\(1 + random.next(6))-15\n"
            }
        }
        adjustments = "unit_code,kind,points,reason\n0101,bonus,2,表彰\n0104,penalty,1.5,通报\n0202,bonus,4,表彰\n0102,veto,,安全事故\n"
    }

    enum Layout { case plain, shuffled, split, renamed }

    func write(_ layout: Layout, to folder: TempFolder) throws {
        let body = { (rows: [String]) in ([Self.casesHeader] + rows).joined(separator: "\n") + "\n" }
        switch layout {
        case .plain, .shuffled:
            var rows = caseRows
            if layout == .shuffled {
                var random = Generator(state: 99)
                for index in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(index, random.next(index + 1)) }
                #expect(rows != caseRows)
            }
            try folder.write("units.csv", HandMadeDistrict.units)
            try folder.write("cases.csv", body(rows))
            try folder.write("items.csv", items)
            try folder.write("tickets.csv", tickets)
            try folder.write("compliance.csv", compliance)
            try folder.write("adjustments.csv", adjustments)
        case .split:
            try folder.write("units.csv", HandMadeDistrict.units)
            // Interleaved, and the second half sorts first.
            try folder.write("cases-b.csv", body(caseRows.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
            try folder.write("cases-a.csv", body(caseRows.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)))
            try folder.write("items.csv", items)
            try folder.write("tickets.csv", tickets)
            try folder.write("compliance.csv", compliance)
            try folder.write("adjustments.csv", adjustments)
        case .renamed:
            try folder.write("zz/考核对象名单.csv", HandMadeDistrict.units)
            try folder.write("0-导出/办件明细.csv", body(caseRows))
            try folder.write("a/事项-2022.csv", items)
            try folder.write("a/b/投诉.csv", tickets)
            try folder.write("检查.csv", compliance)
            try folder.write("AAA.csv", adjustments)
        }
    }
}

@Suite("Run: determinism and layout independence")
struct RunDeterminismTests {
    static let comparable = ["summary.json", "ranking.csv", "scores.csv"]

    func generatedRun(_ layout: GeneratedDistrict.Layout, jobs: Int? = nil) throws -> PublishedRun {
        let data = try TempFolder(), out = try TempFolder()
        try GeneratedDistrict().write(layout, to: data)
        var run = try publishRun(data: data.path, out: out, scheme: try loadScheme2022(), jobs: jobs)
        run.keepAlive.append(data)
        return run
    }

    @Test("Running the sample twice gives byte-identical result files")
    func twiceOnSample() throws {
        let outA = try TempFolder(), outB = try TempFolder()
        let scheme = try loadScheme2022()
        let a = try publishRun(data: Repository.sample, out: outA, scheme: scheme)
        let b = try publishRun(data: Repository.sample, out: outB, scheme: scheme)
        for name in RunPublisher.resultFiles {
            #expect(try a.bytes(name) == b.bytes(name), "\(name)")
            #expect(try a.bytes(name).count > 100, "\(name) is not trivially empty")
        }
    }

    @Test("--jobs 1 and the default give byte-identical result files", arguments: [1, 3])
    func jobsOnSample(jobs: Int) throws {
        let outA = try TempFolder(), outB = try TempFolder()
        let scheme = try loadScheme2022()
        let sequential = try publishRun(data: Repository.sample, out: outA, scheme: scheme, jobs: jobs)
        let parallel = try publishRun(data: Repository.sample, out: outB, scheme: scheme, jobs: nil)
        for name in RunPublisher.resultFiles {
            #expect(try sequential.bytes(name) == parallel.bytes(name), "\(name)")
        }
    }

    /// The documents are rendered side by side, a few per core at a time, and written in one
    /// order: their bytes must not depend on it.
    @Test("--jobs 1, 3 and the default give byte-identical documents, every unit's sheet included")
    func documentsAcrossJobs() throws {
        let scheme = try loadScheme2022()
        var runs: [PublishedRun] = []
        for jobs in [1, 3, nil] as [Int?] {
            let out = try TempFolder()
            var run = try publishRun(data: Repository.sample, out: out, scheme: scheme, jobs: jobs)
            run.keepAlive.append(out)
            runs.append(run)
        }
        let sheets = try FileManager.default.contentsOfDirectory(atPath: runs[0].folder + "/units").sorted()
        #expect(sheets.count > 10)
        for run in runs.dropFirst() {
            #expect(try FileManager.default.contentsOfDirectory(atPath: run.folder + "/units").sorted() == sheets)
        }
        let names = ["bulletin.md", "bulletin.html", "bulletin.docx", "ranking.xlsx"] + sheets.map { "units/" + $0 }
        for name in names {
            let first = try runs[0].bytes(name)
            #expect(first.count > 100, "\(name) is not trivially empty")
            for run in runs.dropFirst() { #expect(try run.bytes(name) == first, "\(name)") }
        }
    }

    @Test("The generated data exercises what the layouts could disturb")
    func generatedDataIsNotTrivial() throws {
        let run = try generatedRun(.plain)
        let rejects = try run.table("rejects.csv")
        #expect(rejects.filter { $0["code"] == "bad_date" }.count >= 5)
        let summary = try run.summaryUnits()
        let town = try #require(summary["0201"]?["metrics"] as? [String: [String: Any]])
        #expect((town["cases_total"]?["numerator"] as? Int ?? 0) > 100)
        #expect((town["overdue_open"]?["numerator"] as? Int ?? 0) > 0)
        let statuses = Set(try run.table("scores.csv").map { $0["status"]! })
        #expect(statuses.isSuperset(of: ["scored", "missing"]))  // 0103 sent no cases
        #expect(try run.ranking()["0102"]?["veto"] == "是")
    }

    @Test("Shuffled rows, a split cases file, renamed files and --jobs 1 score byte-identically",
          arguments: [GeneratedDistrict.Layout.shuffled, .split, .renamed])
    func layoutsScoreTheSame(layout: GeneratedDistrict.Layout) throws {
        let base = try generatedRun(.plain)
        let other = try generatedRun(layout)
        let sequential = try generatedRun(layout, jobs: 1)
        for name in Self.comparable {
            #expect(try base.bytes(name) == other.bytes(name), "\(layout): \(name)")
            #expect(try base.bytes(name) == sequential.bytes(name), "\(layout), --jobs 1: \(name)")
        }
        // The rejected rows are the same ones, wherever they were.
        let key = { (row: [String: String]) in "\(row["value"]!) \(row["code"]!)" }
        #expect(try base.table("rejects.csv").map(key).sorted() == other.table("rejects.csv").map(key).sorted())
        // Every file balances in every layout.
        for file in other.appraisal.ingest.files {
            #expect(file.rowsRead == file.rowsAccepted + file.rowsRejected + file.rowsSkipped, "\(file.relativePath)")
        }
    }

    @Test("Scoring the hand-made district twice, sequentially and in parallel, gives identical files")
    func handMadeTwice() throws {
        let data = try TempFolder(), outA = try TempFolder(), outB = try TempFolder()
        try HandMadeDistrict.write(to: data)
        let scheme = try loadScheme(HandMadeDistrict.scheme)
        let a = try publishRun(data: data.path, out: outA, scheme: scheme, jobs: 1)
        let b = try publishRun(data: data.path, out: outB, scheme: scheme)
        for name in RunPublisher.resultFiles {
            #expect(try a.bytes(name) == b.bytes(name), "\(name)")
        }
    }
}
