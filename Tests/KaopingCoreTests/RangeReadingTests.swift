import Foundation
@testable import KaopingCore
import Logging
import Testing

/// A large UTF-8 file is read as byte ranges on several threads (`RangeProducer`); whatever
/// the ranges' size, the rows, rejects, skips and line numbers must be those of one
/// sequential read. These files put every awkward construct near every possible boundary.
@Suite("Reading a file in byte ranges")
struct RangeReadingTests {
    static let header = "case_id,unit_code,received_at,status,statutory_days,item_code,channel,note"

    /// A seeded mix of ordinary rows and rows that make a reader's state at a line start
    /// depend on what came before: quoted line breaks, stray and unterminated quotes, blank
    /// lines, CR and CRLF line ends, broken UTF-8, lines longer than a range.
    static func hostileFile(seed: UInt64, rows: Int, unterminatedAtEnd: Bool, broken: [UInt8] = [0xE4, 0xB8],
                            byteOrderMark: Bool = true) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var bytes = Array("\(byteOrderMark ? "\u{FEFF}" : "")办件明细\n\n".utf8) + Array(header.utf8) + [0x0A]
        for row in 1...rows {
            let id = "C\(row)"
            let plain = "\(id),0101,2022-03-01,办理中,20,item,window,"
            let lineEnd: [UInt8] = random.next() % 7 == 0 ? [0x0D, 0x0A] : (random.next() % 11 == 0 ? [0x0D] : [0x0A])
            switch random.next() % 12 {
            case 0: bytes += Array((plain + "\"第一行\n第二行\n\n第四行\"").utf8) + lineEnd
            case 1: bytes += Array((plain + "\"quoted, with \"\"quotes\"\"\r\nand CRLF\"").utf8) + lineEnd
            case 2: bytes += Array((plain + "stray \"quote\" here").utf8) + lineEnd
            case 3: bytes += Array((plain + "\"closed\" then text\n\"next line opens\n").utf8) + lineEnd
            case 4: bytes += lineEnd + Array("   ".utf8) + lineEnd
            case 5: bytes += Array(plain.utf8) + broken + [0x0A] + Array("broken,0101".utf8) + lineEnd
            case 6: bytes += Array((plain + String(repeating: "长", count: 40)).utf8) + lineEnd
            case 7: bytes += Array("合计,,,,,,,".utf8) + lineEnd
            default: bytes += Array((plain + "ok").utf8) + lineEnd
            }
        }
        if unterminatedAtEnd { bytes += Array("LAST,0101,2022-03-01,办理中,20,item,window,\"never closed\nC9,0101".utf8) }
        return bytes
    }

    /// The same file in GB18030, as Excel on Chinese Windows saves it, with bytes GB18030
    /// cannot read where the UTF-8 one is broken, right before a line feed: FF 81 (a lead byte),
    /// and in turn FF 81 30, which glibc's decoder takes for the start of a four-byte character
    /// cut short when nothing follows the line feed (a range's end), not for an error.
    static func gb18030HostileFile(seed: UInt64, rows: Int, unterminatedAtEnd: Bool) throws -> [UInt8] {
        let marker = Array("@BROKEN@".utf8)
        let text = hostileFile(seed: seed, rows: rows, unterminatedAtEnd: unterminatedAtEnd, broken: marker, byteOrderMark: false)
        let encoder = try #require(IconvDecoder(from: "UTF-8", to: "GB18030"))
        var encoded: [UInt8] = []
        text.withUnsafeBufferPointer { encoder.decode($0, into: &encoded, final: true) }
        var bytes: [UInt8] = []
        var index = 0
        var broken = 0
        while index < encoded.count {
            if encoded[index...].starts(with: marker) {
                bytes += broken % 2 == 0 ? [0xFF, 0x81] : [0xFF, 0x81, 0x30]
                broken += 1
                index += marker.count
            } else {
                bytes.append(encoded[index])
                index += 1
            }
        }
        return bytes
    }

    static func run(_ folder: TempFolder, jobs: Int, rangeSize: Int? = nil, limits: ReadLimits = ReadLimits()) throws -> Ingested {
        var options = IngestOptions(jobs: jobs)
        options.limits = limits
        if let rangeSize { options.rangeSize = rangeSize }
        var sink = CollectingSink()
        let result = Ingestor(folder: try DataFolder(root: folder.path), options: options, logger: Logger(label: "test"))
            .run(into: &sink)
        return Ingested(result: result, sink: sink)
    }

    @Test("Any range size gives the rows of one sequential read",
          arguments: [(1, false), (2, true), (3, false), (5, true), (13, false), (64, true), (200, false), (4096, true)])
    func rangesMatchSequential(rangeSize: Int, unterminated: Bool) throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", bytes: Self.hostileFile(seed: UInt64(rangeSize), rows: 600, unterminatedAtEnd: unterminated))
        let sequential = try Self.run(folder, jobs: 1)
        let ranged = try Self.run(folder, jobs: 3, rangeSize: rangeSize)
        expectSameIngest(sequential, ranged)
        let report = try sequential.report("cases.csv")
        // The file really is hostile: every kind of trouble shows up.
        #expect(report.rowsRejected > 50)
        #expect(report.replacedBytes > 0)
        #expect(report.skipped[.blank, default: 0] > 0)
        #expect(sequential.rejects.contains { $0.code == .strayQuote })
        if unterminated { #expect(sequential.rejects.contains { $0.code == .unterminatedQuote }) }
    }

    /// GB18030 is cut at line feeds like UTF-8 (no GB18030 character holds a 0A byte) and each
    /// range decoded by its own `iconv`: the same rows, rejects, lines and replaced bytes.
    @Test("A GB18030 file gives the rows of one sequential read at any range size",
          arguments: [(1, false), (3, true), (13, false), (64, true), (4096, false)])
    func gb18030RangesMatchSequential(rangeSize: Int, unterminated: Bool) throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", bytes: try Self.gb18030HostileFile(seed: UInt64(rangeSize) + 77, rows: 600,
                                                                          unterminatedAtEnd: unterminated))
        let sequential = try Self.run(folder, jobs: 1)
        let ranged = try Self.run(folder, jobs: 3, rangeSize: rangeSize)
        expectSameIngest(sequential, ranged)
        let report = try sequential.report("cases.csv")
        #expect(report.profile?.encoding == .gb18030)
        #expect(try ranged.report("cases.csv").profile?.encoding == .gb18030)
        #expect(report.replacedBytes > 10)
        #expect(report.rowsAccepted > 300 && report.rowsRejected > 50)
        #expect(sequential.rejects.contains { $0.code == .strayQuote })
    }

    @Test("A row limit that cuts quoted records and long lines gives the same rows in ranges",
          arguments: [(7, 80), (64, 84), (200, 100), (4096, 90)])  // the header line is 77 bytes
    func rowLimitInRanges(rangeSize: Int, maxRowBytes: Int) throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", bytes: Self.hostileFile(seed: UInt64(rangeSize + maxRowBytes), rows: 600, unterminatedAtEnd: true))
        let limits = ReadLimits(maxRowBytes: maxRowBytes)
        #expect(maxRowBytes >= Self.header.utf8.count + 4)
        let sequential = try Self.run(folder, jobs: 1, limits: limits)
        expectSameIngest(sequential, try Self.run(folder, jobs: 3, rangeSize: rangeSize, limits: limits))
        #expect(sequential.rejects.contains { $0.code == .rowTooLong })
    }

    @Test("A line of megabytes under tiny ranges is refused alike on one thread and in ranges")
    func enormousLine() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var text = Self.header + "\n"
        for row in 1...50 { text += "C\(row),0101,2022-03-01,办理中,20,item,window,\n" }
        text += "C51,0101," + String(repeating: "x", count: 3 << 20) + "\n"
        for row in 52...100 { text += "C\(row),0101,2022-03-01,办理中,20,item,window,\n" }
        try folder.write("cases.csv", text)
        let limits = ReadLimits(maxRowBytes: 1 << 20)
        let sequential = try Self.run(folder, jobs: 1, limits: limits)
        expectSameIngest(sequential, try Self.run(folder, jobs: 3, rangeSize: 4096, limits: limits))
        #expect(sequential.rejects.map(\.code) == [.rowTooLong])
        #expect(sequential.rejects.first?.line == 52)
        #expect(sequential.sink.cases.count == 99)
    }

    @Test("Ranges are read on several threads and still come back in file order")
    func manyRangesInOrder() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var text = Self.header + "\n"
        for row in 1...5000 { text += "C\(row),0101,2022-03-01,办理中,20,item,window,\n" }
        try folder.write("cases.csv", text)
        let ranged = try Self.run(folder, jobs: 4, rangeSize: 97)
        #expect(ranged.sink.caseLines.count == 5000)
        #expect(ranged.sink.caseLines.allSatisfy { $0.value == Int($0.key.dropFirst())! + 1 })
        let caseRows = ranged.sink.accepted.filter { if case .caseRecord = $0.record { true } else { false } }
        #expect(caseRows.map(\.location.line) == Array(2...5001))
    }
}

/// splitmix64: the same numbers on every machine.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededRandom: RandomNumberGenerator {}
