import Foundation
import Testing

/// `kaoping run` and `kaoping explain` as cron and clerks run them, from the repository root
/// (where the default scheme and calendar paths point).
@Suite("Run: command line")
struct RunCommandLineTests {
    static let sample = "data/sample/2022H1"

    @Test("run on the sample with the default scheme and calendar: published, exit 1 for its 未报送 unit")
    func runSample() throws {
        let out = try TempFolder()
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", out.path])
        #expect(outcome.status == 1, "published, but 水务局 did not submit its cases: cron should mail someone")
        for name in ["ranking.csv", "scores.csv", "rejects.csv", "summary.json", "manifest.json", "bulletin.md", "bulletin.html",
                     "bulletin.docx", "ranking.xlsx", "units/0205.html"] {
            #expect(FileManager.default.fileExists(atPath: out.path + "/2022H1/" + name), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path + "/2022H1/bulletin.pdf"), "a PDF only with --pdf")
        #expect(outcome.standardError.contains("结果已发布到"))
        #expect(outcome.standardError.contains("warning: 未报送：水务局（办件）"))
        #expect(outcome.standardOutput.contains("区级部门 · 窗口单位"))
        // Nothing but the period folder and the lock: the staging folder was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix("history.sqlite") }.sorted()
                == [".2022H1.recorded", ".kaoping.lock", "2022H1"])
    }

    @Test("run --jobs 1 and --jobs 4 publish identical files")
    func runJobs() throws {
        let one = try TempFolder(), four = try TempFolder()
        for (folder, jobs) in [(one, "1"), (four, "4")] {
            let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", folder.path, "--jobs", jobs])
            #expect(outcome.status == 1, "\(outcome.standardError)")
        }
        for name in ["ranking.csv", "scores.csv", "rejects.csv", "summary.json", "manifest.json"] {
            #expect(FileManager.default.contentsEqual(atPath: one.path + "/2022H1/" + name, andPath: four.path + "/2022H1/" + name), "\(name)")
        }
    }

