import Foundation
@testable import KaopingCore
import Testing

/// The history as cron builds it, one published period after another.
@Suite("Run: history across periods")
struct HistoryRunTests {
    /// The hand-made district moved to `period` (every date shifted into it), with `tweak`
    /// applied to its files first.
    static func run(_ period: String, months: (from: String, to: String), out: TempFolder, extra: [String] = [],
                    tweak: (TempFolder) throws -> Void = { _ in }) throws -> CommandLineTests.Outcome {
        let data = try TempFolder(), schemeFolder = try TempFolder()
        try HandMadeDistrict.write(to: data)
        try data.write("cases/0103.csv", HandMadeDistrict.cases("0103", onTime: 2))
        try tweak(data)
        for file in try BulletinTests.files(under: data.path) {
            let text = try String(contentsOfFile: data.path + "/" + file, encoding: .utf8)
            try data.write(file, text.replacingOccurrences(of: months.from, with: months.to))
        }
        try schemeFolder.write("scheme.toml", HandMadeDistrict.scheme)
        return try runKaoping(["run", data.path, "--period", period, "--scheme", schemeFolder.path + "/scheme.toml",
                               "--out", out.path, "--max-reject-rate", "50%"] + extra)
    }

    static func ranking(_ out: TempFolder, _ period: String) throws -> [String: [String: String]] {
        let text = try String(contentsOfFile: out.path + "/\(period)/ranking.csv", encoding: .utf8)
        let rows = parseCSV(String(text.dropFirst()))
        let header = rows[0]
        return Dictionary(uniqueKeysWithValues: rows.dropFirst().map { row in
            let cells = Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
            return (cells["unit_code"]!, cells)
        })
    }

    @Test("Three periods: rank changes against the period before, the 整改 follow-up, trend lines, kaoping history")
    func threePeriods() throws {
        let out = try TempFolder()
        // 2021H2: as written. 2022H1: 甲局 falls behind with late cases. 2022H2: 丙局 puts 首问责任制
        // in place, 乙局's 一次性告知 is still only partly in place.
        #expect(try Self.run("2021H2", months: ("2022-03-", "2021-09-"), out: out).status == 0)
        #expect(try Self.run("2022H1", months: ("2022-03-", "2022-03-"), out: out) { data in
            try data.write("cases/0101.csv", HandMadeDistrict.cases("0101", onTime: 1, late: 4))
        }.status == 0)
        let second = try Self.ranking(out, "2022H1"), first = try Self.ranking(out, "2021H2")
        #expect(first.values.allSatisfy { $0["rank_change"] == "" }, "nothing to compare the first period with")
        for (code, row) in second where !(row["rank"] ?? "").isEmpty {
            let previousRank = first[code]?["rank"] ?? ""
            let before = try #require(Int(previousRank)), now = try #require(Int(row["rank"]!))
            let expected = now < before ? "↑\(before - now)" : now > before ? "↓\(now - before)" : "—"
            #expect(row["rank_change"] == expected, "\(code): \(before) → \(now)")
        }
        #expect(second.values.contains { $0["rank_change"]!.hasPrefix("↓") })

        let third = try Self.run("2022H2", months: ("2022-03-", "2022-09-"), out: out) { data in
            let compliance = HandMadeDistrict.compliance
                .replacingOccurrences(of: "0103,first_inquiry,fail", with: "0103,first_inquiry,pass")
                .replacingOccurrences(of: "0102,one_time_notice,partial,2022-04-10", with: "0102,one_time_notice,partial,2022-03-20")
            try data.write("compliance.csv", compliance)
        }
        #expect(third.status == 0, "\(third.standardError)")
        let bulletin = try String(contentsOfFile: out.path + "/2022H2/bulletin.md", encoding: .utf8)
        #expect(bulletin.contains("2022年上半年督查发现的制度落实问题中"))
        #expect(bulletin.contains("整改不到位、本期检查仍未落实的：一次性告知（乙局）"))
        #expect(bulletin.contains("已整改落实的：首问责任制（丙局）"))
        #expect(bulletin.contains("| 名次 | 较上期 | 单位 |"))
        let sheet = try String(contentsOfFile: out.path + "/2022H2/units/0101.html", encoding: .utf8)
        #expect(sheet.contains("历次督查总分"))
        #expect(sheet.contains("2021H2") && sheet.contains("2022H1") && sheet.contains("2022H2"))

        let history = try runKaoping(["history", "0101", "--out", out.path])
        #expect(history.status == 0, "\(history.standardError)")
        for period in ["2021H2", "2022H1", "2022H2"] { #expect(history.standardOutput.contains(period)) }

        // --compare last-year: 2022H2 against 2021H2, whose ranks were those of the written district.
        #expect(try Self.run("2022H2", months: ("2022-03-", "2022-09-"), out: out, extra: ["--compare", "last-year"]).status == 0)
        let againstLastYear = try Self.ranking(out, "2022H2")
        for (code, row) in againstLastYear where !(row["rank"] ?? "").isEmpty {
            let before = Int(first[code]?["rank"] ?? "") ?? 0, now = Int(row["rank"]!) ?? 0
            let expected = now < before ? "↑\(before - now)" : now > before ? "↓\(now - before)" : "—"
            #expect(row["rank_change"] == expected, "\(code) against 2021H2")
        }
    }

    @Test("A damaged history database is reported, left untouched, and the reports are still published")
    func damagedHistory() throws {
        let out = try TempFolder()
        let garbage = Array("this is not an SQLite database, it is a clerk's note".utf8)
        try out.write("history.sqlite", bytes: garbage)
        let outcome = try Self.run("2022H1", months: ("2022-03-", "2022-03-"), out: out)
        #expect(outcome.status == 1, "published, but look")
        #expect(outcome.standardError.contains("history.sqlite"))
        #expect(outcome.standardError.contains("已发布的报告不受影响"))
        for file in ["ranking.csv", "bulletin.html", "units/0101.html"] {
            #expect(FileManager.default.fileExists(atPath: out.path + "/2022H1/" + file), "\(file)")
        }
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: out.path + "/history.sqlite"))) == garbage)
    }
}
