/// A generated moment: a day and, unless the value is date-only, a second of that day.
struct Stamp: Equatable {
    var day: Day
    /// Seconds since midnight; nil for a date-only value.
    var second: Int?

    init(_ day: Day, second: Int? = nil) {
        self.day = day
        self.second = second
    }
}

/// The date styles exporting systems write (SPEC §3). A style without a time drops the time.
enum DateStyle: CaseIterable {
    /// `2022-03-01 09:30:00` — web platforms and databases.
    case isoSeconds
    /// `2022-03-01T09:30:00` — JSON-minded exporters.
    case isoT
    /// `2022/3/1 9:30` — Excel's default display on Chinese Windows.
    case slashMinutes
    /// `2022.3.1 09:30` — hand-typed sheets.
    case dottedMinutes
    /// `2022年3月1日` — WPS's long date; date only.
    case chineseDate
    /// `20220301` — older in-house systems; date only.
    case compactDate
    /// `44621.39583` — a date cell saved as its Excel serial number.
    case excelSerial
}

/// Formats numbers and dates straight into bytes: the cases loop writes millions of them, and
/// Foundation formatters per cell would dominate the run time.
enum CellFormat {
    /// Day 0 of Excel's serial numbers (Excel's fictitious 1900-02-29 is absorbed by this epoch).
    private static let excelEpoch = Day(year: 1899, month: 12, day: 30)!

    static func appendInteger(_ value: Int, fullWidth: Bool = false, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendInteger(-value, fullWidth: fullWidth, to: &out)
            return
        }
        if value >= 10 { appendInteger(value / 10, fullWidth: fullWidth, to: &out) }
        let digit = UInt8(value % 10)
        if fullWidth {
            // U+FF10…U+FF19 (０…９) are EF BC 90…99 in UTF-8.
            out.append(contentsOf: [0xEF, 0xBC, 0x90 + digit])
        } else {
            out.append(0x30 + digit)
        }
    }

    /// `value` with at least `width` digits, zero-padded.
    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits = 1, rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        for _ in digits..<max(digits, width) { out.append(0x30) }
        appendInteger(value, to: &out)
    }

    /// `1234567` as `1,234,567`.
    static func appendGrouped(_ value: Int, to out: inout [UInt8]) {
        if value >= 1000 {
            appendGrouped(value / 1000, to: &out)
            out.append(UInt8(ascii: ","))
            appendPadded(value % 1000, width: 3, to: &out)
        } else {
            appendInteger(value, to: &out)
        }
    }

    static func appendDate(_ stamp: Stamp, style: DateStyle, to out: inout [UInt8]) {
        if style == .excelSerial {
            appendInteger(Int(stamp.day.ordinal - excelEpoch.ordinal), to: &out)
            if let second = stamp.second {
                out.append(UInt8(ascii: "."))
                // Five decimals resolve a second (1e-5 day = 0.864 s) and round-trip exactly.
                appendPadded((second * 100_000 + 43_200) / 86_400, width: 5, to: &out)
            }
            return
        }
        let (year, month, day) = stamp.day.components
        appendCivil(year: year, month: month, day: day, second: stamp.second, style: style, to: &out)
    }

    /// Writes the fields as given, even when they name no real day: planted bad dates use it.
    /// An Excel serial cannot name 30 February, so that style falls back to ISO.
    static func appendCivil(year: Int, month: Int, day: Int, second: Int?, style: DateStyle, to out: inout [UInt8]) {
        switch style {
        case .isoSeconds, .isoT, .excelSerial:
            appendInteger(year, to: &out)
            out.append(UInt8(ascii: "-"))
            appendPadded(month, width: 2, to: &out)
            out.append(UInt8(ascii: "-"))
            appendPadded(day, width: 2, to: &out)
            if let second {
                out.append(style == .isoT ? UInt8(ascii: "T") : UInt8(ascii: " "))
                appendClock(second, padHour: true, withSeconds: true, to: &out)
            }
        case .slashMinutes, .dottedMinutes:
            let separator = style == .slashMinutes ? UInt8(ascii: "/") : UInt8(ascii: ".")
            appendInteger(year, to: &out)
            out.append(separator)
            appendInteger(month, to: &out)
            out.append(separator)
            appendInteger(day, to: &out)
            if let second {
                out.append(UInt8(ascii: " "))
                appendClock(second, padHour: style == .dottedMinutes, withSeconds: false, to: &out)
            }
        case .chineseDate:
            appendInteger(year, to: &out)
            out.append(contentsOf: "年".utf8)
            appendInteger(month, to: &out)
            out.append(contentsOf: "月".utf8)
            appendInteger(day, to: &out)
            out.append(contentsOf: "日".utf8)
        case .compactDate:
            appendInteger(year, to: &out)
            appendPadded(month, width: 2, to: &out)
            appendPadded(day, width: 2, to: &out)
        }
    }

    private static func appendClock(_ second: Int, padHour: Bool, withSeconds: Bool, to out: inout [UInt8]) {
        let hour = second / 3600, minute = second / 60 % 60
        if padHour { appendPadded(hour, width: 2, to: &out) } else { appendInteger(hour, to: &out) }
        out.append(UInt8(ascii: ":"))
        appendPadded(minute, width: 2, to: &out)
        if withSeconds {
            out.append(UInt8(ascii: ":"))
            appendPadded(second % 60, width: 2, to: &out)
        }
    }
}
