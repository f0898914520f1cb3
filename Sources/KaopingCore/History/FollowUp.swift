/// The follow-up paragraph of 存在问题: what became of last round's failed and partial checks.
public struct FollowUp: Sendable, Equatable {
    public struct Unit: Sendable, Equatable {
        public var code: String
        /// The name it has now.
        public var name: String
        /// `fail` or `partial`.
        public var before: ComplianceResult
        /// `na` when not inspected this time (or no longer assessed).
        public var now: ComplianceResult

        public init(code: String, name: String, before: ComplianceResult, now: ComplianceResult) {
            self.code = code
            self.name = name
            self.before = before
            self.now = now
        }
    }

    public struct Check: Sendable, Equatable {
        public var code: String
        /// 整改不到位: still failed or partial.
        public var stillFailing: [Unit]
        /// 已整改: now passed.
        public var rectified: [Unit]
        /// 未复查: not inspected this time, so neither can be said.
        public var notRechecked: [Unit]

        public init(code: String, stillFailing: [Unit] = [], rectified: [Unit] = [], notRechecked: [Unit] = []) {
            self.code = code
            self.stillFailing = stillFailing
            self.rectified = rectified
            self.notRechecked = notRechecked
        }
    }

    public let previousPeriod: Period
    /// Checks with at least one unit to follow up, in last round's scheme order; units in the
    /// current listing order.
    public let checks: [Check]

    public var isEmpty: Bool { checks.isEmpty }

    public init(previous: RecordedRun, current: RecordedRun) {
        self.init(previous: previous, current: current.units.map {
            Snapshot(code: $0.code, name: $0.name, assessed: $0.assessed, result: $0.result(of:))
        })
    }

    public init(previous: RecordedRun, current: Appraisal) {
        self.init(previous: previous, current: current.units.map {
            Snapshot(code: $0.unit.code, name: $0.unit.name, assessed: $0.assessed, result: $0.complianceResult)
        })
    }

    private struct Snapshot {
        var code: String
        var name: String
        var assessed: Bool
        var result: (String) -> ComplianceResult
    }

    private init(previous: RecordedRun, current: [Snapshot]) {
        previousPeriod = previous.period
        // Only what the bulletin named: an inactive unit's findings were never its to rectify.
        var before: [String: RecordedUnit] = [:]
        for unit in previous.units where unit.assessed { before[unit.code] = unit }
        var codes: [String] = []
        for unit in previous.units {
            for check in unit.compliance where !codes.contains(check.code) { codes.append(check.code) }
        }
        var checks: [Check] = []
        for code in codes {
            var check = Check(code: code)
            // A unit no longer in the registry is not in this bulletin either: nothing to follow up.
            for unit in current {
                guard let earlier = before[unit.code]?.result(of: code), earlier == .fail || earlier == .partial else { continue }
                let now = unit.assessed ? unit.result(code) : .na
                let entry = Unit(code: unit.code, name: unit.name, before: earlier, now: now)
                switch now {
                case .fail, .partial: check.stillFailing.append(entry)
                case .pass: check.rectified.append(entry)
                case .na: check.notRechecked.append(entry)
                }
            }
            if !check.stillFailing.isEmpty || !check.rectified.isEmpty || !check.notRechecked.isEmpty { checks.append(check) }
        }
        self.checks = checks
    }
}
