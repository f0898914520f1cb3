/// A JSON value whose object keys keep the order they were written in and whose numbers are
/// written exactly as given, so summary and manifest files are byte-for-byte reproducible
/// and show 0.95, never 0.94999999999999996.
public indirect enum JSONText: Sendable, Equatable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// Already-formatted JSON number text, such as `0.954545` or `12`.
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONText, b: JSONText) -> Bool { a.rendered() == b.rendered() }

    public static func int(_ value: Int) -> JSONText { .number(String(value)) }
    public static func decimal(_ value: ExactDecimal) -> JSONText { .number(value.description) }
    public static func optional(_ value: JSONText?) -> JSONText { value ?? .null }

    /// Pretty-printed with two-space indents and a final newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    /// On one line without spaces: a log record.
    public func compact() -> String {
        switch self {
        case .object(let members):
            return "{" + members.map { key, value in
                var quoted = ""
                Self.quote(key, into: &quoted)
                return quoted + ":" + value.compact()
            }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        default:
            var out = ""
            write(into: &out, indent: 0)
            return out
        }
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1), closing = String(repeating: "  ", count: indent)
        switch self {
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += pad
                Self.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            if items.allSatisfy({ $0.isScalar }) {
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ", " }
                    item.write(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .string(let text): Self.quote(text, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
