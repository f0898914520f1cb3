import Foundation
@testable import KaopingCore
import Testing

@Suite("DOCX document")
struct DOCXDocumentTests {
    static let sample = DOCXDocument(blocks: [
        .plain("某政发〔2024〕1号", alignment: .center),
        .title("关于考核结果的\n通报"),
        .plain("各单位：", alignment: .left),
        .paragraph("正文<script>&\"'\u{1}一\t二"),
        .heading1("一、总体情况"),
        .heading2("（一）得分"),
        .paragraph("第一段\r\n第二段", alignment: .left, firstLineIndent: false),
        .table(header: ["单位", "得分"], rows: [["市政务服务中心很长的名字", "93.75"], ["区<局>"]],
               numericColumns: [1], caption: "表1 得分"),
        .pageBreak,
        .plain("2024年3月1日", alignment: .right),
    ])

    /// The visible text of a paragraph as Word shows it: runs joined, tabs and breaks spelt out.
    static func text(_ paragraph: ParsedXML) -> String {
        paragraph.all("w:r").map { run in
            run.children.map { child -> String in
                switch child.name {
                case "w:t": return child.text
                case "w:tab": return "\t"
                case "w:br": return "\n"
                default: return ""
                }
            }.joined()
        }.joined()
    }

    static func body(_ document: DOCXDocument) throws -> ParsedXML {
        try #require(try OfficeTestArchive(document.bytes()).xml("word/document.xml").first("w:body"))
    }

