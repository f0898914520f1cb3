import Foundation
@testable import KaopingCore
import Testing

/// Files are read in 256 KiB chunks (`FileChunks.defaultChunkSize`); nothing may depend on
/// where a chunk ends. Each test builds a file whose interesting bytes straddle the first
/// chunk boundary exactly.
@Suite("Chunk boundaries")
struct ChunkBoundaryTests {
    static let boundary = FileChunks.defaultChunkSize
    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code,channel"

    /// Header and filler rows (LF or `lineEnd`), then a row built by `special(padding)` whose
    /// byte at `offsetInSpecial` lands on file offset `boundary + shift`; then two more rows.
    /// Returns the bytes and the line number of the special row.
    static func build(lineEnd: [UInt8] = [0x0A], shift: Int,
                      special: (String) -> [UInt8], offsetInSpecial: ([UInt8]) -> Int,
                      encode: (String) -> [UInt8] = { Array($0.utf8) }) -> (bytes: [UInt8], line: Int) {
        var bytes = encode(header) + lineEnd
        var line = 1
        func filler(_ n: Int) -> [UInt8] { encode("F\(n),0101,2022-03-01,in_progress,20,filler,window") + lineEnd }
        while bytes.count + 200 < boundary {
            line += 1
            bytes += filler(line)
        }
        line += 1
        let specialLine = line
        // Pad item_code so the chosen byte of the special row lands exactly where wanted.
        let probe = special("")
        let padding = boundary + shift - bytes.count - offsetInSpecial(probe)
        precondition(padding >= 0)
        bytes += special(String(repeating: "p", count: padding))
        precondition(bytes.count >= boundary)
        for _ in 0..<2 {
            line += 1
            bytes += filler(line)
        }
        return (bytes, specialLine)
    }

    static func run(_ bytes: [UInt8]) throws -> Ingested {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("big.csv", bytes: bytes)
        return try ingest(folder)
    }

    static func fillerLines(_ run: Ingested) -> Bool {
        let lines = run.sink.caseLines
        return lines.filter { $0.key.hasPrefix("F") }.allSatisfy { $0.value == Int($0.key.dropFirst()) }
    }

    @Test("CRLF split between chunks: CR last byte of one chunk, LF first of the next", arguments: [-1, 0, 1])
    func crlfSplit(shift: Int) throws {
        let crlf: [UInt8] = [0x0D, 0x0A]
        let built = Self.build(lineEnd: crlf, shift: shift,
                               special: { Array("S,0101,2022-03-02,in_progress,20,\($0),online".utf8) + crlf },
                               offsetInSpecial: { $0.count - 1 })  // the LF
        let run = try Self.run(built.bytes)
        let report = try run.report("big.csv")
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(report.skipped.isEmpty, "a CRLF split must not make a blank line: \(report.skipped)")
        #expect(run.sink.caseLines["S"] == built.line)
        #expect(run.sink.caseLines["F\(built.line + 2)"] == built.line + 2)
        #expect(report.rowsAccepted == built.line + 1)
        #expect(Self.fillerLines(run))
    }

    @Test("Lone CR as the last byte of a chunk")
    func loneCRSplit() throws {
        let cr: [UInt8] = [0x0D]
        let built = Self.build(lineEnd: cr, shift: 0,
                               special: { Array("S,0101,2022-03-02,in_progress,20,\($0),online".utf8) + cr },
                               offsetInSpecial: { $0.count })  // the byte after the CR
        let run = try Self.run(built.bytes)
        let report = try run.report("big.csv")
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(report.skipped.isEmpty)
        #expect(run.sink.caseLines["S"] == built.line)
        #expect(run.sink.caseLines["F\(built.line + 1)"] == built.line + 1)
        #expect(Self.fillerLines(run))
    }

    @Test("A quoted field with a newline spans the chunk boundary", arguments: [-2, -1, 0, 1, 2])
    func quotedNewlineSplit(shift: Int) throws {
        let built = Self.build(shift: shift,
                               special: { Array("S,0101,2022-03-02,in_progress,20,\"a,\($0)\nb\"\"c\",online\n".utf8) },
                               offsetInSpecial: { bytes in bytes.firstIndex(of: 0x0A)! })  // the quoted LF
        let run = try Self.run(built.bytes)
        let special = try #require(run.sink.cases.first { $0.caseID == "S" })
        #expect(special.itemCode?.hasPrefix("a,p") == true)
        #expect(special.itemCode?.hasSuffix("p\nb\"c") == true)
        #expect(special.channel == .online)
        #expect(run.sink.caseLines["S"] == built.line)
        // The row after it starts two physical lines later.
        #expect(run.sink.caseLines["F\(built.line + 1)"] == built.line + 2)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
    }

    @Test("A three-byte UTF-8 character cut by the boundary", arguments: [0, 1, 2])
    func utf8CharacterSplit(shift: Int) throws {
        // 窗口 is E7 AA 97 E5 8F A3: the boundary falls before, inside or after the first character.
        let built = Self.build(shift: -shift,
                               special: { Array("S,0101,2022-03-02,in_progress,20,\($0),窗口\n".utf8) },
                               offsetInSpecial: { $0.count - 7 })
        let run = try Self.run(built.bytes)
        let report = try run.report("big.csv")
        #expect(report.replacedBytes == 0)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases.first { $0.caseID == "S" }?.channel == .window)
    }

    @Test("A two-byte GB18030 character cut by the boundary", arguments: [0, 1])
    func gb18030CharacterSplit(shift: Int) throws {
        // 窗口 in GB18030 is B4 B0 BF DA; the file has Chinese in its header so it is GB18030.
        let gb: (String) -> [UInt8] = { text in
            var out: [UInt8] = []
            for scalar in text.unicodeScalars {
                switch scalar {
                case "窗": out += [0xB4, 0xB0]
                case "口": out += [0xBF, 0xDA]
                case "办": out += [0xB0, 0xEC]
                default: out.append(UInt8(scalar.value))
                }
            }
            return out
        }
        let built = Self.build(shift: -shift,
                               special: { gb("S,0101,2022-03-02,in_progress,20,\($0),窗口\n") },
                               offsetInSpecial: { $0.count - 5 },
                               encode: { gb($0.replacingOccurrences(of: "filler", with: "办")) })
        let run = try Self.run(built.bytes)
        let report = try run.report("big.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(report.replacedBytes == 0)
        #expect(run.rejects.isEmpty, "\(run.rejectSummary)")
        #expect(run.sink.cases.first { $0.caseID == "S" }?.channel == .window)
        #expect(run.sink.cases.first { $0.caseID == "F2" }?.itemCode == "办")
        #expect(run.sink.caseLines["S"] == built.line)
    }

    @Test("A blank line right at the boundary is one blank line")
    func blankAtBoundary() throws {
        let built = Self.build(shift: 0,
                               special: { Array("S,0101,2022-03-02,in_progress,20,\($0),online\n\n".utf8) },
                               offsetInSpecial: { $0.count - 1 })  // the blank line's LF
        let run = try Self.run(built.bytes)
        let report = try run.report("big.csv")
        #expect(report.skipped == [.blank: 1])
        #expect(run.sink.caseLines["F\(built.line + 1)"] == built.line + 2)
    }
}
