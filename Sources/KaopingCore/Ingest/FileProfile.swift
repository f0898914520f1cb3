/// What Kaoping finds out about a file before reading its rows: encoding, delimiter, kind.
public struct FileProfile: Sendable, Equatable {
    public let relativePath: String
    /// For a file whose first 64 KiB are plain ASCII, settled only when reading meets the
    /// first non-ASCII byte.
    public internal(set) var encoding: TextEncoding
    /// True while `encoding` is only a guess from an all-ASCII sample.
    public internal(set) var encodingIsProvisional: Bool
    public let delimiter: UInt8
    public let kind: ExportKind

    public var delimiterName: String {
        switch delimiter {
        case 0x09: return "tab"
        case 0x3B: return "semicolon"
        default: return "comma"
        }
    }
}

/// Why a file as a whole could not be used. Each names the file and says what to do.
public enum FileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case input(InputError)
    case noHeader(file: String, firstLine: String)
    case ambiguousKind(file: String, kinds: [ExportKind])
    /// The file's name is not UTF-8, so it can be neither reported nor reopened faithfully.
    case undecodableName(file: String)
    /// Named like an export but a FIFO, socket or device: never opened.
    case notARegularFile(file: String)
    /// A symbolic link that leads out of the data folder: not followed.
    case linkLeavesFolder(file: String, target: String)
    /// The header has more columns than `--max-columns`.
    case tooManyColumns(file: String, line: Int, limit: Int)

    public var description: String {
        switch self {
        case .input(let error): return error.description
        case let .noHeader(file, firstLine):
            return "\(file): error: 前 1000 行内找不到可识别的表头，无法判断是哪类数据（第一行：\(firstLine)）；请对照 README 的列名 (header fits no kind)"
        case let .ambiguousKind(file, kinds):
            let names = kinds.map { "\($0.rawValue)(\($0.chineseName))" }.joined(separator: "、")
            return "\(file): error: 表头同时符合 \(names)，无法判断数据类型 (ambiguous kind)"
        case let .notARegularFile(file):
            return "\(file): error: 不是普通文件（管道、设备等），未读取 (not a regular file)"
        case let .linkLeavesFolder(file, target):
            return "\(file): error: 这是指向数据目录以外（\(target)）的符号链接，未读取；请把文件复制到数据目录中 (link leaves the data folder; not followed)"
        case let .tooManyColumns(file, line, limit):
            return "\(file):\(line): error: 表头超过 \(limit) 列（--max-columns），不像是一份导出表；整个文件未读入 (header has too many columns)"
        case .undecodableName(let file):
            return "\(file): error: 文件名不是 UTF-8 编码（常见于中文 Windows 上打包的 zip 解压后），无法读取；请重命名后再运行 (file name is not UTF-8)"
        }
    }
}

enum FileSniffer {
    /// How far the header is looked for: any number of title lines, within reason.
    static let sampleSize = 1 << 18
    static let sampleLines = 1000
    /// The encoding is judged on the first 64 KiB; the rest of the file settles a guess made
    /// on plain ASCII (see `DecodedChunks`).
    static let encodingSampleSize = 1 << 16
    static let candidates: [UInt8] = [0x2C, 0x09, 0x3B]

