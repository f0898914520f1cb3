import CSystemSupport
import Foundation
@testable import KaopingCore
import Testing

/// The quote-free fast path against libcsv: the reader must hand out the same events, line
/// numbers and cells whichever of the two split a line (issue 6 allows the fast path only so).
@Suite("Quote-free lines: the same events as libcsv")
struct QuoteFreeLineTests {
    /// Every event the reader gives for `bytes`, with the fast path on or off
    /// (`ReaderDifferential.describe`): a record's content fingerprint, taken as it was read,
    /// is part of it, and must be what `RowIdentity.content` takes from its cells afterwards.
    static func events(_ bytes: [UInt8], delimiter: UInt8, encoding: TextEncoding = .utf8, fastPath: Bool,
                       batchSize: Int = 4096, in folder: TempFolder) throws -> [String] {
        try folder.write("f.csv", bytes: bytes)
        let path = folder.url.appendingPathComponent("f.csv").path
        let reader = CSVReader(delimiter: delimiter, batchSize: batchSize, replayLimit: 64, splitsQuoteFreeLines: fastPath,
                               fingerprintHeader: ReaderDifferential.header) { () throws(InputError) in
            try DecodedChunks(path: path, encoding: encoding)
        }
        var seen: [String] = []
        try reader.read { batch in seen += ReaderDifferential.describe(batch) }
        #expect(!seen.contains { $0.hasPrefix(ReaderDifferential.misfingerprinted) }, "\(seen)")
        return seen
    }

    /// Classifying with another header than the reader had must not take the reader's
    /// fingerprints, which are sums under other seeds.
    @Test("A batch's fingerprints are offered only under the header they were taken with")
    func fingerprintsKeepTheirSeeds() throws {
        let other = HeaderMap(kind: .cases, positions: [:], written: (0..<40).map { "列\($0)" })
        var offered: [UInt64?] = [], underOther: [UInt64?] = [], unseeded: [UInt64?] = []
        for header in [ReaderDifferential.header, nil] {
            let reader = CSVReader(delimiter: 0x2C, fingerprintHeader: header) { () throws(InputError) in
                MemoryPieces(Array("a,b\n\"c\",d\n".utf8), pieceSize: 64)
            }
            try reader.read { batch in
                batch.withEvents { events in
                    for index in 0..<events.count {
                        let asked = events.fingerprint(at: index, under: ObjectIdentifier(ReaderDifferential.header))
                        if header == nil {
                            unseeded.append(asked)
                        } else {
                            offered.append(asked)
                            underOther.append(events.fingerprint(at: index, under: ObjectIdentifier(other)))
                        }
                    }
                }
            }
        }
        #expect(offered.count == 2 && offered.allSatisfy { $0 != nil })
        #expect(offered[0] != offered[1])
        #expect(underOther == [nil, nil])
        #expect(unseeded == [nil, nil])
    }

