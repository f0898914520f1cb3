/// `bulletin.docx`: the bulletin's text and tables as WordprocessingML with the official fonts
/// named (方正小标宋简体 title, 仿宋_GB2312 body, 黑体 headings), for offices that edit before
/// sending. Charts stay in the HTML; the tables they draw are here.
public enum BulletinDOCX {
    public static func build(_ document: BulletinDocument) -> DOCXDocument {
        var blocks: [DOCXDocument.Block] = [.letterhead(document.issuer, documentNumber: document.documentNumber)]
        blocks.append(.title(BulletinHTML.titleLines(document.title).joined(separator: "\n")))
        blocks.append(.plain(document.addressees + (document.language == .zh ? "：" : ":"), alignment: .left))
        for section in document.sections { append(section, to: &blocks) }
        if let line = document.attachmentLine { blocks += [.blankLine, .paragraph(line, alignment: .justified, firstLineIndent: true)] }
        blocks += [.blankLine, .blankLine, .plain(document.signature, alignment: .right)]
        blocks.append(.plain(document.dateLine, alignment: .right))
        for attachment in document.attachments {
            blocks.append(.landscapePages)
            blocks.append(.attachmentHeading(attachment.heading ?? "附件", title: attachment.subtitle))
            var body = attachment
            body.heading = nil
            append(body, to: &blocks)
        }
        return DOCXDocument(blocks: blocks)
    }

    private static func append(_ section: BulletinSection, to blocks: inout [DOCXDocument.Block]) {
        if let heading = section.heading { blocks.append(.heading1(heading)) }
        for block in section.blocks {
            switch block {
            case .paragraph(let text): blocks.append(.paragraph(text, alignment: .justified, firstLineIndent: true))
            case let .lead(lead, text): blocks.append(.lead(lead, text: text))
            case .table(let table):
                blocks.append(.table(header: table.header, rows: table.rows, numericColumns: table.numericColumns, caption: table.caption))
                if let note = table.note { blocks.append(.plain(note, alignment: .left)) }
            case .chart: continue
            }
        }
    }
}
