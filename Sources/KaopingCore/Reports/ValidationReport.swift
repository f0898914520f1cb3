/// The `validate` command's per-file table and totals.
public enum ValidationReport {
    public static func table(_ result: IngestResult) -> String {
        var table = TerminalTable(
            header: ["file", "kind", "encoding", "delimiter", "read", "accepted", "rejected", "skipped"],
            rightAligned: [4, 5, 6, 7])
        for file in result.files {
            if let profile = file.profile, file.isReadable {
                table.rows.append([file.relativePath, profile.kind.rawValue, profile.encoding.rawValue, profile.delimiterName,
                                   String(file.rowsRead), String(file.rowsAccepted), String(file.rowsRejected),
                                   String(file.rowsSkipped)])
            } else {
                table.rows.append([file.relativePath, "error", file.profile?.encoding.rawValue ?? "-",
                                   file.profile?.delimiterName ?? "-", "-", "-", "-", "-"])
            }
        }
        return table.render()
    }

    /// Why rows were skipped, in words a clerk reads: 重复 2，标题 1 ….
    static func skipDetail(_ skipped: [SkipReason: Int]) -> String {
        let names: [(SkipReason, String)] = [(.duplicate, "重复"), (.outOfPeriod, "考核期外"), (.title, "标题"),
                                             (.blank, "空行"), (.summary, "合计"), (.footer, "表尾")]
        return names.compactMap { reason, name in skipped[reason].map { "\(name) \($0)" } }.joined(separator: "，")
    }

    /// One line per file that skipped rows, saying why (for `--verbose`).
    public static func skippedByFile(_ result: IngestResult) -> String {
        result.files.filter { $0.isReadable && $0.rowsSkipped > 0 }
            .map { "\($0.relativePath): 跳过 \($0.rowsSkipped)（\(skipDetail($0.skipped))）" }
            .joined(separator: "\n")
    }

    public static func totals(_ result: IngestResult) -> String {
        let readable = result.files.filter(\.isReadable)
        let read = readable.map(\.rowsRead).reduce(0, +)
        let accepted = readable.map(\.rowsAccepted).reduce(0, +)
        let rejected = readable.map(\.rowsRejected).reduce(0, +)
        var skipped: [SkipReason: Int] = [:]
        for file in readable { skipped.merge(file.skipped, uniquingKeysWith: +) }
        let detail = skipDetail(skipped)
        var lines = ["合计 \(result.files.count) 个文件，读取 \(read) 行：接收 \(accepted)，拒收 \(rejected)，跳过 \(skipped.values.reduce(0, +))"
            + (detail.isEmpty ? "" : "（\(detail)）")]
        lines.append("total: \(result.files.count) files, \(read) rows read, \(accepted) accepted, \(rejected) rejected, \(skipped.values.reduce(0, +)) skipped")
        if !result.unreadableFiles.isEmpty {
            lines.append("\(result.unreadableFiles.count) 个文件无法读取或识别 (unreadable files)")
        }
        return lines.joined(separator: "\n")
    }
}
