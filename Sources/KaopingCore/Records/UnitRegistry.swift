/// Every assessed unit (考核对象) from the units files, in the order they were read.
public struct UnitRegistry: Sendable {
    public private(set) var units: [UnitRecord] = []
    private var indexByCode: [String: Int] = [:]

    public init(_ units: [UnitRecord] = []) {
        for unit in units { add(unit) }
    }

    public mutating func add(_ unit: UnitRecord) {
        guard indexByCode[unit.code] == nil else { return }
        indexByCode[unit.code] = units.count
        units.append(unit)
    }

    public func contains(_ code: String) -> Bool { indexByCode[code] != nil }

    public subscript(code: String) -> UnitRecord? {
        indexByCode[code].map { units[$0] }
    }

    /// The unit whose metrics a unit's records feed: a village service room rolls up into its
    /// township (SPEC §3); everyone else counts for itself.
    public func assessedCode(for code: String) -> String {
        guard let unit = self[code], unit.category == .village, let parent = unit.parentCode else { return code }
        return parent
    }

    /// Units in the official listing order: `order` first, then registry order.
    public var officialOrder: [UnitRecord] {
        units.enumerated().sorted { a, b in
            switch (a.element.order, b.element.order) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// What casting a row needs to know beyond the row itself.
public struct CastContext: Sendable {
    public var units: UnitRegistry
    public var checks: CheckCatalog

    public init(units: UnitRegistry, checks: CheckCatalog = .standard) {
        self.units = units
        self.checks = checks
    }
}
