/// The print stylesheet of the bulletin and the feedback sheets, after GB/T 9704-2012 (党政机关
/// 公文格式): A4, margins 37 mm top, 35 mm bottom, 28 mm left (订口), 26 mm right; 仿宋 body at
/// 16 pt (三号), 黑体 for first-level and 楷体 for second-level headings, 小标宋 title at 22 pt
/// (二号), the letterhead in red, page numbers "— 1 —" in 宋体 14 pt (四号), odd pages on the
/// right and even pages on the left. The official fonts are named first; the free Noto CJK
/// fonts (Debian fonts-noto-cjk) follow, so the page looks right with or without them. No
/// network fonts: the file stands alone.
enum OfficialStyle {
    static let fangsong = #""FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK", serif"#
    static let heiti = #""SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK", sans-serif"#
    static let kaiti = #""KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", "Source Han Serif SC", serif"#
    static let xiaobiaosong = #""FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "Noto Serif CJK SC", "Source Han Serif SC", serif"#
    static let songti = #""SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif"#

    static let css = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        @page :right { @bottom-right { content: "— " counter(page) " —"; font-family: \(songti); font-size: 14pt; margin-right: 7mm; } }
        @page :left { @bottom-left { content: "— " counter(page) " —"; font-family: \(songti); font-size: 14pt; margin-left: 7mm; } }
        html { background: #f3f3f3; }
        body { font-family: \(fangsong); font-size: 16pt; line-height: 28.9pt; color: #000; background: #fff;
               max-width: 156mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; }
        @media print { html { background: none; } body { max-width: none; margin: 0; padding: 0; } }
        p { margin: 0; text-indent: 2em; text-align: justify; }
        .letterhead { font-family: \(xiaobiaosong); color: #c00; font-size: 30pt; line-height: 1.3; text-align: center;
                      letter-spacing: 0.05em; margin-top: 8mm; }
        .doc-number { text-align: center; text-indent: 0; margin-top: 10mm; }
        .red-rule { border: 0; border-top: 2px solid #c00; margin: 4mm 0 10mm; }
        h1 { font-family: \(xiaobiaosong); font-size: 22pt; line-height: 1.45; font-weight: normal; text-align: center;
             margin: 0 0 28.9pt; }
        h2 { font-family: \(heiti); font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; line-height: 28.9pt; }
        .lead { font-family: \(kaiti); }
        .addressees { text-indent: 0; }
        .signature { text-align: right; margin: 28.9pt 4em 0 0; text-indent: 0; }
        .attachment-line { margin-top: 28.9pt; }
        /* The score table has a column per indicator: its pages turn to landscape. */
        @page wide { size: A4 landscape; margin: 28mm 37mm 26mm 35mm; }
        .attachment { break-before: page; page: wide; }
        .attachment table { font-size: 9pt; line-height: 1.3; }
        .attachment th, .attachment td { padding: 1pt 2pt; }
        .attachment td:nth-child(2), .attachment td:last-child { white-space: nowrap; }
        .attachment-label { font-family: \(heiti); text-indent: 0; }
        .attachment-title { margin: 0 0 14pt; }
        /* 版记: the issuing office and date between two rules at the foot of the body. */
        .banji { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 40pt; font-size: 14pt;
                 line-height: 1.9; break-inside: avoid; }
        .banji p { text-indent: 0; display: flex; justify-content: space-between; gap: 1em; padding: 0 1em; }
        .banji span:first-child { flex: 1; }
        .banji span:last-child { white-space: nowrap; }
        /* GB/T 9704: the signature never stands alone on a page. */
        .attachment-line { break-after: avoid; }
        .signature { break-before: avoid; break-inside: avoid; }
        th { word-break: keep-all; }
        /* The score table's long indicator names must wrap, or the page would be scaled down. */
        .attachment th { word-break: normal; }
        .sheet td:first-child { min-width: 6em; }
        .sheet table { font-size: 10.5pt; }
        figure { margin: 10pt 0 14pt; }
        figcaption { font-family: \(heiti); font-size: 12pt; line-height: 1.6; text-align: center; margin-bottom: 4pt; }
        table { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.4; page-break-inside: auto; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        th, td { border: 1px solid #000; padding: 2pt 4pt; }
        th { font-family: \(heiti); font-weight: normal; background: #eee; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .note { font-size: 11pt; line-height: 1.5; text-indent: 0; margin-top: 3pt; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        figure.chart { break-inside: avoid; }
        .summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0; border: 1px solid #000; margin: 6pt 0 12pt;
                   font-size: 12pt; line-height: 1.5; }
        .summary div { border: 1px solid #000; padding: 3pt 6pt; }
        .summary b { font-family: \(heiti); font-weight: normal; display: block; font-size: 10.5pt; color: #333; }
        .muted { color: #555; }
        """
}

/// HTML building blocks shared by the bulletin and the feedback sheets.
enum HTMLParts {
    static func page(title: String, language: ReportLanguage, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(MarkupText.escaped(title))</title>
        <style>
        \(OfficialStyle.css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static func table(_ table: BulletinTable) -> String {
        var html = "<figure class=\"table\">\n<figcaption>\(MarkupText.escaped(table.caption))</figcaption>\n<table>\n<thead><tr>"
        for cell in table.header { html += "<th>\(MarkupText.escaped(cell))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric = table.numericColumns.contains(index) ? " class=\"num\"" : ""
                html += "<td\(numeric)>\(MarkupText.escaped(cell))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if let note = table.note { html += "<p class=\"note\">\(MarkupText.escaped(note))</p>\n" }
        return html + "</figure>\n"
    }
}
