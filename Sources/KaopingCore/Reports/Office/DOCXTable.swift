/// Renders a bordered table as wide as the text block.
enum DOCXTableWriter {
    /// 小四 (12 pt): the upper end of the 10.5–12 pt usual for tables in official documents;
    /// 小五 (9 pt) for tables of more than 12 columns, such as a score table with a column per
    /// indicator.
    static func cellRun(columns: Int) -> DOCXRunFormat {
        DOCXRunFormat(eastAsia: DOCXFonts.fangsong, halfPoints: columns > 12 ? 18 : 24)
    }

    /// Nil when there is not a single column to draw: Word rejects a table without cells.
    static func xml(header: [String], rows: [[String]], numericColumns: Set<Int>, width: Int = DOCXDocument.Page.textWidth) -> String? {
        let columnCount = rows.reduce(header.count) { max($0, $1.count) }
        guard columnCount > 0 else { return nil }
        let run = cellRun(columns: columnCount)
        let widths = columnWidths(header: header, rows: rows, numericColumns: numericColumns, columnCount: columnCount,
                                  total: width, halfPoints: run.halfPoints)
        let margin = cellMargin(columns: columnCount)

        var xml = "<w:tbl><w:tblPr>"
            + "<w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            + "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        // A fixed layout keeps the computed widths; "autofit" would let Word and WPS
        // re-flow columns differently from each other.
        xml += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblCellMar><w:left w:w=\"\(margin)\" w:type=\"dxa\"/><w:right w:w=\"\(margin)\" w:type=\"dxa\"/></w:tblCellMar>"
            + "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
            + "w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"

        if !header.isEmpty {
            // Word fills a wrapped header greedily (指标得/分); explicit breaks at the narrowest
            // width that needs no more lines part it evenly (指标/得分).
            let room = widths.map { ($0 - 2 * margin - slack) * 4 / (run.halfPoints * 5) }
            let balanced = header.enumerated().map { $1.isEmpty || $0 >= room.count ? $1 : balancedLines($1, width: room[$0]) }
            xml += row(balanced, widths: widths, isHeader: true, numericColumns: numericColumns, run: run)
        }
        for cells in rows {
            xml += row(cells, widths: widths, isHeader: false, numericColumns: numericColumns, run: run)
        }
        return xml + "</w:tbl>"
    }

    private static func row(_ cells: [String], widths: [Int], isHeader: Bool, numericColumns: Set<Int>, run cellRun: DOCXRunFormat) -> String {
        // tblHeader repeats the row at the top of every page the table runs onto; cantSplit
        // keeps a row's lines together so a number is never parted from its label.
        var xml = "<w:tr><w:trPr><w:cantSplit/>\(isHeader ? "<w:tblHeader/>" : "")</w:trPr>"
        for (index, width) in widths.enumerated() {
            let text = index < cells.count ? cells[index] : ""
            var run = cellRun
            run.bold = isHeader
            let alignment: DOCXDocument.Alignment = isHeader
                ? .center : (numericColumns.contains(index) ? .right : .left)
            let format = DOCXParagraphFormat(alignment: alignment, exactLine: nil, run: run)
            let content = DOCXBodyWriter.lines(text).map { DOCXBodyWriter.runs($0, run) }
                .joined(separator: DOCXBodyWriter.lineBreak(run))
            xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
                + DOCXBodyWriter.paragraph(runs: content, format, pageBreakBefore: false) + "</w:tc>"
        }
        return xml + "</w:tr>"
    }

    /// Inner left and right cell margin in twips: 1.5 mm, or 1 mm in a dense 小五 table, where
    /// the twips the margins give back keep the headers to three lines.
    static func cellMargin(columns: Int) -> Int {
        columns > 12 ? 57 : 85
    }

    /// Twips a column keeps free beyond its margins, for rounding in the reader's layout.
    static let slack = 20

