/// Invents a unit's service items (事项) and their time limits.
enum ServiceCatalog {
    /// Statutory limits in working days and how often each occurs: 0 is an immediate item.
    private static let statutoryChoices = [0, 1, 3, 5, 10, 15, 20, 30]
    private static let statutoryWeights = [18, 3, 5, 15, 15, 12, 22, 10]

    static func items(for unit: SyntheticUnit, unitIndex: Int, messy: Bool, random: inout SyntheticRandom) -> [ServiceItem] {
        let count: Int
        let authorizedPerMille: Int
        switch unit.category {
        case .department:
            count = unit.isWindowUnit ? random.inRange(8...20) : random.inRange(5...8)
            authorizedPerMille = unit.isWindowUnit ? 700 : 200
        case .township:
            count = random.inRange(10...18)
            authorizedPerMille = 700
        case .village:
            count = random.inRange(5...8)
            authorizedPerMille = 500
        }
        let bases = unit.itemBases
        var items: [ServiceItem] = []
        for index in 0..<count {
            let base = bases[index % bases.count]
            let round = index / bases.count
            var name = base + (round < DistrictNames.itemVariants.count ? DistrictNames.itemVariants[round] : "（第\(round)类）")
            if messy && round == 1 && index % bases.count == 0 && unitIndex % 4 == 0 {
                // A cell typed with Alt+Enter in Excel: a line break inside the name.
                name = base + "\n（含网上申办）"
            }
            let statutory = statutoryChoices[random.weightedIndex(statutoryWeights)]
            items.append(ServiceItem(
                code: "00" + unit.code + DistrictRoster.code("", index + 1, width: 3),
                name: name,
                statutoryDays: statutory,
                promisedDays: promisedDays(statutory: statutory, random: &random),
                windowAuthorized: random.chance(perMille: authorizedPerMille),
                onlineAvailable: random.chance(perMille: 800)))
        }
        return items
    }

    /// The promise (承诺时限) compresses the statutory limit: often to 0 (承诺即办), else to a
    /// quarter or a half, sometimes not at all. Never above the statutory limit.
    private static func promisedDays(statutory: Int, random: inout SyntheticRandom) -> Int {
        guard statutory > 0 else { return 0 }
        switch random.weightedIndex([38, 22, 25, 15]) {
        case 0: return 0
        case 1: return max(1, statutory / 4)
        case 2: return max(1, statutory / 2)
        default: return statutory
        }
    }
}
