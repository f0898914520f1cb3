import GRDB

/// Why the history database cannot be used. The history only adds comparisons to the
/// documents, so every message says the published reports are safe and what to do next.
public enum HistoryProblem: Error, Equatable, CustomStringConvertible {
    /// No database yet, or an empty one: nothing has been recorded.
    case noHistory(path: String)
    /// Not an SQLite file, a damaged one, or another program's database.
    case damaged(path: String, detail: String)
    /// Written by a later Kaoping whose schema this version does not know.
    case newerSchema(path: String)
    case cannotOpen(path: String, detail: String)
    case cannotWrite(path: String, detail: String)

    public var path: String {
        switch self {
        case .noHistory(let path), .newerSchema(let path): return path
        case .damaged(let path, _), .cannotOpen(let path, _), .cannotWrite(let path, _): return path
        }
    }

    public var description: String {
        switch self {
        case .noHistory(let path):
            return "\(path): error: 还没有历史记录：每次 kaoping run 发布结果后会自动记入该文件 (no history recorded yet)"
        case let .damaged(path, detail):
            return "\(path): error: 历史数据库已损坏或不是 Kaoping 的数据库（\(detail)）；已发布的报告不受影响。"
                + "可将其改名备份后重新运行，Kaoping 会新建一个 (history database damaged or not Kaoping's)"
        case .newerSchema(let path):
            return "\(path): error: 历史数据库由更新版本的 Kaoping 写入，本版本无法读取；已发布的报告不受影响。"
                + "请升级 Kaoping 后再运行 (history database written by a newer Kaoping)"
        case let .cannotOpen(path, detail):
            return "\(path): error: 无法打开历史数据库（\(detail)）；已发布的报告不受影响。"
                + "请检查文件和所在文件夹的权限 (cannot open the history database)"
        case let .cannotWrite(path, detail):
            return "\(path): error: 无法写入历史数据库（\(detail)），本期结果未记入历史；已发布的报告不受影响。"
                + "请检查文件夹权限和磁盘空间后重新运行 (cannot write the history database)"
        }
    }

    /// SQLite's own words are kept as the detail: an IT administrator can search for them.
    static func from(_ error: any Error, path: String, writing: Bool) -> HistoryProblem {
        if let problem = error as? HistoryProblem { return problem }
        guard let database = error as? DatabaseError else {
            return writing ? .cannotWrite(path: path, detail: "\(error)") : .cannotOpen(path: path, detail: "\(error)")
        }
        let detail = database.message ?? "\(database.resultCode)"
        switch database.resultCode.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .damaged(path: path, detail: "文件不是 SQLite 数据库或内容已损坏: \(detail)")
        case .SQLITE_READONLY, .SQLITE_FULL:
            return .cannotWrite(path: path, detail: detail)
        case .SQLITE_ERROR where !writing:
            // A read failing on a missing table or column: the file is not the schema it claims.
            return .damaged(path: path, detail: "数据表与 Kaoping 的不一致: \(detail)")
        default:
            return writing ? .cannotWrite(path: path, detail: detail) : .cannotOpen(path: path, detail: detail)
        }
    }
}
