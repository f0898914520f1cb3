/// What `SyntheticData.write` generates: how big the district is and how untidy its exports are.
public struct SyntheticOptions: Sendable {
    /// District departments (区政府各部门), codes `0101`….
    public var departments: Int = 30
    /// Townships and subdistricts (乡镇/街道), codes `0201`…; with 11, the district's real ones.
    public var townships: Int = 11
    /// Village service rooms (村/社区 便民服务室) under five townships, codes `020701`….
    public var villages: Int = 12
    /// Data rows in the cases files, planted bad rows included.
    public var cases: Int = 3000
    public var seed: UInt64 = 1
    /// `2022H1`, `2022H2`, `2022` or `2022Q1`…`2022Q4`.
    public var period: String = "2022H1"
    /// Mixed encodings, delimiters, header languages, date styles, title and footer lines, and
    /// about 1% planted bad rows. Without it every file is plain UTF-8 with canonical headers.
    public var messy: Bool = true
    /// One `cases/all-cases.csv` instead of one cases file per unit.
    public var singleCasesFile: Bool = false

    public init() {}
}

/// One file the generator wrote.
public struct SyntheticFile: Sendable, Equatable {
    /// Path relative to the output folder, `/`-separated.
    public var path: String
    public var kind: ExportKind
    public var encoding: TextEncoding
    /// `,`, tab or `;`.
    public var delimiter: Character
    /// Records that are neither title, header, blank, summary (合计) nor footer rows; planted
    /// bad rows and repeated rows included.
    public var dataRows: Int
    /// Summary (合计) and footer (填报人…) rows, which a reader skips and counts.
    public var summaryAndFooterRows: Int
}

/// What a planted row is expected to cost a reader that follows SPEC §3.
public enum PlantedProblem: String, Sendable, CaseIterable, Codable {
    // Rejected rows; the raw values are the reject codes a reader should report.
    case unknownUnit = "unknown_unit"
    case badDate = "bad_date"
    case badNumber = "bad_number"
    case missingCompletedAt = "missing_completed_at"
    case completedBeforeReceived = "completed_before_received"
    case promisedExceedsStatutory = "promised_exceeds_statutory"
    case conflictingDuplicate = "conflicting_duplicate"
    case unknownCheck = "unknown_check"
    case missingDue = "missing_due"
    case closedBeforeReceived = "closed_before_received"
    /// An identical repeat of an earlier row: skipped and counted as a duplicate, not rejected.
    case identicalRepeat = "identical_repeat"
    /// A valid row received outside the period: counted as out-of-period, neither rejected nor used.
    case outOfPeriod = "out_of_period"

    /// True for the rows a reader must reject or skip as duplicates: the summary's bad rows.
    public var isBadRow: Bool { self != .outOfPeriod }

    public var isRejected: Bool { self != .outOfPeriod && self != .identicalRepeat }
}

/// A row planted on purpose, where a reader should find it.
public struct PlantedRow: Sendable, Equatable {
    public var file: String
    /// 1-based physical line on which the record starts.
    public var line: Int
    /// Canonical name of the column at fault, e.g. `completed_at`.
    public var column: String
    public var problem: PlantedProblem
}

public struct SyntheticSummary: Sendable {
    /// Every file written, in the order written.
    public var files: [SyntheticFile]
    /// The planted rows, in the order written.
    public var planted: [PlantedRow]

    /// Data rows over all files.
    public var rows: Int { files.reduce(0) { $0 + $1.dataRows } }
    /// Rows a reader must reject or skip as duplicates.
    public var plantedBadRows: Int { planted.filter(\.problem.isBadRow).count }
    public var caseRows: Int { files.filter { $0.kind == .cases }.reduce(0) { $0 + $1.dataRows } }
}

public enum SyntheticDataError: Error, CustomStringConvertible, Equatable {
    case badPeriod(String)
    case badOption(String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .badPeriod(text):
            return "考核期「\(text)」无法识别：应为 2022H1、2022H2、2022 或 2022Q1…2022Q4"
        case let .badOption(message):
            return message
        case let .cannotWrite(path, reason):
            return "无法写入 \(path)：\(reason)"
        }
    }
}
