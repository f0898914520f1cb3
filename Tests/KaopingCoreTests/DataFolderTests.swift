import Foundation
@testable import KaopingCore
import Testing

/// Every export under the data folder is read or named as an error: none may vanish.
@Suite("Data folder walk")
struct DataFolderTests {
    static let row = "case_id,unit_code,received_at,status,statutory_days\nC1,0101,2022-03-01,in_progress,20\n"

    @Test("A data folder that is a symbolic link is read through it")
    func symlinkedRoot() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits(as: "real/units.csv")
        try folder.write("real/cases.csv", Self.row)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/current", withDestinationPath: folder.path + "/real")
        #expect(try DataFolder(root: folder.path + "/current").files == ["cases.csv", "units.csv"])
        #expect(try DataFolder(root: folder.path + "/current/").files == ["cases.csv", "units.csv"])
    }

    @Test("Links to files and folders inside are followed, each folder once")
    func symlinksInside() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits(as: "data/units.csv")
        try folder.write("data/2022/cases.csv", Self.row)
        try folder.write("data/shared/tickets/t.csv", "x\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/data/linked.csv", withDestinationPath: "2022/cases.csv")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/data/more", withDestinationPath: folder.path + "/data/shared")
        // A loop back to the root must not be walked forever.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/data/shared/loop", withDestinationPath: folder.path + "/data")
        let data = try DataFolder(root: folder.path + "/data")
        #expect(data.files == ["2022/cases.csv", "linked.csv", "more/tickets/t.csv", "units.csv"])
        #expect(data.outsideLinks.isEmpty)
    }

    @Test("Links that lead out of the data folder are not followed, and are named as errors")
    func symlinksOutside() throws {
        let data = try TempFolder()
        let elsewhere = try TempFolder()
        try data.addStandardUnits()
        try elsewhere.write("cases.csv", Self.row)
        try elsewhere.write("secrets/tickets.csv", Self.row)
        // A sibling whose name starts with the data folder's: outside all the same.
        let sibling = data.path + "-old"
        try FileManager.default.createDirectory(atPath: sibling, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: sibling) }
        try Self.row.write(toFile: sibling + "/cases.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: data.path + "/linked.csv", withDestinationPath: elsewhere.path + "/cases.csv")
        try FileManager.default.createSymbolicLink(atPath: data.path + "/secrets", withDestinationPath: elsewhere.path + "/secrets")
        try FileManager.default.createSymbolicLink(atPath: data.path + "/old", withDestinationPath: sibling)
        // Not an export and not a folder: ignored, as it would be inside.
        try FileManager.default.createSymbolicLink(atPath: data.path + "/notes.txt", withDestinationPath: "/etc/hostname")
        let folder = try DataFolder(root: data.path)
        #expect(folder.files == ["units.csv"])
        let away = try #require(DataFolder.resolved(elsewhere.path))
        #expect(folder.outsideLinks == [
            DataFolder.OutsideLink(path: "linked.csv", target: away + "/cases.csv"),
            DataFolder.OutsideLink(path: "old", target: try #require(DataFolder.resolved(sibling))),
            DataFolder.OutsideLink(path: "secrets", target: away + "/secrets"),
        ])

        let run = try ingest(data)
        #expect(run.result.unreadableFiles.map(\.relativePath) == ["linked.csv", "old", "secrets"])
        #expect(try run.report("secrets").problem == .linkLeavesFolder(file: "secrets", target: away + "/secrets"))
        #expect(run.sink.cases.isEmpty)
    }

    @Test("An export that is a FIFO is named as an error, never opened (reading it would wait forever)")
    func fifo() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try #require(mkfifo(folder.path + "/cases.csv", 0o644) == 0)
        let data = try DataFolder(root: folder.path)
        #expect(data.files == ["units.csv"])
        #expect(data.specialFiles == ["cases.csv"])
        let run = try ingest(folder)
        #expect(try run.report("cases.csv").problem == .notARegularFile(file: "cases.csv"))
    }

    @Test("A file name that is not UTF-8 is a file-level error, not a silent loss")
    func undecodableName() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        // 办件.csv with its name in GBK bytes, as unzip leaves it.
        let name: [UInt8] = [0xB0, 0xEC, 0xBC, 0xFE] + Array(".csv".utf8)
        let path = Array(folder.path.utf8) + [0x2F] + name
        let descriptor = path.withUnsafeBufferPointer { bytes -> Int32 in
            let cString = Array(bytes) + [0]
            return cString.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        }
        try #require(descriptor >= 0)
        _ = Self.row.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        close(descriptor)

        let data = try DataFolder(root: folder.path)
        #expect(data.files == ["units.csv"])
        #expect(data.undecodableNames == ["办件.csv"])
        let run = try ingest(folder)
        let report = try run.report("办件.csv")
        #expect(report.problem == .undecodableName(file: "办件.csv"))
        #expect(run.result.unreadableFiles.count == 1)
    }
}

