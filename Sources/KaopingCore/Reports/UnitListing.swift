/// The units of a period as every table lists them (SPEC §6): per category, per group, in rank
/// order or in the registry's official order (`--order registry`), with the category's
/// inactive units (不参评) after its groups.
public struct UnitListing: Sendable {
    public struct Group: Sendable {
        public var category: UnitCategory
        /// The category's label from the scheme (区级部门, 乡镇（街道）…).
        public var categoryLabel: String
        public var group: String?
        public var units: [UnitResult]

        /// The mean total of the group's units (exact; the documents print it rounded).
        public var averageTotal: Fraction? { UnitListing.averageTotal(of: units) }

        /// 区级部门 or 区级部门（窗口单位）.
        public func title(_ language: ReportLanguage) -> String {
            let label = language == .zh ? categoryLabel : category.englishName
            guard let group else { return label }
            return language == .zh ? "\(label)（\(group)）" : "\(label) (\(group))"
        }
    }

    public var groups: [Group] = []
    public var notAssessed: [UnitResult] = []

    public init(_ appraisal: Appraisal, order: ListingOrder) {
        let position = Dictionary(uniqueKeysWithValues: appraisal.ingest.units.officialOrder.enumerated().map { ($1.code, $0) })
        for result in appraisal.units {
            guard result.assessed else {
                notAssessed.append(result)
                continue
            }
            let category = result.unit.category
            if let last = groups.last, last.category == category, last.group == result.unit.group {
                groups[groups.count - 1].units.append(result)
            } else {
                let label = appraisal.scheme.category(category)?.label ?? category.chineseName
                groups.append(Group(category: category, categoryLabel: label, group: result.unit.group, units: [result]))
            }
        }
        if order == .registry {
            for index in groups.indices {
                groups[index].units.sort { (position[$0.unit.code] ?? .max) < (position[$1.unit.code] ?? .max) }
            }
        }
    }

    /// Every unit in listing order, inactive ones last in their category.
    public var all: [UnitResult] {
        var result: [UnitResult] = []
        var categories: [UnitCategory] = []
        for group in groups where !categories.contains(group.category) { categories.append(group.category) }
        for category in UnitCategory.allCases where !categories.contains(category) { categories.append(category) }
        for category in categories {
            result += groups.filter { $0.category == category }.flatMap(\.units)
            result += notAssessed.filter { $0.unit.category == category }
        }
        return result
    }

    /// The mean of the units' totals, or nil when none has one: the group average every
    /// document compares with (bulletin, bar chart, feedback sheet).
    public static func averageTotal(of units: [UnitResult]) -> Fraction? {
        let totals = units.compactMap(\.total).map(Fraction.init)
        return totals.isEmpty ? nil : totals.reduce(Fraction.zero, +) / Fraction(totals.count)
    }

    public func notAssessed(in category: UnitCategory) -> [UnitResult] { notAssessed.filter { $0.unit.category == category } }

    /// The groups, plus an empty one for a category whose units are all inactive, so that a
    /// table per group still has a place for every listed unit.
    public func groupsWithInactiveCategories(_ scheme: Scheme) -> [Group] {
        var result = groups
        for category in [UnitCategory.department, .township] where !groups.contains(where: { $0.category == category }) {
            guard !notAssessed(in: category).isEmpty else { continue }
            result.append(Group(category: category, categoryLabel: scheme.category(category)?.label ?? category.chineseName, group: nil, units: []))
        }
        return result
    }
}

extension UnitCategory {
    public var englishName: String {
        switch self {
        case .department: return "District departments"
        case .township: return "Townships and subdistricts"
        case .village: return "Village service rooms"
        }
    }
}
