/// Masks personal numbers in free text (notes, reasons) before it is published in a bulletin or
/// feedback sheet (SPEC §6): mainland mobile numbers keep their first 3 and last 4 digits
/// (138****5678), also when written 138-1234-5678, 138 1234 5678, with +86 in front or in
/// full-width digits; resident ID-card numbers keep their first 6 and last 4
/// (510113********1234). Only a whole run of digits is judged, so a 20-digit case number is
/// left alone; over-masking a look-alike is the safe mistake.
public enum PrivacyMask {
    public static func masked(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard digit(scalars[index]) != nil, index == 0 || digit(scalars[index - 1]) == nil else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, digit(scalars[end]) != nil { end += 1 }
            // An ID card may end in X.
            if end - index == 17, end < scalars.count, scalars[end] == "X" || scalars[end] == "x" || scalars[end] == "Ｘ" { end += 1 }
            let run = Array(scalars[index..<end])
            let digits = run.compactMap(digit)
            if let spaced = spacedMobile(scalars, from: index) {
                output.append(contentsOf: mask(Array(scalars[index..<spaced]), keepFirst: 3, keepLast: 4))
                index = spaced
                continue
            }
            if isMobile(digits) {
                output.append(contentsOf: mask(run, keepFirst: 3, keepLast: 4))
            } else if digits.count == 13, digits.starts(with: [8, 6]), isMobile(Array(digits.dropFirst(2))) {
                output.append(contentsOf: run.prefix(2))
                output.append(contentsOf: mask(Array(run.dropFirst(2)), keepFirst: 3, keepLast: 4))
            } else if run.count == 18 || (run.count == 15 && digits.count == 15) {
                output.append(contentsOf: mask(run, keepFirst: 6, keepLast: 4))
            } else {
                output.append(contentsOf: run)
            }
            index = end
        }
        return String(output)
    }

    /// 0–9 for an ASCII or full-width digit.
    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    private static func isMobile(_ digits: [Int]) -> Bool {
        digits.count == 11 && digits[0] == 1 && digits[1] >= 3
    }

    /// 138-1234-5678 or 138 1234 5678 starting at `start`: where it ends, or nil.
    private static func spacedMobile(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start
        var digits: [Int] = []
        for (group, length) in [3, 4, 4].enumerated() {
            if group > 0 {
                guard position < scalars.count, scalars[position] == "-" || scalars[position] == " " else { return nil }
                position += 1
            }
            for _ in 0..<length {
                guard position < scalars.count, let value = digit(scalars[position]) else { return nil }
                digits.append(value)
                position += 1
            }
        }
        guard position == scalars.count || digit(scalars[position]) == nil else { return nil }
        return isMobile(digits) ? position : nil
    }

    /// Digits other than the first `keepFirst` and last `keepLast` become `*`; separators stay.
    private static func mask(_ run: [Unicode.Scalar], keepFirst: Int, keepLast: Int) -> [Unicode.Scalar] {
        let total = run.filter { digit($0) != nil || $0 == "X" || $0 == "x" || $0 == "Ｘ" }.count
        var seen = 0
        return run.map { scalar in
            guard digit(scalar) != nil || scalar == "X" || scalar == "x" || scalar == "Ｘ" else { return scalar }
            defer { seen += 1 }
            return seen < keepFirst || seen >= total - keepLast ? scalar : "*"
        }
    }
}
