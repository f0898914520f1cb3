import Foundation
import GRDB

/// The run history (`<out>/history.sqlite`): one record per period, replaced whole when the
/// period is run again.
public final class HistoryStore: Sendable {
    public static let fileName = "history.sqlite"

    public enum Mode: Sendable {
        /// Creates the file when missing and upgrades an older schema.
        case readWrite
        /// Never creates or changes anything: for `kaoping history` and for looking back
        /// before a run has published.
        case readOnly
    }

    public let path: String
    public let mode: Mode
    let queue: DatabaseQueue

    /// `<folder>/history.sqlite`.
    public static func path(in folder: String) -> String {
        (folder as NSString).appendingPathComponent(fileName)
    }

    public init(path: String, mode: Mode = .readWrite) throws(HistoryProblem) {
        self.path = path
        self.mode = mode
        if mode == .readOnly, !FileManager.default.fileExists(atPath: path) { throw .noHistory(path: path) }
        var configuration = Configuration()
        configuration.readonly = mode == .readOnly
        // A second Kaoping (cron and a clerk at once) waits for the other's write instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // One fsync per run is nothing, and without it a power cut just after the run could
            // drop the record of a bulletin that was already sent out.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try prepare()
        } catch {
            throw HistoryProblem.from(error, path: path, writing: mode == .readWrite)
        }
    }

    /// Checks whose file it is before touching it: GRDB's own WAL setup would rewrite the
    /// header of any SQLite file, another program's included.
    private func prepare() throws {
        let migrator = HistorySchema.migrator
        switch try queue.read(HistorySchema.identity) {
        case .foreign:
            throw HistoryProblem.damaged(path: path, detail: "文件中是其他程序的数据表")
        case .blank where mode == .readOnly:
            throw HistoryProblem.noHistory(path: path)
        case .blank, .kaoping:
            break
        }
        if try queue.read(migrator.hasBeenSuperseded) { throw HistoryProblem.newerSchema(path: path) }
        guard mode == .readWrite else {
            if try !queue.read(migrator.hasCompletedMigrations) {
                throw HistoryProblem.cannotOpen(path: path, detail: "数据库版本较旧，运行一次 kaoping run 即可升级")
            }
            return
        }
        // WAL: a crash mid-write leaves the last committed record, and readers never see half a run.
        let journal = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        guard journal?.lowercased() == "wal" else {
            throw HistoryProblem.cannotWrite(path: path, detail: "无法启用 WAL 日志模式（journal_mode = \(journal ?? "?")）")
        }
        try migrator.migrate(queue)
    }

    /// Runs a database access, turning whatever SQLite says into a `HistoryProblem`.
    func access<T>(writing: Bool = false, _ body: () throws -> T) throws(HistoryProblem) -> T {
        do {
            return try body()
        } catch {
            throw HistoryProblem.from(error, path: path, writing: writing)
        }
    }

    /// Replaces the period's record, if any, in one transaction: a failure or a crash at any
    /// point leaves the previous record exactly as it was.
    public func record(_ run: RecordedRun) throws(HistoryProblem) {
        try record(run, afterRemoving: {})
    }

    /// `afterRemoving` runs inside the transaction once the old record is deleted: the tests
    /// throw there to stand in for a crash.
    func record(_ run: RecordedRun, afterRemoving interruption: () throws -> Void) throws(HistoryProblem) {
        guard mode == .readWrite else { throw .cannotWrite(path: path, detail: "以只读方式打开") }
        try access(writing: true) {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM runs WHERE period = ?", arguments: [run.period.name])
                try interruption()
                try Self.insert(run, into: db)
            }
        }
    }

    private static func insert(_ run: RecordedRun, into db: Database) throws {
        try db.execute(sql: """
            INSERT INTO runs (period, period_first, period_last, as_of, scheme_version, scheme_sha256, tool_version)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.period.name, run.period.first.description, run.period.last.description,
                             run.asOf.description, run.schemeVersion, run.schemeSHA256, run.toolVersion])
        let runID = db.lastInsertedRowID
        let unitStatement = try db.cachedStatement(sql: """
            INSERT INTO unit_results (run_id, code, position, name, category, group_name, assessed, total, rank,
                                      ranked_among, grade, veto, missing_exports)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let metricStatement = try db.cachedStatement(sql: """
            INSERT INTO unit_metrics (run_id, unit_code, metric, numerator, denominator) VALUES (?, ?, ?, ?, ?)
            """)
        let checkStatement = try db.cachedStatement(sql: """
            INSERT INTO unit_checks (run_id, unit_code, check_code, position, result) VALUES (?, ?, ?, ?, ?)
            """)
        let rectificationStatement = try db.cachedStatement(sql: """
            INSERT INTO rectifications (run_id, unit_code, position, kind, subject, deadline) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (position, unit) in run.units.enumerated() {
            try unitStatement.execute(arguments: [
                runID, unit.code, position, unit.name, unit.category.rawValue, unit.group, unit.assessed, unit.total,
                unit.rank, unit.rankedAmong, unit.grade?.rawValue, unit.veto, ResultFormat.exports(unit.missingExports),
            ])
            for metric in unit.metrics {
                try metricStatement.execute(arguments: [runID, unit.code, metric.metric.rawValue, metric.numerator, metric.denominator])
            }
            for (index, check) in unit.compliance.enumerated() {
                try checkStatement.execute(arguments: [runID, unit.code, check.code, index, check.result.rawValue])
            }
            for (index, rectification) in unit.rectifications.enumerated() {
                let stored = rectification.requirement.stored
                try rectificationStatement.execute(arguments: [runID, unit.code, index, stored.kind, stored.subject,
                                                              rectification.deadline.description])
            }
        }
    }
}
