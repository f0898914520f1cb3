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

    /// Moves the staged folder into place; the previous publication is removed only after.
    public func publish() throws(Problem) {
        let retired = "\(finalPath).old-\(getpid())"
        var hadPrevious = false
        var status = stat()
        if lstat(finalPath, &status) == 0 {
            guard rename(finalPath, retired) == 0 else {
                throw .cannotPublish(path: finalPath, reason: String(cString: strerror(errno)))
            }
            hadPrevious = true
        }
        guard rename(stagingPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(retired, finalPath) }
            throw .cannotPublish(path: finalPath, reason: reason)
        }
        published = true
        if hadPrevious { Self.removeTree(retired) }
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
        if (status.st_mode & S_IFMT) == S_IFDIR, let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                removeTree("\(path)/\(name)")
            }
            closedir(directory)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
