/// Where each of a kind's columns sits in a file's header. A class: it owns the tables that
/// every reader thread of a file reads, and a range's rows are known to be cast with it by
/// identity (`===`).
public final class HeaderMap: Sendable, Equatable {
    public let kind: ExportKind
    /// The header cells as written, for messages that name a column the way the clerk sees it.
    public let written: [String]

    // The two tables are unmanaged memory, owned here. Reader threads read them for every row;
    // reading through arrays would count references on storage (and on this object) that all
    // of them share, and the cores would fight over its cache line.

    /// Position (0-based) of each canonical column present, indexed by `Column.rawValue`;
    /// -1 when absent. The first occurrence of a column wins.
    nonisolated(unsafe) let positionTable: UnsafeBufferPointer<Int>
    /// The seeds each cell of the file is fingerprinted with, by position: drawn from the
    /// column's name, canonical where Kaoping knows the column and its folded header otherwise,
    /// so that the same row exported with another column order or with Chinese headers is
    /// still the same row (what "every cell's text equal" compares; `RowIdentity.content`).
    nonisolated(unsafe) let cellSeeds: UnsafeBufferPointer<CellFingerprint.Seeds>

    init(kind: ExportKind, positions: [Column: Int], written: [String]) {
        self.kind = kind
        var table = [Int](repeating: -1, count: Column.allCases.count)
        for (column, position) in positions { table[column.rawValue] = position }
        self.written = written
        var occurrences: [String: Int] = [:]
        let seeds = written.indices.map { position in
            let known = positions.first { $0.value == position }?.key.name
            let name = known ?? CellText.normalizedHeader(written[position])
            defer { occurrences[name, default: 0] += 1 }
            return CellFingerprint.Seeds(columnName: name, occurrence: occurrences[name, default: 0])
        }
        positionTable = Self.unmanagedCopy(table)
        cellSeeds = Self.unmanagedCopy(seeds)
    }

    deinit {
        positionTable.deallocate()
        cellSeeds.deallocate()
    }

    private static func unmanagedCopy<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
        _ = copy.initialize(from: elements)
        return UnsafeBufferPointer(copy)
    }

    public static func == (lhs: HeaderMap, rhs: HeaderMap) -> Bool {
        lhs.kind == rhs.kind && lhs.positionTable.elementsEqual(rhs.positionTable) && lhs.written == rhs.written
    }

    @inline(__always)
    public func position(_ column: Column) -> Int? {
        let position = positionTable[column.rawValue]
        return position < 0 ? nil : position
    }

    /// The canonical column at a 0-based position, if Kaoping reads that column.
    public func column(at position: Int) -> Column? {
        kind.columns.first { self.position($0) == position }
    }

    /// The column's header as written in the file, or its canonical name.
    public func label(_ column: Column) -> String {
        guard let position = position(column), position < written.count else { return column.name }
        let text = CellText.folded(written[position], lowercase: false)
        return text.isEmpty ? column.name : text
    }
}

/// Recognises a file's kind from a header line (SPEC §3): the kind whose required columns are
/// all present wins; among several, the one with the most required columns; a tie is an error.
public enum HeaderMatch: Sendable, Equatable {
    case fits(HeaderMap)
    case ambiguous([ExportKind])
    case none

    public static func match(_ cells: [String]) -> HeaderMatch {
        let named = cells.map { Column.named(normalizedHeader: CellText.normalizedHeader($0)) }
        var candidates: [HeaderMap] = []
        for kind in ExportKind.allCases {
            var positions: [Column: Int] = [:]
            for column in kind.columns {
                if let index = named.firstIndex(where: { $0.contains(column) }) {
                    positions[column] = index
                }
            }
            if kind.required.allSatisfy({ positions[$0] != nil }) {
                candidates.append(HeaderMap(kind: kind, positions: positions, written: cells))
            }
        }
        guard let best = candidates.map({ $0.kind.required.count }).max() else { return .none }
        let winners = candidates.filter { $0.kind.required.count == best }
        if winners.count > 1 { return .ambiguous(winners.map(\.kind)) }
        return .fits(winners[0])
    }
}
