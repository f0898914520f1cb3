/// SplitMix64 (Steele, Lea and Flood, 2014): the generator behind every synthetic value.
///
/// Its whole state is one `UInt64`, so a seed names the same stream on every platform and
/// Swift release. It deliberately does not conform to `RandomNumberGenerator`: the standard
/// library's `random(in:using:)` algorithms are not promised to stay the same between
/// releases, and a generated folder must stay byte-identical for a seed.
struct SyntheticRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for one part of the data (one unit's cases, the tickets file…),
    /// so that changing how many rows one part draws never shifts the values of another.
    init(seed: UInt64, stream: UInt64) {
        state = SyntheticRandom.mix(seed ^ SyntheticRandom.mix(stream &+ 0x6A09_E667_F3BC_C908))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SyntheticRandom.mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` by the high half of a 128-bit product; the bias for bounds this
    /// small (< 2^32) is below 2^-32 and does not matter for synthetic data.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func inRange(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `perMille` / 1000; integer odds keep the outcome free of
    /// floating-point rounding.
    mutating func chance(perMille: Int) -> Bool { below(1000) < perMille }

    mutating func element<T>(of items: [T]) -> T { items[below(items.count)] }

    /// An index into `weights`, each drawn in proportion to its weight.
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        var draw = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}

/// Cumulative weights for drawing among many choices (units, items) in logarithmic time.
struct WeightedTable {
    private let cumulative: [Int]

    init(_ weights: [Int]) {
        var running = 0
        cumulative = weights.map { running += max(0, $0); return running }
    }

    func draw(_ random: inout SyntheticRandom) -> Int {
        let target = random.below(cumulative.last!)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
