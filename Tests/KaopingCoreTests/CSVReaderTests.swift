import Foundation
@testable import KaopingCore
import Testing

/// The libcsv reader on its own: RFC 4180 quoting and the physical line each record starts on.
@Suite("CSVReader")
struct CSVReaderTests {
    /// Events in a form that compares: `3: [a|b]`, `blank 4`, `stray 5/2`, `open 6/1`.
    static func events(_ bytes: [UInt8], delimiter: UInt8 = 0x2C, encoding: TextEncoding = .utf8,
                       batchSize: Int = 4096) throws -> [String] {
        let folder = try TempFolder()
        try folder.write("f.csv", bytes: bytes)
        let path = folder.url.appendingPathComponent("f.csv").path
        let reader = CSVReader(delimiter: delimiter, batchSize: batchSize) { () throws(InputError) in
            try DecodedChunks(path: path, encoding: encoding)
        }
        var seen: [String] = []
        try reader.readEvents { event in
            switch event {
            case .record(let record): seen.append("\(record.line): [\(record.texts.joined(separator: "|"))]")
            case .blank(let line): seen.append("blank \(line)")
            case let .malformed(line, field, .strayQuote): seen.append("stray \(line)/\(field)")
            case let .malformed(line, field, .unterminatedQuote): seen.append("open \(line)/\(field)")
            case let .malformed(line, _, .rowTooLong): seen.append("long \(line)")
            }
        }
        return seen
    }

    static func events(_ text: String, delimiter: UInt8 = 0x2C) throws -> [String] {
        try events(Array(text.utf8), delimiter: delimiter)
    }

    @Test("Quoted commas and doubled quotes")
    func quotedCommasAndQuotes() throws {
        #expect(try Self.events("a,\"b,c\",\"say \"\"hi\"\"\"\n\"\",x,\"\"\"\"\n") == [
            "1: [a|b,c|say \"hi\"]",
            "2: [|x|\"]",
        ])
    }

    @Test("A newline inside quotes: the record starts on its first line, the next on its own line")
    func newlineInsideQuotes() throws {
        #expect(try Self.events("h1,h2\n1,\"two\nlines\"\n2,\"three\n\nlines\"\n3,x\n") == [
            "1: [h1|h2]",
            "2: [1|two\nlines]",
            "4: [2|three\n\nlines]",
            "7: [3|x]",
        ])
    }

    @Test("The final record without a newline is read")
    func finalRecordWithoutNewline() throws {
        #expect(try Self.events("a,b\nc,d") == ["1: [a|b]", "2: [c|d]"])
        #expect(try Self.events("a,\"b\nc\"") == ["1: [a|b\nc]"])
    }

    @Test("CRLF and lone-CR line ends, also mixed, and inside quotes")
    func lineEnds() throws {
        #expect(try Self.events("a,b\r\nc,d\r\n\r\ne,f\r\n") == ["1: [a|b]", "2: [c|d]", "blank 3", "4: [e|f]"])
        #expect(try Self.events("a,b\rc,d\r\re,f") == ["1: [a|b]", "2: [c|d]", "blank 3", "4: [e|f]"])
        #expect(try Self.events("a,b\nc,d\r\ne,f\rg,h\n") == ["1: [a|b]", "2: [c|d]", "3: [e|f]", "4: [g|h]"])
        #expect(try Self.events("a,\"x\r\ny\"\r\nb,c\r\n") == ["1: [a|x\r\ny]", "3: [b|c]"])
    }

    @Test("Blank lines are reported with their line numbers, space-only lines too")
    func blankLines() throws {
        #expect(try Self.events("\na,b\n\n   \nc,d\n\n") == ["blank 1", "2: [a|b]", "blank 3", "blank 4", "5: [c|d]", "blank 6"])
    }

    @Test("A record of empty cells is a record, not a blank line")
    func emptyCells() throws {
        #expect(try Self.events("a,b\n,\n") == ["1: [a|b]", "2: [|]"])
    }

    @Test("A stray quote rejects that record and reading goes on at the next line")
    func strayQuote() throws {
        #expect(try Self.events("a,b\nx,ab\"c\n\"ab\"c,d\ne,f\n") == [
            "1: [a|b]", "stray 2/2", "stray 3/1", "4: [e|f]",
        ])
    }

    @Test("An unterminated quote rejects its record at its start line; the lines after it are read again")
    func unterminatedQuote() throws {
        #expect(try Self.events("a,b\nc,\"open\nd,e\nf,g\n") == [
            "1: [a|b]", "open 2/2", "3: [d|e]", "4: [f|g]",
        ])
        // On the last line: nothing to read again.
        #expect(try Self.events("a,b\nc,\"open") == ["1: [a|b]", "open 2/2"])
        // Line 1's open quote meets line 3's quote followed by text: libcsv sees a stray quote in a
        // record spanning lines 1–3. Lines 2 and 3 are read again, and line 3 is itself left open.
        #expect(try Self.events("\"x\n\ny,\"z\nw,v") == ["stray 1/1", "blank 2", "open 3/2", "4: [w|v]"])
    }

    @Test("Tab and semicolon delimiters; spaces around unquoted cells are trimmed, tabs separate")
    func otherDelimiters() throws {
        #expect(try Self.events("a\t\tb\n", delimiter: 0x09) == ["1: [a||b]"])
        #expect(try Self.events("a; b ;\"c;d\"\n", delimiter: 0x3B) == ["1: [a|b|c;d]"])
    }

    @Test("GB18030 input reaches the reader as UTF-8")
    func gb18030() throws {
        // 办件,窗口 in GB18030.
        let bytes: [UInt8] = [0xB0, 0xEC, 0xBC, 0xFE, 0x2C, 0xB4, 0xB0, 0xBF, 0xDA, 0x0A]
        #expect(try Self.events(bytes, encoding: .gb18030) == ["1: [办件|窗口]"])
    }

    @Test("Batch size never changes the events", arguments: [1, 2, 3])
    func batches(_ size: Int) throws {
        let text = "h,i\n\n\"a\nb\",c\nx,y\"z\n\"\"\n\nd,e\nf,\"open\ng,h\n"
        let expected = [
            "1: [h|i]", "blank 2", "3: [a\nb|c]", "stray 5/2", "6: []", "blank 7", "8: [d|e]", "open 9/2", "10: [g|h]",
        ]
        #expect(try Self.events(Array(text.utf8), batchSize: size) == expected)
        #expect(try Self.events(Array(text.utf8)) == expected)
    }

    @Test("RawRecord field access")
    func rawRecord() {
        let record = RawRecord(line: 7, fields: ["0101", "", "办件"])
        #expect(record.line == 7)
        #expect(record.fieldCount == 3)
        #expect(record.text(0) == "0101")
        #expect(record.text(1) == "")
        #expect(record.text(2) == "办件")
        #expect(record.text(3) == "")
        #expect(Array(record.field(-1)) == [])
    }
}
