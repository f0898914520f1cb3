import Foundation
@testable import KaopingCore
import Testing

@Suite("Scoring: scheme loader")
struct SchemeLoaderTests {
    private let dec = ScoringKit.dec

    /// A minimal valid scheme: one indicator of 80 and one check of 20. Line numbers matter to
    /// the syntax test (line 8 is `rule = "ratio"`).
    private static let minimal = """
        version = "test-1"
        [department]
        total = 100
        [[department.indicators]]
        id = "on_time"
        metric = "on_time_rate"
        weight = 80
        rule = "ratio"
        target = "95%"
        [department.compliance.points]
        first_inquiry = 20
        [department.grades]
        excellent = 90
        good = 80
        pass = 60
        excellent_quota = 0.3

        """

    private func parse(_ text: String) -> Result<Scheme, SchemeProblem> {
        do { return .success(try SchemeLoader.parse(bytes: Array(text.utf8), path: "bad.toml")) } catch { return .failure(error) }
    }

    private func problem(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SchemeProblem? {
        switch parse(text) {
        case .success:
            Issue.record("the scheme was accepted", sourceLocation: sourceLocation)
            return nil
        case .failure(let problem):
            return problem
        }
    }

    private func replacing(_ old: String, with new: String) -> String {
        precondition(Self.minimal.contains(old), "no \(old) in the minimal scheme")
        return Self.minimal.replacingOccurrences(of: old, with: new)
    }

    @Test("The shipped 2022 scheme loads with the documented values")
    func shipped2022() throws {
        let scheme = try SchemeLoader.load(path: ScoringKit.scheme2022Path)
        #expect(scheme.version == "2022.1")
        #expect(scheme.sha256.count == 64)
        let department = try #require(scheme.category(.department))
        let township = try #require(scheme.category(.township))
        for category in [department, township] {
            #expect(category.total == ExactDecimal(100))
            #expect(category.indicatorWeight == ExactDecimal(80))
            #expect(category.compliance.total == ExactDecimal(20))
            #expect(category.compliance.partialShare == dec("0.5"))
            #expect(category.compliance.points.map(\.code) == CheckCatalog.standard.checks.map(\.code))
            #expect(category.adjustments == AdjustmentRules(bonusCap: ExactDecimal(3), penaltyCap: ExactDecimal(10),
                                                            bonusGate: ExactDecimal(60)))
            #expect(category.grades == GradeBands(excellent: ExactDecimal(90), good: ExactDecimal(80), pass: ExactDecimal(60),
                                                  excellentQuota: dec("0.3")))
            #expect(category.requiredExports == [.cases, .items, .tickets])
            #expect(category.indicators.count == 12)
        }
        let volume = department.indicators[0]
        #expect(volume.metric == .casesTotal && volume.prorate && volume.rule == .ratio(target: ExactDecimal(200)))
        #expect(volume.weight == ExactDecimal(5))
        #expect(department.indicators.filter(\.prorate).map(\.id) == ["volume"])
        let byID = Dictionary(uniqueKeysWithValues: department.indicators.map { ($0.id, $0) })
        #expect(byID["on_time"]?.rule == .linear(floor: dec("0.8"), target: dec("0.95")))
        #expect(byID["immediate_items"]?.rule == .ratio(target: dec("0.484")))
        #expect(byID["within5_items"]?.rule == .threshold(target: dec("0.64")))
        #expect(byID["bad_reviews"]?.rule == .lowerBetter(ceiling: ExactDecimal(10), target: ExactDecimal(0)))
        #expect(byID["overdue"]?.rule == .deduct(per: ExactDecimal(1)))
        #expect(department.compliance.points.first { $0.code == "complaint_box" }?.points == ExactDecimal(1))
        #expect(township.compliance.points.first { $0.code == "complaint_box" }?.points == ExactDecimal(2))
        #expect(department.tieBreakers == [.complianceScore, .metric(.onTimeRate, higherIsBetter: true),
                                           .metric(.overdueOpen, higherIsBetter: false)])
        #expect(township.tieBreakers == [.complianceScore, .metric(.onTimeRate, higherIsBetter: true),
                                         .metric(.ticketClosedRate, higherIsBetter: true)])
    }

    @Test("The minimal scheme of these tests is itself valid")
    func minimalIsValid() throws {
        let scheme = try parse(Self.minimal).get()
        let department = try #require(scheme.category(.department))
        #expect(department.indicators.map(\.rule) == [.ratio(target: dec("0.95"))])
        #expect(scheme.category(.township) == nil)
    }

    @Test("Unknown metric is refused, naming the key")
    func unknownMetric() {
        let problem = problem(replacing("metric = \"on_time_rate\"", with: "metric = \"on_time_rat\""))
        guard case let .badValue(path, key, message)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect(path == "bad.toml")
        #expect(key == "department.indicators[0].metric")
        #expect(message.contains("on_time_rat"))
        #expect(problem?.description.contains("department.indicators[0].metric") == true)
    }

    @Test("Unknown rule is refused, naming the key")
    func unknownRule() {
        let problem = problem(replacing("rule = \"ratio\"", with: "rule = \"proportional\""))
        guard case let .badValue(_, key, message)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect(key == "department.indicators[0].rule")
        #expect(message.contains("proportional"))
    }

    @Test("Weights that do not add up to the total are refused")
    func weightsDoNotAddUp() {
        let problem = problem(replacing("weight = 80", with: "weight = 70"))
        #expect(problem == .weightsDoNotAddUp(path: "bad.toml", key: "department.indicators", indicators: "70",
                                              compliance: "20", total: "100"))
    }

    @Test("A rule without its target is refused, naming the missing key")
    func missingTarget() {
        let problem = problem(replacing("target = \"95%\"\n", with: ""))
        #expect(problem == .missingKey(path: "bad.toml", key: "department.indicators[0].target"))
    }

    @Test("A misspelt key is refused, not ignored", arguments: [
        ("id = \"on_time\"\n", "id = \"on_time\"\nlable = \"按时办结率\"\n", "department.indicators[0].lable"),
        ("total = 100\n", "total = 100\nrequired_export = [\"cases\"]\n", "department.required_export"),
        ("version = \"test-1\"\n", "version = \"test-1\"\ntitel = \"x\"\n", "titel"),
        ("pass = 60\n", "pass = 60\nexcelent = 95\n", "department.grades.excelent"),
    ])
    func misspeltKey(old: String, new: String, key: String) {
        let problem = problem(replacing(old, with: new))
        #expect(problem == .unknownKey(path: "bad.toml", key: key))
    }

    @Test("A rate indicator cannot be pro-rated")
    func prorateOnRate() {
        let problem = problem(replacing("weight = 80\n", with: "weight = 80\nprorate = true\n"))
        guard case let .badValue(_, key, _)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect(key == "department.indicators[0].prorate")
        // The same flag on a volume metric is fine.
        let volume = replacing("metric = \"on_time_rate\"", with: "metric = \"cases_total\"")
            .replacingOccurrences(of: "target = \"95%\"", with: "target = 200\nprorate = true")
        let scheme = try? parse(volume).get()
        #expect(scheme?.category(.department)?.indicators.first?.prorate == true)
    }

    @Test("A TOML syntax error reports its line")
    func syntaxError() {
        let problem = problem(replacing("rule = \"ratio\"", with: "rule = = \"ratio\""))
        guard case let .syntax(path, line, _, _)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect(path == "bad.toml")
        #expect(line == 8)
        #expect(problem?.description.hasPrefix("bad.toml:8:") == true)
    }

    @Test("Control characters are refused with their place, never handed to the TOML parser (fuzz finding: `[` then U+0016 stopped the program)",
          arguments: ["[\u{16}", "version = \"1\"\n[depart\u{7F}ment]", "title = \"考核\u{01}\"", "version = \"1\"\r\ntitle = \"a\rb\""])
    func controlCharacters(text: String) throws {
        let problem = problem(text)
        guard case let .syntax(path, line, column, message)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect(path == "bad.toml")
        // A CR is a line end only right before LF.
        // (By scalars: to a Swift string, CRLF is one character.)
        let lines = Array(text.unicodeScalars).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.last == "\r" ? Array($0.dropLast()) : Array($0) }
        func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F }
        let at = try #require(lines.firstIndex { $0.contains(where: isControl) })
        #expect(line == at + 1)
        #expect(column == lines[at].firstIndex(where: isControl).map { $0 + 1 })
        #expect(message.contains("控制字符"))
    }

    @Test("A table header whose name starts with what no key can is refused with its place (fuzz finding: toml++ stopped the program on `[考核]`)",
          arguments: [("[考核]", 1, 2), ("version = \"1\"\n[[ 考核]]", 2, 4), ("[.a]", 1, 2), ("a = 1 # [x]\n  [{]", 2, 4), ("[s]\n[\n", 2, 2), ("[s]\r\n[\r\n", 2, 2), ("[s]\n[", 2, 2), ("\u{FEFF} [\n", 1, 3)])
    func badHeaderName(text: String, line: Int, column: Int) {
        let problem = problem(text)
        guard case let .syntax(_, atLine, atColumn, message)? = problem else { Issue.record("got \(String(describing: problem))"); return }
        #expect((atLine, atColumn) == (line, column))
        #expect(message.contains("表头"))
    }

    @Test("What looks like a header but is not one passes the grammar check")
    func notHeaders() throws {
        // An array element at a line start, brackets in strings and comments, a quoted header.
        let text = """
            version = "1"
            nested = [
              [1, 2],
              ["[考核]"],
            ]
            note = \"\"\"
            [考核] in a string
            \"\"\"
            ["考核"]
            key = 'x' # [考核]
            """
        let bytes = Array(text.utf8)
        #expect(throws: Never.self) { try TOMLSyntax.check(bytes, path: "ok.toml") }
    }

    @Test("Loading from disk names the file")
    func loadFromDisk() throws {
        let folder = try TempFolder()
        try folder.write("schemes/2099.toml", replacing("weight = 80", with: "weight = 79"))
        let path = folder.path + "/schemes/2099.toml"
        do {
            _ = try SchemeLoader.load(path: path)
            Issue.record("the scheme was accepted")
        } catch {
            guard case let .weightsDoNotAddUp(reported, _, indicators, _, _) = error else { Issue.record("got \(error)"); return }
            #expect(reported == path)
            #expect(indicators == "79")
            #expect(error.description.hasPrefix(path + ": "))
        }
        #expect(throws: SchemeProblem.self) { try SchemeLoader.load(path: folder.path + "/schemes/none.toml") }
    }

    @Test("A wrong path to something huge or endless is refused, not read into memory", arguments: ["/dev/zero", "big"])
    func hugeScheme(name: String) throws {
        let folder = try TempFolder()
        var path = name
        if name == "big" {
            let comment = "# " + String(repeating: "考", count: 1000) + "\n"
            try folder.write("big.toml", String(repeating: comment, count: 100))
            path = folder.path + "/big.toml"
        }
        do {
            _ = try SchemeLoader.load(path: path)
            Issue.record("the scheme was accepted")
        } catch {
            guard case let .unreadable(reported, reason) = error else { Issue.record("got \(error)"); return }
            #expect(reported == path)
            #expect(reason.contains("256 KiB"))
        }
    }
}
