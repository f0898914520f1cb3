import GRDB

/// One period of one unit's record, as `kaoping history` lists it.
public struct UnitHistoryEntry: Sendable, Equatable {
    public var period: Period
    public var asOf: Day
    public var name: String
    public var category: UnitCategory
    public var group: String?
    public var assessed: Bool
    public var total: String?
    public var rank: Int?
    public var rankedAmong: Int?
    public var grade: Grade?
    public var veto: Bool

    public init(period: Period, asOf: Day, name: String, category: UnitCategory, group: String?, assessed: Bool,
                total: String?, rank: Int?, rankedAmong: Int?, grade: Grade?, veto: Bool) {
        self.period = period
        self.asOf = asOf
        self.name = name
        self.category = category
        self.group = group
        self.assessed = assessed
        self.total = total
        self.rank = rank
        self.rankedAmong = rankedAmong
        self.grade = grade
        self.veto = veto
    }

    var rankingKey: RankingKey { RankingKey(category: category, group: group ?? "") }
}

extension HistoryStore {
    public func run(period: Period) throws(HistoryProblem) -> RecordedRun? {
        try access { try queue.read { db in try Self.fetchRun(period.name, db) } }
    }

    /// The run to compare `period` with; nil when that period was never recorded.
    public func previousRun(before period: Period, compare: HistoryComparison = .previous) throws(HistoryProblem) -> RecordedRun? {
        guard let earlier = compare.period(before: period) else { return nil }
        return try run(period: earlier)
    }

    /// Every recorded period, oldest first.
    public func periods() throws(HistoryProblem) -> [Period] {
        let names = try access { try queue.read { db in try String.fetchAll(db, sql: "SELECT period FROM runs") } }
        return try access { try names.map { try Self.period($0) } }.sorted(by: Period.chronological)
    }

    /// The unit in every recorded period it was listed in, oldest first; empty for a code never seen.
    public func unitHistory(code: String) throws(HistoryProblem) -> [UnitHistoryEntry] {
        try access {
            let rows = try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT runs.period, runs.as_of, unit_results.* FROM unit_results JOIN runs ON runs.id = unit_results.run_id
                    WHERE unit_results.code = ?
                    """, arguments: [code])
            }
            return try rows.map { row in
                let unit = try Self.unit(row)
                return UnitHistoryEntry(period: try Self.period(row.decode(forColumn: "period")),
                                        asOf: try Self.day(row.decode(forColumn: "as_of")),
                                        name: unit.name, category: unit.category, group: unit.group, assessed: unit.assessed,
                                        total: unit.total, rank: unit.rank, rankedAmong: unit.rankedAmong, grade: unit.grade,
                                        veto: unit.veto)
            }.sorted { Period.chronological($0.period, $1.period) }
        }
    }

    private static func fetchRun(_ name: String, _ db: Database) throws -> RecordedRun? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE period = ?", arguments: [name]) else { return nil }
        let id: Int64 = try row.decode(forColumn: "id")
        var metrics: [String: [RecordedMetric]] = [:]
        for line in try Row.fetchAll(db, sql: "SELECT * FROM unit_metrics WHERE run_id = ?", arguments: [id]) {
            // A metric a later Kaoping added is not one this version can show: left out.
            guard let metric = MetricID(rawValue: try line.decode(forColumn: "metric")) else { continue }
            metrics[try line.decode(forColumn: "unit_code"), default: []].append(
                RecordedMetric(metric: metric, numerator: try line.decode(forColumn: "numerator"),
                               denominator: try line.decode(forColumn: "denominator")))
        }
        var checks: [String: [RecordedCheck]] = [:]
        for line in try Row.fetchAll(db, sql: "SELECT * FROM unit_checks WHERE run_id = ? ORDER BY unit_code, position", arguments: [id]) {
            guard let result = ComplianceResult(rawValue: try line.decode(forColumn: "result")) else { throw malformed("result") }
            checks[try line.decode(forColumn: "unit_code"), default: []].append(
                RecordedCheck(code: try line.decode(forColumn: "check_code"), result: result))
        }
        var rectifications: [String: [RecordedRectification]] = [:]
        for line in try Row.fetchAll(db, sql: "SELECT * FROM rectifications WHERE run_id = ? ORDER BY unit_code, position",
                                     arguments: [id]) {
            guard let requirement = RecordedRectification.Requirement(kind: try line.decode(forColumn: "kind"),
                                                                      subject: try line.decode(forColumn: "subject")) else { continue }
            rectifications[try line.decode(forColumn: "unit_code"), default: []].append(
                RecordedRectification(requirement, deadline: try day(line.decode(forColumn: "deadline"))))
        }
        let units = try Row.fetchAll(db, sql: "SELECT * FROM unit_results WHERE run_id = ? ORDER BY position", arguments: [id]).map { line in
            var unit = try Self.unit(line)
            let order = MetricID.allCases
            unit.metrics = (metrics[unit.code] ?? []).sorted { order.firstIndex(of: $0.metric)! < order.firstIndex(of: $1.metric)! }
            unit.compliance = checks[unit.code] ?? []
            unit.rectifications = rectifications[unit.code] ?? []
            return unit
        }
        return RecordedRun(period: try period(row.decode(forColumn: "period")), asOf: try day(row.decode(forColumn: "as_of")),
                           schemeVersion: try row.decode(forColumn: "scheme_version"),
                           schemeSHA256: try row.decode(forColumn: "scheme_sha256"),
                           toolVersion: try row.decode(forColumn: "tool_version"), units: units)
    }

    /// A unit_results row without its metrics, checks and rectifications.
    private static func unit(_ row: Row) throws -> RecordedUnit {
        guard let category = UnitCategory(rawValue: try row.decode(forColumn: "category")) else { throw malformed("category") }
        let exports: String = try row.decode(forColumn: "missing_exports")
        let grade: String? = try row.decode(forColumn: "grade")
        return RecordedUnit(code: try row.decode(forColumn: "code"), name: try row.decode(forColumn: "name"), category: category,
                            group: try row.decode(forColumn: "group_name"), assessed: try row.decode(forColumn: "assessed"),
                            total: try row.decode(forColumn: "total"), rank: try row.decode(forColumn: "rank"),
                            rankedAmong: try row.decode(forColumn: "ranked_among"), grade: grade.flatMap(Grade.init(rawValue:)),
                            veto: try row.decode(forColumn: "veto"),
                            missingExports: exports.split(separator: ";").compactMap { ExportKind(rawValue: String($0)) })
    }

    private static func period(_ name: String) throws -> Period {
        guard let period = Period(name) else { throw malformed("period") }
        return period
    }

    private static func day(_ text: String) throws -> Day {
        guard let day = Day(iso: text) else { throw malformed("date") }
        return day
    }

    private static func malformed(_ column: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_CORRUPT, message: "无法识别的 \(column) 值 (unreadable \(column))")
    }
}
