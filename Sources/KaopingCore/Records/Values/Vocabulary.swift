/// A closed list of words a column may hold, each mapped to a value. Cells are matched after
/// trimming, full-width folding and ASCII case folding, comparing bytes.
public struct Vocabulary<Value: Sendable>: Sendable {
    private let entries: [([UInt8], Value)]
    /// Each word's length and two words of its bytes (`Self.words`), apart from the words
    /// themselves: a lookup runs for several cells of every row, and these settle every word
    /// of up to 16 bytes (a status such as 已办结 has 9) with two loads and no loop over its bytes.
    private let lengths: [Int]
    private let heads: [UInt64]
    private let tails: [UInt64]

    public init(_ words: [(String, Value)]) {
        // Folding trims too, as a cell is before it is looked up: a cell spelled exactly like a
        // word may then be looked up as it lies (`RowCells`).
        entries = words.map { (Array(CellText.folded($0.0, lowercase: true).utf8), $0.1) }
        lengths = entries.map(\.0.count)
        let words = entries.map { Self.words($0.0[...]) }
        heads = words.map(\.head)
        tails = words.map(\.tail)
    }

    /// Two words that, with the length, tell apart any two byte strings of up to 16 bytes
    /// (`ShortWord`, as the content fingerprint reads a cell); for a longer one, its first and
    /// last eight bytes, and the whole word is compared too.
    @inline(__always)
    private static func words<Bytes: ByteView>(_ bytes: Bytes) -> (head: UInt64, tail: UInt64) {
        @inline(__always) func read(_ raw: UnsafeRawBufferPointer) -> (head: UInt64, tail: UInt64) {
            if let word = ShortWord(raw) { return (word.low, word.high) }
            guard raw.count > 16 else { return (0, 0) }
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        }
        return bytes.withContiguousStorageIfAvailable { read(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { read($0) }
    }

    /// `folded` must be trimmed, full-width folded and ASCII-lowercased.
    @inline(__always)
    public func lookup<Bytes: ByteView>(_ folded: Bytes) -> Value? {
        let count = folded.count
        let (head, tail) = Self.words(folded)
        for index in lengths.indices where lengths[index] == count && heads[index] == head && tails[index] == tail {
            if count <= 16 || entries[index].0.elementsEqual(folded) { return entries[index].1 }
        }
        return nil
    }

    public func lookup(_ folded: [UInt8]) -> Value? { lookup(folded[...]) }

    public func lookup(text: String) -> Value? {
        lookup(Array(CellText.folded(text, lowercase: true).utf8))
    }

    public func adding(_ words: [(String, Value)]) -> Vocabulary<Value> {
        var combined = entries.map { (String(decoding: $0.0, as: UTF8.self), $0.1) }
        combined.append(contentsOf: words)
        return Vocabulary(combined)
    }
}

public enum Vocabularies {
    public static let boolean = Vocabulary<Bool>([
        ("是", true), ("否", false), ("y", true), ("n", false), ("yes", true), ("no", false),
        ("true", true), ("false", false), ("1", true), ("0", false), ("√", true), ("×", false),
        ("✓", true), ("✔", true), ("✗", false), ("✘", false), ("x", false),
    ])

    public static let status = Vocabulary<CaseStatus>([
        ("completed", .completed), ("已办结", .completed), ("办结", .completed),
        ("in_progress", .inProgress), ("办理中", .inProgress), ("在办", .inProgress),
        ("rejected", .rejected), ("不予受理", .rejected), ("退件", .rejected),
        ("suspended", .suspended), ("挂起", .suspended), ("暂停", .suspended),
    ])

    public static let channel = Vocabulary<Channel>([
        ("window", .window), ("窗口", .window), ("online", .online), ("网上", .online), ("网办", .online),
        ("mobile", .mobile), ("掌上", .mobile), ("移动端", .mobile), ("collab", .collab), ("协同", .collab),
    ])

    public static let rating = Vocabulary<Int8>([
        ("非常满意", 5), ("满意", 4), ("基本满意", 3), ("不满意", 2), ("非常不满意", 1),
        ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5),
    ])

    public static let result = Vocabulary<ComplianceResult>([
        ("pass", .pass), ("落实", .pass), ("合格", .pass),
        ("partial", .partial), ("部分落实", .partial), ("基本合格", .partial),
        ("fail", .fail), ("未落实", .fail), ("不合格", .fail),
        ("na", .na), ("n/a", .na), ("不适用", .na),
    ])

    public static let category = Vocabulary<UnitCategory>([
        ("department", .department), ("部门", .department),
        ("township", .township), ("乡镇", .township), ("街道", .township), ("乡镇/街道", .township),
        ("village", .village), ("村", .village), ("社区", .village), ("村/社区", .village),
    ])

    public static let source = Vocabulary<TicketSource>([
        ("complaint", .complaint), ("投诉", .complaint),
        ("hotline", .hotline), ("公开电话", .hotline), ("热线", .hotline),
        ("mailbox", .mailbox), ("信箱", .mailbox),
    ])

    public static let adjustmentKind = Vocabulary<AdjustmentKind>([
        ("bonus", .bonus), ("加分", .bonus), ("penalty", .penalty), ("减分", .penalty),
        ("veto", .veto), ("一票否决", .veto),
    ])
}

/// The compliance checks (制度落实检查) known to ingest: SPEC §3's list, which a scheme may extend.
public struct CheckCatalog: Sendable {
    public static let standard = CheckCatalog(checks: [
        ("first_inquiry", "首问责任制"), ("one_time_notice", "一次性告知"), ("time_limited", "限时办结"),
        ("badge", "挂牌上岗"), ("whereabouts", "去向告知"), ("disclosure", "政务公开"),
        ("leader_disclosure", "领导干部公务活动公示"), ("license_display", "亮证执法"),
        ("complaint_box", "投诉举报箱"),
    ])

    /// (code, Chinese name) in their official order.
    public let checks: [(code: String, name: String)]
    let vocabulary: Vocabulary<String>

    public init(checks: [(code: String, name: String)]) {
        self.checks = checks
        vocabulary = Vocabulary(checks.flatMap { [($0.code, $0.code), ($0.name, $0.code)] })
    }

    public func adding(_ more: [(code: String, name: String)]) -> CheckCatalog {
        CheckCatalog(checks: checks + more.filter { extra in !checks.contains { $0.code == extra.code } })
    }

    public func name(of code: String) -> String { checks.first { $0.code == code }?.name ?? code }
}

/// The vocabularies the row casts look up, loaded once into the cast context and passed down
/// from it. Read as `Vocabularies.status`, each global costs a call to `swift_once` every
/// time, three or four times a case row; read through a class instance, each lookup retained
/// and released the vocabulary's arrays, on counts both cores fought over.
struct CastWords: Sendable {
    static let shared = CastWords()

    let boolean = Vocabularies.boolean
    let status = Vocabularies.status
    let channel = Vocabularies.channel
    let rating = Vocabularies.rating
    let source = Vocabularies.source
}
