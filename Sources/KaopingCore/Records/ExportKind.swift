/// The kinds of export a unit sends. A file's kind is recognised from its header (SPEC §3).
public enum ExportKind: String, CaseIterable, Sendable, Codable, Comparable {
    case units, cases, items, tickets, compliance, adjustments, targets

    public var chineseName: String {
        switch self {
        case .units: return "考核对象"
        case .cases: return "办件"
        case .items: return "事项"
        case .tickets: return "投诉/热线/信箱"
        case .compliance: return "制度落实"
        case .adjustments: return "加减分"
        case .targets: return "目标"
        }
    }

    public var required: [Column] {
        switch self {
        case .units: return [.unitCode, .unitName, .category]
        case .cases: return [.caseID, .unitCode, .receivedAt, .status, .statutoryDays]
        case .items: return [.itemCode, .unitCode, .statutoryDays, .promisedDays]
        case .tickets: return [.ticketID, .unitCode, .source, .receivedAt]
        case .compliance: return [.unitCode, .check, .result, .inspectedOn]
        case .adjustments: return [.unitCode, .adjustmentKind, .points, .reason]
        case .targets: return [.unitCode, .metric, .target]
        }
    }

    public var optional: [Column] {
        switch self {
        case .units: return [.active, .requiredExports, .parentCode, .group, .order]
        case .cases:
            return [.itemCode, .channel, .completedAt, .promisedDays, .immediate, .rating, .pausedDays]
        case .items: return [.itemName, .windowAuthorized, .onlineAvailable]
        case .tickets: return [.dueAt, .dueDays, .closedAt, .satisfaction]
        case .compliance: return [.inspector, .note]
        case .adjustments: return [.reference, .dated]
        case .targets: return []
        }
    }

    public var columns: [Column] { required + optional }

    /// Parses a kind name as written in `required_exports` or a scheme: English or Chinese.
    public init?(name: String) {
        let folded = CellText.folded(name, lowercase: true)
        if let kind = ExportKind(rawValue: folded) { self = kind; return }
        let chinese: [String: ExportKind] = [
            "考核对象": .units, "单位": .units, "办件": .cases, "事项": .items,
            "投诉": .tickets, "工单": .tickets, "投诉/热线/信箱": .tickets,
            "制度落实": .compliance, "加减分": .adjustments, "目标": .targets,
        ]
        guard let kind = chinese[folded] else { return nil }
        self = kind
    }

    public static func < (lhs: ExportKind, rhs: ExportKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Every canonical column of every kind, with the Chinese aliases exporting systems use.
/// An alias belongs to its column in every kind that has the column.
public enum Column: Int, CaseIterable, Sendable {
    case unitCode, unitName, category, active, requiredExports, parentCode
    case group, order, caseID, receivedAt, status, statutoryDays
    case itemCode, channel, completedAt, promisedDays, immediate, rating
    case pausedDays, itemName, windowAuthorized, onlineAvailable, ticketID, source
    case dueAt, dueDays, closedAt, satisfaction, check, result
    case inspectedOn, inspector, note, adjustmentKind, points, reason
    case reference, dated, metric, target

    /// The canonical column name, as written in English headers and in rejects.csv.
    public var name: String { Self.names[rawValue] }

    private static let names = [
        "unit_code", "unit_name", "category", "active", "required_exports", "parent_code",
        "group", "order", "case_id", "received_at", "status", "statutory_days",
        "item_code", "channel", "completed_at", "promised_days", "immediate", "rating",
        "paused_days", "item_name", "window_authorized", "online_available", "ticket_id", "source",
        "due_at", "due_days", "closed_at", "satisfaction", "check", "result",
        "inspected_on", "inspector", "note", "kind", "points", "reason",
        "reference", "dated", "metric", "target",
    ]

    public var aliases: [String] {
        switch self {
        case .unitCode: return ["单位编码"]
        case .unitName: return ["单位名称"]
        case .category: return ["类别"]
        case .active: return ["是否参评"]
        case .requiredExports: return ["应报数据"]
        case .parentCode: return ["上级单位编码"]
        case .group: return ["分组"]
        case .order: return ["排序"]
        case .caseID: return ["办件编号"]
        case .receivedAt: return ["受理时间"]
        case .status: return ["办件状态"]
        case .statutoryDays: return ["法定时限"]
        case .itemCode: return ["事项编码"]
        case .channel: return ["办理渠道"]
        case .completedAt: return ["办结时间"]
        case .promisedDays: return ["承诺时限"]
        case .immediate: return ["即办件"]
        case .rating: return ["评价"]
        case .pausedDays: return ["暂停时长"]
        case .itemName: return ["事项名称"]
        case .windowAuthorized: return ["授权窗口办理"]
        case .onlineAvailable: return ["网上可办"]
        case .ticketID: return ["工单编号"]
        case .source: return ["来源"]
        case .dueAt: return ["办理期限"]
        case .dueDays: return ["办理时限"]
        case .closedAt: return ["办结时间"]
        case .satisfaction: return ["满意度"]
        case .check: return ["检查项目"]
        case .result: return ["检查结果"]
        case .inspectedOn: return ["检查日期"]
        case .inspector: return ["检查人"]
        case .note: return ["问题描述"]
        case .adjustmentKind: return ["类型"]
        case .points: return ["分值"]
        case .reason: return ["事由"]
        case .reference: return ["文号"]
        case .dated: return ["日期"]
        case .metric: return ["指标"]
        case .target: return ["目标值"]
        }
    }

    /// The columns a normalised header cell names (its own name or an alias), looked up in
    /// one table: matching a line against every kind's columns asked each column for its
    /// aliases, an array built per question, thousands of times per file sniffed.
    static func named(normalizedHeader header: String) -> [Column] { byHeaderName[header] ?? [] }

    private static let byHeaderName: [String: [Column]] = {
        var table: [String: [Column]] = [:]
        for column in allCases {
            for name in [column.name] + column.aliases where !(table[name]?.contains(column) ?? false) {
                table[name, default: []].append(column)
            }
        }
        return table
    }()
}
