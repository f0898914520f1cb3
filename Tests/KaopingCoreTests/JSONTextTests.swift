@testable import KaopingCore
import Testing

@Suite("JSON text")
struct JSONTextTests {
    @Test("Pretty-printed layout: two-space indents, scalar arrays on one line, empty containers, final newline")
    func layout() {
        let value = JSONText.object([
            ("units", .array([
                .object([("code", .string("0101")), ("total", .number("93.75")), ("veto", .bool(false))]),
                .object([("code", .string("0102")), ("total", .null), ("flags", .array([.int(1), .string("a")]))]),
            ])),
            ("empty", .object([])),
            ("none", .array([])),
        ])
        let expected = """
            {
              "units": [
                {
                  "code": "0101",
                  "total": 93.75,
                  "veto": false
                },
                {
                  "code": "0102",
                  "total": null,
                  "flags": [1, "a"]
                }
              ],
              "empty": {},
              "none": []
            }

            """
        #expect(value.rendered() == expected)
        #expect(value.compact() == #"{"units":[{"code":"0101","total":93.75,"veto":false},{"code":"0102","total":null,"flags":[1,"a"]}],"empty":{},"none":[]}"#)
    }

    @Test("An array holding any container is one item a line, empty containers included; a lone scalar is itself")
    func mixedArrays() {
        let value = JSONText.array([.int(1), .object([]), .array([]), .array([.bool(true)])])
        #expect(value.rendered() == "[\n  1,\n  {},\n  [],\n  [true]\n]\n")
        #expect(value.compact() == "[1,{},[],[true]]")
        #expect(JSONText.number("0.95").rendered() == "0.95\n")
        #expect(JSONText.null.compact() == "null")
    }

    @Test("Strings: quotes, backslashes and control characters escaped, U+2028/2029 too; Chinese and emoji kept as they are")
    func escaping() {
        let text = "市场监管局 \"A\\B\"\n\r\t\u{01}\u{1F}\u{7F} \u{2028}\u{2029} ✓ 😀 é"
        let expected = #""市场监管局 \"A\\B\"\n\r\t\u0001\u001f"# + "\u{7F}" + #" \u2028\u2029 ✓ 😀 é""#
        #expect(JSONText.string(text).compact() == expected)
        #expect(JSONText.object([(text, .string(""))]).compact() == "{" + expected + #":""}"#)
        // Backspace and form feed take the \u form, not \b or \f.
        #expect(JSONText.string("\u{08}\u{0C}").compact() == #""\u0008\u000c""#)
        // Bytes that only look like the start of U+2028 stay as they are.
        #expect(JSONText.string("\u{2020}\u{2030}").compact() == "\"\u{2020}\u{2030}\"")
    }
}
