@testable import KaopingCore
import Testing

@Suite("Documents: escaping, masking and file names")
struct MarkupSafetyTests {
    @Test("HTML/XML escaping: markup characters become entities, forbidden controls disappear")
    func markupEscaping() {
        #expect(MarkupText.escaped("<script>alert('x')</script> & \"y\"") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;")
        #expect(MarkupText.escaped("甲局\u{0}\u{7}\u{1B}乙") == "甲局乙")
        #expect(MarkupText.escaped("行一\n行二\t") == "行一\n行二\t")
        #expect(MarkupText.escaped("普通文本") == "普通文本")
    }

    @Test("Markdown escaping: emphasis, links, tables and HTML are inert; a leading list marker too")
    func markdownEscaping() {
        #expect(MarkdownText.escaped("a|b*c_d[e](f)<g>") == "a\\|b\\*c\\_d\\[e\\](f)\\<g\\>")
        #expect(MarkdownText.escaped("- 列表") == "\\- 列表")
        #expect(MarkdownText.escaped("1-2") == "1-2")
        #expect(MarkdownText.escaped("# 标题") == "\\# 标题")
        #expect(MarkdownText.escaped("两\n行") == "两 行")
    }

    @Test("Mobile numbers keep 3 + 4 digits, ID cards 6 + 4; longer digit runs are left alone",
          arguments: [
              ("联系人电话13812345678，请回电", "联系人电话138****5678，请回电"),
              ("身份证510113199001011234未核验", "身份证510113********1234未核验"),
              ("身份证51011319900101123X未核验", "身份证510113********123X未核验"),
              ("旧证510113900101123", "旧证510113*****1123"),
              ("办件编号20220301000012345678", "办件编号20220301000012345678"),
              ("座机02883981234", "座机02883981234"),
              ("编号AB13812345678", "编号AB138****5678"),
              ("12812345678", "12812345678"),
              ("电话138-1234-5678转", "电话138-****-5678转"),
              ("电话138 1234 5678", "电话138 **** 5678"),
              ("电话+86 138 1234 5678", "电话+86 138 **** 5678"),
              ("电话+8613812345678", "电话+86138****5678"),
              ("电话１３８１２３４５６７８", "电话１３８****５６７８"),
              ("ID510113199001011234", "ID510113********1234"),
              ("2022-03-10 检查", "2022-03-10 检查"),
          ])
    func privacyMask(_ input: String, _ expected: String) {
        #expect(PrivacyMask.masked(input) == expected)
    }

    @Test("Unit codes become safe file names: no separators, no leading dot, no collisions")
    func fileNames() {
        let names = UnitFileNames(codes: ["0101", "../x", "a/b", "a_b", "AB", "ab", "", ".hidden", "乡镇01"])
        #expect(names["0101"] == "0101")
        #expect(names["../x"] == "___x")
        #expect(names["a/b"] == "a_b")
        #expect(names["a_b"] == "a_b-2")
        #expect(names["AB"] == "AB")
        #expect(names["ab"] == "ab-2", "case-insensitive file systems must not merge two sheets")
        #expect(names[""] == "_")
        #expect(names[".hidden"] == "_hidden")
        #expect(names["乡镇01"] == "乡镇01")
        let all = names.names.values
        #expect(Set(all.map { $0.lowercased() }).count == all.count)
        #expect(all.allSatisfy { !$0.contains("/") && !$0.hasPrefix(".") })
    }
}
