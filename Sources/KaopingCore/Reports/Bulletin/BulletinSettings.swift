/// How the human-readable documents (bulletin, feedback sheets, workbook) are put together:
/// language, letterhead overrides, the date line, the rectification deadline and row order.
public struct BulletinSettings: Sendable {
    public var language: ReportLanguage = .zh
    /// Override the scheme's `[bulletin]` letterhead.
    public var issuer: String?
    public var documentNumber: String?
    /// The date line (成文日期); default: as-of. Never the clock, so reports stay reproducible.
    public var issuedOn: Day?
    /// 整改 deadline in working days after as-of.
    public var rectifyDays: Int = 10
    public var order: ListingOrder = .rank
    /// A unit with at least this many rejected rows is named under 存在问题.
    public var manyRejects: Int = 10

    public init() {}

    /// The 整改 deadline: `rectifyDays` working days after as-of on the calendar. The bulletin
    /// prints it and the history records it, from this one computation.
    public func deadline(after asOf: Day, on calendar: WorkingCalendar) throws(BulletinProblem) -> Day {
        do {
            return try calendar.adding(workdays: rectifyDays, to: asOf)
        } catch {
            throw .deadlineOutsideCalendar(error, rectifyDays: rectifyDays)
        }
    }
}

/// `--order`: tables in rank order (SPEC §6 default) or the registry's official order.
public enum ListingOrder: String, Sendable, CaseIterable {
    case rank, registry
}

/// Dates as official documents write them (GB/T 9704-2012 uses Arabic numerals: 2022年6月30日).
enum OfficialDate {
    static func text(_ day: Day, _ language: ReportLanguage) -> String {
        let (year, month, date) = day.components
        switch language {
        case .zh: return "\(year)年\(month)月\(date)日"
        case .en: return "\(englishMonths[month - 1]) \(date), \(year)"
        }
    }

    /// 2022年上半年 / the first half of 2022.
    static func periodName(_ period: Period, _ language: ReportLanguage) -> String {
        let suffix = period.name.dropFirst(4)
        switch (language, suffix) {
        case (.zh, "H1"): return "\(period.year)年上半年"
        case (.zh, "H2"): return "\(period.year)年下半年"
        case (.zh, ""): return "\(period.year)年度"
        case (.zh, _): return "\(period.year)年第\(["一", "二", "三", "四"][Int(suffix.dropFirst())! - 1])季度"
        case (.en, "H1"): return "the first half of \(period.year)"
        case (.en, "H2"): return "the second half of \(period.year)"
        case (.en, ""): return "the year \(period.year)"
        case (.en, _): return "\(suffix) \(period.year)"
        }
    }

    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
}
