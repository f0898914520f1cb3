@testable import KaopingCore
import Testing

/// Issue 7's limits: an overlong line, record, cell or header costs a located reject (or, for
/// a header, the file), never the memory to hold it.
@Suite("Input limits")
struct ReadLimitsTests {
    /// The reader's events for `text` handed over in pieces of `pieceSize` bytes.
    static func events(_ text: String, maxRowBytes: Int, pieceSize: Int) -> [String] {
        let bytes = Array(text.utf8)
        let reader = CSVReader(delimiter: 0x2C, batchSize: 3, replayLimit: 1 << 20, maxRowBytes: maxRowBytes) {
            MemoryPieces(bytes, pieceSize: pieceSize)
        }
        var seen: [String] = []
        try? reader.readEvents { event in
            switch event {
            case .record(let record): seen.append("\(record.line): \(record.texts.joined(separator: "|"))")
            case .blank(let line): seen.append("blank \(line)")
            case let .malformed(line, _, problem): seen.append("\(problem) \(line)")
            }
        }
        return seen
    }

    @Test("A line longer than --max-row-bytes is refused unread, however it arrives in pieces",
          arguments: [1, 2, 5, 16, 4096])
    func overlongLine(pieceSize: Int) {
        let text = "a,b\n" + String(repeating: "x", count: 40) + "\nc,d\r\n" + String(repeating: "y,", count: 30) + "\r\ne,f"
        #expect(Self.events(text, maxRowBytes: 20, pieceSize: pieceSize) == [
            "1: a|b", "rowTooLong 2", "3: c|d", "rowTooLong 4", "5: e|f",
        ])
    }

    @Test("A quoted record that grows past the limit is refused, and its later lines read again",
          arguments: [1, 3, 7, 4096])
    func overlongRecord(pieceSize: Int) {
        let text = "a,\"one\ntwo\nthree\nfour\nfive\"\nb,c\n"
        // Lines 1-4 make 22 bytes with their line ends: past 20 on line 4.
        #expect(Self.events(text, maxRowBytes: 20, pieceSize: pieceSize) == [
            "rowTooLong 1", "2: two", "3: three", "4: four", "strayQuote 5", "6: b|c",
        ])
        // Under a roomier limit it is one record.
        #expect(Self.events(text, maxRowBytes: 64, pieceSize: pieceSize) == ["1: a|one\ntwo\nthree\nfour\nfive", "6: b|c"])
    }

    @Test("An overlong line inside an open record refuses the record first, then itself",
          arguments: [1, 4, 4096])
    func overlongLineInRecord(pieceSize: Int) {
        let text = "a,\"open\nnext\n" + String(repeating: "z", count: 30) + "\nlast\"\nb,c\n"
        #expect(Self.events(text, maxRowBytes: 20, pieceSize: pieceSize) == [
            "rowTooLong 1", "2: next", "rowTooLong 3", "strayQuote 4", "5: b|c",
        ])
    }

    @Test("Cells past the column limit are not kept, with or without quotes")
    func cellsCut() {
        let plain = String(repeating: "a,", count: 49) + "a\n"
        let quoted = "\"q\"," + String(repeating: "a,", count: 48) + "a\n"
        for text in [plain, quoted] {
            let bytes = Array(text.utf8)
            let reader = CSVReader(delimiter: 0x2C, maxColumns: 10) { MemoryPieces(bytes, pieceSize: 7) }
            var counts: [Int] = []
            try? reader.readEvents { event in if case .record(let record) = event { counts.append(record.fieldCount) } }
            #expect(counts == [11], "\(text.prefix(8))")
        }
    }

    @Test("A message that quotes a long value is cut short too")
    func longMessage() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        let code = String(repeating: "9", count: 5000)
        try folder.write("cases.csv", [Self.header, "C1,\(code),item,2022-03-01,in_progress,20"].joined(separator: "\n"))
        let run = try ingest(folder)
        let reject = try #require(run.rejects.first)
        #expect(reject.code == .unknownUnit)
        #expect(reject.message.utf8.count <= Reject.messageLimit + 3)
        #expect(reject.message.hasSuffix("…"))
        #expect(reject.value.utf8.count <= Reject.valueLimit + 3)
    }

    @Test("Sizes read as bytes or with binary K, M, G")
    func sizes() {
        #expect(ReadLimits.parseSize("1048576") == 1 << 20)
        #expect(ReadLimits.parseSize("1024K") == 1 << 20)
        #expect(ReadLimits.parseSize("1M") == 1 << 20)
        #expect(ReadLimits.parseSize("8mib") == 8 << 20)
        #expect(ReadLimits.parseSize("2 GB") == 2 << 30)
        #expect(ReadLimits.parseSize("0") == nil)
        #expect(ReadLimits.parseSize("-1") == nil)
        #expect(ReadLimits.parseSize("lots") == nil)
        #expect(ReadLimits.parseSize("99999999999999999G") == nil)
    }

    static let header = "case_id,unit_code,item_code,received_at,status,statutory_days"
    static func row(_ id: Int, item: String = "item") -> String { "C\(id),0101,\(item),2022-03-01,in_progress,20" }

    @Test("A cell over --max-field-bytes is refused with its column, its value cut short")
    func oversizedField() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        let big = String(repeating: "长", count: 400)  // 1200 bytes
        try folder.write("cases.csv", ([Self.header, Self.row(1), Self.row(2, item: big), Self.row(3)]).joined(separator: "\n"))
        let run = try ingest(folder, limits: ReadLimits(maxFieldBytes: 1000))
        #expect(run.sink.cases.map(\.caseID) == ["C1", "C3"])
        let reject = try #require(run.rejects.first)
        #expect(reject.code == .fieldTooLarge)
        #expect((reject.line, reject.column, reject.columnNumber) == (3, "item_code", 3))
        #expect(reject.value == String(repeating: "长", count: 85) + "…")  // 255 bytes kept
        #expect(reject.unitCode == "0101")
        #expect(reject.message.contains("1200 字节"))
    }

    @Test("A row with more cells than --max-columns is refused")
    func tooManyColumns() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", [Self.header, Self.row(1) + String(repeating: ",x", count: 20), Self.row(2)]
            .joined(separator: "\n"))
        let run = try ingest(folder, limits: ReadLimits(maxColumns: 10))
        #expect(run.sink.cases.map(\.caseID) == ["C2"])
        #expect(run.rejects.map(\.code) == [.tooManyColumns])
        #expect(run.rejects.first?.line == 2)
        #expect(try run.report("cases.csv").rowsRead == 2)
    }

    @Test("A header wider than --max-columns makes the file unreadable, with its line")
    func wideHeader() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        try folder.write("cases.csv", ["办件明细", Self.header + String(repeating: ",extra", count: 12), Self.row(1)]
            .joined(separator: "\n"))
        let run = try ingest(folder, limits: ReadLimits(maxColumns: 10))
        let report = try run.report("cases.csv")
        #expect(report.problem == .tooManyColumns(file: "cases.csv", line: 2, limit: 10))
        #expect(run.sink.cases.isEmpty)
        #expect(report.problem?.description.hasPrefix("cases.csv:2: error:") == true)
    }

    @Test("A few rows with NUL bytes are refused; ten make the file binary, and the rest unread")
    func binaryRows() throws {
        let folder = try TempFolder()
        try folder.addStandardUnits()
        var lines = [Self.header, Self.row(1), Self.row(2).replacingOccurrences(of: "item", with: "it\0em"), Self.row(3)]
        try folder.write("few.csv", lines.joined(separator: "\n"))
        for id in 4...40 { lines.append(id % 2 == 0 ? "\u{0}\u{1}\u{0}junk" : Self.row(id)) }
        try folder.write("many.csv", lines.joined(separator: "\n"))
        let run = try ingest(folder)
        let few = try run.report("few.csv")
        #expect(few.problem == nil)
        #expect(run.rejects.filter { $0.file == "few.csv" }.map(\.code) == [.binaryContent])
        let many = try run.report("many.csv")
        // Line 3, then the even ids from 4 (lines 5, 7, …): the tenth is id 20, on line 21.
        #expect(many.problem == .input(.binaryContent(path: "many.csv", line: 3, rows: 10, stoppedAt: 21)))
        #expect(many.rowsRead == 20)
        #expect(run.rejects.filter { $0.file == "many.csv" }.count == 10)
    }
}
