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
                // GB/T 9704 版头: the issuing office in red 小标宋 (one line when it can be made
                // to fit), two blank lines, the number centred, a red rule 4 mm under it, then
                // one blank line.
                let red = "C00000", layout = DOCXLetterhead.layout(issuer)
                var office = DOCXParagraphFormat(alignment: .center, exactLine: nil,
                                                 run: .init(eastAsia: DOCXFonts.title, halfPoints: layout.halfPoints, color: red,
                                                            characterSpacing: layout.characterSpacing))
                for (position, line) in layout.lines.enumerated() {
                    if position == layout.lines.count - 1 {
                        if number == nil { office.ruleBelow = red } else { office.spaceAfter = 2 * DOCXParts.bodyLine }
                    }
                    paragraphs(line, office)
                }
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
                // One blank line between the title and the addressees.
                let format = DOCXParagraphFormat(style: "Title", alignment: .center, spaceAfter: DOCXParts.bodyLine,
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
            case .blankLine:
                paragraphs("", .init(run: body))
            case let .attachmentHeading(label, title):
                // GB/T 9704 §10: 附件 in 三号黑体 flush left on the page's first line, the
                // attachment's title centred on the third.
                paragraphs(label, .init(alignment: .left, keepNext: true, spaceAfter: DOCXParts.bodyLine,
                                        run: .init(eastAsia: DOCXFonts.heiti, halfPoints: 32)))
                if let title {
                    let format = DOCXParagraphFormat(alignment: .center, keepNext: true, spaceAfter: DOCXParts.bodyLine,
                                                     run: .init(eastAsia: DOCXFonts.title, halfPoints: 44))
                    let content = lines(title).map { runs($0, format.run) }.joined(separator: lineBreak(format.run))
                    xml += paragraph(runs: content, format, pageBreakBefore: breakPending)
                    breakPending = false
                }
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

/// Fits the issuing office (发文机关标志) to the text width. GB/T 9704 wants it on one line,
/// centred, shrunk or condensed when long; Word left to itself would wrap it mid-word.
enum DOCXLetterhead {
    struct Layout: Equatable {
        var lines: [String]
        var halfPoints: Int
        /// Twips per character, negative; nil when the text fits at its size.
        var characterSpacing: Int?
    }

    /// 26 pt (一号) down to 18 pt (小二): smaller would barely stand out from the 16 pt body.
    static let largest = 52, smallest = 36
    /// Condensing beyond 15% of the character width makes 小标宋 strokes run together.
    static let maxCondensePercent = 15
    /// Places a long office may be split at, so a name is never cut inside a word: after the
    /// last word of an office, or before the suffix of a long one.
    static let endings = ["办公室", "委员会", "人民政府"]
    static let splitBefore = ["工作领导小组办公室", "领导小组办公室", "委员会办公室", "办公室", "委员会", "领导小组"]

    static func layout(_ issuer: String, width: Int = DOCXDocument.Page.textWidth) -> Layout {
        var lines = OfficeXML.lines(issuer)
        for _ in 0..<3 {
            if let fitted = fit(lines, width: width) { return fitted }
            lines = lines.flatMap { fit([$0], width: width) == nil ? split($0, width: width) : [$0] }
        }
        return Layout(lines: lines, halfPoints: smallest, characterSpacing: -smallest * 10 * maxCondensePercent / 100)
    }

    /// The largest size at which every line fits, condensed at the smallest size if need be.
    /// A few twips stay free for rounding in the reader's layout.
    private static func fit(_ lines: [String], width: Int) -> Layout? {
        let room = width - 20
        let widest = lines.map(DOCXTableWriter.displayWidth).max() ?? 0
        for halfPoints in stride(from: largest, through: smallest, by: -2) where widest * halfPoints * 5 <= room {
            return Layout(lines: lines, halfPoints: halfPoints, characterSpacing: nil)
        }
        let condense = lines.map { line -> Int in
            let count = max(1, line.unicodeScalars.count)
            return (DOCXTableWriter.displayWidth(line) * smallest * 5 - room + count - 1) / count
        }.max() ?? 0
        guard condense * 100 <= smallest * 10 * maxCondensePercent else { return nil }
        return Layout(lines: lines, halfPoints: smallest, characterSpacing: -condense)
    }

    /// Two lines, parted where a name ends (after a space, 、 or an office's last word, as
    /// between joint issuers) or else before a known suffix: of those places the most even
    /// one at which both halves fit, the most even one overall when none does, the middle when
    /// the text offers none.
    static func split(_ line: String, width: Int) -> [String] {
        let characters = Array(line)
        guard characters.count > 1 else { return [line] }
        let separators: Set<Character> = [" ", "、", "　"]
        func trimmed(_ part: ArraySlice<Character>) -> String {
            String(part.drop { separators.contains($0) }.reversed().drop { separators.contains($0) }.reversed())
        }
        func halves(_ cut: Int) -> [String] { [trimmed(characters[..<cut]), trimmed(characters[cut...])] }
        let inner = 1..<characters.count
        let nameEnds = inner.filter { index in
            separators.contains(characters[index - 1]) || endings.contains { String(characters[..<index]).hasSuffix($0) }
        }
        let suffixes = inner.filter { index in splitBefore.contains { String(characters[index...]).hasPrefix($0) } }
        let total = DOCXTableWriter.displayWidth(line)
        func imbalance(_ index: Int) -> Int { abs(2 * DOCXTableWriter.displayWidth(String(characters[..<index])) - total) }
        for group in [nameEnds, suffixes] {
            let fitting = group.filter { cut in halves(cut).allSatisfy { fit([$0], width: width) != nil } }
            if let cut = fitting.min(by: { imbalance($0) < imbalance($1) }) { return halves(cut) }
        }
        return halves((nameEnds + suffixes).min { imbalance($0) < imbalance($1) } ?? characters.count / 2)
    }
}
