/// How large a row may be before Kaoping refuses it instead of holding it (issue 7): an export
/// that is truncated, binary or crafted must cost a located reject, never all the memory.
///
/// A physical line or a record longer than `maxRowBytes` is refused by the reader itself
/// without being kept; a cell longer than `maxFieldBytes` or a row with more than `maxColumns`
/// cells is refused where rows are classified; a header wider than `maxColumns` makes the
/// whole file unreadable.
public struct ReadLimits: Sendable, Equatable {
    public var maxFieldBytes: Int
    public var maxColumns: Int
    public var maxRowBytes: Int

    public static let defaultMaxFieldBytes = 1 << 20
    public static let defaultMaxColumns = 1000
    public static let defaultMaxRowBytes = 8 << 20

    public init(maxFieldBytes: Int = Self.defaultMaxFieldBytes, maxColumns: Int = Self.defaultMaxColumns,
                maxRowBytes: Int = Self.defaultMaxRowBytes) {
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.maxColumns = max(1, maxColumns)
        self.maxRowBytes = max(1, maxRowBytes)
    }

    /// Reads a size as clerks and cron lines write it: `1048576`, `1024K`, `1M`, `1MiB` (binary
    /// units, case ignored); nil when it is not one.
    public static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text.filter { $0 != " " })
        var unit = 1
        let suffixes: [(String, Int)] = [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1 << 10),
                                         ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        for (suffix, size) in suffixes where digits.uppercased().hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            unit = size
            break
        }
        guard let number = Int(digits), number > 0 else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }
}
