import Foundation
import Testing
@testable import KaopingCore

/// A fresh folder under the system's temporary directory, removed when the test is done.
private func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoping-synthetic-" + UUID().uuidString).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

private func options(seed: UInt64 = 1, cases: Int = 600, messy: Bool = true, singleCasesFile: Bool = false) -> SyntheticOptions {
    var options = SyntheticOptions()
    options.seed = seed
    options.cases = cases
    options.messy = messy
    options.singleCasesFile = singleCasesFile
    return options
}

private func bytes(_ root: String, _ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
}

/// The file's text as UTF-8, decoded the way the generator encoded it.
private func text(_ root: String, _ file: SyntheticFile) throws -> String {
    var raw = try bytes(root, file.path)
    switch file.encoding {
    case .gb18030:
        let decoder = try #require(IconvDecoder(from: "GB18030"))
        var utf8: [UInt8] = []
        raw.withUnsafeBufferPointer { decoder.decode($0, into: &utf8, final: true) }
        #expect(decoder.replacements == 0)
        return String(decoding: utf8, as: UTF8.self)
    case .utf8BOM:
        #expect(raw.starts(with: [0xEF, 0xBB, 0xBF]))
        raw.removeFirst(3)
        return try #require(String(validating: raw, as: UTF8.self))
    default:
        return try #require(String(validating: raw, as: UTF8.self))
    }
}

/// Physical lines, without their line endings. Split on bytes: "\r\n" is one `Character`.
private func lines(_ text: String) -> [String] {
    Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
    }
}

struct SyntheticDataTests {
    @Test func sameSeedWritesByteIdenticalFolders() throws {
        try withTemporaryDirectory { first in
            try withTemporaryDirectory { second in
                let one = try SyntheticData.write(to: first, options: options(seed: 42))
                let two = try SyntheticData.write(to: second, options: options(seed: 42))
                #expect(one.files == two.files)
                #expect(one.planted == two.planted)
                for file in one.files {
                    #expect(try bytes(first, file.path) == bytes(second, file.path), "\(file.path) differs")
                }
            }
        }
    }

    @Test func differentSeedsWriteDifferentCases() throws {
        try withTemporaryDirectory { first in
            try withTemporaryDirectory { second in
                _ = try SyntheticData.write(to: first, options: options(seed: 1, singleCasesFile: true))
                _ = try SyntheticData.write(to: second, options: options(seed: 2, singleCasesFile: true))
                #expect(try bytes(first, "cases/all-cases.csv") != bytes(second, "cases/all-cases.csv"))
                #expect(try bytes(first, "tickets/tickets.csv") != bytes(second, "tickets/tickets.csv"))
            }
        }
    }

