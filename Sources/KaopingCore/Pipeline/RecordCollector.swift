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
///
/// Every case, item and ticket row lands here on the one thread that admits rows in order,
/// so its unit is looked up once per run of rows from the same unit, not hashed per row.
public struct RecordCollector: IngestSink {
    /// Findings, adjustments and targets; tallies and submissions live in `slots`.
    private var kept = CollectedRecords()
    private let rules: MetricRules
    private var parents: [String: String] = [:]
    private let onReject: (Reject) -> Void
    /// Per assessed unit: its tally and the kinds it submitted, by slot.
    private var slotOfCode: [String: Int] = [:]
    private var slots: [UnitSlot] = []
    private var lastUnitCode = ""
    private var lastSlot = -1

    private struct UnitSlot {
        let code: String
        var tally = UnitTally()
        var hasTally = false
        /// One `ExportKind.bit` per kind: set for every row, so not a `Set`.
        var submittedKinds: UInt32 = 0

        var submitted: Set<ExportKind> {
            Set(ExportKind.allCases.filter { submittedKinds & $0.bit != 0 })
        }
    }

    public init(rules: MetricRules, onReject: @escaping (Reject) -> Void) {
        self.rules = rules
        self.onReject = onReject
    }

    /// What was collected, per assessed unit.
    public var collected: CollectedRecords {
        var result = kept
        for slot in slots {
            if slot.hasTally { result.tallies[slot.code] = slot.tally }
            if slot.submittedKinds != 0 { result.submitted[slot.code] = slot.submitted }
        }
        return result
    }

    /// Units arrive before every other kind, so a village's parent is known by the time its
    /// cases come in.
    private func assessed(_ code: String) -> String { parents[code] ?? code }

    /// The slot of the unit a row names (a village's rows go to its township).
    private mutating func slot(of unitCode: String, submitting kind: ExportKind) -> Int {
        if lastSlot < 0 || unitCode != lastUnitCode {
            let code = assessed(unitCode)
            if let existing = slotOfCode[code] {
                lastSlot = existing
            } else {
                lastSlot = slots.count
                slotOfCode[code] = lastSlot
                slots.append(UnitSlot(code: code))
            }
            lastUnitCode = unitCode
        }
        slots[lastSlot].submittedKinds |= kind.bit
        return lastSlot
    }

    public mutating func accept(_ record: Record, at location: RowLocation) {
        switch record {
        case .unit(let unit):
            if unit.category == .village, let parent = unit.parentCode { parents[unit.code] = parent }
            lastSlot = -1
        case .caseRecord(let caseRecord):
            let slot = slot(of: caseRecord.unitCode, submitting: .cases)
            slots[slot].hasTally = true
            rules.add(caseRecord, at: location, to: &slots[slot].tally)
        case .item(let item):
            let slot = slot(of: item.unitCode, submitting: .items)
            slots[slot].hasTally = true
            rules.add(item, to: &slots[slot].tally)
        case .ticket(let ticket):
            let slot = slot(of: ticket.unitCode, submitting: .tickets)
            slots[slot].hasTally = true
            rules.add(ticket, to: &slots[slot].tally)
        case .compliance(let finding):
            let code = slots[slot(of: finding.unitCode, submitting: .compliance)].code
            kept.findings[code, default: []].append(Located(value: finding, location: location))
        case .adjustment(let adjustment):
            let code = slots[slot(of: adjustment.unitCode, submitting: .adjustments)].code
            kept.adjustments[code, default: []].append(Located(value: adjustment, location: location))
        case .target(let target):
            kept.targets.append(Located(value: target, location: location))
        }
    }

    public mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation) {
        switch record {
        case .caseRecord(let r): _ = slot(of: r.unitCode, submitting: .cases)
        case .ticket(let r): _ = slot(of: r.unitCode, submitting: .tickets)
        case .compliance(let r): _ = slot(of: r.unitCode, submitting: .compliance)
        case .adjustment(let r): _ = slot(of: r.unitCode, submitting: .adjustments)
        case .unit, .item, .target: return
        }
    }

    public mutating func reject(_ reject: Reject) { onReject(reject) }
}

extension ExportKind {
    /// This kind's bit in `UnitSlot.submittedKinds`.
    fileprivate var bit: UInt32 {
        switch self {
        case .units: return 1 << 0
        case .cases: return 1 << 1
        case .items: return 1 << 2
        case .tickets: return 1 << 3
        case .compliance: return 1 << 4
        case .adjustments: return 1 << 5
        case .targets: return 1 << 6
        }
    }
}
