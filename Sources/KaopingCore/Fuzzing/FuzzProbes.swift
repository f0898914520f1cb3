/// The fuzz targets by name (`make fuzz`, `kaoping-fuzz`, and the replay of saved findings in
/// the tests): each takes one input and returns what went wrong, or nil. A crash, a hang or a
/// returned problem is a finding.
public enum FuzzProbes {
    public typealias Probe = @Sendable (UnsafeBufferPointer<UInt8>) -> String?

    public static let all: [String: Probe] = [
        // The quote-free fast path against libcsv (issue 6).
        "reader-differential": { ReaderDifferential.disagreement(in: $0) },
        // Issue 7: a whole export, one thread against byte ranges, every row accounted for.
        "ingest": { IngestProbe.problem(in: $0) },
        "values": { ValueProbe.problem(in: $0) },
        "header": { HeaderProbe.problem(in: $0) },
        "scheme": { SchemeProbe.problem(in: $0) },
    ]

    public static var names: String { all.keys.sorted().joined(separator: ", ") }
}
