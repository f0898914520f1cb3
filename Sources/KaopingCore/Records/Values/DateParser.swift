/// Reads every date style exporting systems write (SPEC §3): `2022-03-01`, `2022/3/1`,
/// `2022.3.1`, `20220301`, `2022年3月1日`, each with an optional time (`9:30`, `09:30:00`,
/// ISO `T`), and Excel serial day numbers. `1900-01-01` and `1900/1/0` mean "no date".
public enum DateParser {
    public enum Outcome: Equatable, Sendable {
        case date(DateStamp)
        case empty
        case invalid
    }

    /// Excel's day zero: serial 1 is 1899-12-31 on this epoch, which absorbs Excel's fictitious
    /// 1900-02-29 for every serial from 61 (1900-03-01) on.
    static let excelEpoch = Day(year: 1899, month: 12, day: 30)!
    /// Serials from 1990-01-01 to 2100-12-31. Outside that window a bare number in a date
    /// column is far likelier a typo (`2022031`, `2022`) than a date, and a typo must be
    /// rejected, not silently counted out of period. 0 and 1 are "no date".
    static let plausibleSerials = 32_874...73_415

    /// `bytes` must already be trimmed and full-width folded.
    @inline(__always)
    public static func parse<Bytes: ByteView>(_ bytes: Bytes) -> Outcome {
        canonical(bytes) ?? general(bytes)
    }

    /// The two shapes nearly every export writes, `2022-03-01` and `2022-03-01 08:40:00`, read
    /// at fixed offsets; nil for anything else. Whatever it returns, `general` returns too
    /// (tested over every shape of those lengths): it only skips the scanning.
    @inline(__always)
    static func canonical<Bytes: ByteView>(_ bytes: Bytes) -> Outcome? {
        let length = bytes.count
        guard length == 10 || length == 19 else { return nil }
        let start = bytes.startIndex
        var notDigit = false
        @inline(__always) func digit(_ offset: Int) -> Int {
            let value = Int(bytes[start + offset]) &- 0x30
            notDigit = notDigit || UInt(bitPattern: value) > 9
            return value
        }
        @inline(__always) func pair(_ offset: Int) -> Int { digit(offset) * 10 + digit(offset + 1) }
        let year = pair(0) * 100 + pair(2), month = pair(5), day = pair(8)
        guard bytes[start + 4] == 0x2D, bytes[start + 7] == 0x2D else { return nil }  // -
        guard length == 19 else { return notDigit ? nil : make(year: year, month: month, day: day, time: nil) }
        let hour = pair(11), minute = pair(14), second = pair(17)
        guard !notDigit, bytes[start + 10] == 0x20, bytes[start + 13] == 0x3A, bytes[start + 16] == 0x3A else {
            return nil
        }
        if year == 1900 && month == 1 && day == 0 { return .empty }
        guard hour < 24, minute < 60, second < 60 else { return .invalid }
        return make(year: year, month: month, day: day, time: (Int32(hour * 3600 + minute * 60 + second), true))
    }

    /// Every date style the parser reads.
    static func general<Bytes: ByteView>(_ bytes: Bytes) -> Outcome {
        if bytes.isEmpty { return .empty }
        var scanner = ByteScanner(bytes)
        guard let first = scanner.digits(max: 14) else { return .invalid }
        let (firstValue, firstCount) = first

        // All digits (maybe with a fraction): compact yyyymmdd or an Excel serial.
        if scanner.atEnd || scanner.peek == UInt8(ascii: ".") && firstCount <= 7 && bytes.count > firstCount + 1
            && scanner.allDigitsAfterDot() {
            if firstCount == 8, scanner.atEnd {
                return make(year: firstValue / 10000, month: firstValue / 100 % 100, day: firstValue % 100, time: nil)
            }
            if firstCount == 12 || firstCount == 14, scanner.atEnd {
                let datePart = firstCount == 12 ? firstValue / 10000 : firstValue / 1_000_000
                let timePart = firstCount == 12 ? firstValue % 10000 * 100 : firstValue % 1_000_000
                let h = timePart / 10000, m = timePart / 100 % 100, s = timePart % 100
                guard h < 24, m < 60, s < 60 else { return .invalid }
                return make(year: datePart / 10000, month: datePart / 100 % 100, day: datePart % 100,
                            time: (Int32(h * 3600 + m * 60 + s), firstCount == 14))
            }
            if firstCount <= 7 {
                return serial(whole: firstValue, fraction: scanner.fractionAfterDot())
            }
            return .invalid
        }
        // Compact `20220301` with a time: `20220301 09:30:00`, `20220301T09:30`.
        if firstCount == 8, scanner.peek == 0x20 || scanner.peek == UInt8(ascii: "T") || scanner.peek == UInt8(ascii: "t") {
            guard let time = scanner.timeOfDay() else { return .invalid }
            return make(year: firstValue / 10000, month: firstValue / 100 % 100, day: firstValue % 100, time: time)
        }

        guard firstCount == 4 else { return .invalid }
        let year = firstValue
        let month: Int, day: Int
        var closedByDayCharacter = false
        if scanner.consume(utf8: "年") {
            guard let (m, _) = scanner.digits(max: 2), scanner.consume(utf8: "月"),
                  let (d, dCount) = scanner.digits(max: 2) else { return .invalid }
            _ = dCount
            month = m
            day = d
            closedByDayCharacter = scanner.consume(utf8: "日") || scanner.consume(utf8: "号")
        } else {
            guard let separator = scanner.next(), separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/")
                    || separator == UInt8(ascii: "."),
                  let (m, _) = scanner.digits(max: 2), scanner.next() == separator,
                  let (d, _) = scanner.digits(max: 2) else { return .invalid }
            month = m
            day = d
        }
        if year == 1900 && month == 1 && day == 0 {
            return .empty
        }
        var time: (Int32, Bool)?
        if !scanner.atEnd {
            // `2022年3月1日9:30`: after 日 the time may follow without a space.
            guard let parsed = scanner.timeOfDay(separatorOptional: closedByDayCharacter) else { return .invalid }
            time = parsed
        }
        return make(year: year, month: month, day: day, time: time)
    }

