/// A service item (事项) of one unit, with the time limits its cases inherit.
struct ServiceItem {
    var code: String
    var name: String
    var statutoryDays: Int
    var promisedDays: Int
    var windowAuthorized: Bool
    var onlineAvailable: Bool
}

/// A unit of the generated registry, with what the generator needs to invent its records.
struct SyntheticUnit {
    var code: String
    var name: String
    var category: UnitCategory
    var active = true
    var group: String?
    var requiredExports: [ExportKind] = []
    var parentCode: String?
    /// Official listing order within the category, 1-based.
    var order: Int
    /// Relative share of the district's cases; 0 for a unit that sends no cases file.
    var caseWeight: Int
    /// Names the unit's service items are built from.
    var itemBases: [String] = []
    var items: [ServiceItem] = []
    /// Per mille of cases finished after the statutory limit: how well the unit works.
    var lateShare = 20
    /// Per mille of ratings that are bad (1 or 2).
    var badRatingShare = 40

    var isWindowUnit: Bool { group == DistrictRoster.windowGroup }

    func categoryWord(_ words: ValueWords) -> String {
        switch category {
        case .department: return words.department
        case .township: return name.hasSuffix("街道") ? words.subdistrict : words.township
        case .village: return name.contains("社区") ? words.community : words.village
        }
    }
}

/// The generated registry: departments (`01xx`), townships (`02xx`) and village service rooms
/// (township code + `xx`), in that order.
struct DistrictRoster {
    static let windowGroup = "窗口单位"
    static let otherGroup = "非窗口单位"

    private(set) var units: [SyntheticUnit] = []

    init(options: SyntheticOptions) throws(SyntheticDataError) {
        guard options.departments >= 0, options.townships >= 0, options.villages >= 0 else {
            throw .badOption("单位数量不能为负数")
        }
        guard options.villages == 0 || options.townships > 0 else {
            throw .badOption("村/社区便民服务室需要至少一个乡镇作为上级单位")
        }
        var random = SyntheticRandom(seed: options.seed, stream: 1)
        addDepartments(options.departments, random: &random)
        addTownships(options.townships, random: &random)
        addVillages(options.villages, random: &random)
        // One unit works markedly worse than the rest, so rankings have a clear tail.
        let candidates = units.indices.filter { units[$0].category != .village && units[$0].active }
        if !candidates.isEmpty {
            let weak = random.element(of: candidates)
            units[weak].lateShare = 120
            units[weak].badRatingShare = 220
        }
        for index in units.indices {
            var itemRandom = SyntheticRandom(seed: options.seed, stream: 100 + UInt64(index))
            units[index].items = ServiceCatalog.items(for: units[index], unitIndex: index, messy: options.messy, random: &itemRandom)
        }
    }

    var townships: [SyntheticUnit] { units.filter { $0.category == .township } }

    /// Units that are assessed and ranked: active departments and townships.
    var assessed: [SyntheticUnit] { units.filter { $0.active && $0.category != .village } }

    private mutating func addDepartments(_ count: Int, random: inout SyntheticRandom) {
        let width = max(2, String(count).count)
        var profiles: [DepartmentProfile] = []
        for index in 0..<count {
            profiles.append(index < DistrictNames.departments.count
                ? DistrictNames.departments[index] : DistrictNames.extraDepartment(number: index + 1))
        }
        // Small rosters without the named departments still get one of each, when they have
        // enough departments to spare them.
        let inactive = profiles.firstIndex { $0.name == DistrictNames.inactiveDepartment } ?? (count >= 2 ? count - 1 : nil)
        let silent = profiles.firstIndex { $0.name == DistrictNames.silentDepartment && $0.window }
            ?? (count >= 3 ? profiles.indices.last { $0 != inactive && profiles[$0].window } : nil)
        for (index, profile) in profiles.enumerated() {
            var unit = SyntheticUnit(code: DistrictRoster.code("01", index + 1, width: width), name: profile.name,
                                     category: .department, order: index + 1,
                                     caseWeight: index == silent ? 0 : max(1, profile.caseWeight * random.inRange(70...130) / 100),
                                     itemBases: profile.itemBases)
            unit.active = index != inactive
            unit.group = profile.window ? DistrictRoster.windowGroup : DistrictRoster.otherGroup
            unit.requiredExports = profile.window ? [.cases, .items, .tickets] : []
            unit.lateShare = random.inRange(5...40)
            unit.badRatingShare = random.inRange(10...60)
            units.append(unit)
        }
    }

    private mutating func addTownships(_ count: Int, random: inout SyntheticRandom) {
        let width = max(2, String(count).count)
        let names = DistrictNames.townships + DistrictNames.moreTownships
        for index in 0..<count {
            let name = index < names.count ? names[index] : "第\(index + 1)街道"
            var unit = SyntheticUnit(code: DistrictRoster.code("02", index + 1, width: width), name: name,
                                     category: .township, order: index + 1, caseWeight: random.inRange(20...45),
                                     itemBases: DistrictNames.townshipItemBases)
            unit.lateShare = random.inRange(5...40)
            unit.badRatingShare = random.inRange(10...60)
            units.append(unit)
        }
    }

    /// Villages go round the pilot townships (清泉, 龙王, 城厢, 姚渡, 福洪) in turn; their codes
    /// extend the parent's, so `020701` is 清泉镇's first service room.
    private mutating func addVillages(_ count: Int, random: inout SyntheticRandom) {
        guard count > 0 else { return }
        let townships = units.filter { $0.category == .township }
        var parents = DistrictNames.villageTownships.compactMap { name in townships.first { $0.name == name } }
        if parents.isEmpty { parents = Array(townships.prefix(5)) }
        let width = max(2, String((count + parents.count - 1) / parents.count).count)
        var perParent = [Int](repeating: 0, count: parents.count)
        var villages: [SyntheticUnit] = []
        for index in 0..<count {
            let slot = index % parents.count
            perParent[slot] += 1
            let parent = parents[slot]
            let village = DistrictNames.villages[index % DistrictNames.villages.count]
            let round = index / DistrictNames.villages.count
            let name = parent.name + village + (round > 0 ? "\(round + 1)组" : "") + "便民服务室"
            var unit = SyntheticUnit(code: DistrictRoster.code(parent.code, perParent[slot], width: width), name: name,
                                     category: .village, order: 0, caseWeight: random.inRange(3...8),
                                     itemBases: DistrictNames.villageItemBases)
            unit.parentCode = parent.code
            villages.append(unit)
        }
        // Listed by code, so each township's service rooms stand together.
        villages.sort { $0.code < $1.code }
        for (index, village) in villages.enumerated() {
            var listed = village
            listed.order = index + 1
            units.append(listed)
        }
    }

    static func code(_ prefix: String, _ number: Int, width: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
