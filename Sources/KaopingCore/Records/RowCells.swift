/// Typed access to one data row through its file's header: each accessor reads a cell as text,
/// casts it by the kind's schema and throws a `RowProblem` a clerk can act on.
///
/// Cells are read in place; only a cell that folding changes (full-width forms, capitals in a
/// word column) is copied, into `folding`, which lives as long as the accessor.
struct RowCells: ~Copyable {
    let record: RowView
    /// Unowned: the caller holds the header for the row's lifetime, and counting references on
    /// it, shared by every reader thread, would make the cores fight over its cache line.
    unowned(unsafe) let header: HeaderMap
    private let positions: UnsafeBufferPointer<Int>
    private var folding: FoldingBuffer?
    /// The calling thread's, when it keeps one: codes are then made into strings once.
    private let interner: UnsafeMutablePointer<TextInterner>?

    init(record: RowView, header: HeaderMap, interner: UnsafeMutablePointer<TextInterner>? = nil) {
        self.record = record
        self.header = header
        positions = header.positionTable
        self.interner = interner
    }

    deinit { folding?.free() }

    @inline(__always)
    func raw(_ column: Column) -> RowView.Cell {
        record.field(positions[column.rawValue])  // -1 (absent) reads as empty
    }

    func rawText(_ column: Column) -> String {
        String(decoding: CellText.trimmed(raw(column)), as: UTF8.self)
    }

    func problem(_ column: Column, _ code: RejectCode, _ message: String) -> RowProblem {
        RowProblem(column: column, value: rawText(column), code: code, message: message)
    }

    /// The folded cell, or nil when it is empty (or an empty marker). Plain ASCII that needs
    /// no case folding, the common case, is returned in place without a copy.
    @inline(__always)
    private mutating func folded(_ column: Column, required: Bool, lowercase: Bool = false) throws(RowProblem) -> RowView.Cell? {
        // An optional cell with no byte at all is absent without the call below, which the
        // compiler keeps out of line: many rows leave 评价 or 暂停时长 empty.
        if !required && raw(column).isEmpty { return nil }
        return try foldedCell(column, required: required, lowercase: lowercase)
    }

    private mutating func foldedCell(_ column: Column, required: Bool, lowercase: Bool) throws(RowProblem) -> RowView.Cell? {
        let trimmed = CellText.trimmed(raw(column))
        // Folding only ever changes full-width forms (EF BC/BD …), the ideographic space
        // (E3 80 80) and, when asked, ASCII capitals; U+FFFD (EF BF BD) is caught on the
        // folding path. Any other text, Chinese included, is used where it lies.
        let plain = Self.foldsToItself(trimmed, lowercase: lowercase)
        let text: RowView.Cell
        if plain {
            text = trimmed
        } else {
            if CellText.containsReplacement(trimmed) {
                throw problem(column, .badEncoding, "「\(header.label(column))」含有无法识别的字符，文件编码可能损坏")
            }
            if folding == nil { folding = FoldingBuffer() }
            text = folding!.fold(trimmed, lowercase: lowercase)
        }
        if text.isEmpty || NumberParser.isEmptyMarker(text) {
            if required {
                let marker = text.isEmpty ? "" : "（「\(rawText(column))」表示无数据）"
                throw problem(column, .missingValue, "必填列「\(header.label(column))」为空\(marker)")
            }
            return nil
        }
        return text
    }

