#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates a data folder as a district's units would send it (SPEC §3): a registry, service
/// items, cases, tickets, compliance findings, adjustments and targets. The same options
/// always give a byte-identical folder: every value comes from `SyntheticRandom` streams
/// seeded by `options.seed`, never from the clock or from hash ordering.
public enum SyntheticData {
    /// Writes into `directory` (created when missing), replacing only the files it generates.
    public static func write(to directory: String, options: SyntheticOptions) throws -> SyntheticSummary {
        guard let period = Period(options.period) else { throw SyntheticDataError.badPeriod(options.period) }
        guard (0...2_000_000_000).contains(options.cases) else {
            throw SyntheticDataError.badOption("办件数量应在 0 到 2,000,000,000 之间")
        }
        let roster = try DistrictRoster(options: options)
        let weekdays = PeriodWeekdays(period: period)
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        for folder in ["units", "items", "cases", "tickets", "compliance", "adjustments", "targets"] {
            try makeDirectories(root + "/" + folder)
        }

        var files: [SyntheticFile] = []
        var planted: [PlantedRow] = []
        files.append(try RegistryFiles.writeUnits(root: root, roster: roster, weekdays: weekdays, messy: options.messy))
        files.append(try RegistryFiles.writeItems(root: root, roster: roster, weekdays: weekdays, options: options, planted: &planted))
        var cases = CaseFiles(root: root, roster: roster, weekdays: weekdays, options: options)
        try cases.write()
        files += cases.files
        planted += cases.planted
        files.append(try TicketFile(root: root, roster: roster, weekdays: weekdays, options: options).write(planted: &planted))
        files.append(try ComplianceFile.write(root: root, roster: roster, weekdays: weekdays, options: options, planted: &planted))
        files.append(try AppraisalFiles.writeAdjustments(root: root, roster: roster, weekdays: weekdays, options: options))
        files.append(try AppraisalFiles.writeTargets(root: root, roster: roster, weekdays: weekdays, options: options,
                                                     caseCounts: cases.counts))
        return SyntheticSummary(files: files, planted: planted)
    }

    /// `mkdir -p`, reporting the system's reason (a file in the way, no permission) on failure.
    private static func makeDirectories(_ path: String) throws(SyntheticDataError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .cannotWrite(path: prefix, reason: String(cString: strerror(errno)))
            }
            prefix += "/"
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(ENOTDIR)))
        }
    }
}