@Suite("Data folder walk, awkward names")
struct DataFolderNameTests {
    private func makeDirectory(_ bytes: [UInt8]) -> Int32 {
        (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }
    }

    @Test("Exports inside a folder whose name is not UTF-8 are each named as errors")
    func undecodableFolder() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        // 民政局 in GBK bytes, as unzip leaves a folder from a Chinese-Windows archive.
        let name: [UInt8] = [0xC3, 0xF1, 0xD5, 0xFE, 0xBE, 0xD6]
        #expect(makeDirectory(Array(folder.path.utf8) + [0x2F] + name) == 0)
        let file = Array(folder.path.utf8) + [0x2F] + name + Array("/c.csv".utf8)
        let created = (file + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) } }
        #expect(created >= 0)
        close(created)
        let data = try DataFolder(root: folder.path)
        #expect(data.files == ["units.csv"])
        #expect(data.undecodableNames == ["民政局/c.csv"])
    }

    @Test("A folder reachable twice gets the path that sorts first, whatever readdir says")
    func twiceReachableFolders() throws {
        let folder = try TempFolder()
        for name in ["m", "z", "c", "q"] { try folder.write("\(name)/x.csv", "x\n") }
        for (link, target) in [("a", "m"), ("b", "z"), ("y", "c"), ("r", "q")] {
            try FileManager.default.createSymbolicLink(atPath: folder.path + "/" + link, withDestinationPath: folder.path + "/" + target)
        }
        #expect(try DataFolder(root: folder.path).files == ["a/x.csv", "b/x.csv", "c/x.csv", "q/x.csv"])
    }

    @Test("A dangling link named like an export is listed, to fail by name")
    func danglingLink() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/gone.csv", withDestinationPath: folder.path + "/nowhere.csv")
        try folder.write("later.csv", DataFolderTests.row)
        let run = try ingest(folder)
        let report = try run.report("gone.csv")
        #expect(report.problem != nil)
        #expect(report.problem?.description.hasPrefix("gone.csv") == true)
        // The rest is read all the same.
        #expect(run.sink.cases.map(\.caseID) == ["C1"])
        #expect(run.result.unreadableFiles.map(\.relativePath) == ["gone.csv"])
    }
}

@Suite("Many title lines")
struct ManyTitleLinesTests {
    @Test("A header under 200 title lines is still found; the titles are skipped")
    func deepHeader() throws {
        var text = ""
        for line in 1...200 { text += "清泉镇2022年上半年办件明细（第\(line)页说明）\n" }
        text += "case_id,unit_code,received_at,status,statutory_days\nC1,0101,2022-03-01,in_progress,20\n"
        let run = try ingest(file: "deep.csv", text)
        let report = try run.report("deep.csv")
        #expect(report.problem == nil)
        #expect(report.skipped[.title] == 200)
        #expect(run.sink.caseLines["C1"] == 202)
    }
}