    /// True when folding would leave the cell as it is. Dates, numbers and codes are ASCII:
    /// eight bytes at a time, they need no look at each byte.
    @inline(__always)
    private static func foldsToItself(_ cell: RowView.Cell, lowercase: Bool) -> Bool {
        var index = cell.startIndex
        if !lowercase, let base = cell.base.baseAddress {
            while index + 8 <= cell.endIndex {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
        }
        while index < cell.endIndex {
            let byte = cell[index]
            if byte == 0xEF || byte == 0xE3 || (lowercase && byte >= 0x41 && byte <= 0x5A) { return false }
            index += 1
        }
        return true
    }

    // MARK: text and codes

    mutating func requiredText(_ column: Column) throws(RowProblem) -> String {
        String(decoding: try folded(column, required: true)!, as: UTF8.self)
    }

    /// The registered unit code the cell names, as the registry spells it, or nil when none is
    /// spelled byte for byte like it. No `String` is made of the cell.
    mutating func requiredText(_ column: Column, among units: UnitRegistry) throws(RowProblem) -> String? {
        let cell = try folded(column, required: true)!
        return units.code(matching: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: cell)))
    }

    /// A row's own identifier, without a heap allocation when it is short (see `RecordID`).
    mutating func requiredID(_ column: Column) throws(RowProblem) -> RecordID {
        RecordID(validUTF8: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: try folded(column, required: true)!)))
    }

    mutating func optionalText(_ column: Column) throws(RowProblem) -> String? {
        try folded(column, required: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A code that recurs down the file (事项编码), its `String` kept by the interner.
    mutating func optionalCode(_ column: Column) throws(RowProblem) -> String? {
        guard let cell = try folded(column, required: false) else { return nil }
        guard let interner else { return String(decoding: cell, as: UTF8.self) }
        return interner.pointee.text(cell)
    }

    /// Free text (names, notes, reasons) as the clerk wrote it: trimmed but never folded, so
    /// full-width （）and ，stay full-width in the bulletin. Empty and empty markers are checked
    /// as for any text.
    mutating func requiredProse(_ column: Column) throws(RowProblem) -> String {
        _ = try folded(column, required: true)
        return rawText(column)
    }

    mutating func optionalProse(_ column: Column) throws(RowProblem) -> String? {
        guard try folded(column, required: false) != nil else { return nil }
        return rawText(column)
    }

    // MARK: dates

    mutating func requiredDate(_ column: Column) throws(RowProblem) -> DateStamp {
        if let stamp = canonicalDate(column) { return stamp }
        let bytes = try folded(column, required: true)!
        switch DateParser.parse(bytes) {
        case .date(let stamp): return stamp
        case .empty: throw problem(column, .missingValue, "必填列「\(header.label(column))」为空（\(rawText(column)) 表示无日期）")
        case .invalid: throw badDate(column)
        }
    }

    mutating func optionalDate(_ column: Column) throws(RowProblem) -> DateStamp? {
        if let stamp = canonicalDate(column) { return stamp }
        guard let bytes = try folded(column, required: false) else { return nil }
        switch DateParser.parse(bytes) {
        case .date(let stamp): return stamp
        case .empty: return nil
        case .invalid: throw badDate(column)
        }
    }

    /// A cell written `2022-03-01` or `2022-03-01 08:40:00` exactly, read as it lies: it starts
    /// and ends with a digit and is plain ASCII, so trimming and folding would leave it as it
    /// is, and it is no empty marker.
    @inline(__always)
    private func canonicalDate(_ column: Column) -> DateStamp? {
        if case .date(let stamp)? = DateParser.canonical(raw(column)) { return stamp }
        return nil
    }

    private func badDate(_ column: Column) -> RowProblem {
        problem(column, .badDate, "「\(header.label(column))」的值「\(rawText(column))」不是有效日期（可写作 2022-03-01、2022/3/1、2022年3月1日 等）")
    }

    // MARK: numbers

    mutating func requiredNumber(_ column: Column) throws(RowProblem) -> ExactDecimal {
        let bytes = try folded(column, required: true)!
        switch NumberParser.parse(bytes) {
        case .number(let value): return value
        case .empty: throw problem(column, .missingValue, "必填列「\(header.label(column))」为空（\(rawText(column)) 表示无数据）")
        case .invalid: throw badNumber(column)
        }
    }

    mutating func optionalNumber(_ column: Column) throws(RowProblem) -> ExactDecimal? {
        guard let bytes = try folded(column, required: false) else { return nil }
        switch NumberParser.parse(bytes) {
        case .number(let value): return value
        case .empty: return nil
        case .invalid: throw badNumber(column)
        }
    }

    /// A count of working days: a whole number, not negative. `20天`/`20个工作日` are accepted.
    mutating func requiredDays(_ column: Column) throws(RowProblem) -> Int {
        guard let days = try days(column, required: true) else { throw problem(column, .missingValue, "必填列「\(header.label(column))」为空") }
        return days
    }

    mutating func optionalDays(_ column: Column) throws(RowProblem) -> Int? {
        try days(column, required: false)
    }

    /// Ten years of working days: no statutory limit comes near, and a larger number is a
    /// typo that would otherwise overflow date arithmetic downstream.
    static let maximumDays = 2500

    private static let daySuffixes: [[UInt8]] = ["个工作日", "工作日", "天", "日"].map { Array($0.utf8) }

    private mutating func days(_ column: Column, required: Bool) throws(RowProblem) -> Int? {
        // Digits only: nothing to trim or fold, and no empty marker.
        if let plain = Self.plainDays(raw(column)) { return plain }
        guard var bytes = try folded(column, required: required) else { return nil }
        if let plain = Self.plainDays(bytes) { return plain }
        // Every suffix ends in a Chinese character: a cell ending in a digit has none.
        let mayHaveSuffix = (bytes.last ?? 0) >= 0x80
        for suffix in Self.daySuffixes where mayHaveSuffix && bytes.count > suffix.count
            && bytes.suffix(suffix.count).elementsEqual(suffix) {
            bytes = CellText.trimmed(bytes.dropLast(suffix.count))  // `20 天` too
            break
        }
        switch NumberParser.parse(bytes) {
        case .number(let value):
            guard let whole = value.integerValue, (0...Self.maximumDays).contains(whole), !bytes.contains(0x25),
                  !CellText.hasPrefix(bytes, [0x2B]) else {
                throw problem(column, .badNumber,
                              "「\(header.label(column))」应为 0 到 \(Self.maximumDays) 之间的整数个工作日，实际为「\(rawText(column))」")
            }
            return whole
        case .empty:
            if required { throw problem(column, .missingValue, "必填列「\(header.label(column))」为空") }
            return nil
        case .invalid:
            throw badNumber(column)
        }
    }

    /// Up to four digits and nothing else, the way nearly every export writes a count of days,
    /// when within the limit: what the general reading below gives them, without its scanning.
    @inline(__always)
    static func plainDays(_ cell: RowView.Cell) -> Int? {
        guard cell.count <= 4, !cell.isEmpty else { return nil }
        var value = 0
        for byte in cell {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value <= maximumDays ? value : nil
    }

    private func badNumber(_ column: Column) -> RowProblem {
        problem(column, .badNumber, "「\(header.label(column))」的值「\(rawText(column))」不是有效数字")
    }

    // MARK: words

    mutating func required<Value>(_ column: Column, _ vocabulary: Vocabulary<Value>, _ code: RejectCode, _ expected: String) throws(RowProblem) -> Value {
        if let value = rawWord(column, vocabulary) { return value }
        let bytes = try folded(column, required: true, lowercase: true)!
        guard let value = vocabulary.lookup(bytes) else { throw badWord(column, code, expected) }
        return value
    }

    mutating func optional<Value>(_ column: Column, _ vocabulary: Vocabulary<Value>, _ code: RejectCode, _ expected: String) throws(RowProblem) -> Value? {
        if let value = rawWord(column, vocabulary) { return value }
        guard let bytes = try folded(column, required: false, lowercase: true) else { return nil }
        guard let value = vocabulary.lookup(bytes) else { throw badWord(column, code, expected) }
        return value
    }

    /// The word a cell names when it is spelled exactly as the vocabulary keeps it: its words
    /// are trimmed, folded and lowercased already, so such a cell needs none of that. An empty
    /// marker, and anything else, is read the general way.
    @inline(__always)
    private func rawWord<Value>(_ column: Column, _ vocabulary: Vocabulary<Value>) -> Value? {
        let cell = raw(column)
        guard !cell.isEmpty, !NumberParser.isEmptyMarker(cell) else { return nil }
        return vocabulary.lookup(cell)
    }

    private func badWord(_ column: Column, _ code: RejectCode, _ expected: String) -> RowProblem {
        problem(column, code, "「\(header.label(column))」的值「\(rawText(column))」无法识别，应为\(expected)")
    }

    mutating func optionalBool(_ column: Column, _ words: borrowing CastWords) throws(RowProblem) -> Bool? {
        try optional(column, words.boolean, .badBoolean, "是/否、Y/N、1/0 或 √/×")
    }

    mutating func optionalRating(_ column: Column, _ words: borrowing CastWords) throws(RowProblem) -> Int8? {
        if let value = rawWord(column, words.rating) { return value }
        guard let bytes = try folded(column, required: false, lowercase: true) else { return nil }
        if let value = words.rating.lookup(bytes) { return value }
        if case .number(let number) = NumberParser.parse(bytes), let whole = number.integerValue, (1...5).contains(whole) {
            return Int8(whole)
        }
        throw badWord(column, .badRating, " 1–5 或 非常满意/满意/基本满意/不满意/非常不满意")
    }
}

/// Where a cell that folding changes is written: an unmanaged buffer, so the folded text is a
/// cell like any other. The text it returns stays valid until the next `fold`.
private struct FoldingBuffer {
    private var bytes: [UInt8] = []
    private var storage = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    mutating func fold(_ cell: RowView.Cell, lowercase: Bool) -> RowView.Cell {
        CellText.fold(cell, lowercase: lowercase, into: &bytes)
        if storage.count < bytes.count {
            storage.deallocate()
            storage = .allocate(capacity: max(64, bytes.count))
        }
        _ = storage.initialize(from: bytes)
        return UnsafeBufferPointer(storage)[0..<bytes.count]
    }

    func free() { storage.deallocate() }
}
