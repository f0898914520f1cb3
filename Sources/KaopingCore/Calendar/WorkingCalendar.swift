#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The working-day calendar (SPEC §2): Monday to Friday work, Saturday and Sunday rest, except
/// for the public holidays and make-up working days (调休) listed per year in
/// `CN-YYYY.csv`. Working-day counts are answered in O(1) from a prefix sum, so per-case
/// elapsed time costs two array reads.
public struct WorkingCalendar: Sendable {
    public let years: ClosedRange<Int>
    private let firstDay: Day
    /// `workdaysBefore[i]` = working days in [firstDay, firstDay + i); one entry more than days.
    private let workdaysBefore: [Int32]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case yearNotLoaded(year: Int, folder: String?)
        case unreadable(path: String, reason: String)
        case badLine(path: String, line: Int, message: String)
        case noCalendars(folder: String)
        case gapInYears(folder: String, missing: Int)

        public var description: String {
            switch self {
            case let .yearNotLoaded(year, folder):
                let place = folder.map { "（应为 \($0)/CN-\(year).csv）" } ?? ""
                return "error: 没有 \(year) 年的工作日历\(place)，无法计算工作日；请按国务院办公厅放假通知补充该年日历 (no working-day calendar for \(year))"
            case let .unreadable(path, reason):
                return "\(path): error: 无法读取工作日历 (\(reason))"
            case let .badLine(path, line, message):
                return "\(path):\(line): error: \(message)"
            case let .noCalendars(folder):
                return "\(folder): error: 日历目录中没有 CN-YYYY.csv 文件 (no calendar files)"
            case let .gapInYears(folder, missing):
                return "\(folder): error: 日历缺少 \(missing) 年（CN-\(missing).csv），各年份须连续 (calendar years must be contiguous)"
            }
        }
    }

    public enum Exception: String, Sendable { case holiday, workday }

    /// A calendar for `years` with the given exceptions to Mon–Fri.
    public init(years: ClosedRange<Int>, exceptions: [Day: Exception]) {
        self.years = years
        firstDay = Day(year: years.lowerBound, month: 1, day: 1)!
        let end = Day(year: years.upperBound + 1, month: 1, day: 1)!
        let count = Int(end.ordinal - firstDay.ordinal)
        var prefix = [Int32](repeating: 0, count: count + 1)
        var running: Int32 = 0
        for offset in 0..<count {
            let day = firstDay.adding(days: offset)
            let works: Bool
            switch exceptions[day] {
            case .holiday?: works = false
            case .workday?: works = true
            case nil: works = day.weekday < 5
            }
            if works { running += 1 }
            prefix[offset + 1] = running
        }
        workdaysBefore = prefix
    }

    private func index(_ day: Day) throws(Problem) -> Int {
        let offset = Int(day.ordinal - firstDay.ordinal)
        guard offset >= 0, offset < workdaysBefore.count - 1 else {
            throw .yearNotLoaded(year: day.components.year, folder: nil)
        }
        return offset
    }

    public func isWorkday(_ day: Day) throws(Problem) -> Bool {
        let i = try index(day)
        return workdaysBefore[i + 1] > workdaysBefore[i]
    }

    /// Working days in the half-open interval (`start`, `end`]: the day of acceptance is not
    /// counted (期间开始之日不计算在内), so same-day completion is 0. 0 when `end` ≤ `start`.
    public func workdays(after start: Day, through end: Day) throws(Problem) -> Int {
        guard end > start else { return 0 }
        let from = try index(start), to = try index(end)
        return Int(workdaysBefore[to + 1] - workdaysBefore[from + 1])
    }

    /// Working days in the closed interval [`first`, `last`].
    public func workdays(from first: Day, through last: Day) throws(Problem) -> Int {
        guard last >= first else { return 0 }
        let from = try index(first), to = try index(last)
        return Int(workdaysBefore[to + 1] - workdaysBefore[from])
    }

    /// The working day `count` working days after `start` (a deadline: 10 working days from
    /// as-of). Throws when the answer falls past the loaded years.
    public func adding(workdays count: Int, to start: Day) throws(Problem) -> Day {
        var day = start
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if try isWorkday(day) { left -= 1 }
        }
        return day
    }

    /// Refuses a year outside the loaded ones with a message naming the year and the file
    /// that would hold it.
    public func require(year: Int, folder: String?) throws(Problem) {
        guard years.contains(year) else { throw .yearNotLoaded(year: year, folder: folder) }
    }
}

extension WorkingCalendar {
    /// Loads every `CN-YYYY.csv` in `folder`. The years must be contiguous; each file lists
    /// only dates of its own year.
    public static func load(folder: String) throws(Problem) -> WorkingCalendar {
        guard let directory = opendir(folder) else {
            throw .unreadable(path: folder, reason: String(cString: strerror(errno)))
        }
        var years: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix("CN-"), name.hasSuffix(".csv"), name.count == 11,
                  let year = Int(name.dropFirst(3).prefix(4)) else { continue }
            years.append(year)
        }
        closedir(directory)
        years.sort()
        guard let first = years.first, let last = years.last else { throw .noCalendars(folder: folder) }
        if let missing = (first...last).first(where: { !years.contains($0) }) {
            throw .gapInYears(folder: folder, missing: missing)
        }
        var exceptions: [Day: Exception] = [:]
        for year in years {
            try readExceptions(path: "\(folder)/CN-\(year).csv", year: year, into: &exceptions)
        }
        return WorkingCalendar(years: first...last, exceptions: exceptions)
    }

    static func readExceptions(path: String, year: Int, into exceptions: inout [Day: Exception]) throws(Problem) {
        let text: String
        do { text = String(decoding: try WholeFile.read(path, limit: WholeFile.sensibleLimit), as: UTF8.self) } catch { throw .unreadable(path: path, reason: error.reason) }
        var lineNumber = 0
        // "\r\n" is a single Character in Swift: splitting on "\n" alone would leave a Windows-saved
        // file as one line, read as the header, and silently drop every exception.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "," }) { continue }
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: " ") }
            if lineNumber == 1, fields.first == "date" { continue }
            guard fields.count >= 2, let day = Day(iso: String(fields[0])) else {
                throw .badLine(path: path, line: lineNumber, message: "日期「\(fields.first ?? "")」不是 YYYY-MM-DD 格式")
            }
            guard day.components.year == year else {
                throw .badLine(path: path, line: lineNumber, message: "\(day) 不属于 \(year) 年，应写在 CN-\(day.components.year).csv 中")
            }
            guard let kind = Exception(rawValue: String(fields[1])) else {
                throw .badLine(path: path, line: lineNumber, message: "类型「\(fields[1])」应为 holiday（放假）或 workday（调休上班）")
            }
            // A holiday listed on a weekend (a clerk copying the whole 放假 span) changes nothing
            // and is accepted.
            if exceptions[day] != nil {
                throw .badLine(path: path, line: lineNumber, message: "\(day) 重复列出")
            }
            exceptions[day] = kind
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
