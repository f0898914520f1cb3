@testable import KaopingCore
import Testing

@Suite("Header sample lines")
struct SampleLinesTests {
    private static let texts = [
        "", "a", "a\n", "\n", "\r\n", "a\r\nb", "a\n\rb", "a\rb\r", "a\r\r\nb\n\n", "标题\r\n办件编号,单位编码\r\n",
        "x\n\u{301}y", "e\u{301}\r\n\u{301}", "a\r", "\r\r\n\n\r",
    ]

    /// The lines as `String.split` on the line-break characters gave them before.
    private static func characterLines(_ text: String, limit: Int) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .prefix(limit).map(String.init)
    }

    @Test("Split at LF, CR and CRLF exactly as String.split on those characters, up to the limit")
    func sameAsCharacterSplit() {
        for text in Self.texts {
            for limit in [1, 2, 3, 1000] {
                #expect(FileSniffer.lines(of: Array(text.utf8), limit: limit) == Self.characterLines(text, limit: limit),
                        "\(text.debugDescription), limit \(limit)")
            }
        }
    }
}
