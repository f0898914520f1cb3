/// The bulletin (督查通报) as structured content, independent of format: Markdown, HTML and DOCX
/// all render this one value, so every number is computed once and prints the same everywhere.
public struct BulletinDocument: Sendable {
    public var language: ReportLanguage
    /// 发文机关 (the red letterhead).
    public var issuer: String
    /// 发文字号, e.g. 青规服办〔2022〕12号.
    public var documentNumber: String?
    public var title: String
    /// 主送机关, printed with a trailing colon.
    public var addressees: String
    public var sections: [BulletinSection]
    /// 附件：… , the line between the body and the signature.
    public var attachmentLine: String?
    public var signature: String
    /// 成文日期.
    public var dateLine: String
    public var attachments: [BulletinSection]
}

public struct BulletinSection: Sendable {
    /// 一、总体情况; nil for the opening paragraphs.
    public var heading: String?
    /// An attachment's own title, centred under 附件 (GB/T 9704).
    public var subtitle: String?
    public var blocks: [BulletinBlock]

    public init(heading: String?, subtitle: String? = nil, blocks: [BulletinBlock]) {
        self.heading = heading
        self.subtitle = subtitle
        self.blocks = blocks
    }
}

public enum BulletinBlock: Sendable {
    case paragraph(String)
    /// （一）… : a 楷体 run-in heading; `text` continues the same paragraph.
    case lead(String, text: String)
    case table(BulletinTable)
    case chart(BulletinChart)
}

public struct BulletinTable: Sendable {
    public var caption: String
    public var header: [String]
    public var rows: [[String]]
    /// Right-aligned in HTML and DOCX, numbers in spreadsheets.
    public var numericColumns: Set<Int>
    /// Optional note under the table (e.g. who is not assessed).
    public var note: String?
}

/// Charts are drawn only in HTML; other formats keep the table they illustrate.
public enum BulletinChart: Sendable {
    case ranking(RankedBarChart)
    case heatMap(HeatMap)
}
