import ArgumentParser
import KaopingCore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Writes a synthetic data folder: units, items, cases, tickets, compliance, adjustments and targets.",
        discussion: """
            The same options always write byte-identical files. OUT_DIR is created when missing; only the \
            files this command generates are replaced and anything else in the folder is left alone, so a \
            folder generated earlier with other options may keep stale files (per-unit cases files next to \
            a new all-cases.csv, say): use an empty folder to be sure.

            Unless --clean, the files are as untidy as real exports: UTF-8, UTF-8 with BOM and GB18030; \
            comma, tab and semicolon; Chinese and English headers; several date styles; title, blank, \
            合计 and footer rows; and about 1% planted bad rows, every kind SPEC §3 rejects at least once \
            (--list-planted prints where). One window department sends no cases file (未报送) and one \
            department is not assessed (是否参评 = 否).

            Exit status: 0 success; 1 a file could not be written; 2 bad usage.
            """
    )

    @Argument(help: "Folder to write into; created when missing.")
    var outDir: String

    @Option(help: "District departments (codes 0101…).")
    var departments = 30

    @Option(help: "Townships and subdistricts (codes 0201…).")
    var townships = 11

    @Option(help: "Village service rooms under the townships (codes 020701…).")
    var villages = 12

    @Option(help: "Data rows in the cases files, planted bad rows included.")
    var cases = 3000

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Period the records fall in: 2022H1, 2022H2, 2022, 2022Q1…Q4.")
    var period = "2022H1"

    @Flag(help: "Plain UTF-8 files with English headers and ISO dates, and no planted bad rows.")
    var clean = false

    @Flag(name: .customLong("single-cases-file"), help: "Write all cases to cases/all-cases.csv instead of one file per unit.")
    var singleCasesFile = false

    @Flag(name: .customLong("list-planted"), help: "Also print every planted row as path:line: column: problem.")
    var listPlanted = false

    func validate() throws {
        for (name, value) in [("--departments", departments), ("--townships", townships), ("--villages", villages), ("--cases", cases)]
        where value < 0 {
            throw ValidationError("\(name) must not be negative")
        }
        if villages > 0 && townships == 0 { throw ValidationError("--villages needs at least one township") }
        if cases > 0 && departments + townships == 0 { throw ValidationError("--cases needs at least one department or township") }
        if Period(period) == nil { throw ValidationError("unknown period '\(period)': use 2022H1, 2022H2, 2022 or 2022Q1…2022Q4") }
    }

    func run() throws {
        var options = SyntheticOptions()
        options.departments = departments
        options.townships = townships
        options.villages = villages
        options.cases = cases
        options.seed = seed
        options.period = period
        options.messy = !clean
        options.singleCasesFile = singleCasesFile

        let summary: SyntheticSummary
        do {
            summary = try SyntheticData.write(to: outDir, options: options)
        } catch {
            var standardError = StandardError()
            print("\(error)", to: &standardError)
            throw ExitCode(1)
        }

        var table = TerminalTable(header: ["file", "kind", "encoding", "delimiter", "rows"], rightAligned: [4])
        for file in summary.files {
            let delimiter = file.delimiter == "\t" ? "tab" : String(file.delimiter)
            table.rows.append([file.path, file.kind.rawValue, file.encoding.rawValue, delimiter, String(file.dataRows)])
        }
        print(table.render())
        print("\(summary.files.count) files, \(summary.rows) data rows (\(summary.caseRows) cases), "
              + "\(summary.plantedBadRows) planted bad rows in \(outDir)")
        let kinds = PlantedProblem.allCases.compactMap { problem -> String? in
            let count = summary.planted.filter { $0.problem == problem }.count
            return count == 0 ? nil : "\(problem.rawValue) \(count)"
        }
        if !kinds.isEmpty { print("planted: " + kinds.joined(separator: ", ")) }
        if listPlanted {
            for row in summary.planted {
                print("\(row.file):\(row.line): \(row.column.isEmpty ? "-" : row.column): \(row.problem.rawValue)")
            }
        }
    }
}
