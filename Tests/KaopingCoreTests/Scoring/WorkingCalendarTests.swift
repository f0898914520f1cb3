@testable import KaopingCore
import Testing

@Suite("Scoring: working-day calendar")
struct WorkingCalendarTests {
    private let calendar = ScoringKit.calendar

    @Test("The shipped calendars cover 2021–2024")
    func years() {
        #expect(calendar.years == 2021...2024)
    }

    @Test("Spring Festival 2022: (01-28, 02-07] is 3 working days")
    func springFestival2022() throws {
        // Sat 01-29 and Sun 01-30 are make-up working days; Mon 01-31 to Fri 02-04 are
        // holidays; 02-05/06 a weekend; Mon 02-07 works. 1 + 1 + 1 = 3.
        #expect(try calendar.workdays(after: day(2022, 1, 28), through: day(2022, 2, 7)) == 3)
        #expect(try calendar.workdays(after: day(2022, 1, 28), through: day(2022, 1, 29)) == 1)
        #expect(try calendar.workdays(after: day(2022, 1, 28), through: day(2022, 1, 30)) == 2)
        #expect(try calendar.workdays(after: day(2022, 1, 30), through: day(2022, 2, 6)) == 0)
        #expect(try calendar.isWorkday(day(2022, 1, 29)))
        #expect(try calendar.isWorkday(day(2022, 1, 30)))
        for holiday in 31...35 {  // 01-31 … 02-04
            #expect(try !calendar.isWorkday(day(2022, 1, 1).adding(days: holiday - 1)))
        }
        #expect(try !calendar.isWorkday(day(2022, 2, 5)))
        #expect(try calendar.isWorkday(day(2022, 2, 7)))
        // The closed interval counts the start day too: [01-28, 02-07] = 4.
        #expect(try calendar.workdays(from: day(2022, 1, 28), through: day(2022, 2, 7)) == 4)
    }

    @Test("Same-day is 0; an end before the start is 0")
    func sameDay() throws {
        #expect(try calendar.workdays(after: day(2022, 3, 1), through: day(2022, 3, 1)) == 0)
        #expect(try calendar.workdays(after: day(2022, 3, 2), through: day(2022, 3, 1)) == 0)
        // Friday to Sunday: no working day elapsed.
        #expect(try calendar.workdays(after: day(2022, 3, 4), through: day(2022, 3, 6)) == 0)
        #expect(try calendar.workdays(after: day(2022, 3, 4), through: day(2022, 3, 7)) == 1)
    }

    @Test("Working days per year", arguments: [(2021, 250), (2022, 249), (2023, 249), (2024, 251)])
    func yearTotals(year: Int, total: Int) throws {
        #expect(try calendar.workdays(from: day(year, 1, 1), through: day(year, 12, 31)) == total)
        // 1 January is always a holiday, so leaving it out changes nothing.
        #expect(try calendar.workdays(after: day(year, 1, 1), through: day(year, 12, 31)) == total)
    }

    @Test("2022H1 has 122 working days (21 + 16 + 23 + 21 + 20 + 21)")
    func firstHalf2022() throws {
        #expect(try calendar.workdays(from: day(2022, 1, 1), through: day(2022, 6, 30)) == 122)
        #expect(try calendar.workdays(from: day(2022, 2, 1), through: day(2022, 2, 28)) == 16)
    }

    @Test("A deadline 10 working days after 2022-01-28 is 2022-02-16")
    func deadline() throws {
        // 01-29, 01-30, 02-07…02-11 (7), 02-14, 15, 16 (10).
        #expect(try calendar.adding(workdays: 10, to: day(2022, 1, 28)) == day(2022, 2, 16))
    }

    @Test("A year without a calendar is an error naming the year", arguments: [
        (day(2020, 12, 31), day(2021, 1, 4), 2020),
        (day(2024, 12, 31), day(2025, 1, 2), 2025),
    ])
    func yearNotLoaded(start: Day, end: Day, year: Int) {
        do {
            _ = try calendar.workdays(after: start, through: end)
            Issue.record("no error for \(start)…\(end)")
        } catch {
            #expect(error == .yearNotLoaded(year: year, folder: nil))
            #expect(error.description.contains("\(year)"))
        }
        #expect(throws: WorkingCalendar.Problem.yearNotLoaded(year: year, folder: nil)) {
            try calendar.isWorkday(year == 2020 ? start : end)
        }
        #expect(throws: WorkingCalendar.Problem.yearNotLoaded(year: year, folder: "cal")) {
            try calendar.require(year: year, folder: "cal")
        }
    }

    @Test("A bad line in a calendar file is reported as file:line", arguments: [
        ("date,kind,note\n2022-01-03,holiday,元旦\n2022-13-01,holiday,坏日期\n", 3),
        ("date,kind,note\n2022-01-03,holday,元旦\n", 2),
        ("date,kind,note\n2022-01-03,holiday,元旦\n\n2021-12-31,holiday,别的年份\n", 4),
        ("date,kind,note\n2022-01-03,holiday,元旦\n2022-01-03,holiday,重复\n", 3),
        ("date,kind,note\r\n2022-01-03,holiday,元旦\r\n2022-02-30,holiday,坏日期\r\n", 3),
    ])
    func badLine(text: String, line: Int) throws {
        let folder = try TempFolder()
        try folder.write("CN-2022.csv", text)
        let path = folder.path + "/CN-2022.csv"
        do {
            _ = try WorkingCalendar.load(folder: folder.path)
            Issue.record("the calendar was accepted")
        } catch {
            guard case let .badLine(reported, reportedLine, _) = error else { Issue.record("got \(error)"); return }
            #expect(reported == path)
            #expect(reportedLine == line)
            #expect(error.description.hasPrefix("\(path):\(line): "))
        }
    }

    @Test("A calendar folder of its own: exceptions apply, years must be contiguous")
    func ownFolder() throws {
        let folder = try TempFolder()
        try folder.write("CN-2022.csv", "\u{FEFF}date,kind,note\r\n2022-01-03,holiday,元旦\r\n2022-01-29,workday,调休\r\n")
        let own = try WorkingCalendar.load(folder: folder.path)
        #expect(own.years == 2022...2022)
        // Windows line ends and a BOM: both exceptions still apply (01-03 off, 01-29 on), and only
        // they do: 01-31, a holiday in the shipped file, works here.
        #expect(try !own.isWorkday(day(2022, 1, 3)))
        #expect(try own.isWorkday(day(2022, 1, 29)))
        #expect(try own.isWorkday(day(2022, 1, 31)))
        #expect(try own.workdays(after: day(2022, 1, 1), through: day(2022, 1, 31)) == 21)  // 21 weekdays − 01-03 + 01-29

        try folder.write("CN-2024.csv", "date,kind,note\n")
        #expect(throws: WorkingCalendar.Problem.gapInYears(folder: folder.path, missing: 2023)) {
            try WorkingCalendar.load(folder: folder.path)
        }
    }
}
