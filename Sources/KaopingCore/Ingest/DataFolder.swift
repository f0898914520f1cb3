#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CSV files of a data folder, by path relative to it, in byte order of those paths.
///
/// The folder itself may be a symbolic link (often a link to the current period's delivery),
/// and links inside it are followed while they stay inside it, each directory once. A link
/// that leads out of it is not followed, whatever it points to: it is listed in `outsideLinks`
/// and becomes a file-level error, so that a delivery cannot make Kaoping read (and publish
/// the rows of) files elsewhere on the machine. A name that is not UTF-8 — what unzipping an
/// archive made on Chinese Windows leaves — cannot be reported or reopened faithfully, so it
/// is listed in `undecodableNames` and becomes a file-level error rather than vanishing.
public struct DataFolder: Sendable {
    public let root: String
    public let files: [String]
    /// Relative paths whose names are not UTF-8, shown decoded as GB18030 where possible.
    public let undecodableNames: [String]
    /// Exports that are not regular files (a FIFO, a device): never opened, since reading one
    /// could wait forever.
    public let specialFiles: [String]
    /// Links (to an export or a folder) that lead out of the data folder, not followed.
    public let outsideLinks: [OutsideLink]

    public struct OutsideLink: Sendable, Equatable {
        /// Relative to the data folder.
        public let path: String
        /// Where it leads, resolved.
        public let target: String
    }

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
        var walk = FolderWalk(root: Self.resolved(root) ?? root)
        for path in excluding {
            var excluded = stat()
            if stat(path, &excluded) == 0, excluded.st_mode & S_IFMT == S_IFDIR { walk.skip(excluded) }
        }
        walk.visit(directory: root, relative: "", status: status)
        files = walk.files.sorted(by: Self.inByteOrder)
        undecodableNames = walk.undecodable.sorted(by: Self.inByteOrder)
        specialFiles = walk.special.sorted(by: Self.inByteOrder)
        outsideLinks = walk.outside.sorted { Self.inByteOrder($0.path, $1.path) }
    }

    /// Paths in byte order, the same on every machine whatever its locale.
    private static func inByteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The path with every link resolved, or nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
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
    var outside: [DataFolder.OutsideLink] = []
    var special: [String] = []
    private var visited: Set<[UInt64]> = []
    /// The data folder, every link resolved: what a link must stay under.
    private let root: [UInt8]

    init(root: String) {
        self.root = Array(root.utf8)
    }

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
            let isExport = DataFolder.isExport(String(decoding: name, as: UTF8.self))
            var childStatus = stat()
            guard Self.withCString(childPath, { stat($0, &childStatus) }) == 0 else {
                // A dangling link that looks like an export is listed, to fail by name on open.
                if isExport { record(childRelative) }
                continue
            }
            let kind = childStatus.st_mode & S_IFMT
            if kind == S_IFDIR || isExport, let target = leavesRoot(childPath) {
                outside.append(DataFolder.OutsideLink(path: String(decoding: childRelative, as: UTF8.self), target: target))
                continue
            }
            switch kind {
            case S_IFDIR:
                visit(directory: childPath, relative: childRelative + [0x2F], status: childStatus)
            case S_IFREG where isExport:
                record(childRelative)
            case _ where isExport:
                special.append(String(decoding: childRelative, as: UTF8.self))
            default:
                break
            }
        }
    }

    /// Where a symbolic link leads when that is outside the data folder (or cannot be worked
    /// out: then it is not followed either); nil for anything else.
    private func leavesRoot(_ path: [UInt8]) -> String? {
        var info = stat()
        guard Self.withCString(path, { lstat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        guard let real = Self.withCString(path, { realpath($0, nil) }) else {
            return "?（\(String(cString: strerror(errno)))）"
        }
        defer { free(real) }
        let target = Array(UnsafeBufferPointer(start: UnsafeRawPointer(real).assumingMemoryBound(to: UInt8.self), count: strlen(real)))
        let inside = target == root || (target.starts(with: root) && (root.last == 0x2F || target[root.count] == 0x2F))
        return inside ? nil : String(decoding: target, as: UTF8.self)
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
