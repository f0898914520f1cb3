import BigInt

/// An exact rational number. Scores are built from ratios of counts, decimal targets and
/// redistributed weights; keeping them as fractions until the one final rounding is what makes
/// 84.125 round to 84.13 and keeps 0.1 + 0.2 equal to 0.3 (SPEC §5).
public struct Fraction: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: BigInt
    /// Always positive; the fraction is kept in lowest terms.
    public let denominator: BigInt

    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(denominator != 0, "a fraction needs a non-zero denominator")
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let divisor = n.magnitude.greatestCommonDivisor(with: d.magnitude)
        if divisor > 1 {
            n /= BigInt(divisor)
            d /= BigInt(divisor)
        }
        self.numerator = n
        self.denominator = d
    }

    public init(_ integer: Int) { self.init(BigInt(integer), 1) }

    public init(_ numerator: Int, _ denominator: Int) { self.init(BigInt(numerator), BigInt(denominator)) }

    public init(_ decimal: ExactDecimal) {
        self.init(BigInt(decimal.units), BigInt(10).power(decimal.scale))
    }

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    public var isZero: Bool { numerator == 0 }

    public static func + (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func * (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// `b` must not be zero.
    /// For drawing only (charts); never for a published number.
    public var doubleValue: Double { Double(decimalText(places: 9)) ?? 0 }

    public static func / (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public static func += (a: inout Fraction, b: Fraction) { a = a + b }

    public static func < (a: Fraction, b: Fraction) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    public func clamped(to range: ClosedRange<Fraction>) -> Fraction {
        min(max(self, range.lowerBound), range.upperBound)
    }

    /// Rounded half away from zero to `places` decimals, exactly (84.125 → 84.13).
    public func rounded(places: Int) -> ExactDecimal {
        let scale = BigInt(10).power(places)
        let scaled = numerator.magnitude * scale.magnitude
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator.magnitude)
        var units = quotient
        if remainder * 2 >= denominator.magnitude { units += 1 }
        let signed = numerator < 0 ? -BigInt(units) : BigInt(units)
        return ExactDecimal(units: Int64(signed), scale: places)
    }

    /// Fixed-point text with exactly `places` decimals, rounded half away from zero.
    public func decimalText(places: Int) -> String {
        let value = rounded(places: places)
        var text = value.description
        let have = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if places > 0 {
            if have < 0 { text += "." }
            text += String(repeating: "0", count: places - max(have, 0))
        }
        return text
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
