@testable import KaopingCore
import Testing
import TOMLKit

/// The grammar check that keeps malformed TOML away from toml++ (which stops the program on some
/// of it): everything TOML 1.0 allows passes, and TOMLKit reads it; what it does not allow is
/// refused at its place.
@Suite("Scoring: TOML grammar check")
struct TOMLSyntaxTests {
    static let valid: [String] = [
        "a = 1", "a = +1", "a = -0", "a = 1_000", "a = 0xDEAD_beef", "a = 0o755", "a = 0b1101",
        "a = 1.5", "a = -0.01", "a = 5e+22", "a = 1e06", "a = -2E-2", "a = 0e0", "a = 224_617.445_991", "a = inf", "a = -nan", "a = +inf",
        "a = true", "a = false",
        "a = 1979-05-27T07:32:00Z", "a = 1979-05-27T00:32:00-07:00", "a = 1979-05-27 07:32:00.999999+08:00",
        "a = 1979-05-27t07:32:00", "a = 1979-05-27", "a = 07:32:00.5", "a = 2024-02-29", "a = 2000-02-29",
        #"a = "tab\t é \u00E9 \U0001F600 \" \\""#, #"a = 'C:\Users\考核'"#, #"a = """#, "a = ''",
        "a = \"\"\"\nline\n  two\"\"\"", "a = \"\"\"x\"\"\"\"\"", "a = '''I [dw]on't need \\d{2}'''", "a = '''\nx''\n'''''",
        "a = \"\"\"\\\n   joined \\  \n\n  up\"\"\"",
        "\"quoted key\" = 1", "'literal' = 1", "a.b.c = 1", "a . b = 1", "\"\" = 1", "1234 = 1", "-_ = 1", "a.\"b.c\".'d' = 1",
        "[a]", "[ a . \"b\" ]", "[[arr]]", "[[ arr ]]", "[a] # [考核]", "[a]\n[a.b]\n[[c]]\n[[c]]",
        "a = []", "a = [1,2,]", "a = [\n  1, # one\n  2\n  # done\n]", "a = [[1, 2], [\"a\"], []]", "a = [1, \"x\", 1.5]",
        "a = [ { x = 1 }, {y=2} ]", "a = {}", "a = { x = 1, y.z = \"s\", w = [1, {v = 2}] }",
        "a = 1\r\nb = 2\r\n", "\u{FEFF}a = 1", "a = 1   \t", "# only a comment", "", "\n\n", "\ta\t=\t1\t# tabs",
        "a = 1 # comment with \"quotes\" and [brackets] and 考核",
    ]

    @Test("What TOML 1.0 allows passes the check, and TOMLKit reads it", arguments: valid)
    func accepted(text: String) throws {
        #expect(throws: Never.self) { try TOMLSyntax.check(Array(text.utf8), path: "ok.toml") }
        #expect(throws: Never.self) { _ = try TOMLTable(string: text) }
    }

    @Test("The sample scheme passes")
    func sampleScheme() throws {
        let bytes = try WholeFile.read(Repository.scheme2022)
        #expect(throws: Never.self) { try TOMLSyntax.check(bytes, path: Repository.scheme2022) }
    }

