import Foundation
import GRDB
@testable import KaopingCore
import Testing

@Suite("History: the store")
struct HistoryStoreTests {
    private typealias K = HistoryKit

    /// A run with every kind of stored detail: metrics with and without denominators, checks,
    /// and each kind of rectification.
    static let detailed: RecordedRun = {
        var run = K.h1_2022
        run.units[2].metrics = [
            RecordedMetric(metric: .casesTotal, numerator: 12, denominator: nil),
            RecordedMetric(metric: .onTimeRate, numerator: 9, denominator: 12),
            RecordedMetric(metric: .ticketSatisfactionRate, numerator: 0, denominator: 0),
        ]
        run.units[2].missingExports = [.items, .tickets]
        run.units[2].veto = true
        run.units[2].rectifications = [
            RecordedRectification(.check("first_inquiry"), deadline: Day(iso: "2022-07-14")!),
            RecordedRectification(.overdue(3), deadline: Day(iso: "2022-07-14")!),
            RecordedRectification(.missing(.items), deadline: Day(iso: "2022-07-14")!),
        ]
        run.asOf = Day(iso: "2022-06-20")!
        return run
    }()

    @Test("A recorded run reads back exactly as it was recorded")
    func roundTrip() throws {
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        try store.record(Self.detailed)
        #expect(try store.run(period: Period("2022H1")!) == Self.detailed)
        #expect(try store.run(period: Period("2022H2")!) == nil)
        // Read again from the file by a second, read-only connection.
        let reader = try HistoryStore(path: store.path, mode: .readOnly)
        #expect(try reader.run(period: Period("2022H1")!) == Self.detailed)
        #expect(try reader.unitHistory(code: "0101").first?.veto == true)
    }

    @Test("Re-running a period replaces its record; other periods are untouched")
    func rerunReplaces() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        try store.record(Self.detailed)
        #expect(try K.counts(store, period: "2022H1") == ["runs": 1, "unit_results": 6, "unit_metrics": 3, "unit_checks": 10, "rectifications": 3])
        let before = try K.counts(store)

