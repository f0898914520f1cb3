import Foundation
import GRDB
@testable import KaopingCore
import Testing

/// Hand-built history: three half-years of a small district whose rank moves and compliance
/// findings are chosen so every kind of change and follow-up occurs once.
///
/// | unit | 2021H2               | 2022H1                        | 2022H2             |
/// |------|----------------------|-------------------------------|--------------------|
/// | 0101 | 窗口 1, 首问 fail     | 窗口 3 (↓2), 首问 fail (不到位) | 窗口 1 (↑2), 首问 pass (已整改) |
/// | 0102 | 窗口 2, 首问 partial, 告知 fail | 窗口 4 (↓2), 首问 pass (已整改), 告知 not inspected (未复查) | inactive |
/// | 0103 | 窗口 3               | 窗口 1 (↑2)                   | 窗口 2 (↓1)        |
/// | 0104 | 非窗口 1             | 窗口 2 (moved group: 新)       | 窗口 3 (↓1)        |
/// | 0105 | inactive, 首问 fail  | 窗口 5 (not ranked before: 新) | 窗口 4 (↑1), 首问 partial (不到位) |
/// | 0201 | township 1           | township 1 (—)                 | township 1 (—)     |
enum HistoryKit {
    static let window = "窗口单位"

    static func unit(_ code: String, group: String? = window, category: UnitCategory = .department, total: String?,
                     rank: Int?, among: Int?, grade: Grade? = .good, assessed: Bool = true,
                     checks: KeyValuePairs<String, ComplianceResult> = [:]) -> RecordedUnit {
        RecordedUnit(code: code, name: "单位\(code)", category: category, group: group, assessed: assessed, total: total,
                     rank: rank, rankedAmong: among, grade: grade,
                     compliance: checks.map { RecordedCheck(code: $0.key, result: $0.value) })
    }

    static func run(_ period: String, asOf: Day? = nil, _ units: [RecordedUnit]) -> RecordedRun {
        let period = Period(period)!
        return RecordedRun(period: period, asOf: asOf ?? period.last, schemeVersion: "test-\(period.year)",
                           schemeSHA256: String(repeating: "ab", count: 32), units: units)
    }

    static let h2_2021 = run("2021H2", [
        unit("0101", total: "96.00", rank: 1, among: 3, grade: .excellent, checks: ["first_inquiry": .fail, "one_time_notice": .pass]),
        unit("0102", total: "90.50", rank: 2, among: 3, checks: ["first_inquiry": .partial, "one_time_notice": .fail]),
        unit("0103", total: "80.25", rank: 3, among: 3, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0104", group: "非窗口单位", total: "88.00", rank: 1, among: 1, checks: ["first_inquiry": .pass]),
        unit("0105", total: nil, rank: nil, among: nil, grade: nil, assessed: false, checks: ["first_inquiry": .fail]),
        unit("0201", group: nil, category: .township, total: "91.00", rank: 1, among: 1, grade: .excellent),
    ])

    static let h1_2022 = run("2022H1", [
        unit("0103", total: "97.00", rank: 1, among: 5, grade: .excellent, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0104", total: "93.75", rank: 2, among: 5, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0101", total: "90.00", rank: 3, among: 5, checks: ["first_inquiry": .fail, "one_time_notice": .pass]),
        unit("0102", total: "85.00", rank: 4, among: 5, checks: ["first_inquiry": .pass, "one_time_notice": .na]),
        unit("0105", total: "70.00", rank: 5, among: 5, grade: .pass, checks: ["first_inquiry": .fail, "one_time_notice": .pass]),
        unit("0201", group: nil, category: .township, total: "92.00", rank: 1, among: 1, grade: .excellent),
    ])

    static let h2_2022 = run("2022H2", [
        unit("0101", total: "99.00", rank: 1, among: 4, grade: .excellent, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0103", total: "95.00", rank: 2, among: 4, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0104", total: "90.00", rank: 3, among: 4, checks: ["first_inquiry": .pass, "one_time_notice": .pass]),
        unit("0105", total: "75.00", rank: 4, among: 4, grade: .pass, checks: ["first_inquiry": .partial, "one_time_notice": .partial]),
        unit("0102", total: nil, rank: nil, among: nil, grade: nil, assessed: false, checks: ["first_inquiry": .pass]),
        unit("0201", group: nil, category: .township, total: "93.00", rank: 1, among: 1, grade: .excellent),
    ])

    /// A store in its own temporary folder holding the three periods, recorded out of order.
    static func store() throws -> (HistoryStore, TempFolder) {
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        for run in [h2_2022, h2_2021, h1_2022] { try store.record(run) }
        return (store, folder)
    }

    /// Row counts per table, for one period or the whole file.
    static func counts(_ store: HistoryStore, period: String? = nil) throws -> [String: Int] {
        try store.queue.read { db in
            var counts: [String: Int] = [:]
            let filter = period.map { "WHERE run_id IN (SELECT id FROM runs WHERE period = '\($0)')" } ?? ""
            counts["runs"] = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs \(period.map { "WHERE period = '\($0)'" } ?? "")")
            for table in ["unit_results", "unit_metrics", "unit_checks", "rectifications"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) \(filter)")
            }
            return counts
        }
    }

    /// Every file under `folder` with its bytes, to show something was left exactly as it was.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }
}

struct SimulatedCrash: Error {}
