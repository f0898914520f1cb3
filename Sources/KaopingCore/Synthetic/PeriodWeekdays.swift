/// The days generated records fall on. Offices work Monday to Friday; the generator ignores
/// public holidays and make-up days, so a few cases land on a holiday and a reader using the
/// real calendar sees slightly different elapsed working days than were drawn here.
struct PeriodWeekdays {
    let period: Period
    /// Monday–Friday days of the period, in order.
    let days: [Day]

    init(period: Period) {
        self.period = period
        var days: [Day] = []
        var day = period.first
        while day <= period.last {
            if PeriodWeekdays.isWeekday(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        self.days = days
    }

    static func isWeekday(_ day: Day) -> Bool { day.weekday < 5 }

    /// The weekday `count` weekdays after `day` (before it when `count` is negative).
    static func shift(_ day: Day, weekdays count: Int) -> Day {
        var result = day
        var left = abs(count)
        let step = count < 0 ? -1 : 1
        while left > 0 {
            result = result.adding(days: step)
            if isWeekday(result) { left -= 1 }
        }
        return result
    }

    /// How titles name the period: `2022年上半年`, `2022年第一季度`, `2022年度`.
    var chineseName: String {
        let suffix = period.name.dropFirst(4)
        let year = "\(period.year)年"
        switch suffix {
        case "H1": return year + "上半年"
        case "H2": return year + "下半年"
        case "Q1": return year + "第一季度"
        case "Q2": return year + "第二季度"
        case "Q3": return year + "第三季度"
        case "Q4": return year + "第四季度"
        default: return year + "度"
        }
    }

    /// The day exports are pulled, a few days after the period: it names titles only.
    var exportDay: Day { PeriodWeekdays.shift(period.last, weekdays: 3) }
}
