/// Rows that are not data: blank rows, summary rows (合计/总计/小计) and footer notes. They are
/// skipped and counted, never rejected (SPEC §3).
public enum SkipReason: String, Sendable, Codable, CaseIterable {
    /// Lines above the header: report titles, "填报单位：…" and the like.
    case title
    case blank
    case summary
    case footer
    /// An identical repeat of an earlier row with the same id.
    case duplicate
    /// Valid, but dated outside the period or after as-of.
    case outOfPeriod = "out_of_period"
}

enum RowShape {
    private static let summaryPrefixes: [[UInt8]] = ["合计", "总计", "小计"].map { Array($0.utf8) }
    private static let footerPrefixes: [[UInt8]] = ["注", "备注", "说明", "填报单位", "填报人", "制表", "审核", "联系电话"]
        .map { Array($0.utf8) }

    /// The skip reason for a non-data row, or nil for a row to cast.
    static func skipReason(_ record: RawRecord) -> SkipReason? {
        record.withView(skipReason)
    }

    static func skipReason(_ record: RowView) -> SkipReason? {
        var firstNonEmpty: RowView.Cell?
        var index = 0
        while index < record.fieldCount {
            let cell = CellText.trimmed(record.field(index))
            index += 1
            if !cell.isEmpty {
                firstNonEmpty = cell
                break
            }
        }
        guard let first = firstNonEmpty else { return .blank }
        // Every summary word is Chinese: a cell starting with an ASCII byte (a case number, a
        // code) is none of them.
        if first[first.startIndex] >= 0x80, summaryPrefixes.contains(where: { CellText.hasPrefix(first, $0) }) {
            return .summary
        }
        // A footer is a note standing alone on its row: one more non-empty cell settles it.
        while index < record.fieldCount {
            if !CellText.trimmed(record.field(index)).isEmpty { return nil }
            index += 1
        }
        if footerPrefixes.contains(where: { CellText.hasPrefix(first, $0) }) { return .footer }
        return nil
    }

    /// Index of the first cell longer than `limit` bytes, if any.
    static func oversizedField(_ record: RowView, limit: Int) -> Int? {
        // The cells lie back to back: a row no longer than the limit has no cell longer.
        guard record.fieldCount > 0,
              record.field(record.fieldCount - 1).endIndex - record.field(0).startIndex > limit else { return nil }
        var index = 0
        while index < record.fieldCount {
            if record.field(index).count > limit { return index }
            index += 1
        }
        return nil
    }

    /// Index of the first non-empty cell beyond the header's width, if any: the sign of an
    /// unquoted delimiter inside a value, which shifts every later column.
    static func overflowingField(_ record: RowView, headerWidth: Int) -> Int? {
        guard record.fieldCount > headerWidth else { return nil }
        return (headerWidth..<record.fieldCount).first { !CellText.trimmed(record.field($0)).isEmpty }
    }
}
