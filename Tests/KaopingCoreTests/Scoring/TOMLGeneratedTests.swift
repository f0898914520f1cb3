@testable import KaopingCore
import Testing
import TOMLKit

/// Seeded random documents in every form TOML 1.0 allows: the grammar check must pass each one,
/// and TOMLKit must read each one, so the check never refuses a scheme the parser would take.
@Suite("Scoring: TOML grammar check on generated documents")
struct TOMLGeneratedTests {
    @Test("Every generated valid document passes the check and TOMLKit reads it", arguments: 0..<8)
    func generated(seed: UInt64) throws {
        var generator = TOMLDocumentGenerator(seed: seed)
        for _ in 0..<60 {
            let text = generator.document()
            do {
                try TOMLSyntax.check(Array(text.utf8), path: "generated.toml")
            } catch {
                Issue.record("refused: \(error)\n\(text)")
                return
            }
            do {
                _ = try TOMLTable(string: text)
            } catch {
                Issue.record("TOMLKit refused what the generator thinks valid: \(error)\n\(text)")
                return
            }
        }
    }
}

/// Writes TOML 1.0 documents with unique keys (so that TOMLKit has nothing to refuse).
private struct TOMLDocumentGenerator {
    private var random: SyntheticRandom
    private var counter = 0

    init(seed: UInt64) { random = SyntheticRandom(seed: seed, stream: 0x746F_6D6C) }

    private mutating func pick<T>(_ choices: [T]) -> T { choices[random.below(choices.count)] }

    private mutating func freshName() -> String {
        counter += 1
        return "k\(counter)"
    }

    mutating func document() -> String {
        counter = 0
        var lines: [String] = []
        if random.below(6) == 0 { lines.append("\u{FEFF}# with a byte order mark") }
        for _ in 0..<(1 + random.below(4)) { lines.append(keyValue(depth: 0)) }
        for _ in 0..<random.below(4) {
            let header = pick(["[\(key())]", "[ \(key()) ]", "[[\(key())]]", "[[ \(key()) ]]"])
            lines.append(header + pick(["", " # 说明 [x]", "\t"]))
            for _ in 0..<random.below(3) { lines.append(keyValue(depth: 0)) }
            if random.below(3) == 0 { lines.append(pick(["", "   ", "# 注释 \"quoted\" 'x' [[y]]"])) }
        }
        let separator = random.below(4) == 0 ? "\r\n" : "\n"
        return lines.joined(separator: separator) + (random.below(3) == 0 ? "" : separator)
    }

    /// A fresh key: bare, quoted or dotted.
    private mutating func key() -> String {
        let name = freshName()
        switch random.below(6) {
        case 0: return "\"\(name) 考核\""
        case 1: return "'\(name).x'"
        case 2: return "\(name).sub\(random.below(9))"
        case 3: return "\(name) . \"q\""
        default: return name
        }
    }

    private mutating func keyValue(depth: Int) -> String {
        key() + pick([" = ", "=", "\t=  "]) + value(depth: depth) + pick(["", " # 说明", "   "])
    }

    private mutating func value(depth: Int) -> String {
        switch random.below(depth < 3 ? 12 : 9) {
        case 0: return pick(["0", "+17", "-0", "1_000", "0xDEAD_beef", "0o755", "0b1101_0010", "9_223_372_036_854_775_807"])
        case 1: return pick(["1.5", "-0.01", "5e+22", "1e06", "-2E-2", "6.626e-34", "224_617.445_991", "inf", "-nan", "+inf", "0.0"])
        case 2: return pick(["true", "false"])
        case 3: return pick(["1979-05-27T07:32:00Z", "1979-05-27T00:32:00-07:00", "1979-05-27 07:32:00.999+08:00",
                            "2022-12-31T23:59:59", "2024-02-29", "07:32:00", "00:00:00.123456"])
        case 4: return pick([#""plain""#, #""考核 \t \"q\" \\ \u00E9 \U0001F600""#, #""""#, #""a#b[c]=d""#])
        case 5: return pick([#"'C:\Users\考核'"#, "''", "'say \"hi\"'"])
        case 6: return pick(["\"\"\"\nline one\n  two \"quoted\" \"\"\"", "\"\"\"one \\\n    joined\"\"\"", "\"\"\"x\"\"\"\"\"",
                            "\"\"\"\r\ncrlf\r\n\"\"\""])
        case 7: return pick(["'''\nraw \\d{2} 'q' ''\n'''", "'''x'''''", "''''''"])
        case 8: return pick(["12_3.4_5e-0_6", "1e-0_1", "3.14159"])
        case 9, 10: return array(depth: depth + 1)
        default: return inlineTable(depth: depth + 1)
        }
    }

    private mutating func array(depth: Int) -> String {
        let count = random.below(4)
        var elements: [String] = []
        for _ in 0..<count { elements.append(value(depth: depth)) }
        let multiline = random.below(2) == 0
        if !multiline { return "[" + elements.joined(separator: pick([", ", ",", " , "])) + (count > 0 && random.below(3) == 0 ? "," : "") + "]" }
        let body = elements.map { "  " + $0 + "," + pick(["", " # 注释"]) }.joined(separator: "\n")
        return "[\n" + body + pick(["\n", "\n  # 末尾\n"]) + "]"
    }

    private mutating func inlineTable(depth: Int) -> String {
        var pairs: [String] = []
        for _ in 0..<random.below(3) {
            // Inline tables stay on one line: only values that do.
            var item = value(depth: depth)
            while item.contains("\n") || item.contains("\r") { item = value(depth: 3) }
            pairs.append(key() + " = " + item)
        }
        return pairs.isEmpty ? pick(["{}", "{ }"]) : "{ " + pairs.joined(separator: ", ") + " }"
    }
}
