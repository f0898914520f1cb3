import ArgumentParser
import KaopingCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Prints one unit's record across the recorded periods (历史记录).",
        discussion: """
            Reads <out>/history.sqlite, which every `kaoping run` fills, without changing it, and prints \
            for UNIT_CODE each recorded period's as-of, total, rank, grade, veto and rank change. \
            Exit status: 0 printed; 1 no history yet, an unreadable history database, or a unit code \
            never recorded; 2 bad usage.
            """
    )

    @Argument(help: "The unit code (单位编码).")
    var unitCode: String

    @Option(help: "The folder `kaoping run --out` published to.")
    var out: String = "reports"

    @Option(help: "Language of the table: zh (default) or en.")
    var lang: ReportLanguage = .zh

    func run() throws {
        var standardError = StandardError()
        let code = CellText.folded(unitCode, lowercase: false)
        let entries: [UnitHistoryEntry], periods: [Period]
        do {
            let store = try HistoryStore(path: HistoryStore.path(in: out), mode: .readOnly)
            entries = try store.unitHistory(code: code)
            periods = try store.periods()
        } catch {
            print(error.description, to: &standardError)
            throw ExitCode(1)
        }
        guard !entries.isEmpty else {
            print("error: 历史记录中没有单位编码「\(unitCode)」 (unit code not in the history)", to: &standardError)
            throw ExitCode(1)
        }
        print(HistoryReport.render(code: code, entries: entries, recordedPeriods: periods, language: lang), terminator: "")
    }
}
