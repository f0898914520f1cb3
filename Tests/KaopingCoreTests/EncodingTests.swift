import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3: UTF-8 with or without BOM and GB18030/GBK, detected per file (UTF-16 as a bonus).
@Suite("Encodings")
struct EncodingTests {
    /// The five cases of the shared table, as both fixtures must read them.
    static let expectedCases: [CaseRecord] = [
        caseRecord("BJ2022030001", unit: "0101", received: stamp(2022, 3, 1, 9, 30), status: .completed, statutory: 20,
                   item: "000123", channel: .window, completed: stamp(2022, 3, 3, 16, 0), promised: 10,
                   immediate: false, rating: 4),
        caseRecord("BJ2022030002", unit: "0101", received: stamp(2022, 3, 2), status: .inProgress, statutory: 15,
                   item: "000124", channel: .online, promised: 5),
        caseRecord("BJ2022030003", unit: "0102", received: stamp(2022, 3, 4, 8, 5), status: .rejected, statutory: 10,
                   channel: .mobile, completed: stamp(2022, 3, 4), promised: 0, immediate: true, rating: 1),
        caseRecord("BJ2022030004", unit: "0201", received: stamp(2022, 3, 7), status: .suspended, statutory: 30,
                   item: "000125", channel: .collab, promised: 20, immediate: false, paused: 3),
        caseRecord("BJ2022030005", unit: "020101", received: stamp(2022, 3, 10), status: .completed, statutory: 5,
                   item: "000126", channel: .online, completed: stamp(2022, 3, 10), promised: 0,
                   immediate: true, rating: 5),
    ]

