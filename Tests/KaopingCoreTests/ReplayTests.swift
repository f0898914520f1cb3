import Foundation
@testable import KaopingCore
import Testing

/// A refused multi-line record's later lines are fed again from memory: the file is opened
/// once, however many such records it holds; only beyond the replay limit is it re-read.
@Suite("Replaying refused multi-line records")
struct ReplayTests {
    /// Every line opens a quote that the next line's first quote "closes" too early.
    static let openQuotes: [UInt8] = {
        var text = "case_id,unit_code\n"
        for row in 1...200 { text += "\"C\(row),0101\n" }
        text += "OK,0101\n\"tail,0101\nlast\n"
        return Array(text.utf8)
    }()

    private func read(_ bytes: [UInt8], replayLimit: Int) throws -> (events: [String], opens: Int) {
        let folder = try TempFolder()
        try folder.write("f.csv", bytes: bytes)
        let path = folder.url.appendingPathComponent("f.csv").path
        var opens = 0
        let reader = CSVReader(delimiter: 0x2C, replayLimit: replayLimit) { () throws(InputError) in
            opens += 1
            return try DecodedChunks(path: path, encoding: .utf8)
        }
        var events: [String] = []
        try reader.readEvents { event in
            switch event {
            case .record(let record): events.append("\(record.line): \(record.texts.joined(separator: "|"))")
            case .blank(let line): events.append("blank \(line)")
            case let .malformed(line, field, problem): events.append("\(problem) \(line)/\(field)")
            }
        }
        return (events, opens)
    }

    @Test("Replayed from memory, the file is opened once")
    func replayedOnce() throws {
        let (events, opens) = try read(Self.openQuotes, replayLimit: 16 << 20)
        #expect(opens == 1)
        #expect(events.first == "1: case_id|unit_code")
        #expect(events.filter { $0.hasPrefix("strayQuote") }.count == 200)
        #expect(events.suffix(3) == ["202: OK|0101", "unterminatedQuote 203/1", "204: last"])
    }

    @Test("Beyond the replay limit the file is re-read, with the same events")
    func rereadGivesTheSameEvents() throws {
        let small = Array(Self.openQuotes.prefix(400)) + Array("\nOK,0101\n\"tail\nlast\n".utf8)
        let fromMemory = try read(small, replayLimit: 16 << 20)
        let fromFile = try read(small, replayLimit: 1)
        #expect(fromMemory.events == fromFile.events)
        #expect(fromMemory.opens == 1)
        #expect(fromFile.opens > 1)
    }

    @Test("An open quote over thousands of blank lines: each blank line is reported, the file opened once")
    func blankLinesAfterOpenQuote() throws {
        let bytes = Array(("a,b\n1,\"open\n" + String(repeating: "\n", count: 5000) + "2,closed\n").utf8)
        let (events, opens) = try read(bytes, replayLimit: 16 << 20)
        #expect(opens == 1)
        #expect(events.count == 1 + 1 + 5000 + 1)
        #expect(events[1] == "unterminatedQuote 2/2")
        #expect(events[2] == "blank 3")
        #expect(events.last == "5003: 2|closed")
    }
}
