/// A WordprocessingML document laid out as a Chinese official document (公文, GB/T 9704-2012):
/// A4, the standard's margins, 仿宋_GB2312 三号 body on a 28 pt line, 黑体 / 楷体 headings,
/// 方正小标宋简体 二号 title and a "— N —" page number in the footer.
///
/// Output depends only on the value: no timestamps, fixed part order, fixed ZIP dates.
public struct DOCXDocument: Equatable, Sendable {
    public enum Alignment: Equatable, Sendable {
        case left, center, right, justified
    }

    /// Line breaks in any text ("\n", "\r\n", "\r") start a new paragraph with the same format,
    /// except in a title and in table cells, where they become line breaks inside the one
    /// paragraph. Tabs become Word tabs.
    public enum Block: Equatable, Sendable {
        /// 版头: the issuing office in red 方正小标宋简体 26 pt, centered; the document number
        /// (发文字号) centered under it; a red rule below.
        case letterhead(String, documentNumber: String?)
        /// A paragraph that opens with a 楷体 run-in heading ("（一）办件效率。") and goes on in 仿宋.
        case lead(String, text: String)
        /// 方正小标宋简体 22 pt (二号), centered.
        case title(String)
        /// 黑体 16 pt (三号), indented two characters like the body ("一、…").
        case heading1(String)
        /// 楷体_GB2312 16 pt, indented two characters ("（一）…").
        case heading2(String)
        /// 仿宋_GB2312 16 pt, first line indented two characters, exactly 28 pt line spacing.
        case paragraph(String, alignment: Alignment = .justified, firstLineIndent: Bool = true)
        /// 仿宋_GB2312 16 pt without indent: document number, addressee, signature and date lines.
        case plain(String, alignment: Alignment)
        /// 仿宋_GB2312 12 pt, bordered, as wide as the text; the header row is bold and repeats
        /// on every page, numeric columns (by index from 0) are right-aligned, and column widths
        /// follow the longest text in each column. An optional caption is centered above it.
        case table(header: [String], rows: [[String]], numericColumns: Set<Int>, caption: String?)
        /// The next block starts on a new page.
        case pageBreak
        /// The blocks after this one are on new, landscape pages (wide tables such as a 附件).
        case landscapePages
    }

    public var blocks: [Block]
    /// Footer centered "— PAGE —" in 宋体 14 pt (四号).
    public var footerPageNumbers: Bool = true

    public init(blocks: [Block] = [], footerPageNumbers: Bool = true) {
        self.blocks = blocks
        self.footerPageNumbers = footerPageNumbers
    }

    /// The .docx file.
    public func bytes() throws -> [UInt8] {
        var overrides: [(part: String, type: String)] = [
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
            ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
            ("/word/fontTable.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"),
        ]
        var relationships: [OfficeXML.Relationship] = [
            .init(id: "rId1", type: "styles", target: "styles.xml"),
            .init(id: "rId2", type: "settings", target: "settings.xml"),
            .init(id: "rId3", type: "fontTable", target: "fontTable.xml"),
        ]
        if footerPageNumbers {
            overrides.append(("/word/footer1.xml",
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"))
            relationships.append(.init(id: "rId4", type: "footer", target: "footer1.xml"))
        }
        var parts: [OfficePackage.Part] = [
            ("[Content_Types].xml", OfficeXML.bytes(OfficeXML.contentTypes(overrides: overrides))),
            ("_rels/.rels", OfficeXML.bytes(OfficeXML.rootRelationships(mainPart: "word/document.xml"))),
            ("docProps/core.xml", OfficeXML.bytes(OfficeXML.coreProperties)),
            ("docProps/app.xml", OfficeXML.bytes(OfficeXML.appProperties)),
            ("word/document.xml", OfficeXML.bytes(documentXML(footerID: footerPageNumbers ? "rId4" : nil))),
            ("word/_rels/document.xml.rels", OfficeXML.bytes(OfficeXML.relationships(relationships))),
            ("word/styles.xml", OfficeXML.bytes(DOCXParts.styles)),
            ("word/settings.xml", OfficeXML.bytes(DOCXParts.settings)),
            ("word/fontTable.xml", OfficeXML.bytes(DOCXParts.fontTable)),
        ]
        if footerPageNumbers {
            parts.append(("word/footer1.xml", OfficeXML.bytes(DOCXParts.pageNumberFooter)))
        }
        return try OfficePackage(parts: parts).bytes()
    }

    func documentXML(footerID: String?) -> String {
        var xml = OfficeXML.declaration
            + "<w:document xmlns:w=\"\(DOCXParts.wordNamespace)\" xmlns:r=\"\(OfficeXML.officeDocumentRelationships)\">"
            + "<w:body>"
        let body = DOCXBodyWriter.xml(for: blocks) { landscape in Self.sectionProperties(landscape: landscape, footerID: footerID) }
        xml += body.xml + Self.sectionProperties(landscape: body.endsLandscape, footerID: footerID) + "</w:body></w:document>"
        return xml
    }

    /// A section's page: A4 portrait with the GB/T 9704 margins, or A4 landscape for wide
    /// tables with the same margins turned a quarter (the binding edge stays the long one).
    static func sectionProperties(landscape: Bool, footerID: String?) -> String {
        var xml = "<w:sectPr>"
        if let footerID { xml += "<w:footerReference w:type=\"default\" r:id=\"\(footerID)\"/>" }
        if landscape {
            xml += "<w:pgSz w:w=\"\(Page.height)\" w:h=\"\(Page.width)\" w:orient=\"landscape\"/>"
                + "<w:pgMar w:top=\"\(Page.left)\" w:right=\"\(Page.bottom)\" w:bottom=\"\(Page.right)\" "
                + "w:left=\"\(Page.top)\" w:header=\"\(Page.header)\" w:footer=\"\(Page.header)\" w:gutter=\"0\"/>"
        } else {
            xml += "<w:pgSz w:w=\"\(Page.width)\" w:h=\"\(Page.height)\"/>"
                + "<w:pgMar w:top=\"\(Page.top)\" w:right=\"\(Page.right)\" w:bottom=\"\(Page.bottom)\" "
                + "w:left=\"\(Page.left)\" w:header=\"\(Page.header)\" w:footer=\"\(Page.footer)\" w:gutter=\"0\"/>"
        }
        return xml + "<w:cols w:space=\"425\"/></w:sectPr>"
    }

    /// Page geometry in twips (1/1440 inch).
    enum Page {
        static func twips(millimetres: Double) -> Int {
            Int((millimetres * 1440 / 25.4).rounded())
        }

        static let width = 11906
        static let height = 16838
        static let top = twips(millimetres: 37)
        static let bottom = twips(millimetres: 35)
        static let left = twips(millimetres: 28)
        static let right = twips(millimetres: 26)
        static let header = twips(millimetres: 15)
        /// GB/T 9704 puts the page number line 7 mm below the text block, i.e. its top 28 mm
        /// above the page edge; a 四号 line is about 6 mm high, so its bottom sits near 22 mm.
        static let footer = twips(millimetres: 22)
        static let textWidth = width - left - right
        static let landscapeTextWidth = height - top - bottom
    }
}