    @Test("The package holds the parts Word expects")
    func entries() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        #expect(archive.names == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
            "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
            "word/footer1.xml", "word/footer2.xml",
        ])
        let rels = try archive.xml("word/_rels/document.xml.rels").all("Relationship").compactMap { $0["Target"] }
        #expect(rels == ["styles.xml", "settings.xml", "fontTable.xml", "footer1.xml", "footer2.xml"])
        #expect(!(try archive.text("docProps/core.xml")).contains("dcterms:"))
        for name in archive.names { _ = try archive.xml(name) }

        let plain = try OfficeTestArchive(DOCXDocument(blocks: [.plain("x", alignment: .left)],
                                                       footerPageNumbers: false).bytes())
        #expect(!plain.names.contains("word/footer1.xml") && !plain.names.contains("word/footer2.xml"))
        #expect(try plain.xml("word/document.xml").first("w:footerReference") == nil)
        #expect(try plain.xml("word/settings.xml").first("w:evenAndOddHeaders") == nil)
    }

    @Test("Paragraph texts, with escaping, line breaks and tabs")
    func paragraphs() throws {
        let body = try Self.body(Self.sample)
        let texts = body.children.filter { $0.name == "w:p" }.map(Self.text)
        #expect(texts == [
            "某政发〔2024〕1号", "关于考核结果的\n通报", "各单位：", "正文<script>&\"'一\t二", "一、总体情况", "（一）得分",
            "第一段", "第二段", "表1 得分", "2024年3月1日",
        ])
        let raw = try OfficeTestArchive(Self.sample.bytes()).text("word/document.xml")
        #expect(raw.contains("正文&lt;script&gt;&amp;&quot;&#39;一"))
    }

    @Test("Fonts on every run, by block kind")
    func fonts() throws {
        let body = try Self.body(Self.sample)
        let paragraphs = body.children.filter { $0.name == "w:p" }
        for run in body.all("w:r") {
            let fonts = try #require(run.first("w:rFonts"))
            #expect(fonts["w:ascii"] == "Times New Roman" && fonts["w:hAnsi"] == "Times New Roman")
            #expect(fonts["w:cs"] == "Times New Roman" && fonts["w:eastAsia"] != nil)
            #expect(run.first("w:lang")?["w:eastAsia"] == "zh-CN")
        }
        func font(_ index: Int) -> [String?] {
            let run = paragraphs[index].all("w:r").first
            return [run?.first("w:rFonts")?["w:eastAsia"], run?.first("w:sz")?["w:val"]]
        }
        #expect(font(0) == ["仿宋_GB2312", "32"])
        #expect(font(1) == ["方正小标宋简体", "44"])
        #expect(font(3) == ["仿宋_GB2312", "32"])
        #expect(font(4) == ["黑体", "32"])
        #expect(font(5) == ["楷体_GB2312", "32"])
        #expect(paragraphs[1].first("w:jc")?["w:val"] == "center")
        #expect(paragraphs[4].first("w:pStyle")?["w:val"] == "Heading1")
    }

    @Test("Body paragraphs: two-character indent, exact 28 pt lines, justified")
    func paragraphFormat() throws {
        let paragraphs = try Self.body(Self.sample).children.filter { $0.name == "w:p" }
        let body = paragraphs[3]
        #expect(body.first("w:ind")?["w:firstLineChars"] == "200" && body.first("w:ind")?["w:firstLine"] == "640")
        #expect(body.first("w:spacing")?["w:line"] == "560" && body.first("w:spacing")?["w:lineRule"] == "exact")
        #expect(body.first("w:jc")?["w:val"] == "both")
        #expect(paragraphs[2].first("w:ind")?["w:firstLineChars"] == "0", "plain lines are not indented")
        #expect(paragraphs[6].first("w:jc")?["w:val"] == "left" && paragraphs[6].first("w:ind")?["w:firstLine"] == "0")
        #expect(paragraphs[9].first("w:jc")?["w:val"] == "right")
        #expect(paragraphs[9].first("w:pageBreakBefore") != nil, "a page break moves the next paragraph")
        #expect(paragraphs.filter { $0.first("w:pageBreakBefore") != nil }.count == 1)
    }

    @Test("A4 page with the GB/T 9704 margins")
    func page() throws {
        let section = try #require(try Self.body(Self.sample).child("w:sectPr"))
        let size = try #require(section.child("w:pgSz"))
        #expect(size["w:w"] == "11906" && size["w:h"] == "16838")
        let margins = try #require(section.child("w:pgMar"))
        #expect([margins["w:top"], margins["w:bottom"], margins["w:left"], margins["w:right"]]
            == ["2098", "1984", "1587", "1474"])
        let footers = section.children.filter { $0.name == "w:footerReference" }
        #expect(footers.map { [$0["w:type"], $0["r:id"]] } == [["default", "rId4"], ["even", "rId5"]])
        #expect(section.children.first?.name == "w:footerReference", "references come first in sectPr")
        #expect(DOCXDocument.Page.textWidth == 8845)
    }

    @Test("Footers: — PAGE — in 宋体 14 pt, odd pages right and even pages left, one character in")
    func footer() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        for (part, side, other) in [("word/footer1.xml", "right", "left"), ("word/footer2.xml", "left", "right")] {
            let footer = try archive.xml(part)
            let paragraph = try #require(footer.first("w:p"))
            #expect(paragraph.first("w:jc")?["w:val"] == side, "\(part)")
            #expect(paragraph.first("w:ind")?["w:\(side)"] == "280" && paragraph.first("w:ind")?["w:\(other)"] == nil)
            #expect(footer.all("w:fldChar").map { $0["w:fldCharType"] } == ["begin", "separate", "end"])
            #expect(footer.first("w:instrText")?.text.trimmingCharacters(in: .whitespaces) == "PAGE")
            #expect(Self.text(paragraph) == "— 1 —")
            for run in footer.all("w:r") {
                #expect(run.first("w:rFonts")?["w:eastAsia"] == "宋体" && run.first("w:sz")?["w:val"] == "28")
            }
        }
        let settings = try archive.xml("word/settings.xml")
        #expect(settings.first("w:evenAndOddHeaders") != nil)
        let order = settings.children.map(\.name)
        #expect(order.firstIndex(of: "w:defaultTabStop")! < order.firstIndex(of: "w:evenAndOddHeaders")!
            && order.firstIndex(of: "w:evenAndOddHeaders")! < order.firstIndex(of: "w:characterSpacingControl")!,
                "CT_Settings order")
    }

    @Test("Table: repeated bold header, borders, numeric columns right, widths fill the text block")
    func table() throws {
        let body = try Self.body(Self.sample)
        let table = try #require(body.first("w:tbl"))
        let rows = table.all("w:tr")
        #expect(rows.count == 3)
        #expect(rows[0].first("w:tblHeader") != nil && rows[1].first("w:tblHeader") == nil)
        #expect(rows[0].all("w:r").allSatisfy { $0.first("w:b") != nil })
        #expect(rows[1].all("w:r").allSatisfy { $0.first("w:b") == nil })
        #expect(rows.map { $0.all("w:tc").map { Self.text($0) } } == [
            ["单位", "得分"], ["市政务服务中心很长的名字", "93.75"], ["区<局>", ""],
        ])
        #expect(rows[1].all("w:tc")[1].first("w:jc")?["w:val"] == "right")
        #expect(rows[1].all("w:tc")[0].first("w:jc")?["w:val"] == "left")
        #expect(table.all("w:r").allSatisfy { $0.first("w:sz")?["w:val"] == "24" })
        let borders = try #require(table.first("w:tblBorders")).children
        #expect(borders.map(\.name) == ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"])
        let grid = table.all("w:gridCol").compactMap { Int($0["w:w"] ?? "") }
        #expect(grid.reduce(0, +) == 8845 && grid[0] > grid[1])
    }

    @Test("Adjacent tables are kept apart and the body never ends with a table")
    func tableSeparation() throws {
        let document = DOCXDocument(blocks: [
            .table(header: ["a"], rows: [], numericColumns: [], caption: nil),
            .table(header: ["b"], rows: [], numericColumns: [], caption: nil),
        ])
        let names = try Self.body(document).children.map(\.name)
        #expect(names == ["w:tbl", "w:p", "w:tbl", "w:p", "w:sectPr"])
        let captionOnly = DOCXDocument(blocks: [.table(header: [], rows: [], numericColumns: [], caption: "表")])
        #expect(try Self.body(captionOnly).children.map(\.name) == ["w:p", "w:sectPr"])
    }

    @Test("A page break with nothing after it is an explicit break")
    func trailingBreak() throws {
        let body = try Self.body(DOCXDocument(blocks: [.plain("a", alignment: .left), .pageBreak]))
        #expect(body.all("w:br").first?["w:type"] == "page")
    }

    @Test("Styles and settings")
    func stylesAndSettings() throws {
        let archive = try OfficeTestArchive(Self.sample.bytes())
        let styles = try archive.xml("word/styles.xml")
        let defaults = try #require(styles.first("w:rPrDefault"))
        #expect(defaults.first("w:rFonts")?["w:eastAsia"] == "仿宋_GB2312" && defaults.first("w:sz")?["w:val"] == "32")
        #expect(styles.all("w:style").compactMap { $0["w:styleId"] }
            == ["Normal", "Title", "Heading1", "Heading2", "DefaultParagraphFont", "TableNormal"])
        let settings = try archive.xml("word/settings.xml")
        #expect(settings.first("w:compatSetting")?["w:val"] == "15")
        let fonts = try archive.xml("word/fontTable.xml").all("w:font").compactMap { $0["w:name"] }
        #expect(fonts.contains("仿宋_GB2312") && fonts.contains("方正小标宋简体"))
    }

    @Test("Same document, same bytes")
    func deterministic() throws {
        #expect(try Self.sample.bytes() == Self.sample.bytes())
    }
}