    /// `time` is seconds since midnight and whether the seconds were written.
    private static func make(year: Int, month: Int, day: Int, time: (Int32, Bool)?) -> Outcome {
        if year == 1900 && month == 1 && (day == 1 || day == 0) { return .empty }
        guard let civil = Day(year: year, month: month, day: day) else { return .invalid }
        return .date(DateStamp(day: civil, secondOfDay: time?.0, hasSeconds: time?.1 ?? true))
    }

    private static func serial(whole: Int, fraction: Double?) -> Outcome {
        if whole == 0 || whole == 1 { return fraction == nil || fraction == 0 ? .empty : .invalid }
        guard plausibleSerials.contains(whole) else { return .invalid }
        let day = excelEpoch.adding(days: whole)
        guard let fraction, fraction > 0 else { return .date(DateStamp(day: day)) }
        let seconds = Int32((fraction * 86400).rounded())
        return .date(DateStamp(day: day, secondOfDay: min(seconds, 86399)))
    }
}

/// A cursor over ASCII-ish bytes for the small grammars of dates and numbers.
struct ByteScanner<Bytes: ByteView> {
    let bytes: Bytes
    var index: Int

    init(_ bytes: Bytes) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var atEnd: Bool { index >= bytes.endIndex }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func next() -> UInt8? {
        guard !atEnd else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// Up to `max` decimal digits; nil when there is none or more than `max`.
    mutating func digits(max: Int) -> (value: Int, count: Int)? {
        var value = 0, count = 0
        while let byte = peek, byte >= 0x30, byte <= 0x39 {
            if count == max { return nil }
            value = value * 10 + Int(byte - 0x30)
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    mutating func consume(utf8 text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard bytes.endIndex - index >= length else { return false }
        for offset in 0..<length where bytes[index + offset] != text.utf8Start[offset] { return false }
        index += length
        return true
    }

    mutating func skipSpaces() {
        while peek == 0x20 { index += 1 }
    }

    func allDigitsAfterDot() -> Bool {
        guard peek == UInt8(ascii: ".") else { return false }
        let rest = bytes[(index + 1)...]
        return !rest.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    mutating func fractionAfterDot() -> Double? {
        guard peek == UInt8(ascii: ".") else { return nil }
        index += 1
        var value = 0.0, scale = 1.0
        while let byte = peek, byte >= 0x30, byte <= 0x39 {
            scale /= 10
            value += Double(byte - 0x30) * scale
            index += 1
        }
        return value
    }

    /// ` 9:30`, ` 09:30:00`, `T09:30:00.000`, optionally with `Z` or an offset (ignored: exports
    /// carry local time); also `9时30分`. Returns seconds since midnight.
    mutating func timeOfDay(separatorOptional: Bool = false) -> (Int32, Bool)? {
        if peek == UInt8(ascii: "T") || peek == UInt8(ascii: "t") {
            index += 1
        } else if peek == 0x20 {
            skipSpaces()
        } else if !(separatorOptional && peek.map({ $0 >= 0x30 && $0 <= 0x39 }) == true) {
            return nil
        }
        guard let (h, _) = digits(max: 2) else { return nil }
        var minutes = 0, seconds = 0
        var hasSeconds = false
        if consume(utf8: ":") {
            guard let (m, mc) = digits(max: 2), mc == 2 else { return nil }
            minutes = m
            if consume(utf8: ":") {
                guard let (s, sc) = digits(max: 2), sc == 2 else { return nil }
                seconds = s
                hasSeconds = true
                if consume(utf8: ".") { guard digits(max: 9) != nil else { return nil } }
            }
        } else if consume(utf8: "时") || consume(utf8: "点") {
            if let (m, _) = digits(max: 2) {
                minutes = m
                guard consume(utf8: "分") else { return nil }
                if let (s, _) = digits(max: 2) {
                    seconds = s
                    hasSeconds = true
                    guard consume(utf8: "秒") else { return nil }
                }
            }
        } else {
            return nil
        }
        if consume(utf8: "Z") || consume(utf8: "z") {
        } else if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") {
            index += 1
            guard digits(max: 4) != nil else { return nil }
            if consume(utf8: ":") { guard digits(max: 2) != nil else { return nil } }
        }
        guard atEnd, h < 24, minutes < 60, seconds < 60 else { return nil }
        return (Int32(h * 3600 + minutes * 60 + seconds), hasSeconds)
    }
}
