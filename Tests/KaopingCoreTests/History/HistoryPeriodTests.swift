@testable import KaopingCore
import Testing

@Suite("History: which period to compare with")
struct HistoryPeriodTests {
    @Test("--compare previous: the period just before, of the same kind", arguments: [
        ("2022H1", "2021H2"), ("2022H2", "2022H1"),
        ("2022Q1", "2021Q4"), ("2022Q2", "2022Q1"), ("2022Q3", "2022Q2"), ("2022Q4", "2022Q3"),
        ("2022", "2021"), ("2000H1", "1999H2"),
    ])
    func previous(period: String, expected: String) throws {
        #expect(HistoryComparison.previous.period(before: try #require(Period(period)))?.name == expected)
    }

    @Test("--compare last-year: the same period one year earlier", arguments: [
        ("2022H1", "2021H1"), ("2022H2", "2021H2"), ("2022Q1", "2021Q1"), ("2022Q2", "2021Q2"),
        ("2022Q3", "2021Q3"), ("2022Q4", "2021Q4"), ("2022", "2021"),
    ])
    func lastYear(period: String, expected: String) throws {
        #expect(HistoryComparison.lastYear.period(before: try #require(Period(period)))?.name == expected)
    }

    @Test("No period before the first year a period can have")
    func beforeTheFirst() {
        #expect(HistoryComparison.previous.period(before: Period("1900H1")!) == nil)
        #expect(HistoryComparison.lastYear.period(before: Period("1900")!) == nil)
        #expect(HistoryComparison.previous.period(before: Period("1900H2")!)?.name == "1900H1")
    }

    @Test("--compare takes the words the command line uses")
    func rawValues() {
        #expect(HistoryComparison(rawValue: "previous") == .previous)
        #expect(HistoryComparison(rawValue: "last-year") == .lastYear)
    }

    @Test("Mixed kinds sort by their last day, the longer first when two end together")
    func chronologicalOrder() {
        let names = ["2022", "2022H2", "2022Q4", "2022Q2", "2022H1", "2022Q1", "2021H2", "2022Q3"]
        let sorted = names.map { Period($0)! }.sorted(by: Period.chronological).map(\.name)
        #expect(sorted == ["2021H2", "2022Q1", "2022H1", "2022Q2", "2022Q3", "2022", "2022H2", "2022Q4"])
    }

    @Test("previousRun is nil when the period compared with was never recorded")
    func notRecorded() throws {
        let folder = try TempFolder()
        let store = try HistoryStore(path: HistoryStore.path(in: folder.path))
        try store.record(HistoryKit.h2_2021)
        #expect(try store.previousRun(before: Period("2022H1")!)?.period.name == "2021H2")
        #expect(try store.previousRun(before: Period("2022H2")!) == nil)
        #expect(try store.previousRun(before: Period("2022H2")!, compare: .lastYear)?.period.name == "2021H2")
        #expect(try store.previousRun(before: Period("2022Q1")!) == nil)
    }
}