    @Test("Every fixture file, read as its own encoding and delimiter and as each other delimiter")
    func fixtures() throws {
        let files = FileManager.default.enumerator(at: try Fixtures.root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }
        #expect(files.count > 20)
        let folder = try TempFolder()
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let profile = try? FileSniffer.profile(path: file.path, relativePath: file.lastPathComponent)
            let encoding = profile?.encoding ?? .utf8
            var delimiters: [UInt8] = [0x2C, 0x09, 0x3B]
            if let own = profile?.delimiter, !delimiters.contains(own) { delimiters.append(own) }
            for delimiter in delimiters {
                let libcsv = try Self.events(bytes, delimiter: delimiter, encoding: encoding, fastPath: false, in: folder)
                let fast = try Self.events(bytes, delimiter: delimiter, encoding: encoding, fastPath: true, in: folder)
                #expect(fast == libcsv, "\(file.lastPathComponent), delimiter \(delimiter)")
            }
        }
    }

    /// Lines from bytes that matter to a CSV splitter: delimiters, blanks, quotes, line ends,
    /// multi-byte text, NUL, a byte that is never UTF-8, and bytes next to the delimiters.
    static func randomFile(_ random: inout SeededRandom) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("bc".utf8), Array("中文".utf8), [0x20], [0x20, 0x20], [0x09], [0x2C], [0x2C, 0x2C],
            [0x3B], [0x22], [0x22, 0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0xFF], Array("\u{3000}".utf8),
            // One bit away from a delimiter or a quote: what a sloppy byte-parallel match takes
            // for one.
            [0x2D], [0x2D, 0x2D], [0x3A], [0x08], [0x23], [0x23, 0x23],
            // Blanks that only `CellText.trimmed` takes off a cell's edges (the fingerprint's).
            Array("\u{00A0}".utf8), Array("\u{FEFF}".utf8), [0x0B], [0x0C],
        ]
        var bytes: [UInt8] = []
        let length = Int(random.next() % 60)
        for _ in 0..<length {
            // Quotes are rarer than the rest, so many lines take the fast path.
            var piece = pieces[Int(random.next() % UInt64(pieces.count))]
            if piece.first == 0x22, random.next() % 3 != 0 { piece = [0x61] }
            bytes += piece
        }
        if random.next() % 2 == 0 { bytes.append(0x0A) }
        return bytes
    }

    @Test("Seeded random files of delimiters, blanks, quotes and line ends", arguments: [0x2C, 0x09, 0x3B] as [UInt8])
    func randomFiles(delimiter: UInt8) throws {
        var random = SeededRandom(seed: 0x51F7 &+ UInt64(delimiter))
        let folder = try TempFolder()
        var fastLines = 0
        for round in 0..<1500 {
            let bytes = Self.randomFile(&random)
            let batchSize = round % 5 == 0 ? 1 : 4096
            let libcsv = try Self.events(bytes, delimiter: delimiter, fastPath: false, batchSize: batchSize, in: folder)
            let fast = try Self.events(bytes, delimiter: delimiter, fastPath: true, batchSize: batchSize, in: folder)
            #expect(fast == libcsv, "\(bytes)")
            if fast != libcsv { return }
            fastLines += libcsv.count { !$0.hasPrefix("blank") && !$0.hasPrefix("malformed") }
        }
        #expect(fastLines > 1000)
    }

    /// The fuzz target's own check, on the same random files, under every control byte it
    /// reads: delimiter, piece size (a line split across pieces), batch size, cell limit and
    /// row limit.
    @Test("The fuzz target's differential agrees on seeded random files under every control byte")
    func differentialUnderEveryControlByte() {
        var random = SeededRandom(seed: 0xD1FF)
        for round in 0..<1200 {
            let control = UInt8(round % 128)
            let input = [control] + Self.randomFile(&random)
            let disagreement = input.withUnsafeBufferPointer { ReaderDifferential.disagreement(in: $0) }
            #expect(disagreement == nil, "\(input)")
            if disagreement != nil { return }
        }
    }

    @Test("The fuzz target's differential sees a difference: a line split differently is reported")
    func differentialReportsADifference() {
        let events = ReaderDifferential.events(Array("a,b\n".utf8), delimiter: 0x2C, pieceSize: 1, batchSize: 1, fastPath: true)
        #expect(events.count == 1 && events[0].hasPrefix("1: 2 \(Array("a".utf8))|\(Array("b".utf8)) fingerprint "))
        let other = ReaderDifferential.events(Array("a;b\n".utf8), delimiter: 0x2C, pieceSize: 1, batchSize: 1, fastPath: false)
        #expect(events != other)
    }

    @Test("Cells as libcsv trims them: blanks around cells, an empty last cell, a tab that is the delimiter")
    func examples() throws {
        let folder = try TempFolder()
        let text = " a , b\t,\t c d ,\n,\nx,\r\n  y\r\t\tz\t \n中, 文 "
        for delimiter: UInt8 in [0x2C, 0x09] {
            let fast = try Self.events(Array(text.utf8), delimiter: delimiter, fastPath: true, in: folder)
            #expect(fast == (try Self.events(Array(text.utf8), delimiter: delimiter, fastPath: false, in: folder)))
        }
        let fast = try Self.events(Array(text.utf8), delimiter: 0x2C, fastPath: true, in: folder)
        #expect(fast.count == 6)
        #expect(fast.first?.hasPrefix("1: 4 \(Array("a".utf8))|\(Array("b".utf8))|\(Array("c d".utf8))|[] fingerprint ") == true)
    }

    /// Cells past the limit are not kept, down to a limit of none: the line is still taken.
    @Test("A cell limit keeps the first cells only, and a limit of 0 none", arguments: [0, 1, 2, 3, 9])
    func cellLimit(limit: Int) {
        var batch = RecordBatch()
        let taken = Array("a,b,c\n".utf8).withUnsafeBufferPointer {
            QuoteFreeLine.appendCells(of: $0, delimiter: 0x2C, cellLimit: limit, to: &batch) != nil
        }
        #expect(taken)
        #expect(batch.starts.count == min(limit, 3) && batch.ends.count == min(limit, 3))
        #expect(batch.bytes == Array("a,b,c".utf8))
    }

    /// A line with more cells than fit on the stack is split again with room for all of them:
    /// every cell kept up to the limit, trimmed, in order.
    @Test("A line of many cells keeps every one up to the limit", arguments: [63, 64, 65, 100, 200, Int.max])
    func manyCells(limit: Int) {
        let cells = (0..<150).map { " c\($0) " }
        var batch = RecordBatch()
        let taken = Array((cells.joined(separator: ",") + "\r\n").utf8).withUnsafeBufferPointer {
            QuoteFreeLine.appendCells(of: $0, delimiter: 0x2C, cellLimit: limit, to: &batch) != nil
        }
        #expect(taken)
        let kept = min(limit, cells.count)
        #expect(batch.starts.count == kept && batch.ends.count == kept)
        let texts = zip(batch.starts, batch.ends).map { String(decoding: batch.bytes[$0..<$1], as: UTF8.self) }
        #expect(texts == (0..<kept).map { "c\($0)" })
    }
    /// The 32-byte delimiter search (AVX2, in C) against the eight-byte one, the two ways a
    /// line's delimiters are found: lines of every length up to three blocks and a bit, with
    /// delimiters, quotes and bytes that differ from them in one bit, and room for few or many.
    @Test("The block search finds what the word search finds", arguments: [0x2C, 0x09, 0x3B, 0x7C] as [UInt8])
    func blockSearchAgreesWithWords(delimiter: UInt8) throws {
        var probe = [Int](repeating: 0, count: 4)
        let sample: [UInt8] = Array("a,b".utf8)
        try #require(probe.withUnsafeMutableBufferPointer { kaoping_find_delimiters(sample, 3, 0x2C, $0.baseAddress, 4) } != -2,
                     "this processor has no AVX2: nothing to hold to the word search")
        let alphabet: [UInt8] = [delimiter, delimiter, delimiter ^ 0x01, delimiter ^ 0x80, 0x22, 0x23, 0x61, 0x20, 0x00, 0x01,
                                 0x02, 0xE4, 0xB8, 0xAD]
        var random = SeededRandom(seed: UInt64(delimiter))
        var disagreements: [[UInt8]] = []
        var quoted = 0
        for round in 0..<20_000 {
            let length = Int(random.next() % 110)
            var line = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            // Most lines without a quote, so that their delimiters are compared.
            if round % 4 != 0 { line = line.map { $0 == 0x22 ? 0x61 : $0 } }
            let capacity = [0, 1, 5, 64][round % 4]
            // Bytes around the line that the search must not read as its own.
            let padded = [UInt8](repeating: delimiter, count: 40) + line + [UInt8](repeating: 0x22, count: 40)
            let (block, words) = padded.withUnsafeBufferPointer { all -> ([Int]?, [Int]?) in
                let start = all.baseAddress! + 40
                var blockPositions = [Int](repeating: -7, count: capacity)
                var wordPositions = [Int](repeating: -7, count: capacity)
                let blockFound = blockPositions.withUnsafeMutableBufferPointer {
                    kaoping_find_delimiters(start, length, delimiter, $0.baseAddress, capacity)
                }
                let wordFound = wordPositions.withUnsafeMutableBufferPointer {
                    QuoteFreeLine.delimiterPositionsByWords(in: start, length: length, delimiter: delimiter, into: $0)
                }
                return (blockFound < 0 ? nil : [blockFound] + blockPositions, wordFound.map { [$0] + wordPositions })
            }
            if block != words { disagreements.append(line) }
            // And both against a plain reading: the count, the first `capacity` positions, the rest untouched.
            if line.contains(0x22) {
                if words != nil { disagreements.append(line) }
                quoted += 1
            } else {
                let all = line.indices.filter { line[$0] == delimiter }
                var stored = [Int](repeating: -7, count: capacity)
                for (slot, position) in all.prefix(capacity).enumerated() { stored[slot] = position }
                if words != [all.count] + stored { disagreements.append(line) }
            }
        }
        #expect(disagreements.count == 0, "\(Array(disagreements.prefix(3)))")
        #expect(quoted > 2_000 && quoted < 10_000)
    }
    /// The 32-byte search for a line's end (AVX2, in C) against a plain one, on random text
    /// of CRs, LFs and bytes one bit from them, with bytes after the end it must not read.
    @Test("The block search for a line break finds the first CR or LF")
    func lineBreakSearch() throws {
        let sample: [UInt8] = Array("a\r\n".utf8)
        try #require(kaoping_find_line_break(sample, 3) == 1, "this processor has no AVX2: nothing to hold to a plain search")
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x0B, 0x0C, 0x8A, 0x8D, 0x2C, 0x61, 0x00, 0xE4]
        var random = SeededRandom(seed: 0x0D0A)
        var disagreements: [[UInt8]] = []
        for _ in 0..<20_000 {
            let length = Int(random.next() % 140)
            // Mostly bytes that are no break, so that breaks fall anywhere and sometimes nowhere.
            let text = (0..<length).map { _ in random.next() % 24 == 0 ? alphabet[Int(random.next() % 2)] : alphabet[2 + Int(random.next() % 8)] }
            let padded = text + [0x0A, 0x0D, 0x0A, 0x0D] + [UInt8](repeating: 0x0A, count: 32)
            let found = padded.withUnsafeBufferPointer { kaoping_find_line_break($0.baseAddress, length) }
            if found != (text.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? length) { disagreements.append(text) }
        }
        #expect(disagreements.count == 0, "\(Array(disagreements.prefix(3)))")
    }
}
