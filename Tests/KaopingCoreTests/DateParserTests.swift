import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3 dates: every written form, Excel serials and the "no date" markers.
@Suite("Dates")
struct DateParserTests {
    static func parse(_ text: String) -> DateParser.Outcome {
        DateParser.parse(ArraySlice(Array(CellText.folded(text, lowercase: false).utf8)))
    }

    @Test("Date-only forms", arguments: [
        "2022-03-01", "2022/3/1", "2022.3.1", "20220301", "2022年3月1日", "2022/03/01", "2022-3-1", "2022年03月01日",
        "２０２２－０３－０１", " 2022-03-01 ", "44621",
    ])
    func dateOnly(_ text: String) {
        #expect(Self.parse(text) == .date(stamp(2022, 3, 1)))
    }

    @Test("Forms with a time of day", arguments: [
        ("2022-03-01 9:30", 9 * 3600 + 30 * 60), ("2022-03-01 09:30:00", 9 * 3600 + 30 * 60),
        ("2022-03-01T09:30:00", 9 * 3600 + 30 * 60), ("2022/3/1 9:30", 9 * 3600 + 30 * 60),
        ("2022.3.1 17:05:09", 17 * 3600 + 5 * 60 + 9), ("2022年3月1日 9:30", 9 * 3600 + 30 * 60),
        ("20220301 09:30:00", 9 * 3600 + 30 * 60), ("2022-03-01T23:59:59.123", 86399), ("2022-03-01 0:00", 0),
        ("44621.5", 43200), ("2022-03-01T09:30:00+08:00", 9 * 3600 + 30 * 60), ("20220301T09:30", 9 * 3600 + 30 * 60),
    ])
    func withTime(_ text: String, _ seconds: Int) {
        #expect(Self.parse(text) == .date(DateStamp(day: day(2022, 3, 1), secondOfDay: Int32(seconds))))
    }

    @Test("Excel serial numbers count from 1899-12-30")
    func excelSerials() {
        #expect(Self.parse("44621") == .date(stamp(2022, 3, 1)))
        #expect(Self.parse("44562") == .date(stamp(2022, 1, 1)))
        #expect(Self.parse("45351") == .date(stamp(2024, 2, 29)))
        #expect(Self.parse("32874") == .date(stamp(1990, 1, 1)))
        #expect(Self.parse("73415") == .date(stamp(2100, 12, 31)))
    }

    @Test("Numbers outside 1990–2100 as serials are typos, not dates", arguments: ["61", "2022", "32873", "73416", "2022031", "202203"])
    func implausibleSerials(_ text: String) {
        #expect(Self.parse(text) == .invalid)
    }

    @Test("'No date' markers are empty", arguments: ["1900-01-01", "1900/1/0", "1900/1/1", "1900-01-01 00:00:00", "", "0"])
    func noDate(_ text: String) {
        #expect(Self.parse(text) == .empty)
    }

    @Test("Impossible or malformed dates are invalid", arguments: [
        "2022-02-30", "2023-02-29", "2022-13-01", "2022-00-10", "2022-04-31", "20220230", "2022-03-01 25:00",
        "2022-03-01 9:61", "2022-03-01 9", "20220230 09:30", "20220301 9", "20220301x", "2022-03", "22-03-01", "2022-03/01", "March 1", "无", "2022-03-01x", "44621x",
    ])
    func invalid(_ text: String) {
        #expect(Self.parse(text) == .invalid)
    }

