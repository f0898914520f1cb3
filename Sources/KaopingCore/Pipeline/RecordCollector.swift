/// A record with the input row it came from, so every score can point back to its evidence.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: RowLocation
}

/// What scoring needs from ingest, gathered per assessed unit (a village's records are filed
/// under its township). Case, item and ticket rows are folded into tallies as they arrive;
/// the few compliance, adjustment and target rows are kept whole.
public struct CollectedRecords: Sendable {
    public var tallies: [String: UnitTally] = [:]
    /// Kinds of export each assessed unit sent at least one valid row of, in the period or not.
    public var submitted: [String: Set<ExportKind>] = [:]
    public var findings: [String: [Located<ComplianceFinding>]] = [:]
    public var adjustments: [String: [Located<AdjustmentRecord>]] = [:]
    public var targets: [Located<TargetRecord>] = []

    public init() {}

    /// Merging is adding: collections built from any split of the rows merge to the same
    /// tallies (lists keep input order once sorted by location).
    public mutating func merge(_ other: CollectedRecords) {
        tallies.merge(other.tallies) { a, b in var m = a; m.merge(b); return m }
        submitted.merge(other.submitted) { $0.union($1) }
        findings.merge(other.findings) { ($0 + $1).sorted { $0.location < $1.location } }
        adjustments.merge(other.adjustments) { ($0 + $1).sorted { $0.location < $1.location } }
        targets = (targets + other.targets).sorted { $0.location < $1.location }
    }
}

extension RowLocation: Comparable {
    public static func < (a: RowLocation, b: RowLocation) -> Bool { (a.file, a.line) < (b.file, b.line) }
}

/// The ingest sink of `kaoping run`: folds accepted records into `CollectedRecords` and hands
/// rejects on to `onReject` (the rejects file).
public struct RecordCollector: IngestSink {
    public private(set) var collected = CollectedRecords()
    private let rules: MetricRules
    private var parents: [String: String] = [:]
    private let onReject: (Reject) -> Void

    public init(rules: MetricRules, onReject: @escaping (Reject) -> Void) {
        self.rules = rules
        self.onReject = onReject
    }

    /// Units arrive before every other kind, so a village's parent is known by the time its
    /// cases come in.
    private func assessed(_ code: String) -> String { parents[code] ?? code }

    public mutating func accept(_ record: Record, at location: RowLocation) {
        switch record {
        case .unit(let unit):
            if unit.category == .village, let parent = unit.parentCode { parents[unit.code] = parent }
        case .caseRecord(let caseRecord):
            let code = assessed(caseRecord.unitCode)
            collected.submitted[code, default: []].insert(.cases)
            rules.add(caseRecord, at: location, to: &collected.tallies[code, default: UnitTally()])
        case .item(let item):
            let code = assessed(item.unitCode)
            collected.submitted[code, default: []].insert(.items)
            rules.add(item, to: &collected.tallies[code, default: UnitTally()])
        case .ticket(let ticket):
            let code = assessed(ticket.unitCode)
            collected.submitted[code, default: []].insert(.tickets)
            rules.add(ticket, to: &collected.tallies[code, default: UnitTally()])
        case .compliance(let finding):
            let code = assessed(finding.unitCode)
            collected.submitted[code, default: []].insert(.compliance)
            collected.findings[code, default: []].append(Located(value: finding, location: location))
        case .adjustment(let adjustment):
            let code = assessed(adjustment.unitCode)
            collected.submitted[code, default: []].insert(.adjustments)
            collected.adjustments[code, default: []].append(Located(value: adjustment, location: location))
        case .target(let target):
            collected.targets.append(Located(value: target, location: location))
        }
    }

    public mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation) {
        let kind: ExportKind, unit: String
        switch record {
        case .caseRecord(let r): (kind, unit) = (.cases, r.unitCode)
        case .ticket(let r): (kind, unit) = (.tickets, r.unitCode)
        case .compliance(let r): (kind, unit) = (.compliance, r.unitCode)
        case .adjustment(let r): (kind, unit) = (.adjustments, r.unitCode)
        case .unit, .item, .target: return
        }
        collected.submitted[assessed(unit), default: []].insert(kind)
    }

    public mutating func reject(_ reject: Reject) { onReject(reject) }
}