    /// Detects encoding from the file's first bytes, then the delimiter and kind from the first
    /// line that fits a kind under some delimiter: the header may sit under title lines.
    static func profile(path: String, relativePath: String) throws(FileProblem) -> FileProfile {
        let sample: (bytes: [UInt8], isWholeFile: Bool)
        do { sample = try FileChunks.prefix(of: path, limit: sampleSize) } catch { throw .input(error.naming(relativePath)) }
        let encodingSample = sample.bytes.prefix(encodingSampleSize)
        let encodingSampleIsWholeFile = sample.isWholeFile && encodingSample.count == sample.bytes.count
        let detected = encodingSample.withUnsafeBufferPointer {
            TextEncoding.detect(prefix: $0, prefixIsWholeFile: encodingSampleIsWholeFile)
        }
        guard let detectedEncoding = detected else {
            throw .input(Self.undecodable(encodingSample, isWholeFile: encodingSampleIsWholeFile, file: relativePath))
        }
        // Nothing but ASCII (a character cut by the sample's end is no evidence): a guess, which
        // the rest of the header sample may already settle.
        var encoding = detectedEncoding
        var provisional = !encodingSampleIsWholeFile && encoding == .utf8
            && !encodingSample.dropLast(3).contains { $0 >= 0x80 }
        if provisional, let first = sample.bytes.firstIndex(where: { $0 >= 0x80 }),
           sample.isWholeFile || sample.bytes.count - first >= TextEncoding.settlingEvidence {
            encoding = sample.bytes[first...].withUnsafeBufferPointer {
                TextEncoding.settle(afterASCII: $0, final: sample.isWholeFile)
            }
            provisional = false
        }
        let lines = decodedLines(sample.bytes, encoding: encoding)

        var best: (line: Int, cells: Int, delimiter: UInt8, match: HeaderMatch)?
        for delimiter in candidates {
            for (index, line) in lines.enumerated() {
                if let best, index > best.line { break }
                let cells = splitQuoted(line, delimiter: delimiter)
                let match = HeaderMatch.match(cells)
                if case .none = match { continue }
                if best == nil || index < best!.line || (index == best!.line && cells.count > best!.cells) {
                    best = (index, cells.count, delimiter, match)
                }
                break
            }
        }
        guard let best else {
            let first = lines.first { !$0.allSatisfy { $0 == " " || $0 == "," } } ?? ""
            throw .noHeader(file: relativePath, firstLine: String(first.prefix(120)))
        }
        switch best.match {
        case .fits(let map):
            return FileProfile(relativePath: relativePath, encoding: encoding, encodingIsProvisional: provisional,
                               delimiter: best.delimiter, kind: map.kind)
        case .ambiguous(let kinds):
            throw .ambiguousKind(file: relativePath, kinds: kinds)
        case .none:
            throw .noHeader(file: relativePath, firstLine: "")
        }
    }

    /// Where the sample stops being UTF-8, as a line and a byte within it.
    private static func undecodable(_ sample: ArraySlice<UInt8>, isWholeFile: Bool, file: String) -> InputError {
        let offset = sample.withUnsafeBufferPointer {
            UTF8Validation.invalidOffset(in: $0, allowTruncatedEnd: !isWholeFile)
        } ?? 0
        // Lines end as the reader ends them: LF, CRLF or a lone CR.
        var line = 1
        var lineStart = sample.startIndex
        var index = sample.startIndex
        while index < sample.startIndex + offset {
            let byte = sample[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 == sample.endIndex || sample[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return .undecodable(path: file, line: line, byte: sample.startIndex + offset - lineStart + 1,
                            hasNUL: sample.contains(0))
    }

    private static func decodedLines(_ bytes: [UInt8], encoding: TextEncoding) -> [String] {
        var body = ArraySlice(bytes)
        body = body.dropFirst(min(encoding.bomLength, body.count))
        var utf8: [UInt8] = []
        body.withUnsafeBufferPointer { chunk in
            if let name = encoding.iconvName, let decoder = IconvDecoder(from: name, unitSize: encoding.unitSize) {
                decoder.decode(chunk, into: &utf8, final: false)
            } else {
                var repairer = UTF8Repairer()
                repairer.decode(chunk, into: &utf8, final: false)
            }
        }
        return lines(of: utf8, limit: sampleLines)
    }

    /// The first `limit` lines of valid UTF-8, split at LF, CR or CRLF as `String.split` on
    /// those characters splits them (a line break is a grapheme boundary on both sides, so the
    /// bytes tell), without walking a quarter megabyte of text character by character.
    static func lines(of utf8: [UInt8], limit: Int) -> [String] {
        var lines: [String] = []
        var start = 0, index = 0
        while index < utf8.count, lines.count < limit {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            lines.append(String(decoding: utf8[start..<index], as: UTF8.self))
            index += byte == 0x0D && index + 1 < utf8.count && utf8[index + 1] == 0x0A ? 2 : 1
            start = index
        }
        if lines.count < limit { lines.append(String(decoding: utf8[start...], as: UTF8.self)) }
        return lines
    }

    /// A plain RFC 4180 split of one line, enough to recognise a header.
    static func splitQuoted(_ line: String, delimiter: UInt8) -> [String] {
        var cells: [String] = []
        var current: [UInt8] = []
        var quoted = false
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        current.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == 0x22 {
                quoted = true
            } else if byte == delimiter {
                cells.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            } else {
                current.append(byte)
            }
            index += 1
        }
        cells.append(String(decoding: current, as: UTF8.self))
        return cells
    }
}
