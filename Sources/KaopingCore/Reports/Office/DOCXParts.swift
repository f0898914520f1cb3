/// The fixed parts of a DOCX package besides the document body, and the run and paragraph
/// formats that the body, its tables and the footers share.
enum DOCXParts {
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// 28 pt in twips: GB/T 9704 sets 22 lines of 三号 text on a page, which at the standard's
    /// type area is the customary "fixed 28 pt" line spacing of official documents.
    static let bodyLine = 560

    private static func runProperties(eastAsia: String, latin: String = DOCXFonts.latin, halfPoints: Int) -> String {
        "<w:rPr><w:rFonts w:ascii=\"\(latin)\" w:hAnsi=\"\(latin)\" w:eastAsia=\"\(eastAsia)\" w:cs=\"\(latin)\"/>"
            + "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/></w:rPr>"
    }

    /// Defaults match the body text, so text added later in Word looks like the rest. The
    /// heading styles carry outline levels so Word's navigation pane and a table of contents
    /// see the document's structure.
    static let styles = OfficeXML.declaration
        + "<w:styles xmlns:w=\"\(wordNamespace)\">"
        + "<w:docDefaults><w:rPrDefault><w:rPr>"
        + "<w:rFonts w:ascii=\"\(DOCXFonts.latin)\" w:hAnsi=\"\(DOCXFonts.latin)\" "
        + "w:eastAsia=\"\(DOCXFonts.fangsong)\" w:cs=\"\(DOCXFonts.latin)\"/>"
        + "<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
        + "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
        + "<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"\(bodyLine)\" w:lineRule=\"exact\"/>"
        + "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
        + "<w:pPr><w:widowControl w:val=\"0\"/></w:pPr></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
        + "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
        + runProperties(eastAsia: DOCXFonts.title, halfPoints: 44) + "</w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
        + "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        + "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr>"
        + runProperties(eastAsia: DOCXFonts.heiti, halfPoints: 32) + "</w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
        + "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        + "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr>"
        + runProperties(eastAsia: DOCXFonts.kaiti, halfPoints: 32) + "</w:style>"
        + "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
        + "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
        + "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
        + "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
        + "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        + "</w:styles>"

    /// compressPunctuation is what Chinese Word templates use; compatibilityMode 15 keeps
    /// Word from opening the file in compatibility (Word 2007) mode. evenAndOddHeaders makes
    /// even pages take the even footer, whose page number sits on the left.
    static func settings(evenAndOddFooters: Bool) -> String {
        OfficeXML.declaration
        + "<w:settings xmlns:w=\"\(wordNamespace)\">"
        + "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"640\"/>"
        + (evenAndOddFooters ? "<w:evenAndOddHeaders/>" : "")
        + "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
        + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        + "w:val=\"15\"/></w:compat>"
        + "<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
        + "</w:settings>"
    }

    /// The altName entries let Word substitute the fonts that ship with Windows (仿宋, 楷体,
    /// 宋体) on machines without the GB2312-era or Founder fonts, instead of a Latin default.
    static let fontTable: String = {
        let fonts: [(name: String, alternative: String?, charset: String, family: String, pitch: String)] = [
            (DOCXFonts.latin, nil, "00", "roman", "variable"),
            (DOCXFonts.fangsong, "仿宋", "86", "modern", "fixed"),
            (DOCXFonts.kaiti, "楷体", "86", "modern", "fixed"),
            (DOCXFonts.heiti, "SimHei", "86", "modern", "fixed"),
            (DOCXFonts.songti, "SimSun", "86", "auto", "variable"),
            (DOCXFonts.title, "宋体", "86", "script", "variable"),
        ]
        var xml = OfficeXML.declaration + "<w:fonts xmlns:w=\"\(wordNamespace)\">"
        for font in fonts {
            xml += "<w:font w:name=\"\(font.name)\">"
            if let alternative = font.alternative { xml += "<w:altName w:val=\"\(alternative)\"/>" }
            xml += "<w:charset w:val=\"\(font.charset)\"/><w:family w:val=\"\(font.family)\"/>"
                + "<w:pitch w:val=\"\(font.pitch)\"/></w:font>"
        }
        return xml + "</w:fonts>"
    }()

