/// What a published run tells the person who scheduled it: the row totals, and the warnings
/// that make `run` exit 1 so cron mails someone: unreadable files, 未报送 units, and rejected
/// rows above the tolerated share.
public struct RunVerdict: Sendable {
    public var summary: String
    public var warnings: [String] = []

    public init(_ appraisal: Appraisal, maxRejectRate: Double) {
        let files = appraisal.ingest.files
        let read = files.reduce(0) { $0 + $1.rowsRead }, accepted = files.reduce(0) { $0 + $1.rowsAccepted }
        let skipped = files.reduce(0) { $0 + $1.rowsSkipped }
        summary = "\(files.count) 个文件，读入 \(read) 行：接收 \(accepted)，拒收 \(appraisal.rejectCount)，跳过 \(skipped)"
        for file in appraisal.ingest.unreadableFiles {
            warnings.append(file.problem!.description)
        }
        let missing = appraisal.units.filter { $0.assessed && !$0.missingExports.isEmpty }
        if !missing.isEmpty {
            let named = missing.map { "\($0.unit.name)（\($0.missingExports.map(\.chineseName).joined(separator: "、"))）" }
            warnings.append("warning: 未报送：" + named.joined(separator: "，") + "（相关指标记 0 分）")
        }
        if read > 0, Double(appraisal.rejectCount) > maxRejectRate * Double(read) {
            let share = (Fraction(appraisal.rejectCount * 100, read)).decimalText(places: 1)
            let limit = (maxRejectRate * 100).rounded() == maxRejectRate * 100 ? "\(Int(maxRejectRate * 100))" : "\(maxRejectRate * 100)"
            warnings.append("warning: 拒收 \(appraisal.rejectCount) 行，占读入行数的 \(share)%，超过 --max-reject-rate \(limit)%（明细见 rejects.csv）")
        }
    }
}
