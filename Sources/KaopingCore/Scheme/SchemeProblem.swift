/// Why a scheme file was refused. Every message names the file and the TOML key, so the
/// person editing the scheme knows exactly what to fix.
public enum SchemeProblem: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case syntax(path: String, line: Int, column: Int, message: String)
    case missingKey(path: String, key: String)
    case wrongType(path: String, key: String, expected: String)
    case unknownKey(path: String, key: String)
    case badValue(path: String, key: String, message: String)
    case weightsDoNotAddUp(path: String, key: String, indicators: String, compliance: String, total: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): error: 无法读取考核方案 (\(reason))"
        case let .syntax(path, line, column, message):
            return "\(path):\(line):\(column): error: 考核方案不是合法的 TOML：\(message)"
        case let .missingKey(path, key):
            return "\(path): error: 考核方案缺少 `\(key)` (missing key)"
        case let .wrongType(path, key, expected):
            return "\(path): error: `\(key)` 应为\(expected) (wrong type)"
        case let .unknownKey(path, key):
            return "\(path): error: 不认识的键 `\(key)`；请检查拼写 (unknown key)"
        case let .badValue(path, key, message):
            return "\(path): error: `\(key)`：\(message)"
        case let .weightsDoNotAddUp(path, key, indicators, compliance, total):
            return "\(path): error: `\(key)`：指标权重之和 \(indicators) 加制度落实分值 \(compliance) 不等于总分 \(total) (weights do not add up)"
        }
    }
}
