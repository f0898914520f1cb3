/// Writes CSV the way Excel and WPS on Chinese Windows open it without a prompt: UTF-8 with a
/// BOM, CRLF line ends, RFC 4180 quoting; cells that a spreadsheet would run as a formula are
/// neutralised with a leading apostrophe (SPEC §6).
public struct CSVOutput {
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(header: [String]) {
        append(header)
    }

    /// Rows without the BOM, to continue a file already begun.
    init(rows: [[String]]) {
        bytes = []
        for row in rows { append(row) }
    }

    public mutating func append(_ row: [String]) {
        for (index, cell) in row.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            appendCell(cell)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// A rejects row straight from the reject, without an array of seven strings per row:
    /// a city's run writes a hundred thousand of them after ingest, on one core.
    public mutating func append(_ reject: Reject) {
        appendCell(reject.file)
        bytes.append(0x2C)
        CellFormat.appendInteger(reject.line, to: &bytes)  // a number: never quoted or neutralised
        bytes.append(0x2C)
        appendCell(reject.column)
        bytes.append(0x2C)
        appendCell(reject.value)
        bytes.append(0x2C)
        appendCell(reject.code.rawValue)
        bytes.append(0x2C)
        appendCell(reject.message)
        bytes.append(0x2C)
        appendCell(reject.unitCode ?? "")
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    private mutating func appendCell(_ cell: String) {
        var text = Self.neutralised(cell)
        text.withUTF8 { appendCell(utf8: $0) }
    }

    /// Quoted when it holds a comma, quote or line break, or starts or ends with a space (which
    /// a spreadsheet would trim).
    private mutating func appendCell(utf8 text: UnsafeBufferPointer<UInt8>) {
        let needsQuotes = text.first == 0x20 || text.last == 0x20
            || text.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            bytes.append(contentsOf: text)
            return
        }
        bytes.append(0x22)
        for byte in text {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }

    /// A cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`, unless it is a
    /// plain number such as `-5` or `+3.5`, which a spreadsheet reads as a number anyway, or a
    /// lone `-`.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return cell }
        // A lone sign (`-`, what exports write for "none") starts no formula.
        if cell.utf8.count == 1 && (first == 0x2D || first == 0x2B) { return cell }
        if first == 0x2D || first == 0x2B, case .number = NumberParser.parse(ArraySlice(Array(cell.utf8))) {
            return cell
        }
        return "'" + cell
    }
}

extension Reject {
    /// SPEC §6's six columns, then `unit_code` so a clerk can filter one unit's rows
    /// (`CSVOutput.append(_: Reject)` writes them).
    public static let csvHeader = ["file", "line", "column", "value", "code", "message", "unit_code"]
}