    /// Column widths in twips that add up to `total`, sized by content and granted in order of
    /// what hurts most when missing, each stage only as far as the width allows:
    /// 1. every column its floor: a number column its widest entry (a number never wraps), a
    ///    text column its widest line up to four characters, a header its longest word (a
    ///    two-character header such as 名次 is one word);
    /// 2. text columns their widest line up to ten CJK characters (退役军人事务局 on one line);
    /// 3. headers at most three lines;
    /// 4. number columns half a digit of air beyond their widest entry ("20.00" gets 5.5
    ///    digits, a rank 3);
    /// 5. text columns their widest line, however long;
    /// 6. headers on two lines, then 7. on one: whole columns, cheapest first, since a header
    ///    that gains width without losing a line gains nothing.
    /// A stage that does not fit is shared out in proportion to what each column still wants,
    /// and the stages after it are skipped; width left after the last is spread in proportion.
    static func columnWidths(header: [String], rows: [[String]], numericColumns: Set<Int> = [], columnCount: Int,
                             total: Int, halfPoints: Int = 24) -> [Int] {
        let padding = 2 * cellMargin(columns: columnCount) + slack
        let em = 8
        func twips(_ eighths: Int) -> Int { (eighths * halfPoints * 5 + 3) / 4 + padding }
        let columns = 0..<columnCount
        var widest = Array(repeating: 0, count: columnCount)
        for cells in rows {
            for (index, text) in cells.enumerated() where index < columnCount {
                widest[index] = max(widest[index], DOCXBodyWriter.lines(text).map(eighthEms).max() ?? 0)
            }
        }
        let titles = columns.map { $0 < header.count ? header[$0] : "" }
        let isNumber = columns.map(numericColumns.contains)
        let stages: [(wants: [Int], wholeColumns: Bool)] = [
            (columns.map { max(isNumber[$0] ? widest[$0] : min(widest[$0], 4 * em), headerWidth(titles[$0], lines: .max), em / 2) }, false),
            (columns.map { isNumber[$0] ? 0 : min(widest[$0], 10 * em) }, false),
            (titles.map { headerWidth($0, lines: 3) }, false),
            (columns.map { isNumber[$0] && widest[$0] > 0 ? widest[$0] + em / 2 : 0 }, false),
            (widest, false),
            (titles.map { headerWidth($0, lines: 2) }, true),
            (titles.map { headerWidth($0, lines: 1) }, true),
        ]

        var widths = stages[0].wants.map(twips)
        if widths.reduce(0, +) > total {
            // Too many columns for even the floors: plain proportions.
            let sum = widths.reduce(0, +)
            widths = widths.map { max(1, total * $0 / sum) }
        } else {
            for stage in stages.dropFirst() {
                let wants = zip(widths, stage.wants.map(twips)).map { max(0, $1 - $0) }
                let wanted = wants.reduce(0, +)
                var room = total - widths.reduce(0, +)
                if wanted <= room {
                    widths = zip(widths, wants).map { $0 + $1 }
                } else if stage.wholeColumns {
                    for index in columns.sorted(by: { (wants[$0], $0) < (wants[$1], $1) }) where wants[index] <= room {
                        widths[index] += wants[index]
                        room -= wants[index]
                    }
                    break
                } else {
                    widths = zip(widths, wants).map { $0 + $1 * room / wanted }
                    break
                }
            }
            let sum = widths.reduce(0, +)
            widths = widths.map { $0 + $0 * (total - sum) / sum }
        }
        // Integer division leaves a few twips over; the last column takes them so the table
        // is exactly as wide as the text block.
        widths[widths.count - 1] += total - widths.reduce(0, +)
        return widths
    }

    /// The narrowest width, in eighths of an em, at which a header wraps into at most `lines`
    /// lines (besides its own line breaks).
    static func headerWidth(_ text: String, lines limit: Int) -> Int {
        let paragraphs = DOCXBodyWriter.lines(text)
        let widest = paragraphs.map(eighthEms).max() ?? 0
        // Split into words once; each width tried only counts lines (see `lineCount`).
        let pieces = paragraphs.map(words)
        var width = pieces.joined().map(\.width).max() ?? 0
        while width < widest, pieces.reduce(0, { $0 + lineCount($1, width: width) }) > max(limit, paragraphs.count) {
            width += 1
        }
        return width
    }

