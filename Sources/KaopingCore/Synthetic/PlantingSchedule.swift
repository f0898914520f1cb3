/// Decides which rows of one export carry a planted problem: every kind at least once, spread
/// over the rows, and then about `perMille` of all rows in total, with random kinds.
struct PlantingSchedule {
    private let kinds: [PlantedProblem]
    /// Row index at which each kind is first due, in row order.
    private var due: [(row: Int, problem: PlantedProblem)]
    /// Kinds that fell due on a row that could not take them; planted at the first row that can.
    private var pending: [PlantedProblem] = []
    /// Chance, in millionths, that any other row carries a random kind.
    private let extraPerMillion: Int
    private var random: SyntheticRandom

    /// With `enabled` false (clean data) nothing is ever planted.
    init(kinds: [PlantedProblem], rows: Int, perMille: Int, enabled: Bool, random: SyntheticRandom) {
        self.random = random
        guard enabled, rows > 0, !kinds.isEmpty else {
            self.kinds = []
            due = []
            extraPerMillion = 0
            return
        }
        self.kinds = kinds
        // Spread the first occurrences evenly, so they land in different files.
        due = kinds.enumerated().map { ((2 * $0.offset + 1) * rows / (2 * kinds.count), $0.element) }
        let extra = max(0, rows * perMille / 1000 - kinds.count)
        extraPerMillion = Int((Int64(extra) * 1_000_000) / Int64(rows))
    }

    /// The problem to plant in row `row`, if any; rows must be asked in increasing order.
    /// `canTake` says whether this row can carry a kind (a repeat needs an earlier valid row
    /// in the same file).
    mutating func problem(forRow row: Int, canTake: (PlantedProblem) -> Bool) -> PlantedProblem? {
        while let first = due.first, first.row <= row {
            pending.append(first.problem)
            due.removeFirst()
        }
        if let index = pending.firstIndex(where: canTake) {
            return pending.remove(at: index)
        }
        guard extraPerMillion > 0, random.below(1_000_000) < extraPerMillion else { return nil }
        let kind = random.element(of: kinds)
        return canTake(kind) ? kind : nil
    }
}
