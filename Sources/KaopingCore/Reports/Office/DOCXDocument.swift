/// A WordprocessingML document laid out as a Chinese official document (公文, GB/T 9704-2012):
/// A4, the standard's margins, 仿宋_GB2312 三号 body on a 28 pt line, 黑体 / 楷体 headings,
/// 方正小标宋简体 二号 title and a "— N —" page number in the footer, right on odd pages and
/// left on even ones.
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
        /// 版头: the issuing office in red 方正小标宋简体, centred on one line (26 pt, smaller
        /// down to 18 pt and then condensed when long; parted into two lines where a name ends
        /// or before a suffix such as 工作领导小组办公室 only when even that does not fit); two
        /// blank lines; the document number (发文字号) centred; a red rule 4 mm below it; one
        /// blank line.
        case letterhead(String, documentNumber: String?)
        /// A paragraph that opens with a 楷体 run-in heading ("（一）办件效率。") and goes on in 仿宋.
        case lead(String, text: String)
        /// 方正小标宋简体 22 pt (二号), centered, followed by one blank line.
        case title(String)
        /// 黑体 16 pt (三号), indented two characters like the body ("一、…").
        case heading1(String)
        /// 楷体_GB2312 16 pt, indented two characters ("（一）…").
        case heading2(String)
        /// 仿宋_GB2312 16 pt, first line indented two characters, exactly 28 pt line spacing.
        case paragraph(String, alignment: Alignment = .justified, firstLineIndent: Bool = true)
        /// 仿宋_GB2312 16 pt without indent: document number, addressee, signature and date lines.
        case plain(String, alignment: Alignment)
        /// One empty 28 pt body line: GB/T 9704 spaces the 附件 line one line below the body
        /// and the signature two.
        case blankLine
        /// The top of an attachment page (GB/T 9704 §10): the label ("附件", "附件2") in 黑体
        /// 16 pt flush left on the first line, and the attachment's title, if any, centred in
        /// 方正小标宋简体 22 pt on the third, followed by one blank line.
        case attachmentHeading(String, title: String?)
        /// 仿宋_GB2312 12 pt (9 pt beyond 12 columns), bordered, as wide as the text; the header
        /// row is bold and repeats on every page, numeric columns (by index from 0) are
        /// right-aligned; columns are sized by their content so that numbers and names up to
        /// ten characters do not wrap and headers take at most three evenly parted lines (see
        /// `DOCXTableWriter.columnWidths`). An optional caption is centered above it.
        case table(header: [String], rows: [[String]], numericColumns: Set<Int>, caption: String?)
        /// The next block starts on a new page.
        case pageBreak
        /// The blocks after this one are on new, landscape pages (wide tables such as a 附件).
        case landscapePages
    }

    public var blocks: [Block]
    /// "— PAGE —" in 宋体 14 pt (四号) at the foot of each page, one character in from the
    /// right edge of the text on odd pages and from the left edge on even ones (GB/T 9704 §7.5).
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
            for number in 1...2 {
                overrides.append(("/word/footer\(number).xml",
                                  "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"))
                relationships.append(.init(id: "rId\(number + 3)", type: "footer", target: "footer\(number).xml"))
            }
        }
        var parts: [OfficePackage.Part] = [
            ("[Content_Types].xml", OfficeXML.bytes(OfficeXML.contentTypes(overrides: overrides))),
            ("_rels/.rels", OfficeXML.bytes(OfficeXML.rootRelationships(mainPart: "word/document.xml"))),
            ("docProps/core.xml", OfficeXML.bytes(OfficeXML.coreProperties)),
            ("docProps/app.xml", OfficeXML.bytes(OfficeXML.appProperties)),
            ("word/document.xml", OfficeXML.bytes(documentXML(footers: footerPageNumbers ? Self.footerIDs : nil))),
            ("word/_rels/document.xml.rels", OfficeXML.bytes(OfficeXML.relationships(relationships))),
            ("word/styles.xml", OfficeXML.bytes(DOCXParts.styles)),
            ("word/settings.xml", OfficeXML.bytes(DOCXParts.settings(evenAndOddFooters: footerPageNumbers))),
            ("word/fontTable.xml", OfficeXML.bytes(DOCXParts.fontTable)),
        ]
        if footerPageNumbers {
            parts.append(("word/footer1.xml", OfficeXML.bytes(DOCXParts.pageNumberFooter(oddPages: true))))
            parts.append(("word/footer2.xml", OfficeXML.bytes(DOCXParts.pageNumberFooter(oddPages: false))))
        }
        return try OfficePackage(parts: parts).bytes()
    }

    /// Relationship ids of the odd-page (Word's "default") and even-page footers.
    static let footerIDs = (odd: "rId4", even: "rId5")

    func documentXML(footers: (odd: String, even: String)?) -> String {
        var xml = OfficeXML.declaration
            + "<w:document xmlns:w=\"\(DOCXParts.wordNamespace)\" xmlns:r=\"\(OfficeXML.officeDocumentRelationships)\">"
            + "<w:body>"
        let body = DOCXBodyWriter.xml(for: blocks) { landscape in Self.sectionProperties(landscape: landscape, footers: footers) }
        xml += body.xml + Self.sectionProperties(landscape: body.endsLandscape, footers: footers) + "</w:body></w:document>"
        return xml
    }

    /// A section's page: A4 portrait with the GB/T 9704 margins, or A4 landscape for wide
    /// tables with the same margins turned a quarter (the binding edge stays the long one).
    static func sectionProperties(landscape: Bool, footers: (odd: String, even: String)?) -> String {
        var xml = "<w:sectPr>"
        if let footers {
            xml += "<w:footerReference w:type=\"default\" r:id=\"\(footers.odd)\"/>"
                + "<w:footerReference w:type=\"even\" r:id=\"\(footers.even)\"/>"
        }
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
