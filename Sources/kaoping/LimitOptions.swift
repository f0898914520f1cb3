import ArgumentParser
import KaopingCore

/// The input limits of issue 7: how large a cell, a row and a header may be before Kaoping
/// refuses it instead of holding it.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-field-bytes"), help: ArgumentHelp(
        "Refuse a row with a cell longer than this (field_too_large). Bytes, or with K/M/G (binary).",
        valueName: "size"))
    var maxFieldBytes: String = "1M"

    @Option(name: .customLong("max-row-bytes"), help: ArgumentHelp(
        "Refuse a line or quoted record longer than this unread (row_too_long).", valueName: "size"))
    var maxRowBytes: String = "8M"

    @Option(name: .customLong("max-columns"), help: ArgumentHelp(
        "Refuse a row with more cells than this (too_many_columns); a wider header makes the file unreadable.",
        valueName: "n"))
    var maxColumns: Int = ReadLimits.defaultMaxColumns

    func validate() throws {
        _ = try limits()
    }

    func limits() throws -> ReadLimits {
        guard let field = ReadLimits.parseSize(maxFieldBytes) else {
            throw ValidationError("--max-field-bytes: '\(maxFieldBytes)' is not a size (e.g. 1048576, 1024K, 1M)")
        }
        guard let row = ReadLimits.parseSize(maxRowBytes) else {
            throw ValidationError("--max-row-bytes: '\(maxRowBytes)' is not a size (e.g. 8M)")
        }
        guard maxColumns >= 1 else { throw ValidationError("--max-columns must be at least 1") }
        return ReadLimits(maxFieldBytes: field, maxColumns: maxColumns, maxRowBytes: row)
    }
}
