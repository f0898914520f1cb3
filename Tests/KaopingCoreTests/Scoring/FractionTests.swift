import BigInt
@testable import KaopingCore
import Testing

@Suite("Scoring: exact fractions")
struct FractionTests {
    private let dec = ScoringKit.dec

    @Test("84.125 rounds half-up to 84.13, exactly")
    func halfUp() {
        let value = Fraction(dec("84.125"))
        #expect(value == Fraction(84125, 1000))
        #expect(value.rounded(places: 2) == dec("84.13"))
        #expect(value.decimalText(places: 2) == "84.13")
    }

    @Test("Just below the half rounds down: 84.124999 → 84.12")
    func justBelowHalf() {
        let value = Fraction(84_124_999, 1_000_000)
        #expect(value.rounded(places: 2) == dec("84.12"))
        #expect(value.decimalText(places: 2) == "84.12")
        // A fraction that is not a finite decimal: 84 + 1249999/10000000 … still below the half.
        let third = Fraction(25_237, 300)  // 84.1233…
        #expect(third.rounded(places: 2) == dec("84.12"))
    }

    @Test("Halves round away from zero, also for negatives and at .xx5 edges", arguments: [
        (Fraction(1, 200), "0.01"),       // 0.005
        (Fraction(-84125, 1000), "-84.13"),
        (Fraction(2, 3), "0.67"),
        (Fraction(1, 3), "0.33"),
        (Fraction(9995, 100), "99.95"),
        (Fraction(99995, 1000), "100.00"),  // 99.995 carries into the integer part
    ])
    func halves(value: Fraction, text: String) {
        #expect(value.decimalText(places: 2) == text)
    }

    @Test("0.1 + 0.2 == 0.3 exactly")
    func noBinarySurprise() {
        let sum = Fraction(dec("0.1")) + Fraction(dec("0.2"))
        #expect(sum == Fraction(dec("0.3")))
        #expect(sum == Fraction(3, 10))
        #expect(sum.numerator == BigInt(3) && sum.denominator == BigInt(10))
        // Three thirds of 100 are 100, not 99.99999.
        let third = Fraction(100, 3)
        #expect(third + third + third == Fraction(100))
    }

    @Test("decimalText pads to the requested places", arguments: [
        (Fraction(5), "5.00"),
        (Fraction(0), "0.00"),
        (Fraction(841, 10), "84.10"),
        (Fraction(100), "100.00"),
        (Fraction(-1, 2), "-0.50"),
    ])
    func padding(value: Fraction, text: String) {
        #expect(value.decimalText(places: 2) == text)
    }

    @Test("decimalText with other place counts")
    func otherPlaces() {
        #expect(Fraction(5).decimalText(places: 0) == "5")
        #expect(Fraction(5, 2).decimalText(places: 0) == "3")
        #expect(Fraction(1, 8).decimalText(places: 3) == "0.125")
        #expect(Fraction(1, 8).decimalText(places: 4) == "0.1250")
    }

    @Test("Kept in lowest terms with a positive denominator")
    func normalised() {
        let value = Fraction(6, -8)
        #expect(value.numerator == BigInt(-3))
        #expect(value.denominator == BigInt(4))
        #expect(Fraction(dec("48.4%")) == Fraction(121, 250))
        #expect(Fraction(1, 3) < Fraction(34, 100))
        #expect(Fraction(-1, 3) < Fraction(0))
        #expect(Fraction(3, 2).clamped(to: Fraction.zero...Fraction.one) == .one)
        #expect(Fraction(-3, 2).clamped(to: Fraction.zero...Fraction.one) == .zero)
    }
}
