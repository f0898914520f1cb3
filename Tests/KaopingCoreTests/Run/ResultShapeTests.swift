import Foundation
@testable import KaopingCore
import Testing

/// The shape of the result files (SPEC §6) on the committed sample, scored with the 2022 scheme.
@Suite("Run: result file shape")
struct ResultShapeTests {
    static let countMetrics: Set<String> = ["cases_total", "overdue_open", "bad_reviews", "days_saved"]
    static let allMetrics = [
        "cases_total", "on_time_rate", "promise_kept_rate", "immediate_rate", "within5_rate", "online_rate",
        "overdue_open", "satisfaction_rate", "bad_reviews", "immediate_item_rate", "within5_item_rate",
        "window_authorization_rate", "compression_rate", "days_saved", "ticket_closed_rate",
        "ticket_on_time_rate", "ticket_satisfaction_rate",
    ]

    func sampleRun(_ out: TempFolder) throws -> PublishedRun {
        try publishRun(data: Repository.sample, out: out, scheme: try loadScheme2022())
    }

    @Test("The result files and documents are published under <out>/<period>/ and nothing else is left behind")
    func publishedFiles() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        #expect(run.folder == out.path + "/reports/2022H1")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.folder).sorted()
        let expected = RunPublisher.resultFiles + RunPublisher.documentFiles.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        #expect(names == expected.sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path + "/reports") == ["2022H1"])
    }

    @Test("ranking.csv: SPEC §6 columns first, one row per department and township, CRLF and BOM")
    func rankingShape() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        let raw = try run.bytes("ranking.csv")
        #expect(String(decoding: raw, as: UTF8.self).contains("\r\n"))
        let rows = try run.csv("ranking.csv")
        let header = try #require(rows.first)
        #expect(Array(header.prefix(10)) == ["category", "rank", "unit_code", "unit_name", "total", "grade", "bonus",
                                             "penalty", "veto", "rank_change"])
        #expect(rows.dropFirst().allSatisfy { $0.count == header.count })
        let table = try run.table("ranking.csv")
        let registry = run.appraisal.ingest.units.units.filter { $0.category != .village }
        #expect(table.map { $0["unit_code"]! }.sorted() == registry.map(\.code).sorted())
        for row in table {
            #expect(["department", "township"].contains(row["category"]!))
            #expect(["优秀", "良好", "合格", "不合格", "不参评"].contains(row["grade"]!))
            #expect(["是", "否"].contains(row["veto"]!))
            if row["grade"] == "不参评" {
                #expect(row["rank"] == "" && row["total"] == "")
            } else {
                #expect(Int(row["rank"]!) != nil)
                let total = try #require(row["total"])
                #expect(total.split(separator: ".").last?.count == 2, "total \(total) has two decimals")
                #expect(Double(total).map { $0 >= 0 && $0 <= 103 } == true)
            }
        }
        // Ranks within a category and group: each starts at 1 and never decreases down the list.
        var previous: [String: Int] = [:]
        for row in table where row["rank"] != "" {
            let key = row["category"]! + "/" + row["group"]!
            let rank = Int(row["rank"]!)!
            #expect(rank >= (previous[key] ?? 1), "\(row["unit_code"]!)")
            if previous[key] == nil { #expect(rank == 1) }
            previous[key] = rank
        }
    }

    @Test("scores.csv: SPEC §6 columns first; status is scored, na or missing")
    func scoresShape() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        let rows = try run.csv("scores.csv")
        let header = try #require(rows.first)
        #expect(Array(header.prefix(10)) == ["unit_code", "indicator", "metric", "numerator", "denominator", "actual",
                                             "target", "weight", "score", "status"])
        #expect(rows.dropFirst().allSatisfy { $0.count == header.count })
        let table = try run.table("scores.csv")
        let statuses = Set(table.map { $0["status"]! })
        #expect(statuses.isSubset(of: ["scored", "na", "missing"]))
        #expect(statuses.isSuperset(of: ["scored", "missing"]))  // the sample has units that sent no tickets
        for row in table {
            switch row["status"] {
            case "na":
                #expect(row["denominator"] == "0" && row["actual"] == "" && row["score"] == "0.00", "\(row)")
            case "missing":
                #expect(row["score"] == "0.00", "\(row)")
            default:
                #expect(row["actual"] != "", "\(row)")
            }
            #expect(Self.allMetrics.contains(row["metric"]!))
            #expect(Self.countMetrics.contains(row["metric"]!) == (row["denominator"] == ""), "\(row)")
        }
        // Every assessed unit has one row per indicator of its category.
        let scheme = try loadScheme2022()
        let assessed = run.appraisal.units.filter(\.assessed)
        for unit in assessed {
            let expected = scheme.category(unit.unit.category)!.indicators.map(\.id)
            #expect(table.filter { $0["unit_code"] == unit.unit.code }.map { $0["indicator"]! } == expected)
        }
    }

    @Test("rejects.csv: header and one row per reject, the ones the appraiser reported")
    func rejectsShape() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        let rows = try run.csv("rejects.csv")
        #expect(rows.first == ["file", "line", "column", "value", "code", "message", "unit_code"])
        #expect(rows.count - 1 == run.reported.count)
        #expect(rows.count - 1 == run.appraisal.rejectCount)
        #expect(rows.dropFirst().map { $0[0] + ":" + $0[1] + " " + $0[4] } == run.reported.map { "\($0.file):\($0.line) \($0.code.rawValue)" })
        #expect(rows.dropFirst().allSatisfy { $0.count == 7 && Int($0[1]) != nil })
        // Each row names its unit when the row had a unit_code cell; the sample's bad rows all do.
        let attributed = rows.dropFirst().filter { !$0[6].isEmpty }.count
        #expect(attributed * 10 >= (rows.count - 1) * 9)
    }

    @Test("summary.json: every unit with all 17 metrics, numerator/denominator/actual/score; counts have a null denominator")
    func summaryShape() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        let summary = try run.json("summary.json")
        #expect(summary["period"] as? String == "2022H1")
        #expect(summary["as_of"] as? String == "2022-06-30")
        #expect(summary["scheme"] as? String == "2022.1")
        let units = try #require(summary["units"] as? [[String: Any]])
        let registry = run.appraisal.ingest.units.units.filter { $0.category != .village }
        #expect(units.count == registry.count)
        for unit in units {
            let code = try #require(unit["code"] as? String)
            for key in ["code", "name", "category", "submitted", "total", "rank", "grade", "veto", "metrics", "compliance"] {
                #expect(unit[key] != nil, "\(code) has \(key)")
            }
            #expect(["department", "township"].contains(unit["category"] as? String ?? ""), "\(code)")
            #expect(unit["submitted"] is Bool && unit["veto"] is Bool)
            let metrics = try #require(unit["metrics"] as? [String: [String: Any]])
            #expect(metrics.keys.sorted() == Self.allMetrics.sorted(), "\(code)")
            for (name, value) in metrics {
                #expect(value.keys.sorted() == ["actual", "denominator", "numerator", "score"], "\(code) \(name)")
                let numerator = try #require(value["numerator"] as? Int, "\(code) \(name)")
                if Self.countMetrics.contains(name) {
                    #expect(value["denominator"] is NSNull, "\(code) \(name)")
                    #expect((value["actual"] as? Double) == Double(numerator), "\(code) \(name)")
                } else {
                    let denominator = try #require(value["denominator"] as? Int, "\(code) \(name)")
                    #expect(numerator <= denominator, "\(code) \(name)")
                    if denominator == 0 {
                        #expect(value["actual"] is NSNull, "\(code) \(name): a zero denominator is n/a")
                    } else {
                        let actual = try #require(value["actual"] as? Double, "\(code) \(name)")
                        #expect(abs(actual - Double(numerator) / Double(denominator)) < 0.0000006, "\(code) \(name)")
                    }
                }
            }
            if let assessed = unit["assessed"] as? Bool, !assessed {
                #expect(unit["rank"] is NSNull && unit["total"] is NSNull, "\(code)")
            } else {
                #expect(unit["rank"] is Int && unit["total"] is Double, "\(code)")
                #expect(unit["compliance"] is [String: String], "\(code)")
            }
        }
        // summary.json and ranking.csv agree on totals and ranks.
        let ranking = try run.ranking()
        for unit in units {
            let code = unit["code"] as! String
            let row = try #require(ranking[code])
            #expect(row["rank"] == (unit["rank"] as? Int).map(String.init) ?? "", "\(code)")
            #expect(row["total"].flatMap(Double.init) == unit["total"] as? Double, "\(code)")
        }
    }

    @Test("manifest.json: every input file with its SHA-256 (checked outside Kaoping), kind, encoding and row counts")
    func manifestShape() throws {
        let out = try TempFolder()
        let run = try sampleRun(out)
        let manifest = try run.json("manifest.json")
        #expect(manifest["tool"] as? String == "kaoping")
        #expect((manifest["version"] as? String).map { !$0.isEmpty } == true)
        let scheme = try #require(manifest["scheme"] as? [String: Any])
        #expect(scheme["sha256"] as? String == (try externalSHA256(Repository.scheme2022)))
        let files = try #require(manifest["files"] as? [[String: Any]])
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: Repository.sample).filter { $0.hasSuffix(".csv") }
        #expect(files.compactMap { $0["path"] as? String }.sorted() == onDisk.sorted())
        let kinds = Set(ExportKind.allCases.map(\.rawValue))
        for file in files {
            let path = try #require(file["path"] as? String)
            #expect(file["sha256"] as? String == (try externalSHA256(Repository.sample + "/" + path)), "\(path)")
            #expect(kinds.contains(file["kind"] as? String ?? ""), "\(path)")
            #expect(["utf-8", "utf-8-bom", "gb18030"].contains(file["encoding"] as? String ?? ""), "\(path): \(file["encoding"] ?? "nil")")
            let read = try #require(file["rows_read"] as? Int), accepted = try #require(file["rows_accepted"] as? Int)
            let rejected = try #require(file["rows_rejected"] as? Int), skipped = try #require(file["rows_skipped"] as? Int)
            #expect(read == accepted + rejected + skipped, "\(path)")
        }
        // The units file is listed first (it is read first), the rest in byte order of their paths.
        let paths = files.compactMap { $0["path"] as? String }
        #expect(paths.first == "units/units.csv")
        let rest = Array(paths.dropFirst())
        #expect(rest == rest.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let totals = try #require(manifest["totals"] as? [String: Int])
        #expect(totals["rows_rejected"] == run.appraisal.rejectCount)
        #expect(totals["files"] == files.count)
    }
}