    @Test func gb18030FileIsNotUTF8AndRoundTrips() throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options())
            let items = try #require(summary.files.first { $0.path == "items/items.csv" })
            #expect(items.encoding == .gb18030)
            let raw = try bytes(root, items.path)
            #expect(String(validating: raw, as: UTF8.self) == nil)

            let decoded = try text(root, items)
            #expect(decoded.contains("事项编码,单位编码,事项名称,法定时限,承诺时限"))
            #expect(decoded.contains("全区政务服务事项目录"))

            let encoder = try #require(IconvDecoder(from: "UTF-8", to: "GB18030"))
            var encoded: [UInt8] = []
            Array(decoded.utf8).withUnsafeBufferPointer { encoder.decode($0, into: &encoded, final: true) }
            #expect(encoded == raw)
        }
    }

    @Test(arguments: [false, true])
    func caseRowsMatchTheOption(singleCasesFile: Bool) throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options(cases: 777, singleCasesFile: singleCasesFile))
            #expect(summary.caseRows == 777)
            // Count independently: every case record starts a line with its id, BJ….
            var counted = 0
            for file in summary.files where file.kind == .cases {
                counted += lines(try text(root, file)).filter { $0.hasPrefix("BJ") }.count
            }
            #expect(counted == 777)
            #expect(summary.files.contains { $0.path == "cases/all-cases.csv" } == singleCasesFile)
        }
    }

    @Test func messyDataPlantsEveryKindAtAboutOnePercent() throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options(cases: 3000))
            for problem in PlantedProblem.allCases {
                #expect(summary.planted.contains { $0.problem == problem }, "no \(problem.rawValue) planted")
            }
            #expect(summary.plantedBadRows * 1000 >= summary.rows * 5)
            #expect(summary.plantedBadRows * 1000 <= summary.rows * 20)
            #expect(Set(summary.files.map(\.encoding)) == [.utf8, .utf8BOM, .gb18030])
            #expect(Set(summary.files.map(\.delimiter)) == [",", "\t", ";"])
        }
    }

    @Test func plantedRowsPointAtTheirRecords() throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options(cases: 3000))
            for file in summary.files {
                let fileLines = lines(try text(root, file))
                for row in summary.planted where row.file == file.path {
                    let line = fileLines[row.line - 1]
                    switch row.problem {
                    case .badDate:
                        #expect(["-02-30", "/2/30", ".2.30", "2月30日", "0230"].contains { line.contains($0) }, "\(row)")
                    case .unknownCheck:
                        #expect(!CheckCatalog.standard.checks.contains { line.contains("\t" + $0.name + "\t") }, "\(row)")
                    case .identicalRepeat:
                        #expect(fileLines[..<(row.line - 1)].contains(line), "\(row)")
                    case .conflictingDuplicate:
                        let id = String(line.prefix { $0 != "," && $0 != "\t" && $0 != ";" })
                        let earlier = fileLines[..<(row.line - 1)].filter { $0.hasPrefix(id) }
                        #expect(!earlier.isEmpty && !earlier.contains(line), "\(row)")
                    default:
                        break
                    }
                    if file.kind == .cases { #expect(line.hasPrefix("BJ"), "\(row)") }
                }
            }
        }
    }

    @Test func cleanDataIsPlainUTF8WithCanonicalHeaders() throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options(messy: false))
            #expect(summary.planted.isEmpty)
            #expect(summary.files.allSatisfy { $0.encoding == .utf8 && $0.delimiter == "," && $0.summaryAndFooterRows == 0 })
            let units = lines(try text(root, summary.files[0]))
            #expect(units[0] == "unit_code,unit_name,category,active,required_exports,parent_code,group,order")
            #expect(units.contains { $0.hasPrefix("0101,发改局,department,true,cases;items;tickets,,窗口单位,1") })
            #expect(units.contains { $0.hasPrefix("020701,清泉镇") && $0.contains(",0207,") })
            let firstCases = try #require(summary.files.first { $0.kind == .cases })
            #expect(lines(try text(root, firstCases))[0]
                == "case_id,unit_code,item_code,received_at,status,statutory_days,promised_days,completed_at,channel,immediate,rating,paused_days")
        }
    }

    @Test func registryHasTheDistrictsUnits() throws {
        try withTemporaryDirectory { root in
            let summary = try SyntheticData.write(to: root, options: options(messy: false))
            let units = lines(try text(root, summary.files[0])).dropFirst().filter { !$0.isEmpty }
            #expect(units.count == 30 + 11 + 12)
            #expect(units.filter { $0.contains(",false,") }.count == 1)
            let townships = units.filter { $0.hasPrefix("02") && $0.split(separator: ",")[0].count == 4 }
            #expect(townships.map { String($0.split(separator: ",")[1]) }
                == ["大弯街道", "红阳街道", "大同镇", "弥牟镇", "城厢镇", "姚渡镇", "清泉镇", "福洪乡", "人和乡", "龙王镇", "祥福镇"])
            // One window department sends no cases file (未报送).
            let casesFiles = summary.files.filter { $0.kind == .cases }
            #expect(casesFiles.count == 30 + 11 + 12 - 1)
            #expect(!casesFiles.contains { $0.path.contains("水务局") })
        }
    }

    @Test func datesAndNumbersAreFormattedByHand() {
        let day = Day(year: 2022, month: 3, day: 1)!
        let stamp = Stamp(day, second: 9 * 3600 + 30 * 60)
        func format(_ style: DateStyle, _ stamp: Stamp) -> String {
            var out: [UInt8] = []
            CellFormat.appendDate(stamp, style: style, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(format(.isoSeconds, stamp) == "2022-03-01 09:30:00")
        #expect(format(.isoT, stamp) == "2022-03-01T09:30:00")
        #expect(format(.slashMinutes, stamp) == "2022/3/1 9:30")
        #expect(format(.dottedMinutes, stamp) == "2022.3.1 09:30")
        #expect(format(.chineseDate, stamp) == "2022年3月1日")
        #expect(format(.compactDate, stamp) == "20220301")
        #expect(format(.excelSerial, stamp) == "44621.39583")
        #expect(format(.excelSerial, Stamp(day)) == "44621")
        #expect(format(.isoSeconds, Stamp(day)) == "2022-03-01")

        var out: [UInt8] = []
        CellFormat.appendGrouped(1_234_567, to: &out)
        CellFormat.appendInteger(20, fullWidth: true, to: &out)
        CellFormat.appendPadded(7, width: 3, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "1,234,567２０007")
    }

    @Test func caseCountsSplitByLargestRemainder() {
        #expect(CaseFiles.split(10, weights: [1, 0, 1, 2]) == [3, 0, 3, 4])
        #expect(CaseFiles.split(2, weights: [5, 5, 5]) == [1, 1, 0])
        #expect(CaseFiles.split(0, weights: [1]) == [0])
        #expect(CaseFiles.split(1_000_003, weights: [3, 7, 90]).reduce(0, +) == 1_000_003)
    }
}
