/// `bulletin.md`: the bulletin as Markdown for the office's wiki or a quick read in any editor.
/// Charts are left out (the tables they draw are there); every input-derived text is escaped.
public enum BulletinMarkdown {
    public static func render(_ document: BulletinDocument) -> String {
        var lines: [String] = []
        let e = MarkdownText.escaped
        lines.append("**\(e(document.issuer))**")
        lines.append("")
        if let number = document.documentNumber {
            lines.append(e(number))
            lines.append("")
        }
        lines.append("# \(e(document.title))")
        lines.append("")
        lines.append(e(document.addressees) + (document.language == .zh ? "：" : ":"))
        lines.append("")
        for section in document.sections { append(section, level: 2, to: &lines) }
        if let line = document.attachmentLine {
            lines.append(e(line))
            lines.append("")
        }
        lines.append(e(document.signature) + "  ")
        lines.append(e(document.dateLine))
        lines.append("")
        for attachment in document.attachments {
            lines.append("---")
            lines.append("")
            append(attachment, level: 2, to: &lines)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func append(_ section: BulletinSection, level: Int, to lines: inout [String]) {
        if let heading = section.heading {
            lines.append(String(repeating: "#", count: level) + " " + MarkdownText.escaped(heading))
            lines.append("")
        }
        if let subtitle = section.subtitle {
            lines.append(String(repeating: "#", count: level + 1) + " " + MarkdownText.escaped(subtitle))
            lines.append("")
        }
        for block in section.blocks {
            switch block {
            case .paragraph(let text):
                lines.append(MarkdownText.escaped(text))
            case let .lead(lead, text):
                lines.append("**\(MarkdownText.escaped(lead))**\(MarkdownText.escaped(text))")
            case .table(let table):
                lines.append("**\(MarkdownText.escaped(table.caption))**")
                lines.append("")
                lines.append(row(table.header))
                lines.append("|" + table.header.indices.map { table.numericColumns.contains($0) ? " ---: |" : " --- |" }.joined())
                for cells in table.rows { lines.append(row(cells)) }
                if let note = table.note {
                    lines.append("")
                    lines.append(MarkdownText.escaped(note))
                }
            case .chart:
                continue
            }
            lines.append("")
        }
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : MarkdownText.escaped($0) }.joined(separator: " | ") + " |"
    }
}
