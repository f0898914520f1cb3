import Foundation
@testable import KaopingCore
import Testing

/// SPEC §3 values: numbers, booleans and the closed word lists, cast from text by the schema.
@Suite("Values")
struct ValueParsingTests {
    static func number(_ text: String) -> NumberParser.Outcome {
        NumberParser.parse(ArraySlice(Array(CellText.folded(text, lowercase: false).utf8)))
    }

    @Test("Numbers", arguments: [
        ("12", ExactDecimal(12)), ("１２", ExactDecimal(12)), ("1,234", ExactDecimal(1234)),
        ("１，２３４", ExactDecimal(1234)), ("1,234,567.5", ExactDecimal(units: 12_345_675, scale: 1)),
        ("48.4%", ExactDecimal(units: 484, scale: 3)), ("100%", ExactDecimal(1)), ("0.5", ExactDecimal(units: 5, scale: 1)),
        ("-2", ExactDecimal(-2)), ("+3", ExactDecimal(3)), ("2.50", ExactDecimal(units: 25, scale: 1)),
        ("1.2E+03", ExactDecimal(1200)), ("007", ExactDecimal(7)),
    ])
    func numbers(_ text: String, _ expected: ExactDecimal) {
        #expect(Self.number(text) == .number(expected))
    }

    @Test("48.4% is exactly 0.484")
    func exactPercent() {
        guard case .number(let value) = Self.number("48.4%") else { Issue.record("not a number"); return }
        #expect(value.units == 484 && value.scale == 3)
        #expect(value.description == "0.484")
        #expect(value == ExactDecimal(units: 4840, scale: 4))
    }

    @Test("Empty markers", arguments: ["", "-", "—", "/", "无", "－", "／"])
    func emptyMarkers(_ text: String) {
        #expect(Self.number(text) == .empty)
    }

    @Test("The empty-marker test agrees with the list, for each marker and its near misses")
    func emptyMarkerTest() {
        var candidates: [[UInt8]] = NumberParser.emptyMarkers
        for marker in NumberParser.emptyMarkers {
            for cut in 0..<marker.count { candidates.append(Array(marker.prefix(cut))) }
            for position in marker.indices {
                var changed = marker
                changed[position] ^= 0x01
                candidates.append(changed)
            }
            candidates.append(marker + marker)
            candidates.append(marker + [0x2D])
        }
        candidates += ["—-", "-—", "—–", "无无", "0", "a", "\\"].map { Array($0.utf8) }
        for candidate in candidates {
            let listed = NumberParser.emptyMarkers.contains(candidate)
            #expect(NumberParser.isEmptyMarker(candidate[...]) == listed, "\(candidate)")
        }
    }

    @Test("Not numbers", arguments: ["1,2", "12,34", "1,2345", "98,5%", "abc", "1.2.3", "12a", "%", "1,234,56", ",123", "1 234"])
    func invalidNumbers(_ text: String) {
        #expect(Self.number(text) == .invalid)
    }

    @Test("Booleans", arguments: [
        ("是", true), ("否", false), ("Y", true), ("n", false), ("yes", true), ("NO", false), ("True", true),
        ("false", false), ("1", true), ("0", false), ("√", true), ("×", false), ("Ｙ", true),
    ])
    func booleans(_ text: String, _ expected: Bool) {
        #expect(Vocabularies.boolean.lookup(text: text) == expected)
    }