        let smaller = K.run("2022H1", asOf: Day(iso: "2022-06-30")!, [K.unit("0101", total: "88.00", rank: 1, among: 1)])
        try store.record(smaller)
        #expect(try store.run(period: Period("2022H1")!) == smaller)
        #expect(try K.counts(store, period: "2022H1") == ["runs": 1, "unit_results": 1, "unit_metrics": 0, "unit_checks": 0, "rectifications": 0])
        // Nothing of the old record is left behind (cascades), and the other periods keep theirs.
        #expect(try K.counts(store) == ["runs": 3, "unit_results": before["unit_results"]! - 5, "unit_metrics": 0,
                                        "unit_checks": before["unit_checks"]! - 10, "rectifications": 0])
        #expect(try store.run(period: Period("2021H2")!) == K.h2_2021)
        #expect(try store.run(period: Period("2022H2")!) == K.h2_2022)
        #expect(try store.periods().map(\.name) == ["2021H2", "2022H1", "2022H2"])
    }

    @Test("A write that fails after the old record was deleted leaves the old record intact")
    func crashMidWrite() throws {
        let folder = try TempFolder()
        let path = HistoryStore.path(in: folder.path)
        let store = try HistoryStore(path: path)
        try store.record(Self.detailed)
        let counts = try K.counts(store)

        var replacement = K.h1_2022
        replacement.units.removeLast(3)
        #expect(throws: HistoryProblem.self) {
            try store.record(replacement) { throw SimulatedCrash() }
        }
        #expect(try store.run(period: Period("2022H1")!) == Self.detailed)
        #expect(try K.counts(store) == counts)
        // And as another process would find the file afterwards.
        #expect(try HistoryStore(path: path, mode: .readOnly).run(period: Period("2022H1")!) == Self.detailed)
        // A constraint failure half-way through the inserts is no different.
        var duplicate = K.h1_2022
        duplicate.units.append(duplicate.units[0])
        #expect(throws: HistoryProblem.self) { try store.record(duplicate) }
        #expect(try store.run(period: Period("2022H1")!) == Self.detailed)
    }

    @Test("The database is in WAL mode, identified as Kaoping's, with foreign keys that cascade")
    func schema() throws {
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        let found = try store.queue.read { db throws -> (String?, Int32?, [String], Bool) in
            let tables = try ["runs", "unit_results", "unit_metrics", "unit_checks", "rectifications"].filter { try db.tableExists($0) }
            let cascading = try ["unit_results", "unit_metrics", "unit_checks", "rectifications"].filter { table in
                try db.foreignKeys(on: table).contains { !$0.mapping.isEmpty }
            }
            #expect(cascading.count == 4)
            return (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int32.fetchOne(db, sql: "PRAGMA application_id"),
                    tables, try HistorySchema.migrator.hasCompletedMigrations(db))
        }
        #expect(found.0 == "wal")
        #expect(found.1 == HistorySchema.applicationID)
        #expect(found.2.count == 5)
        #expect(found.3)
        let cascades = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE name IN ('unit_results', 'unit_metrics', 'unit_checks', 'rectifications')")
        }
        #expect(cascades.count == 4 && cascades.allSatisfy { $0.contains("ON DELETE CASCADE") })
    }

    @Test("A zero-byte file is an empty database: the schema is created in it")
    func zeroByteFile() throws {
        let folder = try TempFolder()
        try folder.write("history.sqlite", bytes: [])
        let path = HistoryStore.path(in: folder.path)
        #expect(throws: HistoryProblem.noHistory(path: path)) { try HistoryStore(path: path, mode: .readOnly) }
        let store = try HistoryStore(path: path)
        try store.record(K.h2_2021)
        #expect(try store.periods().map(\.name) == ["2021H2"])
    }

    @Test("Reading a missing database says there is no history yet, and creates nothing")
    func missingFile() throws {
        let folder = try TempFolder()
        let path = HistoryStore.path(in: folder.path)
        let error = #expect(throws: HistoryProblem.self) { try HistoryStore(path: path, mode: .readOnly) }
        #expect(error == .noHistory(path: path))
        #expect(error?.description.contains("还没有历史记录") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("Garbage bytes are reported as a damaged database, in either mode, and the file is left as it was",
          arguments: [HistoryStore.Mode.readWrite, .readOnly])
    func garbage(mode: HistoryStore.Mode) throws {
        let folder = try TempFolder()
        let bytes = Array("这不是数据库 — not a database at all, just text that someone saved here\n".utf8) + (0..<4096).map { UInt8($0 % 251) }
        try folder.write("history.sqlite", bytes: bytes)
        let path = HistoryStore.path(in: folder.path)
        let error = try #require(#expect(throws: HistoryProblem.self) { try HistoryStore(path: path, mode: mode) })
        guard case .damaged(let reported, _) = error else { Issue.record("got \(error)"); return }
        #expect(reported == path)
        #expect(error.description.hasPrefix("\(path): error: 历史数据库已损坏或不是 Kaoping 的数据库"))
        #expect(error.description.contains("已发布的报告不受影响"))
        #expect(try K.snapshot(folder.path) == ["history.sqlite": Data(bytes)])
    }

    @Test("Another program's SQLite database is refused without being touched")
    func foreignDatabase() throws {
        let folder = try TempFolder()
        let path = HistoryStore.path(in: folder.path)
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { db in
                try db.execute(sql: "CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO players (name) VALUES ('x')")
            }
            try other.close()
        }
        let before = try K.snapshot(folder.path)
        for mode in [HistoryStore.Mode.readWrite, .readOnly] {
            let error = #expect(throws: HistoryProblem.self) { try HistoryStore(path: path, mode: mode) }
            #expect(error?.description.contains("不是 Kaoping 的数据库") == true)
        }
        #expect(try K.snapshot(folder.path) == before)
    }

    @Test("A database from a newer Kaoping is refused, not downgraded")
    func newerSchema() throws {
        let folder = try TempFolder()
        let path = HistoryStore.path(in: folder.path)
        do {
            let store = try HistoryStore(path: path)
            try store.record(K.h2_2021)
            try store.queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
            try store.queue.close()
        }
        let before = try K.snapshot(folder.path)
        for mode in [HistoryStore.Mode.readWrite, .readOnly] {
            #expect(throws: HistoryProblem.newerSchema(path: path)) { try HistoryStore(path: path, mode: mode) }
        }
        // A read-only SQLite connection cannot remove the WAL index files it opened beside a WAL
        // database (empty -wal, -shm); the database itself is untouched.
        #expect(try K.snapshot(folder.path)["history.sqlite"] == before["history.sqlite"])
        #expect(HistoryProblem.newerSchema(path: path).description.contains("请升级 Kaoping"))
    }

    @Test("A store opened read-only refuses to record")
    func readOnlyRefusesWrites() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let reader = try HistoryStore(path: store.path, mode: .readOnly)
        let error = #expect(throws: HistoryProblem.self) { try reader.record(K.h1_2022) }
        guard case .cannotWrite = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(try store.periods().count == 3)
    }

    @Test("A history path whose folder cannot hold it is reported as not writable")
    func unwritablePlace() throws {
        let folder = try TempFolder()
        try folder.write("reports", "a file where the reports folder should be")
        let path = HistoryStore.path(in: folder.path + "/reports")
        let error = #expect(throws: HistoryProblem.self) { try HistoryStore(path: path) }
        guard case .cannotWrite(let reported, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reported == path)
        #expect(error?.description.contains("无法写入历史数据库") == true)
    }

    @Test("A read-only reports folder is reported as not writable", .enabled(if: geteuid() != 0, "root writes anywhere"))
    func readOnlyFolder() throws {
        let folder = try TempFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let error = #expect(throws: HistoryProblem.self) { try HistoryStore(path: HistoryStore.path(in: folder.path)) }
        guard case .cannotWrite = error else { Issue.record("got \(String(describing: error))"); return }
    }
}
