/// Which names a header uses.
enum HeaderLanguage {
    case canonical
    case chinese
    /// Chinese aliases and canonical names alternating, as in a sheet several people edited.
    case mixed
}

/// A header cell: a known column, or an extra column a reader must ignore.
enum HeaderCell {
    case column(Column)
    case extra(canonical: String, chinese: String)

    func title(_ language: HeaderLanguage, position: Int) -> String {
        let chinese = language == .chinese || (language == .mixed && position % 2 == 0)
        switch self {
        case .column(let column): return chinese ? column.aliases.first ?? column.name : column.name
        case let .extra(canonical, chineseName): return chinese ? chineseName : canonical
        }
    }
}

/// The words a file writes for enumerated values. Every word is one SPEC §3 accepts.
struct ValueWords {
    var completed, inProgress, rejected, suspended: String
    var window, online, mobile, collab: String
    var yes, no: String
    /// Ratings as 非常满意…非常不满意 instead of 5…1.
    var ratingsAsWords: Bool
    var complaint, hotline, mailbox: String
    var department, township, subdistrict, village, community: String
    var bonus, penalty, veto: String

    static let english = ValueWords(
        completed: "completed", inProgress: "in_progress", rejected: "rejected", suspended: "suspended",
        window: "window", online: "online", mobile: "mobile", collab: "collab", yes: "true", no: "false",
        ratingsAsWords: false, complaint: "complaint", hotline: "hotline", mailbox: "mailbox",
        department: "department", township: "township", subdistrict: "township", village: "village",
        community: "village", bonus: "bonus", penalty: "penalty", veto: "veto")

    static let platform = ValueWords(
        completed: "已办结", inProgress: "办理中", rejected: "不予受理", suspended: "挂起",
        window: "窗口", online: "网上", mobile: "掌上", collab: "协同", yes: "是", no: "否",
        ratingsAsWords: false, complaint: "投诉", hotline: "公开电话", mailbox: "信箱",
        department: "部门", township: "乡镇", subdistrict: "街道", village: "村", community: "社区",
        bonus: "加分", penalty: "减分", veto: "一票否决")

    static let wps = ValueWords(
        completed: "办结", inProgress: "在办", rejected: "退件", suspended: "暂停",
        window: "窗口", online: "网办", mobile: "移动端", collab: "协同", yes: "√", no: "×",
        ratingsAsWords: true, complaint: "投诉", hotline: "热线", mailbox: "信箱",
        department: "部门", township: "乡镇", subdistrict: "街道", village: "村", community: "社区",
        bonus: "加分", penalty: "减分", veto: "一票否决")

    static let terse = ValueWords(
        completed: "已办结", inProgress: "在办", rejected: "不予受理", suspended: "挂起",
        window: "窗口", online: "网上", mobile: "掌上", collab: "协同", yes: "Y", no: "N",
        ratingsAsWords: false, complaint: "complaint", hotline: "hotline", mailbox: "mailbox",
        department: "部门", township: "乡镇", subdistrict: "街道", village: "村", community: "社区",
        bonus: "加分", penalty: "减分", veto: "一票否决")

    static let ratingWords = ["", "非常不满意", "不满意", "基本满意", "满意", "非常满意"]

    func word(_ status: CaseStatus) -> String {
        switch status {
        case .completed: return completed
        case .inProgress: return inProgress
        case .rejected: return rejected
        case .suspended: return suspended
        }
    }

    func word(_ channel: Channel) -> String {
        switch channel {
        case .window: return window
        case .online: return online
        case .mobile: return mobile
        case .collab: return collab
        }
    }

    func word(_ source: TicketSource) -> String {
        switch source {
        case .complaint: return complaint
        case .hotline: return hotline
        case .mailbox: return mailbox
        }
    }
}

/// How one generated file looks: the "exporting system" behind it.
struct FileStyle {
    var kind: ExportKind
    var encoding: TextEncoding = .utf8
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// CRLF for the files Windows programs save.
    var lineEnding: [UInt8] = [0x0A]
    var headers: HeaderLanguage = .canonical
    var dates: DateStyle = .isoSeconds
    var words: ValueWords = .english
    /// Share of day counts written in full-width digits (２０), per mille.
    var fullWidthPerMille = 0
    /// Written now and then for an empty optional cell (`-`, `—`, `/`, `无`); nil writes nothing.
    var emptyMarker: String?
    /// Writes `1900-01-01`, an exporter's "no date", for an empty completed_at.
    var writesNoDateAsYear1900 = false
    /// Title lines and a blank line above the header, a 合计 row and a footer below the rows.
    var decorated = false
    /// Pads title and footer lines with empty cells to the table's width, as Excel saves them.
    var padsLoneCells = false

    static let crlf: [UInt8] = [0x0D, 0x0A]
    static let tab = UInt8(ascii: "\t")
    static let semicolon = UInt8(ascii: ";")

    /// Plain UTF-8, commas, LF, canonical headers, ISO dates: what `messy == false` writes.
    static func clean(_ kind: ExportKind) -> FileStyle { FileStyle(kind: kind) }
}
