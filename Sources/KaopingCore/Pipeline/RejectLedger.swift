/// Rejected rows by unit, for the feedback sheets and 存在问题: a count per unit code and the
/// first rows in input order. Bounded: at most `sampleLimit` rows per unit, and at most
/// `unitLimit` distinct codes (a file of made-up codes must not grow it without end; the rest
/// are counted as unattributed).
public struct RejectLedger: Sendable {
    public static let sampleLimit = 50
    public static let unitLimit = 100_000

    public private(set) var counts: [String: Int] = [:]
    public private(set) var samples: [String: [Reject]] = [:]
    /// Rows with no unit code, or past the code limit.
    public private(set) var unattributed = 0
    public private(set) var total = 0

    public init() {}

    public mutating func record(_ reject: Reject) {
        total += 1
        guard let code = reject.unitCode else {
            unattributed += 1
            return
        }
        let count: Int
        if let known = counts.index(forKey: code) {
            counts.values[known] += 1
            count = counts.values[known]
        } else if counts.count < Self.unitLimit {
            counts[code] = 1
            count = 1
        } else {
            unattributed += 1
            return
        }
        if count <= Self.sampleLimit { samples[code, default: []].append(reject) }
    }

    /// A unit's count, its villages' rows included (they roll up into the township).
    public func count(for result: UnitResult) -> Int {
        codes(of: result).reduce(0) { $0 + (counts[$1] ?? 0) }
    }

    /// The first rejected rows of a unit and its villages, in the order they were found.
    public func rows(for result: UnitResult) -> [Reject] {
        Array(codes(of: result).flatMap { samples[$0] ?? [] }.prefix(Self.sampleLimit))
    }

    private func codes(of result: UnitResult) -> [String] { [result.unit.code] + result.villages.map(\.code) }
}
