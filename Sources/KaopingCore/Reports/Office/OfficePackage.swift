import Foundation
import ZIPFoundation

/// Why an Office package could not be built.
public enum OfficePackageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A part name that OPC forbids (empty, absolute, backslash, empty or dot segment, trailing slash).
    case invalidPath(String)
    /// Two parts whose names differ at most in ASCII case, which OPC treats as the same part.
    case duplicatePath(String)
    /// ZIPFoundation could not open an in-memory archive.
    case archiveUnavailable(String)
    /// ZIPFoundation failed while adding one part.
    case entryFailed(path: String, reason: String)
    /// The bytes read back are not a ZIP archive.
    case unreadable(String)

    public var description: String {
        switch self {
        case .invalidPath(let path):
            return "Office package: invalid part name \"\(path)\" (must be relative, '/'-separated, without empty, '.' or '..' segments)"
        case .duplicatePath(let path):
            return "Office package: the part \"\(path)\" occurs twice (part names are compared case-insensitively)"
        case .archiveUnavailable(let reason):
            return "Office package: could not create the in-memory ZIP archive: \(reason)"
        case .entryFailed(let path, let reason):
            return "Office package: could not add \"\(path)\" to the ZIP archive: \(reason)"
        case .unreadable(let reason):
            return "Office package: not a readable ZIP archive: \(reason)"
        }
    }
}

/// An OOXML package (the ZIP container of .xlsx and .docx) built in memory.
///
/// The same parts always give the same bytes: parts are stored in the given order, every entry
/// carries the DOS epoch as its date and fixed permissions, so reports can be compared and
/// checksummed across runs, machines and time zones.
public struct OfficePackage: Sendable {
    public typealias Part = (path: String, bytes: [UInt8])

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// 1980-01-01 00:00:00 UTC, the earliest date a ZIP (DOS) timestamp can hold. ZIPFoundation
    /// converts with gmtime, so the stored fields do not depend on TZ.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    public func bytes() throws -> [UInt8] {
        try Self.validate(parts.map(\.path))
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw OfficePackageError.archiveUnavailable(String(describing: error))
        }
        for part in parts {
            let data = Data(part.bytes)
            do {
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: Self.fixedDate, permissions: 0o644,
                    compressionMethod: .deflate,
                    provider: { position, size in
                        let start = Int(position)
                        return data.subdata(in: start..<min(start + size, data.count))
                    })
            } catch {
                throw OfficePackageError.entryFailed(path: part.path, reason: String(describing: error))
            }
        }
        guard let data = archive.data else {
            throw OfficePackageError.archiveUnavailable("the archive has no in-memory data")
        }
        return [UInt8](data)
    }

    /// Reads a package back into its parts, in archive order; tests and callers that want to
    /// inspect an output use it instead of touching ZIPFoundation themselves.
    static func parts(of bytes: [UInt8]) throws -> [Part] {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw OfficePackageError.unreadable(String(describing: error))
        }
        var result: [Part] = []
        for entry in archive {
            var content = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
            } catch {
                throw OfficePackageError.unreadable("\(entry.path): \(error)")
            }
            result.append((entry.path, [UInt8](content)))
        }
        return result
    }

    private static func validate(_ paths: [String]) throws {
        var seen = Set<String>()
        for path in paths {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            let badSegment = segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            if path.isEmpty || badSegment || path.unicodeScalars.contains("\\") {
                throw OfficePackageError.invalidPath(path)
            }
            // OPC compares part names ignoring ASCII case; a reader may pick either duplicate.
            let key = String(path.unicodeScalars.map { scalar -> Character in
                ("A"..."Z").contains(scalar) ? Character(Unicode.Scalar(scalar.value + 32)!) : Character(scalar)
            })
            guard seen.insert(key).inserted else { throw OfficePackageError.duplicatePath(path) }
        }
    }
}