    @Test("Statuses, channels, ratings, results, categories, sources, adjustment kinds")
    func vocabularies() {
        let statuses: [(String, CaseStatus)] = [
            ("已办结", .completed), ("办结", .completed), ("Completed", .completed), ("办理中", .inProgress),
            ("在办", .inProgress), ("in_progress", .inProgress), ("不予受理", .rejected), ("退件", .rejected),
            ("挂起", .suspended), ("暂停", .suspended),
        ]
        for (text, value) in statuses { #expect(Vocabularies.status.lookup(text: text) == value, "\(text)") }
        #expect(Vocabularies.status.lookup(text: "完成") == nil)

        let channels: [(String, Channel)] = [
            ("窗口", .window), ("网上", .online), ("网办", .online), ("掌上", .mobile), ("移动端", .mobile),
            ("协同", .collab), ("WINDOW", .window), ("mobile", .mobile),
        ]
        for (text, value) in channels { #expect(Vocabularies.channel.lookup(text: text) == value, "\(text)") }
        #expect(Vocabularies.channel.lookup(text: "电话") == nil)

        let ratings: [(String, Int8)] = [("非常满意", 5), ("满意", 4), ("基本满意", 3), ("不满意", 2), ("非常不满意", 1), ("3", 3)]
        for (text, value) in ratings { #expect(Vocabularies.rating.lookup(text: text) == value, "\(text)") }

        let results: [(String, ComplianceResult)] = [
            ("落实", .pass), ("合格", .pass), ("部分落实", .partial), ("基本合格", .partial), ("未落实", .fail),
            ("不合格", .fail), ("不适用", .na), ("PASS", .pass),
        ]
        for (text, value) in results { #expect(Vocabularies.result.lookup(text: text) == value, "\(text)") }

        let categories: [(String, UnitCategory)] = [
            ("department", .department), ("部门", .department), ("township", .township), ("乡镇", .township),
            ("街道", .township), ("village", .village), ("村", .village), ("社区", .village),
        ]
        for (text, value) in categories { #expect(Vocabularies.category.lookup(text: text) == value, "\(text)") }

        let sources: [(String, TicketSource)] = [
            ("complaint", .complaint), ("投诉", .complaint), ("hotline", .hotline), ("公开电话", .hotline),
            ("mailbox", .mailbox), ("信箱", .mailbox),
        ]
        for (text, value) in sources { #expect(Vocabularies.source.lookup(text: text) == value, "\(text)") }

        let kinds: [(String, AdjustmentKind)] = [
            ("bonus", .bonus), ("加分", .bonus), ("penalty", .penalty), ("减分", .penalty), ("veto", .veto), ("一票否决", .veto),
        ]
        for (text, value) in kinds { #expect(Vocabularies.adjustmentKind.lookup(text: text) == value, "\(text)") }
    }

    @Test("Check names and codes")
    func checks() {
        let pairs: [(String, String)] = [
            ("首问责任制", "first_inquiry"), ("一次性告知", "one_time_notice"), ("限时办结", "time_limited"),
            ("挂牌上岗", "badge"), ("去向告知", "whereabouts"), ("政务公开", "disclosure"),
            ("领导干部公务活动公示", "leader_disclosure"), ("亮证执法", "license_display"), ("投诉举报箱", "complaint_box"),
            ("first_inquiry", "first_inquiry"), ("License_Display", "license_display"),
        ]
        for (text, code) in pairs { #expect(CheckCatalog.standard.vocabulary.lookup(text: text) == code, "\(text)") }
        #expect(CheckCatalog.standard.checks.count == 9)
        #expect(CheckCatalog.standard.vocabulary.lookup(text: "卫生检查") == nil)
        let extended = CheckCatalog.standard.adding([(code: "hygiene", name: "卫生检查")])
        #expect(extended.vocabulary.lookup(text: "卫生检查") == "hygiene")
        #expect(extended.name(of: "badge") == "挂牌上岗")
    }

    @Test("Codes keep leading zeros and case; full-width folds")
    func codeFolding() {
        #expect(CellText.folded("0101", lowercase: false) == "0101")
        #expect(CellText.folded("０１０１", lowercase: false) == "0101")
        #expect(CellText.folded(" ＡＢ０１\u{3000}", lowercase: false) == "AB01")
        #expect(CellText.folded("Ab01", lowercase: false) == "Ab01")
    }

    @Test("Values in a cases file: days, booleans, ratings and empty markers")
    func throughIngest() throws {
        let text = """
            case_id,unit_code,received_at,status,statutory_days,promised_days,immediate,rating,paused_days,channel,item_code
            V1,0101,2022-03-01,in_progress,２０,１０,是,非常满意,２,网办,０００１２３
            V2,0101,2022-03-01,in_progress,20天,5个工作日,√,３,-,掌上,—
            V3,0101,2022-03-01,in_progress,20,无,×,不满意,/,,无
            V4,0101,2022-03-01,in_progress,1,234,1,Ｙ,５,0,WINDOW,00123
            V5,0101,2022-03-01,in_progress,"1,234",0,false,4.0,0,协同,ab

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.sink.cases == [
            caseRecord("V1", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20, item: "000123",
                       channel: .online, promised: 10, immediate: true, rating: 5, paused: 2),
            caseRecord("V2", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20, channel: .mobile,
                       promised: 5, immediate: true, rating: 3),
            caseRecord("V3", received: stamp(2022, 3, 1), status: .inProgress, statutory: 20, immediate: false, rating: 2),
            caseRecord("V5", received: stamp(2022, 3, 1), status: .inProgress, statutory: 1234, item: "ab",
                       channel: .collab, promised: 0, immediate: false, rating: 4),
        ])
        // V4 wrote 1,234 unquoted: the row has one cell too many.
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue)" } == ["5 extra_fields"])
    }

    @Test("Folded cells of any length, several in one row, each read before the next is folded, full-width after eight ASCII bytes")
    func longFoldedCells() throws {
        let longID = "ＣＡＳＥ" + String(repeating: "7", count: 70) + "\u{3000}"
        let shortID = "Ｃ２"
        let text = """
            case_id,unit_code,received_at,status,statutory_days,item_code
            \(longID),０１０１,２０２２-０３-０１,IN_PROGRESS,２０,ＩＴＥＭ\(String(repeating: "１", count: 30))
            \(shortID),0101,2022-03-02,in_progress,20,Ｘ
            C3,0101,2022-03-0３,in_progress,20,ITEMABCDEFGH１２

            """
        let run = try ingest(file: "cases.csv", text)
        #expect(run.sink.cases.map(\.caseID.text) == ["CASE" + String(repeating: "7", count: 70), "C2", "C3"])
        #expect(run.sink.cases.map(\.itemCode) == ["ITEM" + String(repeating: "1", count: 30), "X", "ITEMABCDEFGH12"])
        #expect(run.sink.cases.last?.receivedAt == stamp(2022, 3, 3))
        #expect(run.sink.cases.map(\.status) == [.inProgress, .inProgress, .inProgress])
        #expect(run.sink.cases.first?.receivedAt == stamp(2022, 3, 1))
        #expect(run.rejects.isEmpty)
    }

    @Test("Codes through ingest: leading zeros kept, full-width folded, never case-folded")
    func codesThroughIngest() throws {
        let folder = try TempFolder()
        try folder.write("units.csv", "unit_code,unit_name,category\n0101,甲,部门\nAB01,乙,部门\n")
        try folder.write("cases.csv", """
            case_id,unit_code,received_at,status,statutory_days
            C1,０１０１,2022-03-01,in_progress,20
            C2,101,2022-03-01,in_progress,20
            C3,ab01,2022-03-01,in_progress,20
            C4,ＡＢ０１,2022-03-01,in_progress,20
            c1,0101,2022-03-01,in_progress,20
            00C1,0101,2022-03-01,in_progress,20

            """)
        let run = try ingest(folder)
        #expect(run.sink.units.map(\.code) == ["0101", "AB01"])
        #expect(run.sink.cases.map { "\($0.caseID)@\($0.unitCode)" } == ["C1@0101", "C4@AB01", "c1@0101", "00C1@0101"])
        #expect(run.rejects.map { "\($0.line) \($0.code.rawValue) \($0.value)" } == ["3 unknown_unit 101", "4 unknown_unit ab01"])
    }
}
