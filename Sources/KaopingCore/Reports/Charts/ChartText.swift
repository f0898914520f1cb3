/// Number printing and text measuring for the SVG charts. Nothing here asks the platform (no
/// fonts, no formatters, no `Double.description`), so a chart is byte for byte the same wherever
/// it is rendered, and golden files or hashes of a bulletin stay stable.
enum ChartText {
    /// `value` with at most `places` decimals, trailing zeros dropped: one rounding to an integer,
    /// then integer arithmetic only. Non-finite values print as "0" because a coordinate must
    /// always be a number for the SVG to stay valid.
    static func number(_ value: Double, places: Int = 1) -> String {
        let places = min(max(places, 0), 6)
        var unit = 1
        for _ in 0..<places { unit *= 10 }
        guard value.isFinite else { return "0" }
        // Far beyond any drawing size, and keeps the product inside Int.
        let bounded = min(max(value, -1e9), 1e9)
        let scaled = Int((bounded * Double(unit)).rounded())
        if scaled == 0 { return "0" }
        let magnitude = scaled.magnitude
        var text = scaled < 0 ? "-" : ""
        text += String(magnitude / UInt(unit))
        var fraction = magnitude % UInt(unit)
        guard fraction != 0 else { return text }
        var digits = places
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }

    /// Estimated advance of `text` in px at `fontSize`. Deliberately errs wide: an overestimate
    /// costs a little whitespace, an underestimate makes labels run into bars.
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for character in text { ems += emWidth(character) }
        return ems * fontSize
    }

    static func emWidth(_ character: Character) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D: return 0.3  // collapse to one space in SVG text
        case 0..<0x20, 0x7F..<0xA0: return 0  // dropped by MarkupText or invisible
        case 0x20..<0x7F: return 0.55
        default: return isWide(value) ? 1 : 0.6
        }
    }

    /// East Asian wide and fullwidth blocks, plus the punctuation that CJK fonts set on a full
    /// em (curly quotes, ellipsis, circled numbers): Noto/Source Han SC draw those 1 em wide.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2010...0x206F, 0x2460...0x27BF, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF,
             0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    static let ellipsis = "…"

    /// `text` cut to fit `maxWidth`, ending in "…" when cut. Callers keep the full text in a
    /// `<title>` so nothing is lost for screen readers or on hover.
    static func truncated(_ text: String, maxWidth: Double, fontSize: Double) -> (text: String, isCut: Bool) {
        if width(text, fontSize: fontSize) <= maxWidth { return (text, false) }
        let budget = maxWidth - width(ellipsis, fontSize: fontSize)
        var kept = ""
        var used = 0.0
        for character in text {
            let advance = emWidth(character) * fontSize
            if used + advance > budget { break }
            kept.append(character)
            used += advance
        }
        return (kept + ellipsis, true)
    }

    /// Greedy line breaking for Chinese text, which may break between any two characters; a run
    /// of ASCII letters or digits moves whole to the next line so "GDP" or "2024" is not split.
    /// The last allowed line is truncated with "…" when text remains.
    static func wrapped(_ text: String, maxWidth: Double, fontSize: Double, maxLines: Int) -> [String] {
        let limit = max(maxLines, 1)
        var lines: [String] = []
        var line: [Character] = []
        var used = 0.0
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let advance = emWidth(character) * fontSize
            if line.isEmpty && character == " " {
                index += 1
                continue
            }
            if used + advance <= maxWidth || line.isEmpty {
                line.append(character)
                used += advance
                index += 1
                continue
            }
            if lines.count == limit - 1 {
                let rest = String(line) + String(characters[index...])
                lines.append(truncated(rest, maxWidth: maxWidth, fontSize: fontSize).text)
                return lines
            }
            var carried: [Character] = []
            if isWordCharacter(character) {
                var start = line.count
                while start > 0 && isWordCharacter(line[start - 1]) { start -= 1 }
                if start > 0 {
                    carried = Array(line[start...])
                    line.removeSubrange(start...)
                }
            }
            lines.append(String(line))
            line = carried
            used = width(String(carried), fontSize: fontSize)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(String(line)) }
        return lines
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii | 0x20 >= 0x61 && ascii | 0x20 <= 0x7A)
    }
}
