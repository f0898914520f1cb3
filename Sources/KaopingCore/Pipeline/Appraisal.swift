import Logging

/// The whole result of scoring a period: every unit with its evidence, plus what ingest saw.
public struct Appraisal: Sendable {
    public var window: PeriodWindow
    public var scheme: Scheme
    public var calendarYears: ClosedRange<Int>
    /// Working days from the period's first day to as-of, and in the whole year: the
    /// pro-rating of annual volume targets.
    public var workdaysToAsOf: Int
    public var workdaysInYear: Int
    public var ingest: IngestResult
    /// Assessed units by category and group in rank order, then inactive units, in the order
    /// reports list them.
    public var units: [UnitResult]
    /// Rows refused while scoring (targets and checks the scheme cannot use); already counted
    /// in `ingest.files`.
    public var scoringRejects: [Reject]
    public var rejectCount: Int

    public var proration: Fraction { Fraction(workdaysToAsOf, workdaysInYear) }

    public func unit(_ code: String) -> UnitResult? { units.first { $0.unit.code == code } }
}

/// Why a run cannot score at all (exit 2): bad calendar or a scheme that does not fit the
/// registry.
public enum AppraisalProblem: Error, CustomStringConvertible {
    case calendar(WorkingCalendar.Problem)
    case categoryNotInScheme(category: UnitCategory, units: Int, scheme: String)
    /// No department or township in the registry: a missing or empty units file. Publishing an
    /// empty bulletin over last night's would be worse than publishing nothing.
    case noUnits(folder: String)

    public var description: String {
        switch self {
        case .calendar(let problem): return problem.description
        case let .categoryNotInScheme(category, units, scheme):
            return "\(scheme): error: 考核名单中有 \(units) 个\(category.chineseName)单位，但考核方案没有 [\(category.rawValue)] 的计分办法"
        case .noUnits(let folder):
            return "\(folder): error: 数据目录中没有考核名单（units 文件），或名单中没有部门和乡镇（街道）：没有可评分的单位，未发布任何结果 (no units to score; nothing published)"
        }
    }
}

/// Reads a data folder and scores it: ingest into tallies, then targets, compliance,
/// adjustments, ranks and grades.
public struct Appraiser {
    public let folder: DataFolder
    public let window: PeriodWindow
    public let scheme: Scheme
    public let calendar: WorkingCalendar
    public let calendarFolder: String?
    /// Cores to use; nil means all.
    public var jobs: Int?
    /// Largest cell, row and header accepted.
    public var limits = ReadLimits()
    /// Byte ranges of this size instead of the default; tests make them tiny.
    var rangeSize: Int?
    /// Ingest progress, for a progress bar.
    public var progress: (@Sendable (IngestProgress) -> Void)?
    private let logger: Logger

    public init(folder: DataFolder, window: PeriodWindow, scheme: Scheme, calendar: WorkingCalendar,
                calendarFolder: String? = nil, logger: Logger) {
        self.folder = folder
        self.window = window
        self.scheme = scheme
        self.calendar = calendar
        self.calendarFolder = calendarFolder
        self.logger = logger
    }

