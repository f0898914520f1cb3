/// A place in a scheme file's bytes, with its line, for `TOMLSyntax`: the characters TOML allows,
/// blanks, comments, line breaks and the four kinds of string.
struct TOMLCursor {
    struct Mark {
        var index: Int
        var line: Int
        var lineStart: Int
    }

    let bytes: [UInt8]
    let path: String
    private(set) var mark: Mark

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        mark = Mark(index: 0, line: 1, lineStart: 0)
    }

    var index: Int { mark.index }

    func peek(_ offset: Int = 0) -> UInt8? { mark.index + offset < bytes.count ? bytes[mark.index + offset] : nil }

    var atLineEnd: Bool {
        guard let byte = peek() else { return true }
        return byte == .lineFeed || byte == .carriageReturn
    }

    /// `“` or `”`, which a clerk's input method gives instead of `"`.
    var startsWithChineseQuote: Bool { peek() == 0xE2 && peek(1) == 0x80 && (peek(2) == 0x9C || peek(2) == 0x9D) }

    mutating func advance() {
        if bytes[mark.index] == .lineFeed {
            mark.line += 1
            mark.lineStart = mark.index + 1
        }
        mark.index += 1
    }

    func text(from start: Mark) -> String { String(decoding: bytes[start.index..<mark.index], as: UTF8.self) }

    /// The parser skips a byte order mark; a header right after it is still at the line's start,
    /// and columns are counted after it.
    mutating func skipByteOrderMark() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { mark = Mark(index: 3, line: 1, lineStart: 3) }
    }

    mutating func skipBlanks() {
        while let byte = peek(), byte == .space || byte == .tab { advance() }
    }

    mutating func skipComment() {
        while let byte = peek(), byte != .lineFeed && byte != .carriageReturn { advance() }
    }

    /// A CR here is always followed by LF: `checkCharacters` refused any other.
    mutating func skipLineBreak() {
        if peek() == .carriageReturn { advance() }
        advance()
    }

    mutating func skipBlanksCommentsAndLineBreaks() {
        while true {
            skipBlanks()
            switch peek() {
            case .hash?: skipComment()
            case .lineFeed?, .carriageReturn?: skipLineBreak()
            default: return
            }
        }
    }

    func fail(_ message: String, at place: Mark? = nil) -> SchemeProblem {
        let place = place ?? mark
        // Columns count characters, not bytes: a UTF-8 continuation byte starts none.
        let column = bytes[place.lineStart..<place.index].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return .syntax(path: path, line: place.line, column: column, message: message)
    }

    // MARK: - Characters

    /// TOML is UTF-8 and allows no control character but tab, and CR only before LF, anywhere,
    /// comments included. After this the grammar need not look at either again.
    mutating func checkCharacters() throws(SchemeProblem) {
        var scan = self
        while let byte = scan.peek() {
            if byte < 0x80 {
                let allowed = byte >= 0x20 && byte != 0x7F || byte == .tab || byte == .lineFeed
                    || byte == .carriageReturn && scan.peek(1) == .lineFeed
                guard allowed else { throw scan.fail("控制字符 U+\(Self.hex(byte)) 不能出现在 TOML 中（文件可能已损坏）") }
                scan.advance()
                continue
            }
            let at = scan.index
            guard case .valid(let length) = bytes.withUnsafeBufferPointer({ UTF8Validation.sequenceLength($0, at: at) }) else {
                throw scan.fail("这里不是 UTF-8 编码的文字：考核方案须存为 UTF-8（若用 GBK 保存，请另存为 UTF-8）")
            }
            for _ in 0..<length { scan.advance() }
        }
    }

    static func hex(_ value: UInt32, digits: Int = 4) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static func hex(_ byte: UInt8) -> String { hex(UInt32(byte)) }

    // MARK: - Strings

    /// `"…"` with escapes, or `'…'` taken as written; on one line.
    mutating func singleLineString() throws(SchemeProblem) {
        let opening = mark
        let quote = bytes[mark.index]
        advance()
        while true {
            guard let byte = peek(), byte != .lineFeed && byte != .carriageReturn else {
                let shown = Character(Unicode.Scalar(quote))
                throw fail("字符串没有闭合：\(shown) 和 \(shown) 要在同一行（跨行的文字用 \(shown)\(shown)\(shown)）", at: opening)
            }
            advance()
            if byte == quote { return }
            if byte == .backslash && quote == .doubleQuote { try escape(inStringFrom: opening) }
        }
    }

    /// `"""…"""` with escapes, or `'''…'''` taken as written; up to two quotes may end the text
    /// right before the closing three.
    mutating func multilineString() throws(SchemeProblem) {
        let opening = mark
        let quote = bytes[mark.index]
        for _ in 0..<3 { advance() }
        while true {
            guard let byte = peek() else {
                let quotes = String(repeating: Character(Unicode.Scalar(quote)), count: 3)
                throw fail("多行字符串 \(quotes) 没有闭合", at: opening)
            }
            if byte == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run >= 3 {
                    guard run <= 5 else { throw fail("多行字符串结尾的引号多于五个") }
                    for _ in 0..<run { advance() }
                    return
                }
                for _ in 0..<run { advance() }
                continue
            }
            if byte == .backslash && quote == .doubleQuote {
                if endsLineWithBackslash() { continue }
                advance()
                try escape(inStringFrom: opening)
                continue
            }
            advance()
        }
    }

    /// A backslash, blanks, then a line break: the break and the blanks and breaks after it are
    /// left out of the text.
    private mutating func endsLineWithBackslash() -> Bool {
        var offset = 1
        while let byte = peek(offset), byte == .space || byte == .tab { offset += 1 }
        guard let byte = peek(offset), byte == .lineFeed || byte == .carriageReturn else { return false }
        advance()
        skipBlanksAndLineBreaks()
        return true
    }

    private mutating func skipBlanksAndLineBreaks() {
        while let byte = peek(), byte == .space || byte == .tab || byte == .lineFeed || byte == .carriageReturn { advance() }
    }

    /// After a backslash: one of `b t n f r " \`, or `u` and 4 or `U` and 8 hex digits naming a
    /// Unicode scalar.
    private mutating func escape(inStringFrom opening: Mark) throws(SchemeProblem) {
        let backslash = Mark(index: mark.index - 1, line: mark.line, lineStart: mark.lineStart)
        guard let byte = peek() else { throw fail("字符串没有闭合", at: opening) }
        if byte == .lineFeed || byte == .carriageReturn {
            throw fail("字符串没有闭合：\" 和 \" 要在同一行（跨行的文字用 \"\"\"）", at: opening)
        }
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"), .doubleQuote, .backslash:
            advance()
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = byte == UInt8(ascii: "u") ? 4 : 8
            advance()
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let digit = peek(), let nibble = digit.hexValue else {
                    throw fail("转义 \\\(Character(Unicode.Scalar(byte))) 后要有 \(digits) 位十六进制数字", at: backslash)
                }
                value = value << 4 | UInt32(nibble)
                advance()
            }
            guard Unicode.Scalar(value) != nil else { throw fail("转义 U+\(Self.hex(value)) 不是合法的 Unicode 字符", at: backslash) }
        default:
            throw fail("非法的转义：反斜杠 \\ 本身要写成 \\\\（路径可改用单引号 '…'）", at: backslash)
        }
    }
}

/// The bytes the TOML grammar is written in.
extension UInt8 {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let doubleQuote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let singleQuote = UInt8(ascii: "'")
    static let comma = UInt8(ascii: ",")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let equals = UInt8(ascii: "=")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    var isDigit: Bool { (0x30...0x39).contains(self) }
    var isLetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    var isBareKeyByte: Bool { isLetter || isDigit || self == UInt8(ascii: "_") || self == UInt8(ascii: "-") }
    /// What numbers, dates, times, `true`, `false`, `inf` and `nan` are written with.
    var isScalarByte: Bool { isBareKeyByte || self == UInt8(ascii: "+") || self == .dot || self == .colon }

    var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }
}
