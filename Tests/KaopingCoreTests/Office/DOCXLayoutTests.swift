import Foundation
@testable import KaopingCore
import Testing

/// The GB/T 9704 layout of the DOCX writer: letterhead, title spacing, blank lines, the
/// attachment heading and table column widths.
@Suite("DOCX layout")
struct DOCXLayoutTests {
    static let issuer = "青白江区规范化服务型政府建设工作领导小组办公室"

    static func paragraphs(_ blocks: [DOCXDocument.Block]) throws -> [ParsedXML] {
        try DOCXDocumentTests.body(DOCXDocument(blocks: blocks)).children.filter { $0.name == "w:p" }
    }

    @Test("Counting a header's lines at a width gives as many lines as wrapping it does")
    func lineCountMatchesWrapping() {
        let texts = ["名次", "承诺时限办结率", "Online share 网上办理占比", "a  b   c", " 前导空格", "末尾空格 ", "12345 678 9",
                     "政务服务事项承诺时限压缩比例（%）", "x", ""]
        for text in texts {
            let words = DOCXTableWriter.words(text)
            for width in 0...200 {
                #expect(DOCXTableWriter.lineCount(words, width: width) == DOCXTableWriter.wrapped(text, width: width).count,
                        "\(text) at \(width)")
            }
        }
    }

    @Test("The letterhead takes the largest size from 26 pt to 18 pt at which it fits on one line")
    func letterheadSize() {
        let width = DOCXDocument.Page.textWidth
        #expect(DOCXLetterhead.layout("某某市人民政府办公室") == .init(lines: ["某某市人民政府办公室"], halfPoints: 52))
        // 23 characters: 19 pt is 8,740 twips of the 8,845 available, 20 pt would be 9,200.
        #expect(DOCXLetterhead.layout(Self.issuer) == .init(lines: [Self.issuer], halfPoints: 38))
        let long = "成都市" + Self.issuer
        let condensed = DOCXLetterhead.layout(long)
        #expect(condensed.lines == [long] && condensed.halfPoints == 36)
        let spacing = condensed.characterSpacing ?? 0
        #expect(spacing < 0 && -spacing * 100 <= 360 * DOCXLetterhead.maxCondensePercent)
        #expect(long.count * (360 + spacing) <= width, "condensed just enough to fit")
        #expect(DOCXLetterhead.layout("甲局\n乙局") == .init(lines: ["甲局", "乙局"], halfPoints: 52), "own line breaks stay")
    }

    @Test("Too long even condensed: split where a name ends, else before a suffix, never mid-word")
    func letterheadSplit() {
        let joint = DOCXLetterhead.layout(Self.issuer + "成都市青白江区人民政府办公室")
        #expect(joint.lines == [Self.issuer, "成都市青白江区人民政府办公室"] && joint.halfPoints == 38)
        let spaced = DOCXLetterhead.layout(Self.issuer + " 区发展和改革局、区财政局")
        #expect(spaced.lines == [Self.issuer, "区发展和改革局、区财政局"])
        #expect(DOCXLetterhead.split(Self.issuer, width: 15 * 360) == ["青白江区规范化服务型政府建设", "工作领导小组办公室"])
        let plain = DOCXLetterhead.layout(String(repeating: "测", count: 40))
        #expect(plain.lines == [String(repeating: "测", count: 20), String(repeating: "测", count: 20)])
    }

    @Test("Letterhead paragraphs: red, two blank lines, the number, the red rule, one blank line")
    func letterheadXML() throws {
        let paragraphs = try Self.paragraphs([.letterhead(Self.issuer, documentNumber: "青规服办〔2022〕12号"), .plain("x", alignment: .left)])
        #expect(paragraphs.map(DOCXDocumentTests.text) == [Self.issuer, "青规服办〔2022〕12号", "", "x"])
        let office = paragraphs[0]
        #expect(office.first("w:sz")?["w:val"] == "38" && office.first("w:color")?["w:val"] == "C00000")
        #expect(office.first("w:jc")?["w:val"] == "center" && office.first("w:spacing")?["w:after"] == "1120")
        #expect(office.first("w:pBdr") == nil)
        #expect(paragraphs[1].first("w:pBdr")?.child("w:bottom")?["w:color"] == "C00000")
        #expect(paragraphs[2].first("w:spacing")?["w:line"] == "560", "one blank 28 pt line after the rule")

        let condensed = try Self.paragraphs([.letterhead("成都市" + Self.issuer, documentNumber: nil)])
        let run = try #require(condensed[0].first("w:r")?.first("w:rPr"))
        #expect(Int(run.child("w:spacing")?["w:val"] ?? "") ?? 0 < 0)
        #expect(run.children.map(\.name).firstIndex(of: "w:spacing")! < run.children.map(\.name).firstIndex(of: "w:sz")!,
                "CT_RPr order: spacing before sz")
        #expect(condensed[0].first("w:pBdr") != nil, "without a number the rule is under the office")
        #expect(condensed[0].first("w:spacing")?["w:after"] == "0")
    }

    @Test("One blank line after the title; blank lines are empty 28 pt paragraphs")
    func titleAndBlankLines() throws {
        let paragraphs = try Self.paragraphs([.title("通报"), .plain("各单位：", alignment: .left), .blankLine, .pageBreak, .blankLine])
        #expect(paragraphs[0].first("w:spacing")?["w:after"] == "560")
        #expect(paragraphs[1].first("w:spacing")?["w:after"] == "0")
        for blank in paragraphs[2...] {
            #expect(blank.all("w:r").isEmpty && blank.first("w:spacing")?["w:line"] == "560")
            #expect(blank.first("w:spacing")?["w:lineRule"] == "exact")
        }
        #expect(paragraphs[2].first("w:pageBreakBefore") == nil && paragraphs[3].first("w:pageBreakBefore") != nil)
    }

    @Test("Attachment heading: 附件 in 黑体 flush left, the title centred in 小标宋 two lines below")
    func attachmentHeading() throws {
        let paragraphs = try Self.paragraphs([.attachmentHeading("附件", title: "各单位得分明细表"), .plain("x", alignment: .left)])
        #expect(paragraphs.map(DOCXDocumentTests.text) == ["附件", "各单位得分明细表", "x"])
        let (label, title) = (paragraphs[0], paragraphs[1])
        #expect(label.first("w:rFonts")?["w:eastAsia"] == "黑体" && label.first("w:sz")?["w:val"] == "32")
        #expect(label.first("w:jc")?["w:val"] == "left" && label.first("w:ind")?["w:firstLine"] == "0")
        #expect(label.first("w:spacing")?["w:after"] == "560" && label.first("w:keepNext") != nil)
        #expect(title.first("w:rFonts")?["w:eastAsia"] == "方正小标宋简体" && title.first("w:sz")?["w:val"] == "44")
        #expect(title.first("w:jc")?["w:val"] == "center" && title.first("w:keepNext") != nil)
        #expect(try Self.paragraphs([.attachmentHeading("附件2", title: nil)]).map(DOCXDocumentTests.text) == ["附件2"])
    }

    static let denseHeader = ["名次", "单位", "办件量", "按时办结率", "承诺时限办结率", "即办件项目比例", "5个工作日内办结事项比例",
                              "窗口授权率", "办结时限压缩率", "网上办理率", "群众满意率", "差评件数", "超期未办结件数",
                              "投诉举报按时办结率", "制度落实", "加分", "减分", "总分", "等次"]

    /// Lines a cell's text needs at a column width, as Word fills them.
    static func lines(_ text: String, width: Int, columns: Int, halfPoints: Int) -> Int {
        let room = (width - 2 * DOCXTableWriter.cellMargin(columns: columns) - DOCXTableWriter.slack) * 4 / (halfPoints * 5)
        return DOCXTableWriter.wrapped(text, width: room).count
    }

    @Test("A dense landscape table: names on one line, numbers unwrapped, headers at most three lines")
    func denseWidths() {
        let names = ["退役军人事务局", "市场监管局", "审计局"]
        let rows = names.enumerated().map { index, name in
            ["\(index + 24)", name] + Array(repeating: "20.00", count: 16) + ["不合格"]
        }
        let numeric = Set([0] + Array(2..<18))
        let total = DOCXDocument.Page.landscapeTextWidth
        let widths = DOCXTableWriter.columnWidths(header: Self.denseHeader, rows: rows, numericColumns: numeric,
                                                  columnCount: 19, total: total, halfPoints: 18)
        #expect(widths.reduce(0, +) == total)
        for (index, width) in widths.enumerated() {
            #expect(Self.lines(Self.denseHeader[index], width: width, columns: 19, halfPoints: 18) <= 3, "\(Self.denseHeader[index])")
            for row in rows { #expect(Self.lines(row[index], width: width, columns: 19, halfPoints: 18) == 1, "\(row[index])") }
        }
    }

    @Test("A portrait table: numbers give room so names and notes stay on one line")
    func portraitWidths() {
        let header = ["名次", "单位", "总分", "指标得分", "制度落实", "加分", "减分", "等次", "备注"]
        let rows = [["19", "退役军人事务局", "89.51", "76.51", "13.00", "0.00", "0.00", "良好", ""],
                    ["23", "水务局", "42.00", "28.00", "14.00", "0.00", "0.00", "不合格", "未报送办件"]]
        let widths = DOCXTableWriter.columnWidths(header: header, rows: rows, numericColumns: [0, 2, 3, 4, 5, 6],
                                                  columnCount: 9, total: DOCXDocument.Page.textWidth)
        #expect(widths.reduce(0, +) == DOCXDocument.Page.textWidth)
        for row in rows {
            for (index, text) in row.enumerated() { #expect(Self.lines(text, width: widths[index], columns: 9, halfPoints: 24) == 1, "\(text)") }
        }
        #expect(Self.lines("名次", width: widths[0], columns: 9, halfPoints: 24) == 1, "a two-character header never wraps")
    }

    @Test("Without room, text gives way before numbers; hopeless widths stay positive")
    func tightWidths() {
        let tight = DOCXTableWriter.columnWidths(header: ["名次", "单位"], rows: [["1", String(repeating: "长", count: 20)], ["2", "95.43"]],
                                                 numericColumns: [0], columnCount: 2, total: 3000)
        #expect(tight.reduce(0, +) == 3000 && Self.lines("1", width: tight[0], columns: 2, halfPoints: 24) == 1)
        #expect(tight[1] > tight[0])
        let tiny = DOCXTableWriter.columnWidths(header: ["a", "bb"], rows: [["长长长长长长长长长长", "1"]], columnCount: 3, total: 1000)
        #expect(tiny.allSatisfy { $0 > 0 } && tiny.reduce(0, +) == 1000)
    }

    @Test("Header measures and even line breaks")
    func headerLines() throws {
        #expect(DOCXTableWriter.eighthEms("单位20.00") == 16 + 18)
        #expect(DOCXTableWriter.headerWidth("名次", lines: 3) == 16, "one word")
        #expect(DOCXTableWriter.headerWidth("5个工作日内办结事项比例", lines: 3) == 32)
        #expect(DOCXTableWriter.headerWidth("Ranked among", lines: 2) == DOCXTableWriter.eighthEms("Ranked"))
        #expect(DOCXTableWriter.balancedLines("指标得分", width: 24) == "指标\n得分")
        #expect(DOCXTableWriter.balancedLines("承诺时限办结率", width: 24) == "承诺\n时限办\n结率")
        #expect(DOCXTableWriter.balancedLines("5个工作日内办结事项比例", width: 36) == "5个工作\n日内办结\n事项比例")
        #expect(DOCXTableWriter.balancedLines("Ranked among", width: 40) == "Ranked\namong")
        #expect(DOCXTableWriter.balancedLines("总分", width: 40) == "总分")

        let body = try DOCXDocumentTests.body(DOCXDocument(blocks: [
            .table(header: ["名次", "单位"] + Array(repeating: "超期未办结件数", count: 7), rows: [["1", "审计局"] + Array(repeating: "20.00", count: 7)],
                   numericColumns: Set([0] + Array(2..<9)), caption: nil),
        ]))
        let header = try #require(body.first("w:tr"))
        #expect(header.all("w:tc").map(DOCXDocumentTests.text).last?.contains("\n") == true, "a wrapped header is parted evenly")
        #expect(header.all("w:tc").first.map(DOCXDocumentTests.text) == "名次")
    }
}