    @Test("GB18030 tab file with Chinese headers reads the shared cases table")
    func gb18030TabChinese() throws {
        let bytes = try Fixtures.bytes("encodings/gb18030-tab-chinese-headers.csv")
        // The fixture really is GB18030: not valid UTF-8, and 办件编号 is B0 EC BC FE B1 E0 BA C5.
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        #expect(Array(bytes.prefix(4)) == [0xB0, 0xEC, 0xBC, 0xFE])

        let run = try ingest(fixtures: ["encodings/gb18030-tab-chinese-headers.csv"])
        let report = try run.report("gb18030-tab-chinese-headers.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(report.profile?.delimiter == 0x09)
        #expect(report.profile?.kind == .cases)
        #expect(report.problem == nil)
        #expect(report.replacedBytes == 0)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases == Self.expectedCases)
        #expect(run.sink.caseLines == ["BJ2022030001": 2, "BJ2022030002": 3, "BJ2022030003": 4,
                                       "BJ2022030004": 5, "BJ2022030005": 6])
        #expect(report.rowsRead == 5 && report.rowsAccepted == 5 && report.rowsRejected == 0 && report.rowsSkipped == 0)
    }

    @Test("UTF-8 BOM comma file with English headers in another order reads the shared cases table")
    func utf8BOMEnglishReordered() throws {
        let bytes = try Fixtures.bytes("encodings/utf8-bom-comma-english-reordered.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])

        let run = try ingest(fixtures: ["encodings/utf8-bom-comma-english-reordered.csv"])
        let report = try run.report("utf8-bom-comma-english-reordered.csv")
        #expect(report.profile?.encoding == .utf8BOM)
        #expect(report.profile?.delimiter == 0x2C)
        #expect(report.profile?.kind == .cases)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases == Self.expectedCases)
        #expect(report.rowsRead == 5 && report.rowsAccepted == 5)
    }

    @Test("The same table in two encodings, delimiters and header languages gives identical records")
    func sameTableTwoWays() throws {
        let chinese = try ingest(fixtures: ["encodings/gb18030-tab-chinese-headers.csv"])
        let english = try ingest(fixtures: ["encodings/utf8-bom-comma-english-reordered.csv"])
        #expect(chinese.sink.cases.count == 5)
        #expect(chinese.sink.cases == english.sink.cases)
    }

    @Test("Plain UTF-8 without BOM")
    func plainUTF8() throws {
        let run = try ingest(fixtures: ["encodings/utf8-comma-cases.csv"])
        let report = try run.report("utf8-comma-cases.csv")
        #expect(report.profile?.encoding == .utf8)
        #expect(run.sink.cases == [
            caseRecord("U001", unit: "0101", received: stamp(2022, 4, 1), status: .inProgress, statutory: 20, item: "事项甲"),
            caseRecord("U002", unit: "0102", received: stamp(2022, 4, 2), status: .inProgress, statutory: 20, item: "事项乙"),
        ])
    }

    @Test("GBK units file with Chinese headers, categories and booleans")
    func gbkUnits() throws {
        let folder = try TempFolder()
        try folder.copyFixture("encodings/gbk-units-chinese-headers.csv")
        let run = try ingest(folder)
        let report = try run.report("gbk-units-chinese-headers.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(report.profile?.kind == .units)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.units == [
            UnitRecord(code: "0101", name: "区财政局", category: .department, active: true, requiredExports: nil,
                       parentCode: nil, group: nil, order: 1),
            UnitRecord(code: "0201", name: "城关镇", category: .township, active: true, requiredExports: nil,
                       parentCode: nil, group: nil, order: 2),
            UnitRecord(code: "020101", name: "城关镇东街社区便民服务室", category: .village, active: false,
                       requiredExports: nil, parentCode: "0201", group: nil, order: nil),
        ])
    }

    @Test("GB18030 four-byte character (outside GBK) survives")
    func gb18030FourByte() throws {
        let bytes = try Fixtures.bytes("encodings/gb18030-items-four-byte-char.csv")
        // U+20BB7 is the four-byte GB18030 sequence 95 34 B2 35.
        #expect(bytes.indices.contains { Array(bytes[$0..<min($0 + 4, bytes.count)]) == [0x95, 0x34, 0xB2, 0x35] })

        let run = try ingest(fixtures: ["encodings/gb18030-items-four-byte-char.csv"])
        #expect(try run.report("gb18030-items-four-byte-char.csv").profile?.encoding == .gb18030)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.items == [
            ItemRecord(itemCode: "000123", unitCode: "0101", statutoryDays: 20, promisedDays: 5,
                       itemName: "\u{20BB7}家村宅基地审批", windowAuthorized: true, onlineAvailable: true),
            ItemRecord(itemCode: "000124", unitCode: "0101", statutoryDays: 20, promisedDays: 20,
                       itemName: "营业执照核发", windowAuthorized: false, onlineAvailable: false),
        ])
    }

    @Test("UTF-16LE with BOM, tab-separated, CRLF (Excel Unicode text)")
    func utf16LE() throws {
        let run = try ingest(fixtures: ["encodings/utf16le-bom-tab-targets.csv"])
        let report = try run.report("utf16le-bom-tab-targets.csv")
        #expect(report.profile?.encoding == .utf16LE)
        #expect(report.profile?.delimiter == 0x09)
        #expect(report.profile?.kind == .targets)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.targets == [
            TargetRecord(scope: .everyone, metric: "on_time_rate", target: ExactDecimal(units: 95, scale: 2)),
            TargetRecord(scope: .category(.department), metric: "cases_total", target: ExactDecimal(1200)),
            TargetRecord(scope: .unit("0101"), metric: "satisfaction_rate", target: ExactDecimal(units: 9, scale: 1)),
        ])
        let targetLines = run.sink.accepted.filter { if case .target = $0.record { true } else { false } }.map(\.location.line)
        #expect(targetLines == [2, 3, 4])
    }

    @Test("A file that is neither UTF-8 nor GB18030 is a file-level error naming it")
    func undecodable() throws {
        let run = try ingest(fixtures: ["encodings/undecodable-bytes.csv"])
        let report = try run.report("undecodable-bytes.csv")
        // Located: line 2, byte 2 is the first 0xFF after "X".
        #expect(report.problem == .input(.undecodable(path: "undecodable-bytes.csv", line: 2, byte: 2, hasNUL: false)))
        #expect(report.problem?.description.hasPrefix("undecodable-bytes.csv:2:2: error:") == true)
        #expect(report.profile == nil)
        #expect(report.rowsRead == 0)
        #expect(run.sink.cases.isEmpty)
        #expect(run.result.unreadableFiles.map(\.relativePath) == ["undecodable-bytes.csv"])
    }

    @Test("Broken bytes after the detection sample cost one row (bad_encoding), not the file")
    func badBytesAfterSample() throws {
        var text = "case_id,unit_code,received_at,status,statutory_days,item_code\n"
        var line = 1
        while text.utf8.count < 70_000 {
            line += 1
            text += "E\(line),0101,2022-03-01,in_progress,20,事项\n"
        }
        let badLine = line + 1
        var bytes = Array(text.utf8)
        bytes += Array("E\(badLine),0101,2022-03-01,in_progress,20,坏".utf8) + [0xFF] + Array("字\n".utf8)
        bytes += Array("E\(badLine + 1),0101,2022-03-01,in_progress,20,好\n".utf8)

        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("big.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("big.csv")
        #expect(report.profile?.encoding == .utf8)
        #expect(report.replacedBytes == 1)
        #expect(report.rowsAccepted == badLine - 1)
        #expect(report.rowsRejected == 1)
        let reject = try #require(run.rejects.first)
        #expect(reject.code == .badEncoding)
        #expect(reject.line == badLine)
        #expect(reject.column == "item_code")
        #expect(reject.value == "坏\u{FFFD}字")
        #expect(run.sink.caseLines["E\(badLine + 1)"] == badLine + 1)
    }

    @Test("A GB18030 file whose first 64 KiB happen to be ASCII")
    func gb18030AfterASCIISample() throws {
        var bytes = Array("case_id,unit_code,received_at,status,statutory_days,item_code\n".utf8)
        var line = 1
        while bytes.count < 70_000 {
            line += 1
            bytes += Array("A\(line),0101,2022-03-01,in_progress,20,X\n".utf8)
        }
        // 窗口 in GB18030, as the item code of the last row.
        bytes += Array("A\(line + 1),0101,2022-03-01,in_progress,20,".utf8) + [0xB4, 0xB0, 0xBF, 0xDA, 0x0A]
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("late.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("late.csv")
        #expect(report.rowsRead == line)
        // The first 64 KiB are ASCII: the encoding is settled at the first non-ASCII byte.
        #expect(report.profile?.encoding == .gb18030)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.caseLines["A\(line + 1)"] == line + 1)
    }

    @Test("Detection from the first bytes")
    func detect() {
        func detect(_ bytes: [UInt8], whole: Bool = true) -> TextEncoding? {
            bytes.withUnsafeBufferPointer { TextEncoding.detect(prefix: $0, prefixIsWholeFile: whole) }
        }
        #expect(detect(Array("a,b\n".utf8)) == .utf8)
        #expect(detect([0xEF, 0xBB, 0xBF] + Array("a".utf8)) == .utf8BOM)
        #expect(detect([0xFF, 0xFE, 0x61, 0x00]) == .utf16LE)
        #expect(detect([0xFE, 0xFF, 0x00, 0x61]) == .utf16BE)
        #expect(detect([0xB0, 0xEC, 0xBC, 0xFE]) == .gb18030)  // 办件
        #expect(detect([0x61, 0xFF]) == nil)
        // A UTF-8 sequence cut by the end of the sample is not an error, but it is at end of file.
        #expect(detect(Array("a,".utf8) + [0xE5, 0x8A], whole: false) == .utf8)
        #expect(detect(Array("a,".utf8) + [0xE5, 0x8A], whole: true) != .utf8)
    }
}
