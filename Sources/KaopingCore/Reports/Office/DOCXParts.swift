/// The fixed parts of a DOCX package besides the document body.
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
    /// Word from opening the file in compatibility (Word 2007) mode.
    static let settings = OfficeXML.declaration
        + "<w:settings xmlns:w=\"\(wordNamespace)\">"
        + "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"640\"/>"
        + "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
        + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        + "w:val=\"15\"/></w:compat>"
        + "<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
        + "</w:settings>"

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

    /// "— N —" centered, 宋体 四号 with half-width digits, as GB/T 9704 §7.5 prints page
    /// numbers. The PAGE field is cached as "1"; Word and WPS recompute it for every page.
    static let pageNumberFooter: String = {
        let run = DOCXRunFormat(eastAsia: DOCXFonts.songti, latin: DOCXFonts.songti, halfPoints: 28)
        let format = DOCXParagraphFormat(alignment: .center, exactLine: nil, run: run)
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
    }()
}
