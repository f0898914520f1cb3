/// The grammar of TOML 1.0, checked on the bytes before TOMLKit sees them.
///
/// The parser under TOMLKit (toml++ 3) stops the program on an assertion, in release builds too,
/// for some malformed text instead of reporting it: `[考核]`, `[` then a line break, `[[[}[,[`…
/// `make fuzz` found five such shapes, and refusing them one by one did not end. So nothing that is
/// not grammatical TOML reaches toml++: this check refuses it first, with its line and column and a
/// message the person editing the scheme can act on. What grammar cannot tell (a key defined
/// twice, a table opened twice) is left to toml++, which reports it.
enum TOMLSyntax {
    /// Arrays and inline tables nested deeper than this are refused; toml++ allows 256, and the
    /// check recurses once per level.
    static let maximumNesting = 32
    /// Parts of one dotted key (`a.b.c` has three), for the same reason.
    static let maximumKeyParts = 32

    static func check(_ bytes: [UInt8], path: String) throws(SchemeProblem) {
        var cursor = TOMLCursor(bytes: bytes, path: path)
        cursor.skipByteOrderMark()
        try cursor.checkCharacters()
        var grammar = Grammar(cursor: cursor)
        try grammar.document()
    }

    private enum KeyPlace {
        case assignment, header, inlineTable

        var rule: String {
            switch self {
            case .header: return "表头 [ ] 里的名称只能用英文字母、数字、下划线和连字符，或加英文引号"
            case .assignment: return "此处应为键名：英文字母、数字、下划线和连字符，或加英文引号"
            case .inlineTable: return "内联表 { } 里此处应为键名（最后一项后不能有逗号）"
            }
        }
    }

    private struct Grammar {
        var cursor: TOMLCursor

        mutating func document() throws(SchemeProblem) {
            while true {
                cursor.skipBlanks()
                guard let byte = cursor.peek() else { return }
                switch byte {
                case .lineFeed, .carriageReturn: cursor.skipLineBreak()
                case .hash: cursor.skipComment()
                case .openBracket:
                    try tableHeader()
                    try endOfLine()
                default:
                    try keyValue(place: .assignment)
                    try endOfLine()
                }
            }
        }

        /// After a header or a key-value pair: blanks, a comment, then the line's or the file's end.
        mutating func endOfLine() throws(SchemeProblem) {
            cursor.skipBlanks()
            if cursor.peek() == .hash { cursor.skipComment() }
            guard let byte = cursor.peek() else { return }
            guard byte == .lineFeed || byte == .carriageReturn else {
                throw cursor.fail("此处多了内容：一行只能写一个键值对或一个表头（值若是文字，要整段加英文引号）")
            }
            cursor.skipLineBreak()
        }

        mutating func tableHeader() throws(SchemeProblem) {
            let opening = cursor.mark
            cursor.advance()
            let isArrayOfTables = cursor.peek() == .openBracket
            if isArrayOfTables { cursor.advance() }
            cursor.skipBlanks()
            if cursor.atLineEnd { throw cursor.fail("表头 [ 没有名称，也没有闭合") }
            try key(place: .header)
            cursor.skipBlanks()
            for _ in 0..<(isArrayOfTables ? 2 : 1) {
                guard cursor.peek() == .closeBracket else {
                    let closing = isArrayOfTables ? "]]" : "]"
                    if cursor.atLineEnd { throw cursor.fail("表头缺少闭合的 \(closing)", at: opening) }
                    throw cursor.fail("表头此处应为 \(closing)：名称里有空格、中文等时，要整个加英文引号")
                }
                cursor.advance()
            }
        }

        mutating func key(place: KeyPlace) throws(SchemeProblem) {
            // toml++ makes a table per part and walks them recursively: a key of a million
            // parts (2 MB) overflowed its stack.
            for part in 1... {
                if part > TOMLSyntax.maximumKeyParts { throw cursor.fail("键名的层级（用 . 分开的部分）超过 \(TOMLSyntax.maximumKeyParts) 层") }
                try simpleKey(place: place)
                cursor.skipBlanks()
                guard cursor.peek() == .dot else { return }
                cursor.advance()
                cursor.skipBlanks()
            }
        }

        mutating func simpleKey(place: KeyPlace) throws(SchemeProblem) {
            switch cursor.peek() {
            case .doubleQuote?, .singleQuote?: try cursor.singleLineString()
            case let byte? where byte.isBareKeyByte:
                while let next = cursor.peek(), next.isBareKeyByte { cursor.advance() }
            default: throw cursor.fail(place.rule)
            }
        }

