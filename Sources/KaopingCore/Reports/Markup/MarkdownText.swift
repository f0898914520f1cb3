/// Text made inert in Markdown: punctuation that could start emphasis, code, links, HTML,
/// tables or headings is backslash-escaped (CommonMark allows it before any ASCII punctuation).
public enum MarkdownText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (index, character) in text.enumerated() {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#":
                out.append("\\")
                out.append(character)
            // A list marker, numbered-list dot or setext underline matters only at the start.
            case "-", "+", ".", "=":
                if index == 0 { out.append("\\") }
                out.append(character)
            case "\n", "\r", "\r\n":
                out.append(" ")
            default:
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 0x20, scalar != "\t" {
                    continue
                }
                out.append(character)
            }
        }
        return out
    }
}