    static let invalid: [(text: String, line: Int, column: Int, says: String)] = [
        ("metric = on_time_rate", 1, 10, "英文引号"),
        ("title = “考核”", 1, 9, "中文引号"),
        ("a = ", 1, 5, "缺少值"),
        ("a = # nothing", 1, 5, "缺少值"),
        ("a = \"x", 1, 5, "没有闭合"),
        ("a = \"x\ny\"", 1, 5, "没有闭合"),
        ("a = 'x", 1, 5, "没有闭合"),
        ("a = \"\"\"x", 1, 5, "没有闭合"),
        ("a = '''x''", 1, 5, "没有闭合"),
        ("a = \"\"\"x\"\"\"\"\"\"", 1, 9, "引号"),
        ("a = [1, 2", 1, 5, "数组 [ 没有闭合"),
        ("a = [1 2]", 1, 8, "逗号"),
        ("a = [1,,2]", 1, 8, "值"),
        ("a = {x = 1,}", 1, 12, "内联表"),
        ("a = {x = 1\n}", 1, 11, "一行内"),
        ("a = {x 1}", 1, 8, "="),
        ("a = 01", 1, 5, "无法识别"), ("a = 1__0", 1, 5, "无法识别"), ("a = 1_", 1, 5, "无法识别"), ("a = 1.", 1, 5, "无法识别"),
        ("a = .5", 1, 5, "无法识别"), ("a = 1e", 1, 5, "无法识别"), ("a = 0x", 1, 5, "无法识别"), ("a = +0x1", 1, 5, "无法识别"),
        ("a = 0xG", 1, 5, "无法识别"), ("a = 2022-02-30", 1, 5, "无法识别"), ("a = 2023-02-29", 1, 5, "无法识别"), ("a = 2022-13-01", 1, 5, "无法识别"),
        ("a = 24:00:00", 1, 5, "无法识别"), ("a = 1979-05-27T07:32", 1, 5, "无法识别"), ("a = 1979-05-27T07:32:00+8:00", 1, 5, "无法识别"),
        ("a = 07:32:00Z", 1, 5, "无法识别"), ("a = 1979-05-27T07:32:00.", 1, 5, "无法识别"), ("a = True", 1, 5, "无法识别"),
        (#"a = "C:\Users""#, 1, 8, "转义"), (#"a = "\uD800""#, 1, 6, "Unicode"), (#"a = "\u12""#, 1, 6, "十六进制"),
        ("a = \"\"\"x\\ y\"\"\"", 1, 9, "转义"),
        ("a = 1 b = 2", 1, 7, "多了内容"),
        ("a = 1979-05-27 x", 1, 16, "多了内容"),
        ("a b = 1", 1, 3, "后应为 ="),
        ("a.= 1", 1, 3, "键名"),
        ("= 1", 1, 1, "键名"),
        ("考核 = 1", 1, 1, "键名"),
        ("[a", 1, 1, "缺少闭合的 ]"),
        ("[[a]", 1, 1, "缺少闭合的 ]]"),
        ("[a]]", 1, 4, "多了内容"),
        ("[ [a] ]", 1, 3, "表头"),
        ("[a] b = 1", 1, 5, "多了内容"),
        ("x = 1\n\n  [a.]", 3, 6, "表头"),
        // Found in review: a column counted the byte order mark; an escape cut by the file's or
        // the line's end; a header's own problem blamed on a missing `]`.
        ("\u{FEFF}a = \u{1}", 1, 5, "控制字符"),
        ("a = \"x\\", 1, 5, "没有闭合"),
        ("a = \"\"\"x\\", 1, 5, "没有闭合"),
        ("a = \"x\\\ny\"", 1, 5, "同一行"),
        ("[a b]", 1, 4, "应为 ]"),
        ("[[a] ]", 1, 5, "应为 ]]"),
    ]

    @Test("What TOML does not allow is refused at its place, with what to do",
          arguments: invalid.indices)
    func refused(case index: Int) {
        let (text, line, column, says) = Self.invalid[index]
        do {
            try TOMLSyntax.check(Array(text.utf8), path: "bad.toml")
            Issue.record("accepted: \(text)")
        } catch {
            guard case let .syntax(path, atLine, atColumn, message) = error else { Issue.record("got \(error)"); return }
            #expect(path == "bad.toml")
            #expect((atLine, atColumn) == (line, column), "\(text) → \(message)")
            #expect(message.contains(says), "\(text) → \(message)")
        }
    }

    @Test("Nesting deeper than the limit is refused before the parser's own limit (toml++ recurses too)")
    func nesting() {
        let deep = TOMLSyntax.maximumNesting + 1
        let arrays = "a = " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep)
        let tables = "a = " + String(repeating: "{b = ", count: deep) + "1" + String(repeating: "}", count: deep)
        for text in [arrays, tables] {
            #expect(throws: SchemeProblem.self) { try TOMLSyntax.check(Array(text.utf8), path: "deep.toml") }
        }
        let allowed = TOMLSyntax.maximumNesting
        let fine = "a = " + String(repeating: "[", count: allowed) + String(repeating: "]", count: allowed)
        #expect(throws: Never.self) { try TOMLSyntax.check(Array(fine.utf8), path: "ok.toml") }
    }

    @Test("A dotted key of more parts than the limit is refused (review finding: toml++ recursed once per part, a million parts overflowed its stack)")
    func keyParts() {
        let parts = TOMLSyntax.maximumKeyParts
        for (text, refused) in [(String(repeating: "a.", count: parts - 1) + "a = 1", false),
                                (String(repeating: "a.", count: parts) + "a = 1", true),
                                ("[" + String(repeating: "a.", count: parts) + "a]", true),
                                ("x = { " + String(repeating: "a.", count: parts) + "a = 1 }", true)] {
            do {
                try TOMLSyntax.check(Array(text.utf8), path: "keys.toml")
                #expect(!refused, "accepted \(text)")
            } catch {
                #expect(refused, "refused \(text): \(error)")
                #expect(error.description.contains("层级"))
            }
        }
    }

    @Test("A scheme saved as GBK is refused with where its first non-UTF-8 byte is",
          arguments: [[0xB0, 0xA1], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE5, 0x8F]] as [[UInt8]])
    func notUTF8(sequence: [UInt8]) {
        let bytes = Array("version = \"1\"\n# 说明 ".utf8) + sequence + Array(" 完\n".utf8)
        do {
            try TOMLSyntax.check(bytes, path: "gbk.toml")
            Issue.record("accepted")
        } catch {
            guard case let .syntax(_, line, column, message) = error else { Issue.record("got \(error)"); return }
            #expect((line, column) == (2, 6))
            #expect(message.contains("UTF-8"))
        }
    }
}
