/// Why a row was refused. The raw values are stable: clerks filter `rejects.csv` by them and
/// later runs compare them.
public enum RejectCode: String, Sendable, Codable, CaseIterable {
    case unknownUnit = "unknown_unit"
    case unknownParent = "unknown_parent"
    case missingValue = "missing_value"
    case badDate = "bad_date"
    case badNumber = "bad_number"
    case badBoolean = "bad_boolean"
    case badStatus = "bad_status"
    case badChannel = "bad_channel"
    case badRating = "bad_rating"
    case badResult = "bad_result"
    case badCategory = "bad_category"
    case badSource = "bad_source"
    case badAdjustmentKind = "bad_adjustment_kind"
    case badExportList = "bad_export_list"
    case badEncoding = "bad_encoding"
    case unknownCheck = "unknown_check"
    case unknownMetric = "unknown_metric"
    case missingCompletedAt = "missing_completed_at"
    case completedBeforeReceived = "completed_before_received"
    case closedBeforeReceived = "closed_before_received"
    case missingDue = "missing_due"
    case promisedExceedsStatutory = "promised_exceeds_statutory"
    case conflictingDuplicate = "conflicting_duplicate"
    case strayQuote = "bad_quoting"
    case unterminatedQuote = "unterminated_quote"
    case extraFields = "extra_fields"
    /// A line or record longer than `--max-row-bytes`; refused unread.
    case rowTooLong = "row_too_long"
    /// A cell longer than `--max-field-bytes`.
    case fieldTooLarge = "field_too_large"
    /// More cells than `--max-columns`.
    case tooManyColumns = "too_many_columns"
    /// A row holding NUL bytes; enough of them make the whole file a binary one.
    case binaryContent = "binary_content"
    /// Found while scoring: a targets row no indicator of the scheme can use.
    case targetNotApplicable = "target_not_applicable"
    /// Found while scoring: a known check that the scheme does not score for the unit's category.
    case checkNotInScheme = "check_not_in_scheme"
}

/// A refused row: where it is, which cell, what it held and why, in words a clerk understands.
public struct Reject: Error, Sendable, Equatable, Codable {
    /// Path relative to the data folder.
    public var file: String
    public var line: Int
    /// Canonical column name, or empty when the whole row is at fault.
    public var column: String
    /// 1-based position of that column in the file, or nil.
    public var columnNumber: Int?
    public var value: String
    public var code: RejectCode
    public var message: String
    /// The row's unit code (folded) when it has one, so each unit's feedback sheet can list
    /// its own refused rows; nil when the row is too broken to tell.
    public var unitCode: String?

    public init(file: String, line: Int, column: String, columnNumber: Int?, value: String, code: RejectCode, message: String,
                unitCode: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.value = Self.shortened(value, to: Self.valueLimit)
        self.code = code
        // Messages quote values too (「…」): a megabyte cell must not come back that way either.
        self.message = Self.shortened(message, to: Self.messageLimit)
        self.unitCode = unitCode
    }

    /// The most of a refused value that `rejects.csv` and the feedback sheets repeat: enough to
    /// find the cell, never a megabyte of it.
    public static let valueLimit = 256
    public static let messageLimit = 1024

    /// `value` cut to `limit` UTF-8 bytes at a character boundary, marked with "…".
    static func shortened(_ value: String, to limit: Int) -> String {
        guard value.utf8.count > limit else { return value }
        var kept = 0
        var cut = value.unicodeScalars.startIndex
        for index in value.unicodeScalars.indices {
            let size = value.unicodeScalars[index].utf8.count
            guard kept + size <= limit else { break }
            kept += size
            cut = value.unicodeScalars.index(after: index)
        }
        return String(value.unicodeScalars[..<cut]) + "…"
    }

    /// `path:line:column: error: message`, the form editors and CI logs understand.
    public var diagnostic: String {
        let position = columnNumber.map { "\(line):\($0)" } ?? "\(line)"
        return "\(file):\(position): error: \(message) [\(code.rawValue)]"
    }
}

/// A reject before it knows its file: what row-level casting produces.
public struct RowProblem: Error, Sendable, Equatable {
    public var column: Column?
    public var value: String
    public var code: RejectCode
    public var message: String

    public init(column: Column?, value: String, code: RejectCode, message: String) {
        self.column = column
        self.value = value
        self.code = code
        self.message = message
    }
}