    /// The text with a line break wherever it wraps at `width` eighths of an em, its lines made
    /// as even as the same number of lines allows (承诺时/限办/结率 rather than 承诺时/限办结/率):
    /// each line is filled towards an equal share of what is left, never past the narrowest
    /// width that gives that many lines.
    static func balancedLines(_ text: String, width: Int) -> String {
        DOCXBodyWriter.lines(text).map { line in
            let pieces = words(line)
            let count = lineCount(pieces, width: width)
            guard count > 1 else { return line }
            var limit = pieces.map(\.width).max() ?? 0
            while limit < width, lineCount(pieces, width: limit) > count { limit += 1 }
            var lines: [String] = [], current = "", used = 0
            var left = pieces.reduce(0) { $0 + $1.width }
            for word in pieces {
                let share = Double(used + left) / Double(max(1, count - lines.count))
                if used + word.width <= limit && (used == 0 || Double(used + word.width) - share <= share - Double(used)) {
                    if used > 0 || !word.isSpace { current += word.text }
                    used += used == 0 && word.isSpace ? 0 : word.width
                } else if !word.isSpace {
                    lines.append(String(current.reversed().drop { $0 == " " }.reversed()))
                    current = word.text
                    used = word.width
                }
                left -= word.width
            }
            lines.append(current)
            return (lines.count <= count ? lines : wrapped(line, width: limit)).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// A stretch of a line that is never broken inside: a run of Latin letters and digits, one
    /// CJK character, or one space; its width in eighths of an em.
    typealias Word = (text: String, width: Int, isSpace: Bool)

    /// Where greedy line filling puts a word.
    private enum Placement {
        case onLine
        case startsLine
        /// A space at the start of a line, or one that would not fit: it takes no room.
        case dropped
    }

    /// Greedy line filling, as Word does it: `body` learns where each word goes, in order. The
    /// one rule behind `wrapped` and `lineCount`.
    private static func fill(_ words: [Word], width: Int, _ body: (Word, Placement) -> Void) {
        var used = 0
        for word in words {
            if used + word.width <= width || (used == 0 && !word.isSpace) {
                body(word, used > 0 || !word.isSpace ? .onLine : .dropped)
                used += word.isSpace && used == 0 ? 0 : word.width
            } else if !word.isSpace {
                body(word, .startsLine)
                used = word.width
            } else {
                body(word, .dropped)
            }
        }
    }

    /// The line wrapped at `width`; a space that ends a line takes no room.
    static func wrapped(_ line: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        fill(words(line), width: width) { word, placement in
            switch placement {
            case .onLine:
                current += word.text
            case .startsLine:
                lines.append(String(current.reversed().drop { $0 == " " }.reversed()))
                current = word.text
            case .dropped:
                break
            }
        }
        return lines + [current]
    }

    /// How many lines `wrapped` makes of these words at `width`, without making them: the
    /// widths tried one after another for each header cell were each a whole wrapping, a
    /// string per line, on the one core that builds the Word bulletin.
    static func lineCount(_ words: [Word], width: Int) -> Int {
        var count = 1
        fill(words, width: width) { _, placement in
            if case .startsLine = placement { count += 1 }
        }
        return count
    }

    /// Where a line may break: between CJK characters and at spaces, never inside a Latin
    /// word, and not inside a header of one or two characters such as 名次.
    static func words(_ line: String) -> [Word] {
        guard line.unicodeScalars.count > 2 else { return [(line, eighthEms(line), false)] }
        var words: [Word] = []
        var run = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if isWide(scalar) || scalar == " " {
                if !run.isEmpty { words.append((String(run), eighthEms(String(run)), false)) }
                run = String.UnicodeScalarView()
                words.append((String(scalar), eighthEms(scalar), scalar == " "))
            } else {
                run.append(scalar)
            }
        }
        if !run.isEmpty { words.append((String(run), eighthEms(String(run)), false)) }
        return words
    }

    /// Width in eighths of an em, after Times New Roman (the tables' Latin font) for ASCII: a
    /// digit is half an em, "." a quarter; a CJK character a full em.
    static func eighthEms(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + eighthEms($1) }
    }

    private static func eighthEms(_ scalar: Unicode.Scalar) -> Int {
        if isWide(scalar) { return 8 }
        switch scalar {
        case ".", ",", ":", ";", " ", "'", "!", "|", "i", "j", "l": return 2
        case "(", ")", "[", "]", "-", "/", "f", "r", "t", "I": return 3
        case "m", "w", "M", "W", "%", "@": return 7
        case "A"..."Z": return 6
        default: return 4
        }
    }

    /// Width in half-width columns: 2 for a CJK or full-width character, 1 for anything else.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// East Asian wide and full-width ranges (UAX #11, W and F) that tables in Chinese
    /// documents actually meet; combining marks are rare enough to count as one.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
