import Foundation
@testable import KaopingCore
import Testing

/// `kaoping run` against the independent Python oracle (Tests/Oracle/metrics_oracle.py, written
/// from the SPEC alone): every unit's numerator and denominator of every metric, cell for cell.
@Suite("Run: oracle agreement")
struct OracleAgreementTests {
    static let oracle = Repository.path("Tests/Oracle/metrics_oracle.py")
    static let expected = Repository.path("Tests/Oracle/sample-2022H1.expected.json")

    static let python: URL? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            // pyenv shims exist even when no interpreter is selected: ask it to run.
            let process = Process()
            process.executableURL = candidate
            process.arguments = ["-c", "import fractions, json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    /// unit code → metric → (numerator, denominator or nil).
    typealias Cells = [String: [String: [Int?]]]

    static func cells(fromOracle object: [String: Any]) throws -> Cells {
        let units = try #require(object["units"] as? [String: [String: [String: Any]]])
        return units.mapValues { metrics in
            metrics.mapValues { [$0["numerator"] as? Int, $0["denominator"] as? Int] }
        }
    }

    static func cells(fromSummary run: PublishedRun) throws -> Cells {
        try run.summaryUnits().mapValues { unit in
            let metrics = unit["metrics"] as? [String: [String: Any]] ?? [:]
            return metrics.mapValues { [$0["numerator"] as? Int, $0["denominator"] as? Int] }
        }
    }

    static func runOracle(asOf: String?) throws -> [String: Any] {
        let python = try #require(python)
        let process = Process()
        process.executableURL = python
        process.arguments = [oracle, Repository.sample, "--period", "2022H1", "--calendar", Repository.calendar]
            + (asOf.map { ["--as-of", $0] } ?? [])
        process.currentDirectoryURL = Repository.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the oracle failed")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func compare(_ oracle: Cells, _ kaoping: Cells, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(oracle.keys.sorted() == kaoping.keys.sorted(), "the same units", sourceLocation: sourceLocation)
        #expect(oracle.count > 30, sourceLocation: sourceLocation)
        var differences: [String] = []
        for (unit, metrics) in oracle.sorted(by: { $0.key < $1.key }) {
            #expect(metrics.count == 17, "\(unit): the oracle reports 17 metrics", sourceLocation: sourceLocation)
            for (metric, expected) in metrics.sorted(by: { $0.key < $1.key }) {
                let got = kaoping[unit]?[metric]
                if got != expected {
                    differences.append("\(unit) \(metric): oracle \(expected.map { $0.map(String.init) ?? "null" }) kaoping \(got.map { $0.map { $0.map(String.init) ?? "null" } } ?? ["absent"])")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.count) cells differ:\n\(differences.prefix(40).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    func kaopingRun(asOf: String?) throws -> PublishedRun {
        let out = try TempFolder()
        return try publishRun(data: Repository.sample, out: out, asOf: asOf.flatMap(Day.init(iso:)), scheme: try loadScheme2022())
    }

    @Test("summary.json matches the oracle's committed answer for the sample (as-of 30 June)")
    func committedExpectation() throws {
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.expected))) as? [String: Any])
        #expect(expected["as_of"] as? String == "2022-06-30")
        let run = try kaopingRun(asOf: nil)
        Self.compare(try Self.cells(fromOracle: expected), try Self.cells(fromSummary: run))
    }

    @Test("summary.json matches the oracle run live on the sample", .enabled(if: OracleAgreementTests.python != nil, "python3 is not available"),
          arguments: [nil, "2022-04-15"] as [String?])
    func liveOracle(asOf: String?) throws {
        let oracle = try Self.runOracle(asOf: asOf)
        #expect(oracle["as_of"] as? String == asOf ?? "2022-06-30")
        let run = try kaopingRun(asOf: asOf)
        #expect(try run.json("summary.json")["as_of"] as? String == asOf ?? "2022-06-30")
        Self.compare(try Self.cells(fromOracle: oracle), try Self.cells(fromSummary: run))
    }
}
