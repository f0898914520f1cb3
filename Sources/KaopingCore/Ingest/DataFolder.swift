#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CSV files of a data folder, by path relative to it, in byte order of those paths.
///
/// The walk follows symbolic links (a data folder is often a link to the current period's
/// delivery), visiting each directory once. A name that is not UTF-8 — what unzipping an
/// archive made on Chinese Windows leaves — cannot be reported or reopened faithfully, so it
/// is listed in `undecodableNames` and becomes a file-level error rather than vanishing.
public struct DataFolder: Sendable {
    public let root: String
    public let files: [String]
    /// Relative paths whose names are not UTF-8, shown decoded as GB18030 where possible.
    public let undecodableNames: [String]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notADirectory(String)

        public var description: String {
            switch self {
            case .notADirectory(let path): return "\(path): error: 数据目录不存在或不是目录 (not a directory)"
            }
        }
    }

    public init(root: String) throws(Problem) {
        var status = stat()
        guard stat(root, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(root) }
        self.root = root
        var walk = FolderWalk()
        walk.visit(directory: root, relative: "", status: status)
        files = walk.files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        undecodableNames = walk.undecodable.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    public func absolutePath(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Only exports are read: `.csv` and `.tsv`, never hidden files or Office lock files (`~$…`).
    static func isExport(_ name: String) -> Bool {
        let lower = name.lowercased()
        return (lower.hasSuffix(".csv") || lower.hasSuffix(".tsv")) && !name.hasPrefix(".") && !name.hasPrefix("~$")
    }
}

private struct FolderWalk {
    var files: [String] = []
    var undecodable: [String] = []
    private var visited: Set<[UInt64]> = []

    mutating func visit(directory path: String, relative: String, status: stat) {
        guard visited.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted,
              let handle = opendir(path) else { return }
        defer { closedir(handle) }
        var children: [(name: String, raw: [UInt8])] = []
        while let entry = readdir(handle) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { bytes in Array(bytes.prefix { $0 != 0 }) }
            if raw == [0x2E] || raw == [0x2E, 0x2E] || raw.first == 0x2E { continue }  // ., .. and hidden
            children.append((String(decoding: raw, as: UTF8.self), raw))
        }
        for child in children {
            guard let name = String(validating: child.raw, as: UTF8.self) else {
                if Self.looksLikeExport(child.raw) { undecodable.append(relative + Self.display(child.raw)) }
                continue
            }
            let childPath = path + "/" + name
            var childStatus = stat()
            guard stat(childPath, &childStatus) == 0 else { continue }  // a dangling link
            switch childStatus.st_mode & S_IFMT {
            case S_IFDIR:
                visit(directory: childPath, relative: relative + name + "/", status: childStatus)
            case S_IFREG where DataFolder.isExport(name):
                files.append(relative + name)
            default:
                break
            }
        }
    }

    private static func looksLikeExport(_ raw: [UInt8]) -> Bool {
        let lower = raw.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        return lower.count > 4 && (lower.suffix(4).elementsEqual(".csv".utf8) || lower.suffix(4).elementsEqual(".tsv".utf8))
    }

    /// A non-UTF-8 name as the clerk would have seen it on Windows.
    private static func display(_ raw: [UInt8]) -> String {
        var decoded: [UInt8] = []
        if let decoder = IconvDecoder(from: "GB18030") {
            raw.withUnsafeBufferPointer { decoder.decode($0, into: &decoded, final: true) }
            if decoder.replacements == 0 { return String(decoding: decoded, as: UTF8.self) }
        }
        return String(decoding: raw, as: UTF8.self)
    }
}