    @Test("--pdf without Chromium on PATH: exit 2 before scoring, the message says what to install, nothing published")
    func pdfWithoutBrowser() throws {
        let out = try TempFolder()
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", out.path, "--pdf"],
                                     environment: ["PATH": out.path, "HOME": out.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("apt-get install chromium fonts-noto-cjk"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("Document options: --lang en, --issuer, --doc-number, --issued-on, --rectify-days, --order registry")
    func documentOptions() throws {
        let out = try TempFolder()
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", out.path, "--lang", "en",
                                      "--issuer", "Test Office <x>", "--doc-number", "No. 7", "--issued-on", "2022-07-08",
                                      "--rectify-days", "5", "--order", "registry"])
        #expect(outcome.status == 1, "\(outcome.standardError)")
        let markdown = try String(contentsOfFile: out.path + "/2022H1/bulletin.md", encoding: .utf8)
        #expect(markdown.hasPrefix("**Test Office \\<x\\>**\n\nNo. 7\n"))
        #expect(markdown.contains("by July 7, 2022 (within 5 working days)"))
        #expect(markdown.contains("July 8, 2022\n"))
        let bad = try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", out.path, "--issued-on", "yesterday"])
        #expect(bad.status == 64 || bad.status == 2)
        #expect(bad.standardError.contains("--issued-on"))
    }

    @Test("--as-of outside the period is bad usage: exit 2, nothing published", arguments: ["2022-07-05", "2021-12-31"])
    func asOfOutsidePeriod(asOf: String) throws {
        let out = try TempFolder()
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--as-of", asOf, "--out", out.path])
        #expect(outcome.status == 2)
        #expect(!outcome.standardError.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.path + "/2022H1"))
    }

    @Test("A period whose year has no calendar file: exit 2, the message names the year")
    func periodWithoutCalendar() throws {
        let out = try TempFolder()
        let outcome = try runKaoping(["run", Self.sample, "--period", "2025H1", "--scheme", "data/schemes/2022.toml",
                                      "--out", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("2025"), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "/2025H1"))
    }

    @Test("A calendar folder with only CN-2021.csv: exit 2, the message names 2022")
    func calendarFolderWithoutYear() throws {
        let calendar = try TempFolder(), out = try TempFolder()
        try calendar.write("CN-2021.csv", String(decoding: try Data(contentsOf: Repository.root.appendingPathComponent("data/calendar/CN-2021.csv")), as: UTF8.self))
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--calendar", calendar.path, "--out", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("2022"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("CN-2022.csv"), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "/2022H1"))
        // explain refuses the same way.
        let explain = try runKaoping(["explain", "0205", Self.sample, "--period", "2022H1", "--calendar", calendar.path])
        #expect(explain.status == 2)
        #expect(explain.standardError.contains("2022"))
    }

    struct BadScheme: Sendable, CustomTestStringConvertible {
        var find: String
        var replace: String
        var key: String
        var testDescription: String { key }
    }

    @Test("A bad scheme file: exit 2, the message names the key", arguments: [
        BadScheme(find: "metric = \"promise_kept_rate\"", replace: "metric = \"promise_rate\"", key: "department.indicators[2].metric"),
        BadScheme(find: "excellent_quota = \"30%\"", replace: "excellent_quota = \"130%\"", key: "department.grades.excellent_quota"),
        BadScheme(find: "[township]\n", replace: "[township]\ncolour = \"red\"\n", key: "township.colour"),
        BadScheme(find: "weight = 20\nrule = \"linear\"", replace: "weight = 25\nrule = \"linear\"", key: "department.indicators"),
    ])
    func badScheme(_ bad: BadScheme) throws {
        let folder = try TempFolder(), out = try TempFolder()
        let original = String(decoding: try Data(contentsOf: Repository.root.appendingPathComponent("data/schemes/2022.toml")), as: UTF8.self)
        let range = try #require(original.range(of: bad.find), "the scheme has \(bad.find)")
        try folder.write("2022.toml", original.replacingCharacters(in: range, with: bad.replace))
        let outcome = try runKaoping(["run", Self.sample, "--period", "2022H1", "--scheme", folder.path + "/2022.toml",
                                      "--out", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains(bad.key), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("2022.toml"), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "/2022H1"))
    }

    @Test("explain prints the scorecard with 总分, the same total as ranking.csv, exit 0")
    func explainUnit() throws {
        let outcome = try runKaoping(["explain", "0205", Self.sample, "--period", "2022H1"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let text = outcome.standardOutput
        #expect(text.hasPrefix("0205 "))
        #expect(text.contains("一、指标得分"))
        #expect(text.contains("二、制度落实"))
        #expect(text.contains("含便民服务室"))  // 0205 has two village service rooms
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("总分 ") })

        let out = try TempFolder()
        #expect(try runKaoping(["run", Self.sample, "--period", "2022H1", "--out", out.path]).status == 1)
        let ranking = parseCSV(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out.path + "/2022H1/ranking.csv")).dropFirst(3), as: UTF8.self))
        let row = try #require(ranking.first { $0.count > 5 && $0[2] == "0205" })
        #expect(line.hasPrefix("总分 \(row[4])，第 \(row[1]) 名"), "\(line) vs ranking \(row)")
        #expect(line.hasSuffix("等次：\(row[5])"), "\(line) vs ranking \(row)")
    }

    @Test("explain with a unit code not in the registry exits 1 and says so", arguments: ["9999", "0205X"])
    func explainUnknownUnit(code: String) throws {
        let outcome = try runKaoping(["explain", code, Self.sample, "--period", "2022H1"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(code))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("explain --lang en prints the same scorecard in English, with the same total")
    func explainInEnglish() throws {
        let chinese = try runKaoping(["explain", "0118", Self.sample, "--period", "2022H1"])
        let english = try runKaoping(["explain", "0118", Self.sample, "--period", "2022H1", "--lang", "en"])
        #expect(english.status == 0, "\(english.standardError)")
        let text = english.standardOutput
        #expect(text.contains("1. Indicators (80 points)"))
        #expect(text.contains("on_time_rate"))
        #expect(!text.contains("指标得分"))
        let zhTotal = try #require(chinese.standardOutput.split(separator: "\n").first { $0.hasPrefix("总分 ") })
        let enTotal = try #require(text.split(separator: "\n").first { $0.hasPrefix("total ") })
        // 总分 93.75，… and total 93.75, … carry the same number.
        #expect(zhTotal.dropFirst(3).prefix(5) == enTotal.dropFirst(6).prefix(5))
        #expect(try runKaoping(["explain", "0118", Self.sample, "--period", "2022H1", "--lang", "fr"]).status == 2)
    }
}
