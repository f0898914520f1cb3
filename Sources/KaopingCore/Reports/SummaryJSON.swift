/// `summary.json` (SPEC §6): every unit with every metric of SPEC §4, scored or not.
public enum SummaryJSON {
    public static func render(_ appraisal: Appraisal) -> String {
        JSONText.object([
            ("period", .string(appraisal.window.period.name)),
            ("as_of", .string(appraisal.window.asOf.description)),
            ("scheme", .string(appraisal.scheme.version)),
            ("scheme_title", .string(appraisal.scheme.title)),
            ("scheme_sha256", .string(appraisal.scheme.sha256)),
            ("workdays_to_as_of", .int(appraisal.workdaysToAsOf)),
            ("workdays_in_year", .int(appraisal.workdaysInYear)),
            ("units", .array(appraisal.units.map(unit))),
        ]).rendered()
    }

    static func unit(_ result: UnitResult) -> JSONText {
        var scores: [MetricID: Fraction] = [:]
        for row in result.indicators where row.status != .na {
            scores[row.indicator.metric, default: .zero] += row.score
        }
        let metrics: [(String, JSONText)] = MetricID.allCases.map { metric in
            let value = result.metrics[metric] ?? MetricValue(numerator: 0, denominator: metric.isCount ? nil : 0)
            return (metric.rawValue, .object([
                ("numerator", .int(value.numerator)),
                ("denominator", value.denominator.map(JSONText.int) ?? .null),
                ("actual", value.actual.map { .number(ResultFormat.ratio($0)) } ?? .null),
                ("score", result.assessed ? scores[metric].map { .number(ResultFormat.points($0)) } ?? .null : .null),
            ]))
        }
        let compliance: [(String, JSONText)] = result.checks.map { ($0.code, .string(($0.result ?? .na).rawValue)) }
        return .object([
            ("code", .string(result.unit.code)),
            ("name", .string(result.unit.name)),
            ("category", .string(result.unit.category.rawValue)),
            ("group", result.unit.group.map(JSONText.string) ?? .null),
            ("assessed", .bool(result.assessed)),
            ("submitted", .bool(result.submittedEverything)),
            ("missing_exports", .array(result.missingExports.map { .string($0.rawValue) })),
            ("total", result.total.map { .number(ResultFormat.points($0)) } ?? .null),
            ("rank", result.rank.map(JSONText.int) ?? .null),
            ("grade", result.assessed ? .string(result.gradeLabel) : .null),
            ("veto", .bool(result.veto)),
            ("indicator_score", result.assessed ? .number(ResultFormat.points(result.indicatorScore)) : .null),
            ("compliance_score", result.assessed ? .number(ResultFormat.points(result.complianceScore)) : .null),
            ("bonus", result.assessed ? .number(ResultFormat.points(result.bonus.counted)) : .null),
            ("penalty", result.assessed ? .number(ResultFormat.points(result.penalty.counted)) : .null),
            ("villages", .array(result.villages.map { .string($0.code) })),
            ("metrics", .object(metrics)),
            ("compliance", .object(compliance)),
        ])
    }
}

/// `manifest.json` (SPEC §6): what a report was computed from — every input file with its
/// SHA-256 and row accounting, the scheme and its hash, the tool version. No clock: the
/// same inputs give the same manifest.
public enum ManifestJSON {
    public static func render(_ appraisal: Appraisal, digests: [String?], calendarFolder: String, fingerprint: String? = nil) -> String {
        let files = appraisal.ingest.files
        let entries: [JSONText] = files.indices.map { index in
            let file = files[index]
            var members: [(String, JSONText)] = [
                ("path", .string(file.relativePath)),
                ("sha256", digests[index].map(JSONText.string) ?? .null),
                ("kind", file.profile.map { .string($0.kind.rawValue) } ?? .null),
                ("encoding", file.profile.map { .string($0.encoding.rawValue) } ?? .null),
                ("delimiter", file.profile.map { .string($0.delimiterName) } ?? .null),
                ("rows_read", .int(file.rowsRead)),
                ("rows_accepted", .int(file.rowsAccepted)),
                ("rows_rejected", .int(file.rowsRejected)),
                ("rows_skipped", .int(file.rowsSkipped)),
                ("skipped", .object(SkipReason.allCases.compactMap { reason in
                    file.skipped[reason].map { (reason.rawValue, .int($0)) }
                })),
            ]
            if let problem = file.problem { members.append(("error", .string(problem.description))) }
            return .object(members)
        }
        let sum = { (field: (FileReport) -> Int) in files.reduce(0) { $0 + field($1) } }
        return JSONText.object([
            ("tool", .string("kaoping")),
            ("version", .string(KaopingVersion.current)),
            ("period", .string(appraisal.window.period.name)),
            ("as_of", .string(appraisal.window.asOf.description)),
            ("scheme", .object([
                ("path", .string(appraisal.scheme.path)),
                ("version", .string(appraisal.scheme.version)),
                ("sha256", .string(appraisal.scheme.sha256)),
            ])),
            ("calendar", .object([
                ("folder", .string(calendarFolder)),
                ("years", .array(appraisal.calendarYears.map(JSONText.int))),
            ])),
            ("totals", .object([
                ("files", .int(files.count)),
                ("rows_read", .int(sum(\.rowsRead))),
                ("rows_accepted", .int(sum(\.rowsAccepted))),
                ("rows_rejected", .int(sum(\.rowsRejected))),
                ("rows_skipped", .int(sum(\.rowsSkipped))),
            ])),
            ("files", .array(entries)),
            ("fingerprint", fingerprint.map(JSONText.string) ?? .null),
        ]).rendered()
    }
}
