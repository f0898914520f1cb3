import Foundation
@testable import KaopingCore
import Testing

@Suite("History: kaoping history")
struct HistoryReportTests {
    private typealias K = HistoryKit

    private func rows(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("20") }
    }

    @Test("One row per recorded period, with the rank change the bulletins printed")
    func chinese() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let text = HistoryReport.render(code: "0104", entries: try store.unitHistory(code: "0104"),
                                        recordedPeriods: try store.periods())
        #expect(text.hasPrefix("0104 单位0104（部门，窗口单位）\n"))
        #expect(text.contains("考核期"))
        let lines = rows(text)
        #expect(lines.count == 3)
        // 2021H2: nothing recorded before it; 2022H1: moved group, 新; 2022H2: 2 → 3.
        #expect(lines[0].hasPrefix("2021H2  2021-12-31") && lines[0].contains("第 1 / 1") && lines[0].hasSuffix("否"))
        #expect(lines[1].contains("93.75") && lines[1].contains("第 2 / 5") && lines[1].hasSuffix("新"))
        #expect(lines[2].contains("第 3 / 4") && lines[2].hasSuffix("↓1"))
    }

    @Test("Not assessed: no total or rank, 不参评; English labels with --lang en")
    func inactiveAndEnglish() throws {
        let (store, folder) = try K.store()
        defer { withExtendedLifetime(folder) {} }
        let entries = try store.unitHistory(code: "0102")
        let zh = rows(HistoryReport.render(code: "0102", entries: entries, recordedPeriods: try store.periods()))
        #expect(zh[2].contains("不参评") && !zh[2].contains("第"))
        #expect(zh[1].hasSuffix("↓2"))
        let en = HistoryReport.render(code: "0102", entries: entries, recordedPeriods: try store.periods(), language: .en)
        #expect(en.contains("period") && en.contains("not assessed") && en.contains("2 / 3"))
        #expect(!en.contains("考核期"))
    }

    @Test("A gap in the record leaves the change blank rather than comparing across it")
    func gap() throws {
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        try store.record(K.h2_2021)
        try store.record(K.h2_2022)
        let lines = rows(HistoryReport.render(code: "0101", entries: try store.unitHistory(code: "0101"),
                                              recordedPeriods: try store.periods()))
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("否") })
    }
}

@Suite("History: the kaoping history command")
struct HistoryCommandLineTests {
    @Test("Prints the unit's table from <out>/history.sqlite")
    func prints() throws {
        let (store, folder) = try HistoryKit.store()
        defer { withExtendedLifetime(store) {} }
        let outcome = try runKaoping(["history", "0101", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("0101 单位0101"))
        #expect(outcome.standardOutput.contains("2022H2") && outcome.standardOutput.contains("↑2"))
        let english = try runKaoping(["history", "0101", "--out", folder.path, "--lang", "en"])
        #expect(english.status == 0 && english.standardOutput.contains("rank"))
    }

    @Test("No history yet, an unknown unit and a damaged file each exit 1 with a clear message")
    func failures() throws {
        let empty = try TempFolder()
        let missing = try runKaoping(["history", "0101", "--out", empty.path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("还没有历史记录"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)

        let (store, folder) = try HistoryKit.store()
        defer { withExtendedLifetime(store) {} }
        let unknown = try runKaoping(["history", "9999", "--out", folder.path])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("9999"))

        let damaged = try TempFolder()
        try damaged.write("history.sqlite", "not a database")
        let outcome = try runKaoping(["history", "0101", "--out", damaged.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("历史数据库已损坏"))
    }
}
