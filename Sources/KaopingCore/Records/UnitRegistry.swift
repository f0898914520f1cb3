#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every assessed unit (考核对象) from the units files, in the order they were read.
public struct UnitRegistry: Sendable {
    public private(set) var units: [UnitRecord] = []
    private var indexByCode: [String: Int] = [:]
    /// The codes again, for rows: looked up by their bytes (see `code(matching:)`).
    private var codeTable = UnitCodeTable()

    public init(_ units: [UnitRecord] = []) {
        for unit in units { add(unit) }
    }

    public mutating func add(_ unit: UnitRecord) {
        guard indexByCode[unit.code] == nil else { return }
        indexByCode[unit.code] = units.count
        units.append(unit)
        codeTable.insert(unit.code)
    }

    public func contains(_ code: String) -> Bool { indexByCode[code] != nil }

    /// The registered code spelled byte for byte as `bytes`, or nil. Every case and ticket row
    /// names its unit: looking its bytes up spares making a `String` of them and hashing it.
    func code(matching bytes: UnsafeRawBufferPointer) -> String? { codeTable.code(matching: bytes) }

    public subscript(code: String) -> UnitRecord? {
        indexByCode[code].map { units[$0] }
    }

    /// The unit whose metrics a unit's records feed: a village service room rolls up into its
    /// township (SPEC §3); everyone else counts for itself.
    public func assessedCode(for code: String) -> String {
        guard let unit = self[code], unit.category == .village, let parent = unit.parentCode else { return code }
        return parent
    }

    /// Units in the official listing order: `order` first, then registry order.
    public var officialOrder: [UnitRecord] {
        units.enumerated().sorted { a, b in
            switch (a.element.order, b.element.order) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// What casting a row needs to know beyond the row itself.
public struct CastContext: Sendable {
    public var units: UnitRegistry
    public var checks: CheckCatalog
    let words = CastWords.shared

    public init(units: UnitRegistry, checks: CheckCatalog = .standard) {
        self.units = units
        self.checks = checks
    }
}

/// Registered unit codes by their UTF-8 bytes: one flat byte array and an open-addressed table
/// of indexes into it, so that a lookup hashes the cell where it lies and compares bytes.
struct UnitCodeTable: Sendable {
    private var bytes: [UInt8] = []
    /// Per code: where its bytes start in `bytes`, and how many there are.
    private var spans: [(start: Int, count: Int)] = []
    /// Per code of up to 16 bytes, its two words (`ShortWord`): with the length, they are the
    /// code, so a lookup compares two words instead of calling `memcmp`.
    private var words: [(low: UInt64, high: UInt64)] = []
    private var codes: [String] = []
    /// An index into `codes` plus one; 0 marks an empty slot. Never more than half full.
    private var slots: [Int32] = [0, 0, 0, 0]

    mutating func insert(_ code: String) {
        let utf8 = Array(code.utf8)
        if utf8.withUnsafeBytes({ self.code(matching: $0) }) != nil { return }
        spans.append((bytes.count, utf8.count))
        words.append(utf8.withUnsafeBytes { ShortWord($0).map { ($0.low, $0.high) } } ?? (0, 0))
        bytes.append(contentsOf: utf8)
        codes.append(code)
        if codes.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for index in codes.indices { place(index) }
        } else {
            place(codes.count - 1)
        }
    }

    private mutating func place(_ index: Int) {
        let span = spans[index]
        let hash = bytes.withUnsafeBytes { all in
            let code = UnsafeRawBufferPointer(rebasing: all[span.start..<span.start + span.count])
            return Self.hash(code, ShortWord(code))
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    func code(matching cell: UnsafeRawBufferPointer) -> String? {
        let mask = slots.count - 1
        let short = ShortWord(cell)
        var slot = Int(truncatingIfNeeded: Self.hash(cell, short)) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBytes { stored in
                while slots[slot] != 0 {
                    let index = Int(slots[slot]) - 1
                    let span = spans[index]
                    if span.count == cell.count {
                        let same = if let short {
                            words[index].low == short.low && words[index].high == short.high
                        } else {
                            span.count == 0 || memcmp(stored.baseAddress! + span.start, cell.baseAddress!, span.count) == 0
                        }
                        // A code of up to 15 bytes lives inside its `String`; a longer one is made
                        // afresh, so that reader threads never count references on one string.
                        if same { return span.count <= 15 ? codes[index] : String(decoding: cell, as: UTF8.self) }
                    }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }
    }

    /// `short`: the bytes' two words, when they have 1 to 16.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, _ short: ShortWord?) -> UInt64 {
        var hash = StableHash()
        if let short {
            hash.mixWord(UInt64(truncatingIfNeeded: bytes.count))
            hash.mixWord(short.low)
            hash.mixWord(short.high)
        } else {
            hash.combineCell(bytes, tag: 0)
        }
        return hash.value
    }
}
