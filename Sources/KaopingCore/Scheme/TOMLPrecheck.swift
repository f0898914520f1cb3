/// What the TOML parser under TOMLKit (toml++ 3) does not report but stops the program on, in
/// release builds too (its assertions stay on), refused first with its place:
/// - a control character (TOML allows none but tab and CRLF, anywhere);
/// - a table header whose key starts with something no key can start with, such as `[考核]`,
///   `[.a]` or `[{`: toml++ asserts instead of saying "invalid key".
/// Both were found by `make fuzz` (target `scheme`). The scan follows strings, comments and
/// arrays only as far as needed to tell a table header from a line of an array value.
enum TOMLPrecheck {
    static func refuseWhatStopsTheParser(_ bytes: [UInt8], path: String) throws(SchemeProblem) {
        var scanner = Scanner(bytes: bytes, path: path)
        try scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        let path: String
        var index = 0
        var line = 1
        var lineStart = 0
        /// Only blanks so far on this line.
        var atLineStart = true
        /// `[` opened in values and not closed yet: a `[` at a line start is then an element.
        var arrayDepth = 0

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        /// 1-based, in characters.
        var column: Int {
            bytes[lineStart..<index].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }

        func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

        func fail(_ message: String) -> SchemeProblem { .syntax(path: path, line: line, column: column, message: message) }

        /// Moves on one byte, refusing a control character.
        mutating func advance() throws(SchemeProblem) {
            let byte = bytes[index]
            if byte == 0x0A {
                index += 1
                line += 1
                lineStart = index
                atLineStart = true
                return
            }
            let crlf = byte == 0x0D && peek(1) == 0x0A
            if (byte < 0x20 && byte != 0x09 && !crlf) || byte == 0x7F {
                throw fail("控制字符 U+\(Self.hex(byte)) 不能出现在 TOML 中（文件可能已损坏）")
            }
            index += 1
        }

        mutating func run() throws(SchemeProblem) {
            // The parser skips a byte order mark; a header right after it is still a header.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { (index, lineStart) = (3, 3) }
            while let byte = peek() {
                switch byte {
                case 0x23:  // # comment: to the line's end
                    while let next = peek(), next != 0x0A { try advance() }
                case 0x22, 0x27:  // " or '
                    atLineStart = false
                    try skipString(quote: byte)
                case 0x5B where atLineStart && arrayDepth == 0:  // [ starting a line: a table header
                    try checkHeader()
                case 0x5B:
                    arrayDepth += 1
                    atLineStart = false
                    try advance()
                case 0x5D:
                    if arrayDepth > 0 { arrayDepth -= 1 }
                    atLineStart = false
                    try advance()
                case 0x20, 0x09, 0x0A, 0x0D:
                    try advance()
                default:
                    atLineStart = false
                    try advance()
                }
            }
        }

        mutating func skipString(quote: UInt8) throws(SchemeProblem) {
            let multiline = peek(1) == quote && peek(2) == quote
            for _ in 0..<(multiline ? 3 : 1) { try advance() }
            while let byte = peek() {
                if byte == 0x5C && quote == 0x22 {  // a backslash escapes the next character
                    try advance()
                    if peek() != nil { try advance() }
                    continue
                }
                if byte == quote {
                    if !multiline { return try advance() }
                    if peek(1) == quote && peek(2) == quote {
                        for _ in 0..<3 { try advance() }
                        // A closing """ may be followed by up to two more quotes of the content.
                        while peek() == quote { try advance() }
                        return
                    }
                }
                if byte == 0x0A && !multiline { return }  // unterminated: toml++ will say so
                try advance()
            }
        }

        mutating func checkHeader() throws(SchemeProblem) {
            try advance()
            if peek() == 0x5B { try advance() }
            while peek() == 0x20 || peek() == 0x09 { try advance() }
            // A header cut off by the line's or the file's end is refused too: after an earlier
            // header, toml++ asserts on `[` and a line break.
            guard let first = peek() else { throw fail("表头 [ 没有名称，也没有闭合") }
            if (first < 0x20 && first != 0x0A && first != 0x0D) || first == 0x7F { try advance() }  // refused as such
            let isBareKey = (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first) || (0x30...0x39).contains(first)
                || first == 0x5F || first == 0x2D
            guard isBareKey || first == 0x22 || first == 0x27 || first == 0x5D else {
                throw fail("表头 [ ] 里的名称只能用英文字母、数字、下划线和连字符，或加引号")
            }
            atLineStart = false
        }

        static func hex(_ byte: UInt8) -> String {
            let digits = String(byte, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - digits.count) + digits
        }
    }
}
