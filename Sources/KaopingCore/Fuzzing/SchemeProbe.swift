/// Fuzz probe for the scheme loader: any bytes load or are refused with a message, and a syntax
/// error points at a place the file has (a line it has, a column from 1 to one past the line's
/// last character).
public enum SchemeProbe {
    public static func problem(in input: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Array(input)
        do throws(SchemeProblem) {
            _ = try SchemeLoader.parse(bytes: bytes, path: "fuzz.toml")
        } catch {
            if error.description.isEmpty { return "a scheme refused without a message" }
            if case let .syntax(_, line, column, _) = error, !hasPlace(bytes, line: line, column: column) {
                return "a syntax error at \(line):\(column), where the file has no such place: \(error)"
            }
        }
        return nil
    }

    /// Lines split at LF; columns count characters, as a UTF-8 lead byte or invalid byte each.
    private static func hasPlace(_ bytes: [UInt8], line: Int, column: Int) -> Bool {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, column >= 1 else { return false }
        let characters = lines[line - 1].count { $0 & 0xC0 != 0x80 }
        return column <= characters + 1
    }
}
