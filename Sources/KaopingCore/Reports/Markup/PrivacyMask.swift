/// Masks personal numbers in free text (notes, reasons) before it is published in a bulletin or
/// feedback sheet (SPEC §6): mainland mobile numbers keep their first 3 and last 4 digits
/// (138****5678), resident ID-card numbers their first 6 and last 4 (510113********1234).
/// Only a whole run of digits is judged, so a 20-digit case number is left alone.
public enum PrivacyMask {
    public static func masked(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isDigit(scalars[end]) { end += 1 }
            // An ID card may end in X.
            var runEnd = end
            if end - index == 17, end < scalars.count, scalars[end] == "X" || scalars[end] == "x" { runEnd = end + 1 }
            let run = scalars[index..<runEnd]
            let followedByLetter = runEnd < scalars.count && isASCIILetter(scalars[runEnd])
            let precededByLetter = index > 0 && isASCIILetter(scalars[index - 1])
            let standalone = !followedByLetter && !precededByLetter
            if standalone, isMobile(run) {
                output.append(contentsOf: mask(run, keepFirst: 3, keepLast: 4))
            } else if standalone, run.count == 18 || run.count == 15 {
                output.append(contentsOf: mask(run, keepFirst: 6, keepLast: 4))
            } else {
                output.append(contentsOf: run)
            }
            index = runEnd
        }
        return String(output)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A
    }

    private static func isMobile(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        guard run.count == 11, run.first == "1" else { return false }
        let second = run[run.startIndex + 1].value
        return second >= 0x33 && second <= 0x39
    }

    private static func mask(_ run: ArraySlice<Unicode.Scalar>, keepFirst: Int, keepLast: Int) -> [Unicode.Scalar] {
        run.enumerated().map { offset, scalar in
            offset < keepFirst || offset >= run.count - keepLast ? scalar : "*"
        }
    }
}
