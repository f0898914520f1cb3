import Foundation
@testable import KaopingCore
import Logging
import Testing

/// Issue 7's properties, over random valid data folders from the generator: the results of a
/// period never depend on the order of rows, how the rows are split into files, what the files
/// are called, or how many threads read them; and every result holds together (rows add up,
/// no rate above 1, ranks follow totals).
@Suite("Properties of random valid folders")
struct PropertyTests {
    static let seeds: [UInt64] = [3, 17, 2022]

    /// A small district, tidy exports (no planted faults: a conflicting repeat's winner would
    /// rightly depend on the order), written into a fresh folder.
    static func district(seed: UInt64) throws -> TempFolder {
        let folder = try TempFolder()
        var options = SyntheticOptions()
        options.departments = 5
        options.townships = 3
        options.villages = 2
        options.cases = 900
        options.seed = seed
        options.messy = false
        _ = try SyntheticData.write(to: folder.path, options: options)
        return folder
    }

    static func appraise(_ path: String, jobs: Int = 1, rangeSize: Int? = nil) throws -> Appraisal {
        let window = try PeriodWindow(period: try #require(Period("2022H1")), asOf: nil)
        let calendar = try WorkingCalendar.load(folder: Repository.calendar)
        var appraiser = Appraiser(folder: try DataFolder(root: path), window: window, scheme: try loadScheme2022(),
                                  calendar: calendar, calendarFolder: Repository.calendar, logger: Logger(label: "test"))
        appraiser.jobs = jobs
        appraiser.rangeSize = rangeSize
        return try appraiser.run { _ in }
    }

    /// Everything a bulletin says of each unit that must not depend on where its rows were:
    /// not the evidence's line numbers, which rightly do.
    static func outcome(_ appraisal: Appraisal) -> [String] {
        appraisal.units.map { unit in
            let metrics = MetricID.allCases.map { id in
                unit.metrics[id].map { "\($0.numerator)/\($0.denominator.map(String.init) ?? "-")" } ?? "n/a"
            }
            return "\(unit.unit.code) total=\(unit.total?.description ?? "-") rank=\(unit.rank ?? 0) "
                + "grade=\(unit.gradeLabel) veto=\(unit.veto) missing=\(unit.missingExports) "
                + "overdue=\(unit.tally.overdueCases.count) late=\(unit.tally.lateCases.count) " + metrics.joined(separator: " ")
        }
    }

    /// The data rows of every export under `folder` but the units files, as (path, header,
    /// rows), when no quote makes a line something else than a row (the cases and tickets).
    static func exports(in folder: TempFolder) throws -> [(path: String, header: String, rows: [String])] {
        let data = try DataFolder(root: folder.path)
        let files = try data.files.filter { !$0.hasPrefix("units") }.compactMap { relative -> (String, String, [String])? in
            let text = try String(contentsOfFile: data.absolutePath(relative), encoding: .utf8)
            guard !text.contains("\"") else { return nil }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return (relative, lines[0], Array(lines.dropFirst()))
        }
        #expect(files.contains { $0.0.hasPrefix("cases/") } && files.contains { $0.0.hasPrefix("tickets/") })
        return files
    }

    static func rewrite(_ folder: TempFolder, _ files: [(path: String, header: String, rows: [String])]) throws {
        for file in try exports(in: folder) { try FileManager.default.removeItem(atPath: folder.path + "/" + file.path) }
        for file in files { try folder.write(file.path, ([file.header] + file.rows).joined(separator: "\n") + "\n") }
    }

    @Test("Shuffled rows give the same results", arguments: seeds)
    func shuffledRows(seed: UInt64) throws {
        let folder = try Self.district(seed: seed)
        let before = Self.outcome(try Self.appraise(folder.path))
        var random = SeededRandom(seed: seed)
        try Self.rewrite(folder, try Self.exports(in: folder).map { file in
            (file.path, file.header, file.rows.shuffled(using: &random))
        })
        let after = Self.outcome(try Self.appraise(folder.path))
        #expect(after == before)
        for (x, y) in zip(before, after) where x != y { Issue.record("\(x)\n\(y)") }
    }

    @Test("Rows split over more files, under other names and folders, give the same results", arguments: seeds)
    func splitAndRenamed(seed: UInt64) throws {
        let folder = try Self.district(seed: seed)
        let before = Self.outcome(try Self.appraise(folder.path))
        var random = SeededRandom(seed: seed &+ 1)
        var pieces: [(path: String, header: String, rows: [String])] = []
        for (index, file) in try Self.exports(in: folder).enumerated() {
            // Names that turn the reading order around, in a folder layout of their own.
            let stem = "z\(999 - index)-" + file.path.replacingOccurrences(of: "/", with: "_")
            let cut = file.rows.isEmpty ? 0 : Int(random.next() % UInt64(file.rows.count + 1))
            pieces.append(("later/\(stem)-b.csv", file.header, Array(file.rows[cut...])))
            pieces.append(("earlier/\(stem)-a.csv", file.header, Array(file.rows[..<cut])))
        }
        try Self.rewrite(folder, pieces)
        #expect(Self.outcome(try Self.appraise(folder.path)) == before)
    }

    @Test("Any number of threads and any range size give the same results", arguments: seeds)
    func threads(seed: UInt64) throws {
        let folder = try Self.district(seed: seed)
        let before = Self.outcome(try Self.appraise(folder.path))
        for (jobs, rangeSize) in [(2, 97), (3, 1024), (4, 4093)] {
            #expect(Self.outcome(try Self.appraise(folder.path, jobs: jobs, rangeSize: rangeSize)) == before)
        }
    }

    @Test("Every result holds together: rows add up, rates stay within 1, ranks follow totals", arguments: seeds)
    func consistency(seed: UInt64) throws {
        let folder = try Self.district(seed: seed)
        let appraisal = try Self.appraise(folder.path)
        for file in appraisal.ingest.files where file.isReadable {
            #expect(file.rowsRead == file.rowsAccepted + file.rowsRejected + file.skipped.values.reduce(0, +), "\(file.relativePath)")
        }
        for unit in appraisal.units {
            for (id, value) in unit.metrics {
                if let denominator = value.denominator {
                    #expect(0 <= value.numerator && value.numerator <= denominator, "\(unit.unit.code) \(id)")
                } else {
                    #expect(id == .daysSaved || value.numerator >= 0, "\(unit.unit.code) \(id)")
                }
            }
        }
        let ranked = appraisal.units.filter { $0.assessed && $0.rank != nil }
        let groups = Dictionary(grouping: ranked) { "\($0.unit.category) \($0.unit.group ?? "")" }
        #expect(!groups.isEmpty)
        for (_, units) in groups {
            for a in units {
                for b in units where a.unit.code != b.unit.code {
                    let (ra, rb) = (a.rank!, b.rank!)
                    if a.veto != b.veto {
                        #expect((ra > rb) == a.veto, "a vetoed unit ranks after every other: \(a.unit.code) \(b.unit.code)")
                    } else if let ta = a.total, let tb = b.total {
                        #expect((ta > tb) == (ra < rb), "\(a.unit.code) \(ta) #\(ra) vs \(b.unit.code) \(tb) #\(rb)")
                        #expect((ta == tb) == (ra == rb), "\(a.unit.code) \(ta) #\(ra) vs \(b.unit.code) \(tb) #\(rb)")
                    }
                }
            }
        }
    }
}
