import GRDB

/// The history database's tables, one GRDB migration per schema version. A released migration
/// is never edited: a later schema adds a migration, so older databases upgrade in place.
enum HistorySchema {
    /// SQLite's `application_id` header field ("KPHS"): tells Kaoping's database from another
    /// program's SQLite file that happens to sit at the same path.
    static let applicationID: Int32 = 0x4B50_4853

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "runs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("period", .text).notNull().unique()
                // Both ends of the period, ISO dates: text order is chronological order.
                t.column("period_first", .text).notNull()
                t.column("period_last", .text).notNull()
                t.column("as_of", .text).notNull()
                t.column("scheme_version", .text).notNull()
                t.column("scheme_sha256", .text).notNull()
                t.column("tool_version", .text).notNull()
            }
            try db.create(table: "unit_results") { t in
                t.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                t.column("code", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("category", .text).notNull()
                t.column("group_name", .text)
                t.column("assessed", .boolean).notNull()
                // Text, not REAL: the published two-decimal total, never re-rounded.
                t.column("total", .text)
                t.column("rank", .integer)
                t.column("ranked_among", .integer)
                t.column("grade", .text)
                t.column("veto", .boolean).notNull()
                t.column("missing_exports", .text).notNull()
                t.primaryKey(["run_id", "code"])
            }
            try db.create(indexOn: "unit_results", columns: ["code"])
            try db.create(table: "unit_metrics") { t in
                t.column("run_id", .integer).notNull()
                t.column("unit_code", .text).notNull()
                t.column("metric", .text).notNull()
                t.column("numerator", .integer).notNull()
                t.column("denominator", .integer)
                t.primaryKey(["run_id", "unit_code", "metric"])
                t.foreignKey(["run_id", "unit_code"], references: "unit_results", columns: ["run_id", "code"], onDelete: .cascade)
            }
            try db.create(table: "unit_checks") { t in
                t.column("run_id", .integer).notNull()
                t.column("unit_code", .text).notNull()
                t.column("check_code", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("result", .text).notNull().check(sql: "result IN ('pass', 'partial', 'fail', 'na')")
                t.primaryKey(["run_id", "unit_code", "check_code"])
                t.foreignKey(["run_id", "unit_code"], references: "unit_results", columns: ["run_id", "code"], onDelete: .cascade)
            }
            try db.create(table: "rectifications") { t in
                t.column("run_id", .integer).notNull()
                t.column("unit_code", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("kind", .text).notNull().check(sql: "kind IN ('check', 'overdue', 'missing')")
                // The check code, the overdue count or the export kind.
                t.column("subject", .text).notNull()
                t.column("deadline", .text).notNull()
                t.primaryKey(["run_id", "unit_code", "position"])
                t.foreignKey(["run_id", "unit_code"], references: "unit_results", columns: ["run_id", "code"], onDelete: .cascade)
            }
        }
        return migrator
    }

    /// Whether the file is Kaoping's, a blank SQLite database (a zero-byte file is one), or
    /// someone else's.
    enum Identity {
        case kaoping, blank, foreign
    }

    static func identity(_ db: Database) throws -> Identity {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if id == applicationID { return .kaoping }
        let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") ?? 0
        return id == 0 && objects == 0 ? .blank : .foreign
    }
}
