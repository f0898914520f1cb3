import Foundation
@testable import KaopingCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kaoping run` as cron runs it: exit codes, the lock, atomic publishing under SIGKILL,
/// `--if-changed`, and logs a collector can read.
@Suite("Run: scheduled")
struct ScheduledRunTests {
    /// The hand-made district with every export submitted, and its scheme on disk.
    struct District {
        let data = try! TempFolder()
        let out = try! TempFolder()
        var scheme: String { data.path + "/scheme.toml" }

        init(complete: Bool = true) throws {
            try HandMadeDistrict.write(to: data)
            if complete { try data.write("cases/0103.csv", HandMadeDistrict.cases("0103", onTime: 2)) }
            try data.write("scheme.toml", HandMadeDistrict.scheme)
        }

        /// The district rejects 4 of its 62 rows on purpose (6.5%); `rate` tolerates them.
        func run(_ extra: [String] = [], rate: String = "10%") throws -> CommandLineTests.Outcome {
            try runKaoping(["run", data.path + "/in", "--period", "2022H1", "--scheme", scheme, "--out", out.path,
                            "--max-reject-rate", rate] + extra)
        }

        /// Moves the exports under in/ so the scheme file is not read as data.
        func settle() throws {
            let fm = FileManager.default
            try fm.createDirectory(atPath: data.path + "/in", withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: data.path) where name != "in" && name != "scheme.toml" {
                try fm.moveItem(atPath: data.path + "/" + name, toPath: data.path + "/in/" + name)
            }
        }

        var periodFolder: String { out.path + "/2022H1" }
    }

    static func district(complete: Bool = true) throws -> District {
        let district = try District(complete: complete)
        try district.settle()
        return district
    }

    @Test("Exit 0 when everything was submitted and few rows were rejected")
    func cleanRunExitsZero() throws {
        let district = try Self.district()
        let outcome = try district.run()
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(FileManager.default.fileExists(atPath: district.periodFolder + "/bulletin.html"))
    }

    @Test("Exit 1, published, when a unit did not submit a required export")
    func missingExportExitsOne() throws {
        let district = try Self.district(complete: false)
        let outcome = try district.run()
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("未报送：丙局（办件）"))
        #expect(FileManager.default.fileExists(atPath: district.periodFolder + "/ranking.csv"))
    }

    @Test("Exit 1, published, when rejected rows exceed --max-reject-rate")
    func rejectRateExitsOne() throws {
        let district = try Self.district()
        // 4 of 62 rows are rejected: 6.5%, over the default 5% and under 10%.
        let strict = try runKaoping(["run", district.data.path + "/in", "--period", "2022H1", "--scheme", district.scheme,
                                     "--out", district.out.path])
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("拒收 4 行，占读入行数的 6.5%，超过 --max-reject-rate 5%"))
        let lenient = try district.run(rate: "0.1")
        #expect(lenient.status == 0, "\(lenient.standardError)")
        #expect(try district.run(rate: "150%").status == 2)
    }

    @Test("Exit 3 while another run holds the lock; --wait-lock waits for it")
    func lockHeld() throws {
        let district = try Self.district()
        let lockPath = district.out.path + "/.kaoping.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let refused = try district.run()
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("另一个 kaoping run"))
        #expect(!FileManager.default.fileExists(atPath: district.periodFolder))
        let waitedOut = try district.run(["--wait-lock", "1"])
        #expect(waitedOut.status == 3)
        // Released while the next run waits: it goes ahead.
        let release = Thread { usleep(600_000); flock(descriptor, LOCK_UN); close(descriptor) }
        release.start()
        let waited = try district.run(["--wait-lock", "10"])
        #expect(waited.status == 0, "\(waited.standardError)")
        #expect(FileManager.default.fileExists(atPath: district.periodFolder + "/ranking.csv"))
    }

    @Test("Exit 4 when the output folder cannot be made; nothing is published")
    func cannotPublish() throws {
        let district = try Self.district()
        try district.out.write("blocker", "a file where a folder should be")
        let outcome = try runKaoping(["run", district.data.path + "/in", "--period", "2022H1", "--scheme", district.scheme,
                                      "--out", district.out.path + "/blocker/reports"])
        #expect(outcome.status == 4)
        #expect(outcome.standardError.contains("blocker"))
    }

    @Test("--if-changed does nothing while inputs stay the same, and publishes after one byte changes")
    func ifChanged() throws {
        let district = try Self.district()
        #expect(try district.run().status == 0)
        let manifest = district.periodFolder + "/manifest.json"
        let before = try FileManager.default.attributesOfItem(atPath: district.periodFolder)[.systemFileNumber] as? Int
        let skipped = try district.run(["--if-changed"])
        #expect(skipped.status == 0)
        #expect(skipped.standardError.contains("未变化"))
        let after = try FileManager.default.attributesOfItem(atPath: district.periodFolder)[.systemFileNumber] as? Int
        #expect(before == after, "the published folder was not replaced")
        // Another option changes the output: not "unchanged".
        let other = try district.run(["--if-changed", "--rectify-days", "5"])
        #expect(!other.standardError.contains("未变化"))
        #expect(try district.run(["--if-changed"]).status == 0)
        let fingerprint = try #require(RunFingerprint.published(in: district.periodFolder))
        // One byte of one input: the next run publishes again.
        let items = district.data.path + "/in/items.csv"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: items)))
        bytes.append(contentsOf: Array("I3,0105,10,0\n".utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: items))
        let rerun = try district.run(["--if-changed"])
        #expect(rerun.status == 0)
        #expect(!rerun.standardError.contains("未变化"))
        #expect(RunFingerprint.published(in: district.periodFolder) != fingerprint)
        #expect(FileManager.default.fileExists(atPath: manifest))
    }

    @Test("Killed with SIGKILL at many moments, a run never leaves the period folder partial or missing")
    func killedRunsLeaveThePublicationIntact() throws {
        let district = try Self.district()
        #expect(try district.run().status == 0)
        let reference = try Self.snapshot(district.periodFolder)
        let binary = try #require(CommandLineTests.executable)
        // A run of this district takes a few hundred milliseconds in a debug build: kills every
        // 15 ms land in reading, scoring, writing and the publishing step itself.
        for delay in stride(from: 0, through: 450_000, by: 15_000) {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["run", district.data.path + "/in", "--period", "2022H1", "--scheme", district.scheme,
                                 "--out", district.out.path, "--quiet"]
            process.currentDirectoryURL = Repository.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try Self.snapshot(district.periodFolder) == reference, "after a kill at \(delay / 1000) ms")
        }
        // The next run cleans up what the killed ones left and publishes.
        #expect(try district.run().status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: district.out.path)
            .filter { !$0.hasPrefix(".") && !$0.hasPrefix("history.sqlite") }
        #expect(leftovers == ["2022H1"])
        #expect(try Self.snapshot(district.periodFolder) == reference)
    }

    @Test("An output folder inside the data folder is never read back as input")
    func outputInsideData() throws {
        let district = try Self.district()
        let inside = district.data.path + "/in/reports"
        let run = { try runKaoping(["run", district.data.path + "/in", "--period", "2022H1", "--scheme", district.scheme,
                                    "--out", inside, "--max-reject-rate", "10%"]) }
        #expect(try run().status == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: inside + "/2022H1/ranking.csv"))
        #expect(try run().status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: inside + "/2022H1/ranking.csv")) == first)
        let manifest = try String(contentsOfFile: inside + "/2022H1/manifest.json", encoding: .utf8)
        #expect(!manifest.contains("reports/2022H1"))
    }

    @Test("Other people's files in the output folder are left alone; a file where the period folder goes is exit 4")
    func foreignFiles() throws {
        let district = try Self.district()
        let root = district.out.path
        try district.out.write("notes.old-v1", "keep me")
        try district.out.write("photos.old-2021/a.txt", "keep me too")
        try district.out.write(".draft.partial-notes", "and me")
        #expect(try district.run().status == 0)
        for name in ["notes.old-v1", "photos.old-2021/a.txt", ".draft.partial-notes"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + name), "\(name)")
        }
        let other = try TempFolder()
        try other.write("2022H1", "a file, not a folder")
        let outcome = try runKaoping(["run", district.data.path + "/in", "--period", "2022H1", "--scheme", district.scheme,
                                      "--out", other.path, "--max-reject-rate", "10%"])
        #expect(outcome.status == 4)
        #expect(try String(contentsOfFile: other.path + "/2022H1", encoding: .utf8) == "a file, not a folder")
    }

    @Test("No units file: exit 2, and last night's publication stays")
    func noUnits() throws {
        let district = try Self.district()
        #expect(try district.run().status == 0)
        let before = try Self.snapshot(district.periodFolder)
        try FileManager.default.removeItem(atPath: district.data.path + "/in/units.csv")
        let outcome = try district.run()
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("没有可评分的单位"))
        #expect(try Self.snapshot(district.periodFolder) == before)
    }

    @Test("--if-changed runs again when the history did not record the published run")
    func ifChangedAfterLostHistory() throws {
        let district = try Self.district()
        #expect(try district.run().status == 0)
        #expect(try district.run(["--if-changed"]).standardError.contains("未变化"))
        // As if the run had been killed between publishing and recording.
        try FileManager.default.removeItem(atPath: district.out.path + "/.2022H1.recorded")
        let again = try district.run(["--if-changed"])
        #expect(again.status == 0)
        #expect(!again.standardError.contains("未变化"))
        #expect(try district.run(["--if-changed"]).standardError.contains("未变化"))
    }

    @Test("A publication moved aside by a killed run is put back, and stale staging folders are removed")
    func recovery() throws {
        let district = try Self.district()
        #expect(try district.run().status == 0)
        let fm = FileManager.default
        let root = district.out.path
        try fm.moveItem(atPath: root + "/2022H1", toPath: root + "/2022H1.old-12345")
        try fm.createDirectory(atPath: root + "/.2022H1.partial-12345/units", withIntermediateDirectories: true)
        let removed = ReportFolder.recover(outputRoot: root)
        #expect(removed == [".2022H1.partial-12345"])
        #expect(fm.fileExists(atPath: root + "/2022H1/ranking.csv"))
        #expect(!fm.fileExists(atPath: root + "/2022H1.old-12345"))
    }

    @Test("--log-format json writes one JSON object per line; --quiet leaves only warnings")
    func logFormats() throws {
        let district = try Self.district(complete: false)
        let json = try district.run(["--log-format", "json"])
        #expect(json.status == 1)
        let lines = json.standardError.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil && object?["time"] != nil, "\(line)")
        }
        #expect(lines.contains { $0.contains("\"level\":\"warning\"") && $0.contains("未报送") })
        let quiet = try district.run(["--quiet"])
        #expect(quiet.status == 1)
        #expect(quiet.standardOutput.isEmpty)
        #expect(quiet.standardError.contains("未报送"))
        #expect(!quiet.standardError.contains("结果已发布到"))
    }

    /// Every file under a folder with its bytes, manifest included; nil when the folder is missing.
    static func snapshot(_ folder: String) throws -> [String: Data]? {
        guard FileManager.default.fileExists(atPath: folder) else { return nil }
        var files: [String: Data] = [:]
        for relative in try BulletinTests.files(under: folder) {
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + relative))
        }
        return files
    }
}
