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

    var xml: String {
        let east = MarkupText.escaped(eastAsia), west = MarkupText.escaped(latin)
        // hint="eastAsia" makes characters shared by both scripts (“ ” — …) take the Chinese
        // font, so punctuation comes out full-width as in print.
        var xml = "<w:rPr><w:rFonts w:ascii=\"\(west)\" w:hAnsi=\"\(west)\" w:eastAsia=\"\(east)\" w:cs=\"\(west)\" "
            + "w:hint=\"eastAsia\"/>"
        if bold { xml += "<w:b/><w:bCs/>" }
        if let color { xml += "<w:color w:val=\"\(color)\"/>" }
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
    /// A rule under the paragraph (the red 分隔线 under the document number), as RRGGBB.
    var ruleBelow: String?
    var run: DOCXRunFormat

    func properties(pageBreakBefore: Bool) -> String {
        var xml = "<w:pPr>"
        if let style { xml += "<w:pStyle w:val=\"\(style)\"/>" }
        if keepNext { xml += "<w:keepNext/>" }
        if pageBreakBefore { xml += "<w:pageBreakBefore/>" }
        if let ruleBelow { xml += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"12\" w:color=\"\(ruleBelow)\"/></w:pBdr>" }
        if let exactLine {
            xml += "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"\(exactLine)\" w:lineRule=\"exact\"/>"
        } else {
            xml += "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
        }
        if firstLineIndent {
            // firstLineChars scales with the font (Word, WPS); firstLine is the same two
            // characters in twips for readers that ignore the character unit.
            xml += "<w:ind w:firstLineChars=\"200\" w:firstLine=\"\(run.halfPoints * 20)\"/>"
        } else {
            xml += "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
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

/// Renders blocks into the children of <w:body>.
enum DOCXBodyWriter {
    /// `sectionEnd` gives the properties of a section that ends mid-document (portrait or not).
    static func xml(for blocks: [DOCXDocument.Block], sectionEnd: (Bool) -> String) -> (xml: String, endsLandscape: Bool) {
        var xml = ""
        var landscape = false
        // A page break is carried as pageBreakBefore on the next paragraph: a paragraph that
        // holds only a break would leave an empty line at the top of the new page.
        var breakPending = false
        func paragraphs(_ text: String, _ format: DOCXParagraphFormat) {
            for line in lines(text) {
                xml += paragraph(runs: runs(line, format.run), format, pageBreakBefore: breakPending)
                breakPending = false
            }
        }
        for (index, block) in blocks.enumerated() {
            switch block {
            case let .letterhead(issuer, number):
                // GB/T 9704 版头: the issuing office in red 小标宋, the number centred under it,
                // then a red rule across the text width.
                let red = "C00000"
                var office = DOCXParagraphFormat(alignment: .center, exactLine: nil,
                                                 run: .init(eastAsia: DOCXFonts.title, halfPoints: 52, color: red))
                if number == nil { office.ruleBelow = red }
                paragraphs(issuer, office)
                if let number {
                    paragraphs(number, .init(alignment: .center, ruleBelow: red, run: body))
                }
                xml += emptyParagraph
            case let .lead(lead, text):
                let format = DOCXParagraphFormat(alignment: .justified, firstLineIndent: true, run: body)
                let leadRun = runs(lead, DOCXRunFormat(eastAsia: DOCXFonts.kaiti, halfPoints: 32))
                xml += paragraph(runs: leadRun + runs(text, body), format, pageBreakBefore: breakPending)
                breakPending = false
            case .title(let text):
                let format = DOCXParagraphFormat(style: "Title", alignment: .center,
                                                 run: .init(eastAsia: DOCXFonts.title, halfPoints: 44))
                let content = lines(text).map { runs($0, format.run) }.joined(separator: lineBreak(format.run))
                xml += paragraph(runs: content, format, pageBreakBefore: breakPending)
                breakPending = false
            case .heading1(let text):
                paragraphs(text, .init(style: "Heading1", firstLineIndent: true, keepNext: true,
                                       run: .init(eastAsia: DOCXFonts.heiti, halfPoints: 32)))
            case .heading2(let text):
                paragraphs(text, .init(style: "Heading2", firstLineIndent: true, keepNext: true,
                                       run: .init(eastAsia: DOCXFonts.kaiti, halfPoints: 32)))
            case .paragraph(let text, let alignment, let indent):
                paragraphs(text, .init(alignment: alignment, firstLineIndent: indent, run: body))
            case .plain(let text, let alignment):
                paragraphs(text, .init(alignment: alignment, run: body))
            case .table(let header, let rows, let numeric, let caption):
                if let caption {
                    paragraphs(caption, .init(alignment: .center, keepNext: true,
                                              run: .init(eastAsia: DOCXFonts.heiti, halfPoints: 28)))
                }
                let width = landscape ? DOCXDocument.Page.landscapeTextWidth : DOCXDocument.Page.textWidth
                guard let table = DOCXTableWriter.xml(header: header, rows: rows, numericColumns: numeric, width: width) else { break }
                if breakPending {
                    xml += pageBreakParagraph
                    breakPending = false
                }
                xml += table
                // Word merges two adjacent tables into one, and wants a paragraph after the
                // last table of the body.
                let next = blocks.indices.contains(index + 1) ? blocks[index + 1] : nil
                if case .table(_, _, _, nil)? = next { xml += emptyParagraph }
                if next == nil { xml += emptyParagraph }
            case .pageBreak:
                if breakPending { xml += pageBreakParagraph }
                breakPending = true
            case .landscapePages:
                // A section ends with a paragraph carrying its properties; the next section
                // starts on a new page by default.
                xml += "<w:p><w:pPr>\(sectionEnd(landscape))</w:pPr></w:p>"
                landscape = true
                breakPending = false
            }
        }
        if breakPending { xml += pageBreakParagraph }
        return (xml, landscape)
    }

    static let body = DOCXRunFormat(eastAsia: DOCXFonts.fangsong, halfPoints: 32)

    static func paragraph(runs: String, _ format: DOCXParagraphFormat, pageBreakBefore: Bool) -> String {
        "<w:p>\(format.properties(pageBreakBefore: pageBreakBefore))\(runs)</w:p>"
    }

    static var emptyParagraph: String {
        "<w:p>\(DOCXParagraphFormat(run: body).properties(pageBreakBefore: false))</w:p>"
    }

    static var pageBreakParagraph: String {
        "<w:p>\(DOCXParagraphFormat(run: body).properties(pageBreakBefore: false))"
            + "<w:r>\(body.xml)<w:br w:type=\"page\"/></w:r></w:p>"
    }

    static func lineBreak(_ format: DOCXRunFormat) -> String {
        "<w:r>\(format.xml)<w:br/></w:r>"
    }

    static func lines(_ text: String) -> [String] {
        OfficeXML.lines(text)
    }

    /// One run per line of text, with tabs as <w:tab/>; nothing for an empty line.
    static func runs(_ line: String, _ format: DOCXRunFormat) -> String {
        guard !line.isEmpty else { return "" }
        var content = ""
        let segments = line.unicodeScalars.split(separator: "\t", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if index > 0 { content += "<w:tab/>" }
            let escaped = MarkupText.escaped(String(String.UnicodeScalarView(segment)))
            if !escaped.isEmpty { content += "<w:t xml:space=\"preserve\">\(escaped)</w:t>" }
        }
        return content.isEmpty ? "" : "<w:r>\(format.xml)\(content)</w:r>"
    }
}
