import Foundation
@testable import KaopingCore
import Logging
import Testing

/// Paths in the repository, found from this file so the tests work from any directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static var calendar: String { path("data/calendar") }
    static var sample: String { path("data/sample/2022H1") }
    static var scheme2022: String { path("data/schemes/2022.toml") }
}

/// Thread-safe list of the rejects `Appraiser` reports.
final class RejectLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Reject] = []
    func add(_ reject: Reject) { lock.lock(); list.append(reject); lock.unlock() }
    var rejects: [Reject] { lock.lock(); defer { lock.unlock() }; return list }
}

/// One `kaoping run` done through the library, with its published result folder.
struct PublishedRun {
    let appraisal: Appraisal
    let folder: String
    let reported: [Reject]
    /// The temporary folders the run read and wrote, kept until the run is dropped.
    var keepAlive: [TempFolder] = []

    func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    /// A CSV result as rows of cells, header first (BOM and CRLF removed).
    func csv(_ name: String) throws -> [[String]] {
        let raw = try bytes(name)
        #expect(Array(raw.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name) starts with a UTF-8 BOM")
        return parseCSV(String(decoding: raw.dropFirst(3), as: UTF8.self))
    }

    /// A CSV result as one dictionary per data row, keyed by the header.
    func table(_ name: String) throws -> [[String: String]] {
        let rows = try csv(name)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
        }
    }

    func json(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(try bytes(name)), options: [.fragmentsAllowed])
        return try #require(object as? [String: Any])
    }

    /// summary.json's units by code.
    func summaryUnits() throws -> [String: [String: Any]] {
        let units = try #require(try json("summary.json")["units"] as? [[String: Any]])
        var byCode: [String: [String: Any]] = [:]
        for unit in units { byCode[try #require(unit["code"] as? String)] = unit }
        return byCode
    }

    /// ranking.csv rows by unit code.
    func ranking() throws -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: try table("ranking.csv").map { ($0["unit_code"]!, $0) })
    }

    /// scores.csv rows by "unit/indicator".
    func scores() throws -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: try table("scores.csv").map { ("\($0["unit_code"]!)/\($0["indicator"]!)", $0) })
    }
}

/// Scores `data` and publishes into `out`/<period>, the way `kaoping run` does.
func publishRun(data: String, out: TempFolder, period: String = "2022H1", asOf: Day? = nil,
                scheme: Scheme, calendarFolder: String = Repository.calendar, jobs: Int? = nil,
                settings: BulletinSettings = BulletinSettings()) throws -> PublishedRun {
    let window = try PeriodWindow(period: try #require(Period(period)), asOf: asOf)
    let calendar = try WorkingCalendar.load(folder: calendarFolder)
    var appraiser = Appraiser(folder: try DataFolder(root: data), window: window, scheme: scheme, calendar: calendar,
                              calendarFolder: calendarFolder, logger: Logger(label: "test"))
    appraiser.jobs = jobs
    let log = RejectLog()
    var publisher = RunPublisher(appraiser: appraiser, outputRoot: out.path + "/reports", calendarFolder: calendarFolder)
    publisher.settings = settings
    let outcome = try publisher.run { log.add($0) }
    let (appraisal, folder) = (outcome.appraisal, outcome.folder)
    return PublishedRun(appraisal: appraisal, folder: folder, reported: log.rejects, keepAlive: [out])
}

func loadScheme(_ text: String, path: String = "test-scheme.toml") throws -> Scheme {
    try SchemeLoader.parse(bytes: Array(text.utf8), path: path)
}

func loadScheme2022() throws -> Scheme {
    try SchemeLoader.load(path: Repository.scheme2022)
}

/// RFC 4180: quoted cells may hold commas, quotes and line breaks; records end in CRLF or LF.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
        if quoted {
            if scalar == "\"" {
                if characters.first == "\"" { cell.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
            } else {
                cell.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"": quoted = true
        case ",": row.append(cell); cell = ""
        case "\r": continue
        case "\n": row.append(cell); rows.append(row); row = []; cell = ""
        default: cell.unicodeScalars.append(scalar)
        }
    }
    if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
    return rows
}

/// SHA-256 of a file computed outside Kaoping (coreutils `sha256sum`, or `shasum -a 256`).
func externalSHA256(_ path: String) throws -> String {
    let candidates: [(String, [String])] = [("/usr/bin/sha256sum", []), ("/bin/sha256sum", []), ("/usr/bin/shasum", ["-a", "256"])]
    let (tool, options) = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.0) },
                                       "no sha256sum or shasum on this machine")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = options + [path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    return String(try #require(text.split(separator: " ").first))
}

/// Runs the built `kaoping` (found as `CommandLineTests` finds it) in `directory`.
func runKaoping(_ arguments: [String], in directory: URL = Repository.root,
                environment: [String: String]? = nil) throws -> CommandLineTests.Outcome {
    let binary = try #require(CommandLineTests.executable, "the kaoping executable was not built next to the tests")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.currentDirectoryURL = directory
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let errorData = LockedData()
    let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.done { usleep(1000) }
    return CommandLineTests.Outcome(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                                    standardError: String(decoding: errorData.value, as: UTF8.self))
}

/// Standard error read on its own thread, so a chatty child never blocks on a full pipe.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ value: Data) { lock.lock(); data = value; finished = true; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