    /// `onReject` receives every rejected row, ingest's in file order first, then those
    /// refused while scoring.
    public func run(onReject: @escaping (Reject) -> Void) throws(AppraisalProblem) -> Appraisal {
        let year = window.period.year
        let rules: MetricRules
        let toAsOf: Int, inYear: Int
        do {
            try calendar.require(year: year, folder: calendarFolder)
            rules = try MetricRules(window: window, calendar: calendar)
            // SPEC §5 counts from 1 January, which is the period's first day for H1, Q1 and the year.
            // For H2, Q2–Q4 only the period's cases are counted, so the expectation starts with
            // the period too; otherwise a July run would be held to seven months of target.
            toAsOf = try calendar.workdays(from: window.period.first, through: window.asOf)
            inYear = try calendar.workdays(from: Day(year: year, month: 1, day: 1)!, through: Day(year: year, month: 12, day: 31)!)
        } catch {
            throw .calendar(error)
        }
        var rejectCount = 0
        var collector = RecordCollector(rules: rules) { reject in
            rejectCount += 1
            onReject(reject)
        }
        var options = IngestOptions(window: window, checks: scheme.checks, jobs: jobs)
        options.progress = progress
        options.limits = limits
        if let rangeSize { options.rangeSize = rangeSize }
        var ingest = Ingestor(folder: folder, options: options, logger: logger)
            .run(into: &collector)
        var collected = collector.collected
        let registry = ingest.units

        guard registry.units.contains(where: { $0.category != .village }) else { throw .noUnits(folder: folder.root) }
        for category in [UnitCategory.department, .township] where scheme.category(category) == nil {
            let count = registry.units.filter { $0.category == category && $0.active }.count
            if count > 0 { throw .categoryNotInScheme(category: category, units: count, scheme: scheme.path) }
        }

        var late = LateRejects(paths: ingest.files.map(\.relativePath))
        let targets = TargetBook(rows: collected.targets, scheme: scheme, units: registry)
        for refusal in targets.refused {
            late.refuse(at: refusal.location, column: refusal.column, value: refusal.value, code: refusal.code, message: refusal.message,
                        unitCode: refusal.unitCode)
        }
        for location in targets.repeats { late.skipDuplicate(at: location) }
        for (code, findings) in collected.findings {
            collected.findings[code] = findings.filter { located in
                guard let unit = registry[code], let categoryScheme = scheme.category(unit.category),
                      !categoryScheme.compliance.points.contains(where: { $0.code == located.value.check }) else { return true }
                late.refuse(at: located.location, column: .check, value: located.value.check, code: .checkNotInScheme,
                            message: "考核方案没有对\(unit.category.chineseName)单位检查「\(scheme.checks.name(of: located.value.check))」，该检查结果不计分",
                            unitCode: code)
                return false
            }
        }
        late.apply(to: &ingest.files)
        for reject in late.rejects {
            rejectCount += 1
            onReject(reject)
        }

        let units = score(registry: registry, collected: collected, targets: targets, proration: Fraction(toAsOf, inYear))
        return Appraisal(window: window, scheme: scheme, calendarYears: calendar.years, workdaysToAsOf: toAsOf,
                         workdaysInYear: inYear, ingest: ingest, units: units, scoringRejects: late.rejects,
                         rejectCount: rejectCount)
    }

    private func score(registry: UnitRegistry, collected: CollectedRecords, targets: TargetBook, proration: Fraction) -> [UnitResult] {
        var listed: [UnitResult] = []
        for category in [UnitCategory.department, .township] {
            guard let categoryScheme = scheme.category(category) else { continue }
            let scorer = UnitScorer(scheme: categoryScheme, targets: targets, proration: proration, checkNames: scheme.checks)
            var byGroup: [String: [UnitResult]] = [:]
            var groupOrder: [String] = []
            var inactive: [UnitResult] = []
            for unit in registry.officialOrder where unit.category == category {
                let villages = registry.units.filter { $0.category == .village && $0.parentCode == unit.code }
                var result = scorer.score(
                    unit: unit, villages: villages, tally: collected.tallies[unit.code] ?? UnitTally(),
                    submitted: collected.submitted[unit.code] ?? [], findings: collected.findings[unit.code] ?? [],
                    adjustments: collected.adjustments[unit.code] ?? [])
                guard unit.active else {
                    result.assessed = false
                    result.total = nil
                    inactive.append(result)
                    continue
                }
                let group = unit.group ?? ""
                if byGroup[group] == nil { groupOrder.append(group) }
                byGroup[group, default: []].append(result)
            }
            for group in groupOrder {
                listed += Ranking.rankAndGrade(byGroup[group]!, scheme: categoryScheme)
            }
            listed += inactive
        }
        return listed
    }
}

/// Rows found wanting only at scoring time. They were counted as accepted by ingest; here
/// they move to rejected (or skipped, for identical repeats) so every file still balances.
struct LateRejects {
    let paths: [String]
    private var refused: [(location: RowLocation, reject: Reject)] = []
    private var moves: [(file: Int, toSkipped: Bool)] = []

    init(paths: [String]) { self.paths = paths }

    mutating func refuse(at location: RowLocation, column: Column, value: String, code: RejectCode, message: String, unitCode: String?) {
        refused.append((location, Reject(file: paths[location.file], line: location.line, column: column.name,
                                         columnNumber: nil, value: value, code: code, message: message, unitCode: unitCode)))
        moves.append((location.file, false))
    }

    /// In input order, whatever order they were found in.
    var rejects: [Reject] { refused.sorted { $0.location < $1.location }.map(\.reject) }

    mutating func skipDuplicate(at location: RowLocation) {
        moves.append((location.file, true))
    }

    func apply(to files: inout [FileReport]) {
        for move in moves {
            files[move.file].rowsAccepted -= 1
            if move.toSkipped {
                files[move.file].skipped[.duplicate, default: 0] += 1
            } else {
                files[move.file].rowsRejected += 1
            }
        }
    }
}
