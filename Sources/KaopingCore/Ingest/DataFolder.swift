import Foundation

/// The CSV files of a data folder, by path relative to it, in byte order of those paths.
public struct DataFolder: Sendable {
    public let root: String
    public let files: [String]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notADirectory(String)

        public var description: String {
            switch self {
            case .notADirectory(let path): return "\(path): error: 数据目录不存在或不是目录 (not a directory)"
            }
        }
    }

    public init(root: String) throws(Problem) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notADirectory(root)
        }
        self.root = root
        var found: [String] = []
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                // Hidden files and Office lock files (~$name.csv) are never exports.
                if name.hasPrefix(".") || name.hasPrefix("~$") {
                    if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                    continue
                }
                let lower = name.lowercased()
                guard lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") else { continue }
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular {
                    found.append(relative)
                }
            }
        }
        files = found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    public func absolutePath(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }
}
