#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Fuzz probe for a whole export (issue 7): the input is a file in a data folder beside a small
/// units file, read as `run` reads it: encoding and delimiter detection, header and kind,
/// the reader, the limits, classification and casting. It must come out the same read on one
/// thread and in tiny byte ranges on two, and every row must be accounted for.
public enum IngestProbe {
    /// One folder per process: written once, the input replaced on every call.
    private static let folder: String? = {
        var template = Array("\(UnlinkedTemporaryFile.directory)/kaoping-fuzz-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        let path = String(cString: made)
        let units = "unit_code,unit_name,category,parent_code\n0101,发改局,部门,\n0102,教育局,部门,\n0201,城厢镇,乡镇,\n020101,太平社区,村,0201\n"
        guard write(Array(units.utf8), to: path + "/units.csv") else { return nil }
        atexit { IngestProbe.removeFolder() }
        return path
    }()

    private static func removeFolder() {
        guard let folder else { return }
        unlink(folder + "/input.csv")
        unlink(folder + "/units.csv")
        rmdir(folder)
    }

    public static func problem(in input: UnsafeBufferPointer<UInt8>) -> String? {
        guard let folder else { return "cannot make a temporary folder" }
        guard write(Array(input), to: folder + "/input.csv") else { return "cannot write the input" }
        guard let data = try? DataFolder(root: folder) else { return "cannot list the temporary folder" }
        // Small limits, so that the fuzzer reaches them with small inputs.
        let limits = ReadLimits(maxFieldBytes: 300, maxColumns: 40, maxRowBytes: 2000)
        var sequential = IngestOptions(jobs: 1)
        sequential.limits = limits
        var ranged = IngestOptions(jobs: 2)
        ranged.limits = limits
        ranged.rangeSize = 61
        // Tables of 12 ids: a repeat further back is found after the pass (a second reading).
        ranged.recentIds = 16
        let one = ingest(data, options: sequential)
        let two = ingest(data, options: ranged)
        if one.files != two.files { return "file reports differ with ranges:\n\(one.files)\n\(two.files)" }
        if one.rows != two.rows { return "rows differ with ranges:\n\(one.rows.joined(separator: "\n"))\n--\n\(two.rows.joined(separator: "\n"))" }
        for report in one.files where report.isReadable {
            let skipped = report.skipped.values.reduce(0, +)
            if report.rowsRead != report.rowsAccepted + report.rowsRejected + skipped {
                return "\(report.relativePath): read \(report.rowsRead) ≠ accepted \(report.rowsAccepted) + rejected \(report.rowsRejected) + skipped \(skipped)"
            }
        }
        if let bad = one.rows.first(where: { $0.hasPrefix("reject input.csv:0:") || $0.hasPrefix("reject input.csv:-") }) {
            return "a reject without a line: \(bad)"
        }
        return nil
    }

    private struct Outcome {
        var files: [FileReport]
        var rows: [String]
    }

    private static func ingest(_ data: DataFolder, options: IngestOptions) -> Outcome {
        var sink = DescribingSink()
        let result = Ingestor(folder: data, options: options, logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
            .run(into: &sink)
        return Outcome(files: result.files, rows: sink.rows)
    }

    private struct DescribingSink: IngestSink {
        var rows: [String] = []
        mutating func accept(_ record: Record, at location: RowLocation) { rows.append("accept \(location.file):\(location.line) \(record)") }
        mutating func reject(_ reject: Reject) { rows.append("reject \(reject.file):\(reject.line):\(reject.columnNumber ?? 0) \(reject.code) \(reject.value)") }
        mutating func skippedOutOfPeriod(_ record: Record, at location: RowLocation) { rows.append("out \(location.file):\(location.line)") }
    }

    private static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return bytes.withUnsafeBytes { UnlinkedTemporaryFile.writeAll(descriptor, $0) }
    }
}