    /// Days of 2001–2099 take a shorter way than the rest: walking the calendar one day at a
    /// time from 1999 to 2101, every day is one after the day before, and what is no day is nil.
    @Test("Every day from 1999 to 2101 follows the one before, across the century's shorter way")
    func consecutiveDays() {
        var previous = Day(year: 1998, month: 12, day: 31)!.ordinal
        var gaps: [String] = []
        for year in 1999...2101 {
            for month in 1...12 {
                let length = [31, Day.isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
                for day in 0...32 {
                    let found = Day(year: year, month: month, day: day)
                    guard (1...length).contains(day) else {
                        if found != nil { gaps.append("\(year)-\(month)-\(day) is no day") }
                        continue
                    }
                    if found?.ordinal != previous + 1 { gaps.append("\(year)-\(month)-\(day)") }
                    previous = found?.ordinal ?? previous + 1
                }
            }
        }
        #expect(gaps.count == 0, "\(gaps.prefix(5))")
        #expect(Day(year: 2022, month: 3, day: 1)?.description == "2022-03-01")
        #expect(Day(year: 2022, month: 13, day: 1) == nil && Day(year: 2022, month: 0, day: 1) == nil)
    }

    @Test("Leap days")
    func leapDays() {
        #expect(Self.parse("2024-02-29") == .date(stamp(2024, 2, 29)))
        #expect(Self.parse("2000-02-29") == .date(stamp(2000, 2, 29)))
        #expect(Self.parse("1900-02-29") == .invalid)
    }

    @Test("Stamps compare at the precision both carry")
    func precision() {
        #expect(!stamp(2022, 3, 1).isBefore(stamp(2022, 3, 1, 9, 30)))
        #expect(!stamp(2022, 3, 1, 9, 30).isBefore(stamp(2022, 3, 1)))
        #expect(stamp(2022, 3, 1, 9, 0).isBefore(stamp(2022, 3, 1, 9, 30)))
        #expect(!stamp(2022, 3, 1, 9, 30).isBefore(stamp(2022, 3, 1, 9, 30)))
        #expect(stamp(2022, 2, 28, 23, 59).isBefore(stamp(2022, 3, 1)))
        #expect(stamp(2022, 2, 28).isBefore(stamp(2022, 3, 1, 0, 0)))
    }

    @Test("Day arithmetic and descriptions")
    func days() {
        #expect(day(1970, 1, 1).ordinal == 0)
        #expect(day(2022, 3, 1).description == "2022-03-01")
        #expect(day(2022, 3, 1).weekday == 1)  // a Tuesday
        #expect(Day(iso: "2022-03-01") == day(2022, 3, 1))
        #expect(Day(iso: "2022/03/01") == nil)
        #expect(Day(year: 2022, month: 2, day: 29) == nil)
        #expect(stamp(2022, 3, 1, 9, 5, 7).description == "2022-03-01 09:05:07")
    }

    /// The same forms through a cases file: required received_at and optional completed_at.
    @Test("Dates in a cases file")
    func throughIngest() throws {
        let text = """
            case_id,unit_code,received_at,status,statutory_days,completed_at
            D1,0101,2022年3月1日 9:30,completed,20,20220302
            D2,0101,44621,in_progress,20,1900-01-01
            D3,0101,2022.3.1,in_progress,20,1900/1/0
            D4,0101,2022-02-30,in_progress,20,
            D5,0101,1900-01-01,in_progress,20,
            D6,0101,2024-02-29T08:00:00,completed,20,2024/3/1 8:00
            D7,0101,2022-03-01,completed,20,2022-02-30
            D8,0101,2022-03-01,in_progress,20,—

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.sink.cases == [
            caseRecord("D1", received: stamp(2022, 3, 1, 9, 30), status: .completed, statutory: 20, completed: stamp(2022, 3, 2)),
            caseRecord("D2", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20),
            caseRecord("D3", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20),
            caseRecord("D6", received: stamp(2024, 2, 29, 8, 0), status: .completed, statutory: 20, completed: stamp(2024, 3, 1, 8, 0)),
            caseRecord("D8", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20),
        ])
        #expect(run.rejects.map { "\($0.line) \($0.column) \($0.code.rawValue) \($0.value)" } == [
            "5 received_at bad_date 2022-02-30",
            "6 received_at missing_value 1900-01-01",
            "8 completed_at bad_date 2022-02-30",
        ])
    }
}

/// The fixed-offset reading of `2022-03-01 08:40:00` must be exactly the general grammar's.
@Suite("Dates: the fast path agrees with the grammar")
struct CanonicalDateTests {
    private static func outcomes(_ text: String) -> (fast: DateParser.Outcome?, general: DateParser.Outcome) {
        let bytes = ArraySlice(Array(text.utf8))
        return (DateParser.canonical(bytes), DateParser.general(bytes))
    }

    @Test("Every month, day and time at the edges, and every byte at every place")
    func agreesWithGrammar() {
        var texts: [String] = []
        for year in ["1900", "2000", "2022", "2024", "0000", "9999"] {
            for month in ["00", "01", "02", "12", "13"] {
                for day in ["00", "01", "28", "29", "30", "31", "32"] {
                    texts.append("\(year)-\(month)-\(day)")
                    for time in ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "08:40:00"] {
                        texts.append("\(year)-\(month)-\(day) \(time)")
                    }
                }
            }
        }
        // One byte changed anywhere: digits, separators, letters, a space, a high byte.
        for template in ["2022-03-01", "2022-03-01 08:40:00", "1900-01-00 08:40:00"] {
            let bytes = Array(template.utf8)
            for index in bytes.indices {
                for replacement in Array("0159-/:. Tx".utf8) + [0xE5] {
                    var changed = bytes
                    changed[index] = replacement
                    texts.append(String(decoding: changed, as: UTF8.self))
                }
            }
        }
        var taken = 0
        for text in texts {
            let (fast, general) = Self.outcomes(text)
            if let fast {
                taken += 1
                #expect(fast == general, "\(text)")
            }
        }
        #expect(taken > texts.count / 2)
        #expect(Self.outcomes("2022/03/01").fast == nil)
        #expect(Self.outcomes("2022-03-01T08:40:00").fast == nil)
    }

    @Test("Plain day counts read as the general number grammar reads them")
    func plainDays() {
        for length in 1...5 {
            var limit = 1
            for _ in 0..<length { limit *= 10 }
            for value in stride(from: 0, to: limit, by: length == 5 ? 97 : 1) {
                let digits = String(value)
                let text = String(repeating: "0", count: length - digits.count) + digits
                let bytes = Array(text.utf8)
                let fast = bytes.withUnsafeBufferPointer { RowCells.plainDays($0[...]) }
                guard let fast else {
                    #expect(length == 5 || value > RowCells.maximumDays, "\(text)")
                    continue
                }
                #expect(NumberParser.parse(ArraySlice(bytes)) == .number(ExactDecimal(units: Int64(fast), scale: 0)), "\(text)")
            }
        }
        for text in ["", "-", "+1", "1.0", "1,0", "２", "1 "] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { RowCells.plainDays($0[...]) } == nil, "\(text)")
        }
    }
}
