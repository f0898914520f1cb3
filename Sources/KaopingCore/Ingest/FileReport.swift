/// What happened to one input file: the row accounting of SPEC §3. For every readable file,
/// `rowsRead == rowsAccepted + rowsRejected + rowsSkipped`.
public struct FileReport: Sendable, Equatable {
    public var relativePath: String
    public var profile: FileProfile?
    public var problem: FileProblem?
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var skipped: [SkipReason: Int] = [:]
    /// Bytes that could not be decoded and were replaced by U+FFFD; 0 for a file whose reading
    /// stopped early on a file-level error.
    public var replacedBytes = 0

    public init(relativePath: String, problem: FileProblem? = nil) {
        self.relativePath = relativePath
        self.problem = problem
    }

    public var rowsSkipped: Int { skipped.values.reduce(0, +) }
    public var isReadable: Bool { problem == nil }

    mutating func skip(_ reason: SkipReason) {
        rowsRead += 1
        skipped[reason, default: 0] += 1
    }
}

/// Where a record came from: the file's index in reading order and the physical line.
public struct RowLocation: Hashable, Sendable {
    public var file: Int
    public var line: Int
}
