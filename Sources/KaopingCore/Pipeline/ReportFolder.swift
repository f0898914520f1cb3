import CSystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A period's result folder, built beside its final place and swapped in by rename, so a
/// reader never sees half a report and a failed run leaves the previous one in place.
public final class ReportFolder {
    public let finalPath: String
    public let stagingPath: String
    private var published = false

    public enum Problem: Error, CustomStringConvertible {
        case cannotCreate(path: String, reason: String)
        case cannotPublish(path: String, reason: String)

        public var description: String {
            switch self {
            case let .cannotCreate(path, reason): return "\(path): error: 无法创建输出目录 (\(reason))"
            case let .cannotPublish(path, reason): return "\(path): error: 无法发布结果 (\(reason))"
            }
        }
    }

    public init(outputRoot: String, name: String) throws(Problem) {
        try Self.makeDirectories(outputRoot)
        finalPath = "\(outputRoot)/\(name)"
        stagingPath = "\(outputRoot)/.\(name).partial-\(getpid())"
        Self.removeTree(stagingPath)
        guard mkdir(stagingPath, 0o755) == 0 else {
            throw .cannotCreate(path: stagingPath, reason: String(cString: strerror(errno)))
        }
    }

    deinit {
        if !published { Self.removeTree(stagingPath) }
    }

    public func path(_ file: String) -> String { "\(stagingPath)/\(file)" }

    /// Moves the staged folder into place. Everything in it is flushed to disk first; then the
    /// staged and the published folder trade places in one atomic exchange, so at every moment
    /// the period folder is either the old publication or the new one, whatever kills the run.
    /// The old one is removed only after. Where the file system cannot exchange, two renames
    /// are used and `recover` puts the old folder back if a run dies between them.
    public func publish() throws(Problem) {
        Self.syncTree(stagingPath)
        var status = stat()
        let hadPrevious = lstat(finalPath, &status) == 0
        // Something that is not a folder where the period folder belongs is not ours to replace.
        if hadPrevious, status.st_mode & S_IFMT != S_IFDIR {
            throw .cannotPublish(path: finalPath, reason: "已存在同名文件，不是目录 (exists and is not a folder)")
        }
        if hadPrevious, kaoping_exchange_paths(stagingPath, finalPath) == 0 {
            published = true
            Self.syncDirectory(Self.parent(of: finalPath))
            // The staging path now holds the previous publication.
            Self.removeTree(stagingPath)
            return
        }
        let retired = "\(finalPath).old-\(getpid())"
        if hadPrevious {
            guard rename(finalPath, retired) == 0 else {
                throw .cannotPublish(path: finalPath, reason: String(cString: strerror(errno)))
            }
        }
        guard rename(stagingPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(retired, finalPath) }
            throw .cannotPublish(path: finalPath, reason: reason)
        }
        published = true
        Self.syncDirectory(Self.parent(of: finalPath))
        if hadPrevious { Self.removeTree(retired) }
    }

    /// Before a run (under the lock): puts back a publication a killed run had moved aside, and
    /// removes the staging and retired folders killed runs left behind. Returns what it removed.
    @discardableResult
    public static func recover(outputRoot: String) -> [String] {
        guard let names = DirectoryNames.of(outputRoot) else { return [] }
        var removed: [String] = []
        // Only Kaoping's own names: <period>.old-<pid> and .<period>.partial-<pid>. An output
        // folder may hold other things (notes.old-v1) that are not ours to move or delete.
        func ours(_ name: String, prefix: String, marker: String) -> String? {
            guard name.hasPrefix(prefix), let range = name.range(of: marker) else { return nil }
            let period = String(name[name.index(name.startIndex, offsetBy: prefix.count)..<range.lowerBound])
            let pid = name[range.upperBound...]
            guard Period(period)?.name == period, !pid.isEmpty, pid.allSatisfy(\.isASCII), pid.allSatisfy(\.isNumber) else { return nil }
            return period
        }
        for name in names.sorted() {
            if let period = ours(name, prefix: "", marker: ".old-") {
                var status = stat()
                if lstat("\(outputRoot)/\(period)", &status) != 0, rename("\(outputRoot)/\(name)", "\(outputRoot)/\(period)") == 0 {
                    continue
                }
                removeTree("\(outputRoot)/\(name)")
                removed.append(name)
            } else if ours(name, prefix: ".", marker: ".partial-") != nil {
                removeTree("\(outputRoot)/\(name)")
                removed.append(name)
            }
        }
        return removed
    }

    /// fsync every file and folder under `path`, deepest first, so a power cut after the
    /// rename cannot leave a published folder of empty files.
    static func syncTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            for name in DirectoryNames.of(path) ?? [] { syncTree("\(path)/\(name)") }
            syncDirectory(path)
        } else if (status.st_mode & S_IFMT) == S_IFREG {
            let descriptor = open(path, O_RDONLY)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
    }

    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func makeDirectories(_ path: String) throws(Problem) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/\(part)"
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreate(path: built, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Removes a folder Kaoping made, with everything in it; symbolic links are removed, not followed.
    static func removeTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFDIR, let names = DirectoryNames.of(path) {
            for name in names { removeTree("\(path)/\(name)") }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