    /// "— N —" in 宋体 四号 with half-width digits, as GB/T 9704 §7.5 prints page numbers:
    /// odd pages on the right, even pages on the left, one 四号 character (14 pt) in from the
    /// edge of the text. The PAGE field is cached as "1"; Word and WPS recompute it for every
    /// page.
    static func pageNumberFooter(oddPages: Bool) -> String {
        let run = DOCXRunFormat(eastAsia: DOCXFonts.songti, latin: DOCXFonts.songti, halfPoints: 28)
        let character = run.halfPoints * 10
        let format = DOCXParagraphFormat(alignment: oddPages ? .right : .left, exactLine: nil,
                                         leftIndent: oddPages ? 0 : character, rightIndent: oddPages ? character : 0, run: run)
        let pieces = [
            "<w:t xml:space=\"preserve\">— </w:t>",
            "<w:fldChar w:fldCharType=\"begin\"/>",
            "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>",
            "<w:fldChar w:fldCharType=\"separate\"/>",
            "<w:t>1</w:t>",
            "<w:fldChar w:fldCharType=\"end\"/>",
            "<w:t xml:space=\"preserve\"> —</w:t>",
        ]
        return OfficeXML.declaration
            + "<w:ftr xmlns:w=\"\(wordNamespace)\" xmlns:r=\"\(OfficeXML.officeDocumentRelationships)\">"
            + "<w:p>\(format.properties(pageBreakBefore: false))"
            + pieces.map { "<w:r>\(run.xml)\($0)</w:r>" }.joined()
            + "</w:p></w:ftr>"
    }
}

/// Run formatting. Fonts are set on every run, not only in styles.xml, because WPS and older
/// Word versions otherwise fall back to their own defaults for East Asian text.
struct DOCXRunFormat {
    var eastAsia: String
    var latin: String = DOCXFonts.latin
    /// Half-points, as WordprocessingML measures font sizes.
    var halfPoints: Int
    var bold = false
    /// RRGGBB; the letterhead is red (版头).
    var color: String?
    /// Twips added after each character; negative condenses (a long letterhead).
    var characterSpacing: Int?

    var xml: String {
        let east = MarkupText.escaped(eastAsia), west = MarkupText.escaped(latin)
        // hint="eastAsia" makes characters shared by both scripts (“ ” — …) take the Chinese
        // font, so punctuation comes out full-width as in print.
        var xml = "<w:rPr><w:rFonts w:ascii=\"\(west)\" w:hAnsi=\"\(west)\" w:eastAsia=\"\(east)\" w:cs=\"\(west)\" "
            + "w:hint=\"eastAsia\"/>"
        if bold { xml += "<w:b/><w:bCs/>" }
        if let color { xml += "<w:color w:val=\"\(color)\"/>" }
        if let characterSpacing { xml += "<w:spacing w:val=\"\(characterSpacing)\"/>" }
        return xml + "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>"
            + "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>"
    }
}

enum DOCXFonts {
    static let title = "方正小标宋简体"
    static let heiti = "黑体"
    static let kaiti = "楷体_GB2312"
    static let fangsong = "仿宋_GB2312"
    static let songti = "宋体"
    static let latin = "Times New Roman"
}

struct DOCXParagraphFormat {
    var style: String?
    var alignment: DOCXDocument.Alignment = .justified
    var firstLineIndent = false
    var keepNext = false
    /// Exact line height in twips; nil means single spacing (used in tables).
    var exactLine: Int? = DOCXParts.bodyLine
    /// Space after the paragraph in twips: 560 is one blank 28 pt line.
    var spaceAfter = 0
    /// Left and right indents in twips (the page number's one character from the edge).
    var leftIndent = 0, rightIndent = 0
    /// A rule under the paragraph (the red 分隔线 under the document number), as RRGGBB.
    var ruleBelow: String?
    var run: DOCXRunFormat

    func properties(pageBreakBefore: Bool) -> String {
        var xml = "<w:pPr>"
        if let style { xml += "<w:pStyle w:val=\"\(style)\"/>" }
        if keepNext { xml += "<w:keepNext/>" }
        if pageBreakBefore { xml += "<w:pageBreakBefore/>" }
        if let ruleBelow { xml += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"12\" w:color=\"\(ruleBelow)\"/></w:pBdr>" }
        let line = exactLine.map { "w:line=\"\($0)\" w:lineRule=\"exact\"" } ?? "w:line=\"240\" w:lineRule=\"auto\""
        xml += "<w:spacing w:before=\"0\" w:after=\"\(spaceAfter)\" \(line)/>"
        let sides = (leftIndent != 0 ? "w:left=\"\(leftIndent)\" " : "") + (rightIndent != 0 ? "w:right=\"\(rightIndent)\" " : "")
        if firstLineIndent {
            // firstLineChars scales with the font (Word, WPS); firstLine is the same two
            // characters in twips for readers that ignore the character unit.
            xml += "<w:ind \(sides)w:firstLineChars=\"200\" w:firstLine=\"\(run.halfPoints * 20)\"/>"
        } else {
            xml += "<w:ind \(sides)w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
        }
        xml += "<w:jc w:val=\"\(Self.justification(alignment))\"/>"
        return xml + run.xml + "</w:pPr>"
    }

    static func justification(_ alignment: DOCXDocument.Alignment) -> String {
        switch alignment {
        case .left: return "left"
        case .center: return "center"
        case .right: return "right"
        case .justified: return "both"
        }
    }
}
