/// `bulletin.html`: the 通报 laid out for A4 printing (see `OfficialStyle`), with Kaoping's own
/// inline SVG charts. Self-contained: no scripts, no network fonts or images.
public enum BulletinHTML {
    public static func render(_ document: BulletinDocument) -> String {
        let e = MarkupText.escaped
        var body = "<div class=\"letterhead\">\(e(document.issuer))</div>\n"
        if let number = document.documentNumber { body += "<p class=\"doc-number\">\(e(number))</p>\n" }
        body += "<hr class=\"red-rule\">\n"
        body += "<h1>\(titleLines(document.title).map(e).joined(separator: "<br>"))</h1>\n"
        body += "<p class=\"addressees\">\(e(document.addressees))\(document.language == .zh ? "：" : ":")</p>\n"
        for section in document.sections { body += render(section) }
        if let line = document.attachmentLine { body += "<p class=\"attachment-line\">\(e(line))</p>\n" }
        body += "<p class=\"signature\">\(e(document.signature))<br>\(e(document.dateLine))</p>\n"
        body += "<div class=\"banji\"><p><span>\(e(document.signature))</span><span>\(e(document.dateLine))\(document.language == .zh ? "印发" : "")</span></p></div>\n"
        for attachment in document.attachments {
            var section = attachment
            var html = "<section class=\"attachment\">\n"
            if let heading = section.heading { html += "<p class=\"attachment-label\">\(e(heading))</p>\n" }
            if let subtitle = section.subtitle { html += "<h1 class=\"attachment-title\">\(e(subtitle))</h1>\n" }
            section.heading = nil
            body += html + render(section) + "</section>\n"
        }
        return HTMLParts.page(title: document.title, language: document.language, body: body)
    }

    /// GB/T 9704 wants a long title broken where the sense breaks, not wherever the line
    /// fills: before 督查情况的通报 (or before the last 的通报).
    static func titleLines(_ title: String) -> [String] {
        guard title.count > 22 else { return [title] }
        for marker in ["督查情况的通报", "情况的通报", "的通报"] {
            if let range = title.range(of: marker, options: .backwards), range.lowerBound != title.startIndex {
                return [String(title[..<range.lowerBound]), String(title[range.lowerBound...])]
            }
        }
        return [title]
    }

    private static func render(_ section: BulletinSection) -> String {
        var html = ""
        if let heading = section.heading { html += "<h2>\(MarkupText.escaped(heading))</h2>\n" }
        for block in section.blocks {
            switch block {
            case .paragraph(let text):
                html += "<p>\(MarkupText.escaped(text))</p>\n"
            case let .lead(lead, text):
                html += "<p><span class=\"lead\">\(MarkupText.escaped(lead))</span>\(MarkupText.escaped(text))</p>\n"
            case .table(let table):
                html += HTMLParts.table(table)
            case .chart(let chart):
                let svg: String
                switch chart {
                case .ranking(let bars): svg = bars.svg()
                case .heatMap(let map): svg = map.svg()
                }
                html += "<figure class=\"chart\">\n\(svg)\n</figure>\n"
            }
        }
        return html
    }
}
