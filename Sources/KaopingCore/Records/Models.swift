/// Typed records, one per kind of export. Values are already cast by the kind's schema.

public enum UnitCategory: String, Sendable, Codable, CaseIterable {
    case department, township, village

    public var chineseName: String {
        switch self {
        case .department: return "部门"
        case .township: return "乡镇/街道"
        case .village: return "村/社区"
        }
    }
}

public enum CaseStatus: String, Sendable, Codable { case completed, inProgress = "in_progress", rejected, suspended }
public enum Channel: String, Sendable, Codable { case window, online, mobile, collab }
public enum TicketSource: String, Sendable, Codable { case complaint, hotline, mailbox }
public enum AdjustmentKind: String, Sendable, Codable { case bonus, penalty, veto }

/// Ordered from worst to best, so the worst of several findings is the minimum.
public enum ComplianceResult: String, Sendable, Codable, Comparable {
    case fail, partial, pass, na

    public static func < (lhs: ComplianceResult, rhs: ComplianceResult) -> Bool {
        let order: [ComplianceResult] = [.fail, .partial, .pass, .na]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

public struct UnitRecord: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var category: UnitCategory
    public var active: Bool
    /// nil when the cell was empty: the scheme's default for the category applies.
    public var requiredExports: [ExportKind]?
    public var parentCode: String?
    public var group: String?
    public var order: Int?
}

public struct CaseRecord: Sendable, Equatable {
    // Stored in this order, not the order of the columns, so that the record packs into 121
    // bytes: every row is copied several times on its way to the tallies, and a value over
    // 128 bytes is copied by a call to memmove where a smaller one takes eight moves inline.
    public var unitCode: String
    public var itemCode: String?
    public var statutoryDays: Int
    public var pausedDays: Int
    public var promisedDays: Int?
    public var receivedAt: DateStamp
    public var completedAt: DateStamp?
    public var status: CaseStatus
    public var channel: Channel?
    public var immediate: Bool?
    public var rating: Int8?
    public var caseID: RecordID
}

extension CaseRecord {
    /// In an extension, so that the memberwise initialiser is still made: built through it, a
    /// record is written once into its place. Assigned field by field in an initialiser of the
    /// struct's own, it was built twice and copied through its value witness (retaining each
    /// string) on every case row, 2% of the 1M profile.
    public init(caseID: RecordID, unitCode: String, receivedAt: DateStamp, status: CaseStatus, statutoryDays: Int,
                itemCode: String?, channel: Channel?, completedAt: DateStamp?, promisedDays: Int?, immediate: Bool?,
                rating: Int8?, pausedDays: Int) {
        self.init(unitCode: unitCode, itemCode: itemCode, statutoryDays: statutoryDays, pausedDays: pausedDays,
                  promisedDays: promisedDays, receivedAt: receivedAt, completedAt: completedAt, status: status,
                  channel: channel, immediate: immediate, rating: rating, caseID: caseID)
    }
}

public struct ItemRecord: Sendable, Equatable {
    public var itemCode: String
    public var unitCode: String
    public var statutoryDays: Int
    public var promisedDays: Int
    public var itemName: String?
    public var windowAuthorized: Bool?
    public var onlineAvailable: Bool?
}

public struct TicketRecord: Sendable, Equatable {
    public var ticketID: RecordID
    public var unitCode: String
    public var source: TicketSource
    public var receivedAt: DateStamp
    public var dueAt: DateStamp?
    public var dueDays: Int?
    public var closedAt: DateStamp?
    public var satisfaction: Int8?
}

public struct ComplianceFinding: Sendable, Equatable {
    public var unitCode: String
    public var check: String
    public var result: ComplianceResult
    public var inspectedOn: DateStamp
    public var inspector: String?
    public var note: String?
}

public struct AdjustmentRecord: Sendable, Equatable {
    public var unitCode: String
    public var kind: AdjustmentKind
    /// Magnitude of the adjustment: a penalty written as `-2` is 2 points off. nil for a veto
    /// written without points.
    public var points: ExactDecimal?
    public var reason: String
    public var reference: String?
    public var dated: DateStamp?
}

/// Whom a targets row applies to.
public enum TargetScope: Hashable, Sendable {
    case everyone
    case category(UnitCategory)
    case unit(String)
}

public struct TargetRecord: Sendable, Equatable {
    public var scope: TargetScope
    public var metric: String
    public var target: ExactDecimal
}

/// One accepted record of any kind, with where it came from.
public enum Record: Sendable, Equatable {
    case unit(UnitRecord)
    case caseRecord(CaseRecord)
    case item(ItemRecord)
    case ticket(TicketRecord)
    case compliance(ComplianceFinding)
    case adjustment(AdjustmentRecord)
    case target(TargetRecord)
}

/// The metric identifiers of SPEC §4, the only names a targets row or a scheme may use.
public enum MetricID: String, CaseIterable, Sendable, Codable {
    case casesTotal = "cases_total", onTimeRate = "on_time_rate", promiseKeptRate = "promise_kept_rate"
    case immediateRate = "immediate_rate", within5Rate = "within5_rate", onlineRate = "online_rate"
    case overdueOpen = "overdue_open", satisfactionRate = "satisfaction_rate", badReviews = "bad_reviews"
    case immediateItemRate = "immediate_item_rate", within5ItemRate = "within5_item_rate"
    case windowAuthorizationRate = "window_authorization_rate", compressionRate = "compression_rate"
    case daysSaved = "days_saved"
    case ticketClosedRate = "ticket_closed_rate", ticketOnTimeRate = "ticket_on_time_rate"
    case ticketSatisfactionRate = "ticket_satisfaction_rate"
}
