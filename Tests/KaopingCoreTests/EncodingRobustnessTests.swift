import Foundation
@testable import KaopingCore
import Testing

/// One bad byte costs one row, never the file or the rows after it.
@Suite("Encoding robustness")
struct EncodingRobustnessTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code\n"

    @Test("A broken code unit in UTF-16 does not shift the rest of the file")
    func utf16BrokenUnit() throws {
        var text: [UInt8] = [0xFF, 0xFE]
        func utf16(_ string: String) -> [UInt8] { string.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        text += utf16(Self.header)
        text += utf16("C1,0101,2022-03-01,in_progress,20,") + [0x00, 0xD8] + utf16("\n")  // a lone surrogate
        for row in 2...11 { text += utf16("C\(row),0101,2022-03-01,in_progress,20,事项\n") }
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("u16.csv", bytes: text)
        let run = try ingest(folder)
        let report = try run.report("u16.csv")
        #expect(report.rowsRead == 11)
        #expect(report.rowsAccepted == 10)
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 bad_encoding"])
        #expect(run.sink.caseLines["C11"] == 12)
    }

    @Test("One invalid byte early in a UTF-8 file costs its row, not the file")
    func earlyInvalidByte() throws {
        var bytes = Array(Self.header.utf8)
        bytes += Array("caf".utf8) + [0xE9] + Array(",0101,2022-03-01,in_progress,20,x\n".utf8)
        for row in 1...49 { bytes += Array("C\(row),0101,2022-03-01,办理中,20,窗口事项\n".utf8) }
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("early.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("early.csv")
        #expect(report.problem == nil)
        #expect(report.profile?.encoding == .utf8)
        #expect(report.rowsAccepted == 49)
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["2 bad_encoding"])
    }

    @Test("A GB18030 character cut by the first chunk boundary still settles the encoding",
          arguments: [0, 1, 2])
    func settleAtChunkEdge(shift: Int) throws {
        var bytes = Array(Self.header.utf8)
        var row = 0
        let boundary = FileChunks.defaultChunkSize
        // ASCII rows up to a few bytes before the boundary, then one row whose item code is
        // 你好 in GB18030 (C4 E3 BA C3), placed so the first byte sits `shift` bytes from the end.
        while bytes.count < boundary - 200 {
            row += 1
            bytes += Array("A\(row),0101,2022-03-01,in_progress,20,X\n".utf8)
        }
        let prefix = Array("Z1,0101,2022-03-01,in_progress,20,".utf8)
        let padding = boundary - 1 - shift - bytes.count - prefix.count
        try #require(padding > 0)
        bytes += Array("P,0101,2022-03-01,in_progress,20,\(String(repeating: "x", count: padding - 34))\n".utf8)
        bytes += prefix
        #expect(bytes.count == boundary - 1 - shift)
        bytes += [0xC4, 0xE3, 0xBA, 0xC3, 0x0A]
        for extra in 1...50 { bytes += Array("Z\(extra + 1),0101,2022-03-01,in_progress,20,".utf8) + [0xC4, 0xE3, 0x0A] }
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("edge.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("edge.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases.first { $0.caseID == "Z1" }?.itemCode == "你好")
        expectBalanced(run)
    }

    private static func gbk(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let decoder = IconvDecoder(from: "UTF-8", to: "GB18030")!
        Array(text.utf8).withUnsafeBufferPointer { decoder.decode($0, into: &out, final: true) }
        return out
    }

    @Test("A GBK header under 72 KB of ASCII title lines is found and read as GB18030")
    func gbkHeaderAfterASCIITitles() throws {
        var bytes: [UInt8] = []
        for line in 1...900 { bytes += Array("Report page \(line) of the 2022 export, please keep this sheet for the district archive office\n".utf8) }
        try #require(bytes.count > 1 << 16)
        bytes += Self.gbk("单位编码,单位名称,类别\n0101,区民政局,部门\n")
        let folder = try TempFolder()
        try folder.write("units.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("units.csv")
        #expect(report.problem == nil)
        #expect(report.profile?.encoding == .gb18030)
        #expect(run.sink.units.map(\.name) == ["区民政局"])
    }

    @Test("GBK characters that pass for UTF-8 right at a chunk's end do not decide the encoding",
          arguments: [5, 6, 7])
    func lookalikeAtChunkEnd(fromEnd: Int) throws {
        var bytes = Array(Self.header.utf8)
        var row = 0
        while bytes.count < FileChunks.defaultChunkSize - 300 {
            row += 1
            bytes += Array("A\(row),0101,2022-03-01,in_progress,20,X\n".utf8)
        }
        let prefix = Array("Z0,0101,2022-03-01,in_progress,20,".utf8)
        let filler = FileChunks.defaultChunkSize - fromEnd - bytes.count - prefix.count - 1
        bytes += Array(String(repeating: "x", count: filler).utf8) + [0x0A] + prefix
        #expect(bytes.count == FileChunks.defaultChunkSize - fromEnd)
        bytes += Self.gbk("位位\n")  // CE BB CE BB: valid UTF-8 (λλ) on its own
        for extra in 1...40 { bytes += Array("Z\(extra),0101,2022-03-01,in_progress,20,".utf8) + Self.gbk("村务公开\n") }
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("edge.csv", bytes: bytes)
        let run = try ingest(folder)
        let report = try run.report("edge.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(run.sink.cases.first { $0.caseID == "Z0" }?.itemCode == "位位")
        #expect(run.sink.cases.first { $0.caseID == "Z40" }?.itemCode == "村务公开")
    }
}