        /// `key = value`, on a line of its own (depth 0) or inside an inline table.
        mutating func keyValue(place: KeyPlace, depth: Int = 0) throws(SchemeProblem) {
            let start = cursor.mark
            try key(place: place)
            cursor.skipBlanks()
            guard cursor.peek() == .equals else {
                if place == .inlineTable { throw cursor.fail("内联表 { } 里键名后应为 =") }
                let name = cursor.text(from: start).trimmingBlanks
                throw cursor.fail("键名「\(name)」后应为 =")
            }
            cursor.advance()
            cursor.skipBlanks()
            try value(depth: depth)
        }

        mutating func value(depth: Int) throws(SchemeProblem) {
            guard let byte = cursor.peek() else { throw cursor.fail("= 后缺少值") }
            switch byte {
            case .doubleQuote, .singleQuote:
                if cursor.peek(1) == byte && cursor.peek(2) == byte { try cursor.multilineString() } else { try cursor.singleLineString() }
            case .openBracket, .openBrace:
                guard depth < TOMLSyntax.maximumNesting else {
                    throw cursor.fail("数组和内联表嵌套超过 \(TOMLSyntax.maximumNesting) 层")
                }
                if byte == .openBracket { try array(depth: depth + 1) } else { try inlineTable(depth: depth + 1) }
            default: try scalar()
            }
        }

        /// A number, date, time, `true` or `false`: a run of the bytes they are written with,
        /// then its shape.
        mutating func scalar() throws(SchemeProblem) {
            let start = cursor.mark
            while let byte = cursor.peek(), byte.isScalarByte { cursor.advance() }
            // A date and a time may be separated by a space.
            if cursor.index - start.index == 10, cursor.peek() == .space, cursor.peek(1)?.isDigit == true,
               cursor.peek(2)?.isDigit == true, cursor.peek(3) == .colon {
                cursor.advance()
                while let byte = cursor.peek(), byte.isScalarByte { cursor.advance() }
            }
            let token = cursor.bytes[start.index..<cursor.index]
            if token.isEmpty {
                if cursor.startsWithChineseQuote { throw cursor.fail("文字要用英文引号 \" 括起来，不能用中文引号“”") }
                if cursor.atLineEnd || cursor.peek() == .hash { throw cursor.fail("= 后缺少值") }
                throw cursor.fail("此处应为一个值：文字加英文引号，数字、日期、true/false、[ ] 和 { } 不加")
            }
            guard TOMLScalar.isValid(token) else {
                let shown = String(decoding: token.prefix(40), as: UTF8.self)
                throw cursor.fail("无法识别的值「\(shown)」：文字要加英文引号，数字和日期要写完整", at: start)
            }
        }

        mutating func array(depth: Int) throws(SchemeProblem) {
            let opening = cursor.mark
            cursor.advance()
            while true {
                cursor.skipBlanksCommentsAndLineBreaks()
                if cursor.peek() == .closeBracket { return cursor.advance() }
                if cursor.peek() == nil { throw cursor.fail("数组 [ 没有闭合", at: opening) }
                try value(depth: depth)
                cursor.skipBlanksCommentsAndLineBreaks()
                switch cursor.peek() {
                case .comma?: cursor.advance()
                case .closeBracket?: return cursor.advance()
                case nil: throw cursor.fail("数组 [ 没有闭合", at: opening)
                default: throw cursor.fail("数组里的值之间要用逗号分隔，最后用 ] 闭合")
                }
            }
        }

        mutating func inlineTable(depth: Int) throws(SchemeProblem) {
            cursor.advance()
            cursor.skipBlanks()
            if cursor.peek() == .closeBrace { return cursor.advance() }
            while true {
                try keyValue(place: .inlineTable, depth: depth)
                cursor.skipBlanks()
                switch cursor.peek() {
                case .comma?:
                    cursor.advance()
                    cursor.skipBlanks()
                case .closeBrace?: return cursor.advance()
                case _ where cursor.atLineEnd: throw cursor.fail("内联表 { } 要写在一行内，并用 } 闭合")
                default: throw cursor.fail("内联表 { } 里的键值对之间要用逗号分隔")
                }
            }
        }
    }
}

private extension String {
    var trimmingBlanks: String {
        var text = Substring(self)
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text.prefix(40))
    }
}
