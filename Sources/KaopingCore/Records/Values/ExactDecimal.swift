/// An exact decimal number: `units` × 10^-`scale`. Targets, points and percentages are kept
/// exactly as written, so "48.4%" is 0.484 and never 0.48399999.
public struct ExactDecimal: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let units: Int64
    public let scale: Int

    public init(units: Int64, scale: Int = 0) {
        var units = units, scale = scale
        while scale > 0, units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        self.units = units
        self.scale = scale
    }

    public init(_ integer: Int) { self.init(units: Int64(integer)) }

    public static let zero = ExactDecimal(units: 0)

    public var doubleValue: Double {
        var value = Double(units)
        for _ in 0..<scale { value /= 10 }
        return value
    }

    /// The value when it is a whole number.
    public var integerValue: Int? {
        scale == 0 ? Int(units) : nil
    }

    public var isNegative: Bool { units < 0 }
    public var magnitude: ExactDecimal { ExactDecimal(units: units.magnitude > Int64.max.magnitude ? Int64.max : abs(units), scale: scale) }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.scaled(to: scale) < rhs.scaled(to: scale)
    }

    func scaled(to target: Int) -> Int64 {
        var value = units
        for _ in scale..<target { value = value.multipliedReportingOverflow(by: 10).partialValue }
        return value
    }

    public var description: String {
        guard scale > 0 else { return String(units) }
        let negative = units < 0
        var digits = String(units.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard case .number(let value) = NumberParser.parse(ArraySlice(Array(text.utf8))) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a number: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Reads numbers as exports write them (SPEC §3): full-width digits (folded before this),
/// thousands separators, a trailing `%`, and Excel's scientific notation.
public enum NumberParser {
    public enum Outcome: Equatable, Sendable {
        case number(ExactDecimal)
        case empty
        case invalid
    }

    /// What exporting systems write for "no value" (SPEC §3); Kaoping reads them as empty in
    /// every optional column.
    static let emptyMarkers: [[UInt8]] = ["-", "—", "——", "–", "--", "/", "无"].map { Array($0.utf8) }

    /// Whether `bytes` is one of `emptyMarkers`, without walking the list: several cells of
    /// every row are tested.
    @inline(__always)
    static func isEmptyMarker<Bytes: ByteView>(_ bytes: Bytes) -> Bool {
        let start = bytes.startIndex
        switch bytes.count {
        case 1: return bytes[start] == 0x2D || bytes[start] == 0x2F  // - /
        case 2: return bytes[start] == 0x2D && bytes[start + 1] == 0x2D  // --
        case 3, 6:
            // — (E2 80 94), – (E2 80 93), 无 (E6 97 A0); —— is two em dashes.
            let (b0, b1, b2) = (bytes[start], bytes[start + 1], bytes[start + 2])
            let emDash = b0 == 0xE2 && b1 == 0x80 && b2 == 0x94
            if bytes.count == 6 {
                return emDash && bytes[start + 3] == 0xE2 && bytes[start + 4] == 0x80 && bytes[start + 5] == 0x94
            }
            return emDash || (b0 == 0xE2 && b1 == 0x80 && b2 == 0x93) || (b0 == 0xE6 && b1 == 0x97 && b2 == 0xA0)
        default: return false
        }
    }

    /// `bytes` must already be trimmed and full-width folded.
    public static func parse<Bytes: ByteView>(_ bytes: Bytes) -> Outcome {
        if bytes.isEmpty { return .empty }
        if isEmptyMarker(bytes) { return .empty }
        var scanner = ByteScanner(bytes)
        var negative = false
        if scanner.peek == UInt8(ascii: "-") || scanner.peek == UInt8(ascii: "+") {
            negative = scanner.next() == UInt8(ascii: "-")
        }
        var units: Int64 = 0
        var scale = 0
        var digitCount = 0
        var groupLength = -1  // digits since the last thousands separator; -1 before any
        var sawPoint = false
        while let byte = scanner.peek {
            if byte >= 0x30, byte <= 0x39 {
                guard digitCount < 18 else { return .invalid }
                units = units * 10 + Int64(byte - 0x30)
                digitCount += 1
                if sawPoint { scale += 1 } else if groupLength >= 0 { groupLength += 1 }
                scanner.index += 1
            } else if byte == UInt8(ascii: ","), !sawPoint, digitCount > 0 {
                guard groupLength == -1 ? digitCount <= 3 : groupLength == 3 else { return .invalid }
                groupLength = 0
                scanner.index += 1
            } else if byte == UInt8(ascii: "."), !sawPoint {
                guard groupLength == -1 || groupLength == 3 else { return .invalid }
                sawPoint = true
                scanner.index += 1
            } else {
                break
            }
        }
        guard digitCount > 0, groupLength == -1 || groupLength == 3 || sawPoint else { return .invalid }
        if scanner.peek == UInt8(ascii: "e") || scanner.peek == UInt8(ascii: "E") {
            scanner.index += 1
            var exponentNegative = false
            if scanner.peek == UInt8(ascii: "-") || scanner.peek == UInt8(ascii: "+") {
                exponentNegative = scanner.next() == UInt8(ascii: "-")
            }
            guard let (exponent, _) = scanner.digits(max: 2) else { return .invalid }
            if exponentNegative {
                scale += exponent
            } else {
                for _ in 0..<exponent {
                    if scale > 0 { scale -= 1; continue }
                    let (next, overflow) = units.multipliedReportingOverflow(by: 10)
                    guard !overflow else { return .invalid }
                    units = next
                }
            }
        }
        if scanner.peek == UInt8(ascii: "%") {
            scanner.index += 1
            scale += 2
        }
        guard scanner.atEnd, scale <= 18 else { return .invalid }
        return .number(ExactDecimal(units: negative ? -units : units, scale: scale))
    }
}
