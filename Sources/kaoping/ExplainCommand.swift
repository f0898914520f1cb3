import ArgumentParser
import KaopingCore

extension ReportLanguage: ExpressibleByArgument {}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Prints one unit's scorecard: every indicator's evidence, target, rule and score.",
        discussion: """
            Scores the period exactly as `kaoping run` does (nothing is written) and prints, for each \
            UNIT_CODE, every indicator with numerator/denominator, target (pro-rated where it applies), \
            rule and score; the compliance findings; the adjustments; and the total, rank and grade. \
            Exit status: 0 printed; 1 a unit code is not in the registry; 2 bad usage, scheme or calendar.
            """
    )

    @Argument(help: "The unit code to explain (单位编码).")
    var unitCode: String

    @Argument(help: "The data folder.")
    var dataDirectory: String

    @OptionGroup var appraisal: AppraisalOptions

    @Option(help: "Language of the scorecard: zh (default) or en.")
    var lang: ReportLanguage = .zh

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let appraiser = try appraisal.makeAppraiser(dataDirectory: dataDirectory, logger: logging.makeLogger(label: "kaoping.explain"))
        var standardError = StandardError()
        let result: Appraisal
        do {
            result = try appraiser.run { _ in }
        } catch {
            print(error.description, to: &standardError)
            throw ExitCode(2)
        }
        let code = CellText.folded(unitCode, lowercase: false)
        guard let unit = result.unit(code) else {
            let village = result.ingest.units[code]
            if let village, village.category == .village, let parent = village.parentCode {
                print("\(code) \(village.name) 是便民服务室，记录计入 \(parent)；请查看 kaoping explain \(parent)", to: &standardError)
            } else {
                print("error: 考核对象名单中没有单位编码「\(unitCode)」 (unknown unit code)", to: &standardError)
            }
            throw ExitCode(1)
        }
        print(Scorecard.render(unit, in: result, language: lang), terminator: "")
    }
}
