import Foundation
import Testing

/// The `kaoping` executable as cron and clerks run it: exit codes, outputs, messages.
/// `swift test` builds the executable beside the test bundle.
@Suite("Command line")
struct CommandLineTests {
    static var executable: URL? {
        let candidates = [
            URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent().appendingPathComponent("kaoping"),
            repositoryRoot.appendingPathComponent(".build/debug/kaoping"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs from the current directory; `runKaoping` reads both pipes without deadlocking.
    static func run(_ arguments: [String]) throws -> Outcome {
        try runKaoping(arguments, in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    @Test("validate on the sample: exit 0, a line per file, diagnostics and a rejects file")
    func validateSample() throws {
        let folder = try TempFolder()
        let rejects = folder.path + "/rejects.csv"
        let sample = Self.repositoryRoot.appendingPathComponent("data/sample/2022H1").path
        let outcome = try Self.run(["validate", sample, "--period", "2022H1", "--rejects", rejects])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("file") == true)
        #expect(lines.contains { $0.hasPrefix("units/units.csv") && $0.contains("units") && $0.contains("utf-8-bom") })
        #expect(lines.contains { $0.hasPrefix("total: 58 files") })
        let diagnostics = outcome.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(diagnostics.count == 51)
        #expect(diagnostics.allSatisfy { $0.split(separator: ":").count >= 4 })
        let written = try Data(contentsOf: URL(fileURLWithPath: rejects))
        #expect(Array(written.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = String(decoding: written.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
        #expect(rows.first == "file,line,column,value,code,message,unit_code")
        #expect(rows.count == 52)
    }

    @Test("validate --verbose says per file why rows were skipped")
    func verboseSkips() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("c.csv", "办件明细\ncase_id,unit_code,received_at,status,statutory_days\nC1,0101,2022-03-01,in_progress,20\n合计,1\n填报人：张三\n")
        let outcome = try Self.run(["validate", folder.path, "--verbose"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("c.csv: 跳过 3（标题 1，合计 1，表尾 1）"))
    }

    @Test("validate exits 1 when a file cannot be recognised, naming it")
    func unreadableFile() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("notes.csv", "这不是数据,只是备注\n")
        let outcome = try Self.run(["validate", folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("notes.csv: error:"))
    }

    @Test("validate exits 1 on a missing or empty data folder")
    func missingFolder() throws {
        let folder = try TempFolder()
        #expect(try Self.run(["validate", folder.path + "/nope"]).status == 1)
        #expect(try Self.run(["validate", folder.path]).status == 1)
    }

    @Test("Bad usage exits 2", arguments: [
        ["validate"], ["validate", "/tmp", "--period", "2022H7"], ["validate", "/tmp", "--as-of", "2022-03-01"],
        ["validate", "/tmp", "--period", "2022H1", "--as-of", "2022-07-01"], ["frobnicate"], ["generate"],
    ])
    func badUsage(arguments: [String]) throws {
        #expect(try Self.run(arguments).status == 2)
    }

    @Test("generate then validate: the same seed writes the same folder, and it is readable")
    func generateThenValidate() throws {
        let first = try TempFolder(), second = try TempFolder()
        for folder in [first, second] {
            let outcome = try Self.run(["generate", folder.path, "--departments", "4", "--townships", "2", "--villages", "1",
                                        "--cases", "300", "--seed", "9"])
            #expect(outcome.status == 0)
        }
        let validated = try Self.run(["validate", first.path, "--period", "2022H1"])
        #expect(validated.status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            #expect(FileManager.default.contentsEqual(atPath: first.path + "/" + file, andPath: second.path + "/" + file), "\(file)")
        }
    }
}
