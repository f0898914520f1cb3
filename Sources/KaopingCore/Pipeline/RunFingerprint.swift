import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a publication was computed from, as one SHA-256: the tool version, every input file's
/// path and SHA-256, the scheme's SHA-256, the calendar files' SHA-256, period and as-of, and
/// every option that changes a published byte. `run --if-changed` compares it with the one in
/// the published manifest and does nothing when they are equal.
public struct RunFingerprint: Sendable, Equatable {
    public let hex: String
    /// The input files' digests in `DataFolder.files` order, reused by the manifest.
    public let inputDigests: [String: String?]

    public init(folder: DataFolder, scheme: Scheme, calendarFolder: String, window: PeriodWindow, options: String) {
        let paths = folder.files
        let digests = FileDigest.sha256(of: paths.map(folder.absolutePath))
        var text = "kaoping \(KaopingVersion.current)\nperiod \(window.period.name)\nas-of \(window.asOf)\n"
        text += "scheme \(scheme.sha256)\noptions \(options)\n"
        for (path, digest) in zip(paths, digests) { text += "input \(path) \(digest ?? "unreadable")\n" }
        for name in Self.calendarFiles(calendarFolder) {
            text += "calendar \(name) \(FileDigest.sha256(path: "\(calendarFolder)/\(name)") ?? "unreadable")\n"
        }
        for name in folder.undecodableNames { text += "undecodable \(name)\n" }
        for name in folder.specialFiles { text += "special \(name)\n" }
        for link in folder.outsideLinks { text += "outside \(link.path) \(link.target)\n" }
        hex = FileDigest.hex(SHA256.hash(data: Array(text.utf8)))
        inputDigests = Dictionary(uniqueKeysWithValues: zip(paths, digests).map { ($0, $1) })
    }

    /// The fingerprint recorded in a published period folder's manifest.json, if any.
    public static func published(in periodFolder: String) -> String? {
        guard let bytes = try? WholeFile.read("\(periodFolder)/manifest.json") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let key = "\"fingerprint\": \""
        guard let start = text.range(of: key)?.upperBound else { return nil }
        let value = text[start...].prefix { $0 != "\"" }
        return value.count == 64 ? String(value) : nil
    }

    private static func calendarFiles(_ folder: String) -> [String] {
        (DirectoryNames.of(folder) ?? []).filter { $0.hasPrefix("CN-") && $0.hasSuffix(".csv") }.sorted()
    }
}

extension BulletinSettings {
    /// Every setting that changes a published byte, for the run fingerprint.
    public var fingerprintText: String {
        [language.rawValue, issuer ?? "-", documentNumber ?? "-", issuedOn.map { "\($0)" } ?? "-", String(rectifyDays),
         order.rawValue, String(manyRejects)].joined(separator: "|")
    }
}
