import Foundation
@testable import KaopingCore
import Logging
import Testing

/// The committed sample, `data/sample/2022H1`: what a newcomer's first `make run` reads.
@Suite("Sample data")
struct SampleDataTests {
    static let sampleOptions: SyntheticOptions = {
        var options = SyntheticOptions()
        options.departments = 30
        options.townships = 11
        options.villages = 12
        options.cases = 4000
        options.seed = 2022
        return options
    }()

    private var samplePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/sample/2022H1").path
    }

    private func ingestSample() throws -> Ingested {
        var sink = CollectingSink()
        let result = Ingestor(folder: try DataFolder(root: samplePath), options: IngestOptions(window: h1_2022),
                              logger: Logger(label: "test")).run(into: &sink)
        return Ingested(result: result, sink: sink)
    }

    @Test("Every file is readable and every row is accounted for")
    func balanced() throws {
        let run = try ingestSample()
        #expect(run.result.files.count > 40)
        #expect(run.result.unreadableFiles.isEmpty)
        expectBalanced(run)
        let encodings = Set(run.result.files.compactMap { $0.profile?.encoding })
        #expect(encodings.isSuperset(of: [.utf8, .utf8BOM, .gb18030]))
        let delimiters = Set(run.result.files.compactMap { $0.profile?.delimiterName })
        #expect(delimiters == ["comma", "tab", "semicolon"])
        #expect(Set(run.result.files.compactMap { $0.profile?.kind }) == Set(ExportKind.allCases))
    }

    @Test("Ingest finds exactly the bad rows the generator planted, at their lines")
    func plantedRowsAreFound() throws {
        let folder = try TempFolder()
        let summary = try SyntheticData.write(to: folder.path, options: Self.sampleOptions)
        let run = try ingestSample()
        let planted = summary.planted.filter { $0.problem != .identicalRepeat && $0.problem != .outOfPeriod }
            .map { "\($0.file):\($0.line) \($0.problem.rawValue)" }.sorted()
        let found = run.rejects.map { "\($0.file):\($0.line) \($0.code.rawValue)" }.sorted()
        #expect(found == planted)
        let skipped = run.result.files.map { $0.skipped[.duplicate, default: 0] }.reduce(0, +)
        #expect(skipped == summary.planted.filter { $0.problem == .identicalRepeat }.count)
        let outside = run.result.files.map { $0.skipped[.outOfPeriod, default: 0] }.reduce(0, +)
        #expect(outside == summary.planted.filter { $0.problem == .outOfPeriod }.count)
    }

    @Test("The committed sample is what `make sample` writes")
    func sampleIsReproducible() throws {
        let folder = try TempFolder()
        let summary = try SyntheticData.write(to: folder.path, options: Self.sampleOptions)
        for file in summary.files {
            let committed = try Data(contentsOf: URL(fileURLWithPath: samplePath + "/" + file.path))
            let fresh = try Data(contentsOf: folder.url.appendingPathComponent(file.path))
            #expect(committed == fresh, "\(file.path) differs from a fresh `make sample`")
        }
    }
}
