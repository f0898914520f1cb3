/// Whether a bare token is a TOML 1.0 boolean, integer, float, date, time or date-time: the shapes
/// only, with fields in range (month 1–12, a day the month has, hour 0–23…). Its value is TOMLKit's
/// business.
enum TOMLScalar {
    static func isValid(_ token: ArraySlice<UInt8>) -> Bool {
        let words: [String] = ["true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan"]
        if words.contains(where: { token.elementsEqual($0.utf8) }) { return true }
        return isInteger(token) || isFloat(token) || isDateOrTime(token)
    }

    // MARK: - Numbers

    static func isInteger(_ token: ArraySlice<UInt8>) -> Bool {
        if token.count > 2, token.first == UInt8(ascii: "0") {
            let digits = token.dropFirst(2)
            switch token[token.startIndex + 1] {
            case UInt8(ascii: "x"): return isDigitRun(digits) { $0.hexValue != nil }
            case UInt8(ascii: "o"): return isDigitRun(digits) { (0x30...0x37).contains($0) }
            case UInt8(ascii: "b"): return isDigitRun(digits) { $0 == 0x30 || $0 == 0x31 }
            default: break
            }
        }
        return isDecimalInteger(dropSign(token))
    }

    /// An integer part, then a fraction, an exponent or both.
    static func isFloat(_ token: ArraySlice<UInt8>) -> Bool {
        let unsigned = dropSign(token)
        let isExponentMark: (UInt8) -> Bool = { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let integerEnd = unsigned.firstIndex { $0 == .dot || isExponentMark($0) } ?? unsigned.endIndex
        guard integerEnd < unsigned.endIndex, isDecimalInteger(unsigned[..<integerEnd]) else { return false }
        var rest = unsigned[integerEnd...]
        if rest.first == .dot {
            let fractionEnd = rest.firstIndex(where: isExponentMark) ?? rest.endIndex
            guard isDigitRun(rest[(rest.startIndex + 1)..<fractionEnd], \.isDigit) else { return false }
            rest = rest[fractionEnd...]
        }
        guard let mark = rest.first else { return true }
        guard isExponentMark(mark) else { return false }
        return isDigitRun(dropSign(rest.dropFirst()), \.isDigit)
    }

    private static func dropSign(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        token.first == UInt8(ascii: "+") || token.first == UInt8(ascii: "-") ? token.dropFirst() : token
    }

    /// `0`, or digits without a leading zero.
    private static func isDecimalInteger(_ digits: ArraySlice<UInt8>) -> Bool {
        guard isDigitRun(digits, \.isDigit) else { return false }
        return digits.count == 1 || digits.first != 0x30
    }

    /// Digits, with single underscores between two of them only.
    private static func isDigitRun(_ run: ArraySlice<UInt8>, _ isDigit: (UInt8) -> Bool) -> Bool {
        guard let first = run.first, let last = run.last, isDigit(first), isDigit(last) else { return false }
        var previousWasUnderscore = false
        for byte in run {
            if byte == UInt8(ascii: "_") {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            } else {
                guard isDigit(byte) else { return false }
                previousWasUnderscore = false
            }
        }
        return true
    }

    // MARK: - Dates and times

    /// `1979-05-27`, `07:32:00`, `1979-05-27T07:32:00.999`, the same with `Z` or `+08:00`; a space
    /// may stand for `T`.
    static func isDateOrTime(_ token: ArraySlice<UInt8>) -> Bool {
        var reader = FieldReader(bytes: token)
        if token.count >= 3, token[token.startIndex + 2] == .colon {
            return reader.time() && reader.atEnd
        }
        guard reader.date() else { return false }
        if reader.atEnd { return true }
        guard reader.take([UInt8(ascii: "T"), UInt8(ascii: "t"), .space]), reader.time() else { return false }
        if reader.atEnd || reader.take([UInt8(ascii: "Z"), UInt8(ascii: "z")]) { return reader.atEnd }
        guard reader.take([UInt8(ascii: "+"), UInt8(ascii: "-")]), let hour = reader.number(digits: 2), hour < 24,
              reader.take([.colon]), let minute = reader.number(digits: 2), minute < 60 else { return false }
        return reader.atEnd
    }

    private struct FieldReader {
        var bytes: ArraySlice<UInt8>

        var atEnd: Bool { bytes.isEmpty }

        mutating func take(_ choices: [UInt8]) -> Bool {
            guard let first = bytes.first, choices.contains(first) else { return false }
            bytes = bytes.dropFirst()
            return true
        }

        mutating func number(digits: Int) -> Int? {
            guard bytes.count >= digits, bytes.prefix(digits).allSatisfy(\.isDigit) else { return nil }
            let value = bytes.prefix(digits).reduce(0) { $0 * 10 + Int($1 - 0x30) }
            bytes = bytes.dropFirst(digits)
            return value
        }

        mutating func date() -> Bool {
            guard let year = number(digits: 4), take([UInt8(ascii: "-")]), let month = number(digits: 2), (1...12).contains(month),
                  take([UInt8(ascii: "-")]), let day = number(digits: 2) else { return false }
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            return (1...days).contains(day)
        }

        mutating func time() -> Bool {
            guard let hour = number(digits: 2), hour < 24, take([.colon]), let minute = number(digits: 2), minute < 60,
                  take([.colon]), let second = number(digits: 2), second < 60 else { return false }
            if take([.dot]) {
                guard bytes.first?.isDigit == true else { return false }
                while bytes.first?.isDigit == true { bytes = bytes.dropFirst() }
            }
            return true
        }
    }
}
