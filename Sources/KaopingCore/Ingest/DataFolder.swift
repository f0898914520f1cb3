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

    /// `excluding` names folders never to walk, however they are reached: the output folder,
    /// when it lies inside the data folder, must not have its own ranking.csv read back as input.
    public init(root: String, excluding: [String] = []) throws(Problem) {
        var status = stat()
        guard stat(root, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(root) }
        self.root = root
        var walk = FolderWalk()
        for path in excluding {
            var excluded = stat()
            if stat(path, &excluded) == 0, excluded.st_mode & S_IFMT == S_IFDIR { walk.skip(excluded) }
        }
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

    mutating func skip(_ status: stat) {
        visited.insert([UInt64(status.st_dev), UInt64(status.st_ino)])
    }

    /// Paths are bytes until a name proves to be UTF-8: a folder whose name is not (unzipped
    /// from a Chinese-Windows archive, say) is still walked, and every export in it reported.
    mutating func visit(directory path: String, relative: String, status: stat) {
        visit(directory: Array(path.utf8), relative: [], status: status)
    }

    private mutating func visit(directory path: [UInt8], relative: [UInt8], status: stat) {
        guard visited.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted,
              let handle = Self.withCString(path, { opendir($0) }) else { return }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { bytes in Array(bytes.prefix { $0 != 0 }) }
            if raw.first == 0x2E { continue }  // ., .. and hidden files
            names.append(raw)
        }
        closedir(handle)
        // Byte order, so which of two paths to one folder is walked never depends on readdir.
        names.sort { $0.lexicographicallyPrecedes($1) }
        for name in names {
            let childPath = path + [0x2F] + name
            let childRelative = relative + name
            var childStatus = stat()
            guard Self.withCString(childPath, { stat($0, &childStatus) }) == 0 else {
                // A dangling link that looks like an export is listed, to fail by name on open.
                if DataFolder.isExport(String(decoding: name, as: UTF8.self)) { record(childRelative) }
                continue
            }
            switch childStatus.st_mode & S_IFMT {
            case S_IFDIR:
                visit(directory: childPath, relative: childRelative + [0x2F], status: childStatus)
            case S_IFREG where DataFolder.isExport(String(decoding: name, as: UTF8.self)):
                record(childRelative)
            default:
                break
            }
        }
    }

    private mutating func record(_ relative: [UInt8]) {
        if let path = String(validating: relative, as: UTF8.self) {
            files.append(path)
        } else {
            undecodable.append(Self.display(relative))
        }
    }

    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    /// A non-UTF-8 path as the clerk would have seen it on Windows.
    private static func display(_ raw: [UInt8]) -> String {
        var decoded: [UInt8] = []
        if let decoder = IconvDecoder(from: "GB18030") {
            raw.withUnsafeBufferPointer { decoder.decode($0, into: &decoded, final: true) }
            if decoder.replacements == 0 { return String(decoding: decoded, as: UTF8.self) }
        }
        return String(decoding: raw, as: UTF8.self)
    }
}
