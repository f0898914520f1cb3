import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3: units files are read first, then the rest in byte order of their relative paths;
/// "first" for duplicates follows that order; reject `file` is relative to the data folder.
@Suite("File order")
struct FileOrderTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code"

    @Test("Units first, then byte order of relative paths; the first occurrence follows that order")
    func order() throws {
        let folder = try TempFolder()
        // A units file whose path sorts last is still read first.
        try folder.write("zz/registry.csv", "unit_code,unit_name,category\n0101,区财政局,部门\n")
        try folder.write("b-units.csv", "单位编码,单位名称,类别\n0102,区市场监管局,部门\n")
        for (path, item) in [("z.csv", "z"), ("a/b.csv", "a/b"), ("A.csv", "A"), ("中文.csv", "zh"), ("a-b.csv", "a-b"), ("a.csv", "a")] {
            try folder.write(path, "\(Self.header)\nC1,0101,2022-03-01,in_progress,20,\(item)\n")
        }
        let run = try ingest(folder)
        #expect(run.result.files.map(\.relativePath) == [
            "b-units.csv", "zz/registry.csv", "A.csv", "a-b.csv", "a.csv", "a/b.csv", "z.csv", "中文.csv",
        ])
        #expect(run.sink.cases.map(\.itemCode) == ["A"])
        #expect(run.rejects.map(\.file) == ["a-b.csv", "a.csv", "a/b.csv", "z.csv", "中文.csv"])
        #expect(run.rejects.allSatisfy { $0.code == .conflictingDuplicate && $0.line == 2 })
        #expect(run.rejects.allSatisfy { $0.message.contains("A.csv 第 2 行") })
        // Locations index the reports in reading order.
        let locations = run.sink.accepted.map { "\(run.result.files[$0.location.file].relativePath):\($0.location.line)" }
        #expect(locations == ["b-units.csv:2", "zz/registry.csv:2", "A.csv:2"])
        #expect(run.result.units.units.map(\.code) == ["0102", "0101"])
    }

    @Test("Hidden files, Office lock files and other extensions are not read; .tsv and upper-case .CSV are")
    func whichFiles() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        let row = "\(Self.header)\nC1,0101,2022-03-01,in_progress,20,x\n"
        try folder.write(".hidden.csv", row)
        try folder.write(".git/cases.csv", row)
        try folder.write("~$cases.csv", row)
        try folder.write("notes.txt", row)
        try folder.write("cases.csv.bak", row)
        try folder.write("UPPER.CSV", row)
        try folder.write("tabs.tsv", row.replacingOccurrences(of: ",", with: "\t"))
        let data = try DataFolder(root: folder.path)
        #expect(data.files == ["UPPER.CSV", "tabs.tsv", "units.csv"])
        #expect(data.absolutePath("a/b.csv") == folder.path + "/a/b.csv")
        #expect(try DataFolder(root: folder.path + "/").absolutePath("x.csv") == folder.path + "/x.csv")
    }

    @Test("A missing data folder is an error naming it")
    func missingFolder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoping-missing-\(UUID().uuidString)").path
        #expect(throws: DataFolder.Problem.notADirectory(path)) { try DataFolder(root: path) }
    }

    @Test("Rejects name the file relative to the data folder, in sub-folders too")
    func relativeRejectPaths() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits(as: "登记/units.csv")
        try folder.write("0101/2022/办件.csv", "\(Self.header)\nC1,0101,2022-03-01,完成,20,x\n")
        let run = try ingest(folder)
        #expect(run.rejects.map(\.file) == ["0101/2022/办件.csv"])
        #expect(run.result.files.map(\.relativePath) == ["登记/units.csv", "0101/2022/办件.csv"])
        #expect(!run.rejects[0].file.hasPrefix("/"))
    }

    @Test("Units from every units file are known before any other file is read")
    func unitsBeforeData() throws {
        let folder = try TempFolder()
        try folder.write("a-cases.csv", "\(Self.header)\nC1,0201,2022-03-01,in_progress,20,x\nC2,0999,2022-03-01,in_progress,20,x\n")
        try folder.write("m-units.csv", "unit_code,unit_name,category\n0201,城关镇,乡镇\n")
        let run = try ingest(folder)
        #expect(run.sink.caseLines == ["C1": 2])
        #expect(run.rejects.map { "\($0.file):\($0.line) \($0.code.rawValue)" } == ["a-cases.csv:3 unknown_unit"])
    }
}
