/// `kaoping history UNIT_CODE`: one unit's record across the recorded periods.
public enum HistoryReport {
    /// `entries` oldest first (as `HistoryStore.unitHistory` returns them); `recordedPeriods`
    /// tells "not ranked last time" (新) from "last time was never recorded" (blank).
    public static func render(code: String, entries: [UnitHistoryEntry], recordedPeriods: [Period],
                              language: ReportLanguage = .zh) -> String {
        let zh = language == .zh
        var table = TerminalTable(header: zh ? ["考核期", "统计截止", "总分", "名次", "等次", "一票否决", "名次变化"]
                                             : ["period", "as of", "total", "rank", "grade", "veto", "change"],
                                  rightAligned: [2, 3])
        let recorded = Set(recordedPeriods.map(\.name))
        for entry in entries {
            table.rows.append([
                entry.period.name,
                entry.asOf.description,
                entry.total ?? "",
                entry.rank.map { rank in
                    let among = entry.rankedAmong.map(String.init) ?? "?"
                    return zh ? "第 \(rank) / \(among)" : "\(rank) / \(among)"
                } ?? "",
                grade(entry, zh: zh),
                entry.veto ? (zh ? "是" : "yes") : (zh ? "否" : "no"),
                change(of: entry, among: entries, recorded: recorded)?.text(language) ?? "",
            ])
        }
        var lines: [String] = []
        if let latest = entries.last {
            let category = zh ? latest.category.chineseName : latest.category.rawValue
            let placing = [category] + (latest.group.map { [$0] } ?? [])
            lines.append(zh ? "\(code) \(latest.name)（\(placing.joined(separator: "，"))）"
                            : "\(code) \(latest.name) (\(placing.joined(separator: ", ")))")
            lines.append("")
        }
        lines.append(table.render())
        lines.append("")
        lines.append(zh ? "名次变化：与上一个同类考核期比较（上半年比上年下半年，季度比上一季度）；“新”表示上期未在同一类别、分组中排名。"
                        : "Change: against the previous period of the same kind (H1 against last H2); \"new\": not ranked in the same category and group then.")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func grade(_ entry: UnitHistoryEntry, zh: Bool) -> String {
        guard entry.assessed else { return zh ? "不参评" : "not assessed" }
        return (zh ? entry.grade?.chineseName : entry.grade?.rawValue) ?? ""
    }

    /// Against the period the bulletin of that period compared with, so this table and the
    /// bulletins agree; blank when that period was never recorded.
    private static func change(of entry: UnitHistoryEntry, among entries: [UnitHistoryEntry], recorded: Set<String>) -> RankChange? {
        guard let earlier = HistoryComparison.previous.period(before: entry.period), recorded.contains(earlier.name) else { return nil }
        let before = entries.first { $0.period == earlier }
        return RankChange.of(rank: entry.rank, in: entry.rankingKey, before: before.map { ($0.rank, $0.rankingKey) })
    }
}
