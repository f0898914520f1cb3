/// Fuzz probe for header and kind detection: the input's first line, split on commas, tabs or
/// semicolons, must either match no kind or map every column it names to a cell that exists.
public enum HeaderProbe {
    public static func problem(in input: UnsafeBufferPointer<UInt8>) -> String? {
        let firstLine = input.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first ?? input[...]
        for delimiter: UInt8 in [0x2C, 0x09, 0x3B] {
            let cells = firstLine.split(separator: delimiter, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard case .fits(let map) = HeaderMatch.match(cells) else { continue }
            for column in Column.allCases {
                if let position = map.position(column), !cells.indices.contains(position) {
                    return "header maps \(column) to cell \(position) of \(cells.count)"
                }
            }
            guard HeaderMatch.match(cells) == .fits(map) else { return "header matched differently twice" }
        }
        return nil
    }
}
