#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back in fixed-size chunks, so memory never depends on file size.
final class FileChunks {
    static let defaultChunkSize = 1 << 18

    private let descriptor: Int32
    private var buffer: [UInt8]
    let path: String

    init(path: String, chunkSize: Int = FileChunks.defaultChunkSize) throws(InputError) {
        self.descriptor = try Self.openForReading(path)
        self.path = path
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { close(descriptor) }

    /// A read-only descriptor for `path`, which must be a regular file; the caller closes it.
    /// Opened without blocking and checked after opening: a file swapped for a FIFO after the
    /// folder was walked must not make the run wait forever.
    static func openForReading(_ path: String) throws(InputError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .cannotOpen(path: path, reason: "not a regular file")
        }
        return descriptor
    }

    /// Calls `body` with the next chunk; returns false at end of file.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) -> Bool {
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let n = read(descriptor, raw.baseAddress, raw.count)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        if count < 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        if count == 0 { return false }
        try buffer.withUnsafeBufferPointer { all throws(InputError) in
            try body(UnsafeBufferPointer(rebasing: all[0..<count]))
        }
        return true
    }

    /// Reads at most `limit` bytes from the start of the file at `path`.
    static func prefix(of path: String, limit: Int) throws(InputError) -> (bytes: [UInt8], isWholeFile: Bool) {
        let chunks = try FileChunks(path: path, chunkSize: limit)
        var bytes: [UInt8] = []
        while bytes.count < limit {
            let more = try chunks.next { chunk in bytes.append(contentsOf: chunk) }
            if !more { return (bytes, true) }
        }
        let isWhole = try !chunks.next { _ in }
        return (Array(bytes.prefix(limit)), isWhole && bytes.count <= limit)
    }
}

/// File-level failures: the file as a whole could not be read, decoded or recognised.
public enum InputError: Error, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// Where reading as UTF-8 first fails (1-based line, byte within it), and whether the
    /// sample holds NUL bytes, which no text export does: the sign of a binary file.
    case undecodable(path: String, line: Int, byte: Int, hasNUL: Bool)
    case unsupportedEncoding(path: String, encoding: String)
    /// `rows` rows holding NUL bytes, the first on `line`: the file is binary from there on, and
    /// was not read past `stoppedAt`.
    case binaryContent(path: String, line: Int, rows: Int, stoppedAt: Int)
}

extension InputError {
    /// The same error naming the file as the clerk knows it (relative to the data folder).
    public func naming(_ file: String) -> InputError {
        switch self {
        case let .cannotOpen(_, reason): return .cannotOpen(path: file, reason: reason)
        case let .cannotRead(_, reason): return .cannotRead(path: file, reason: reason)
        case let .undecodable(_, line, byte, hasNUL): return .undecodable(path: file, line: line, byte: byte, hasNUL: hasNUL)
        case let .unsupportedEncoding(_, encoding): return .unsupportedEncoding(path: file, encoding: encoding)
        case let .binaryContent(_, line, rows, stoppedAt): return .binaryContent(path: file, line: line, rows: rows, stoppedAt: stoppedAt)
        }
    }
}

extension InputError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): error: 无法打开文件 (cannot open: \(reason))"
        case let .cannotRead(path, reason): return "\(path): error: 读取文件失败 (cannot read: \(reason))"
        case let .undecodable(path, line, byte, hasNUL):
            let binary = hasNUL ? "；文件含 NUL 字节，像是二进制文件而不是导出的表格" : "；请用 Excel/WPS 另存为 CSV UTF-8 后重新报送"
            return "\(path):\(line):\(byte): error: 无法识别文件编码：第 \(line) 行第 \(byte) 个字节起不是 UTF-8，按 GB18030/GBK 也读不通\(binary)；整个文件未读入 (cannot decode the file)"
        case let .binaryContent(path, line, rows, stoppedAt):
            return "\(path):\(line): error: 从第 \(line) 行起已有 \(rows) 行含 NUL 字节，文件像是二进制内容而不是导出的表格；第 \(stoppedAt) 行之后未读入 (binary content)"
        case let .unsupportedEncoding(path, encoding):
            return "\(path): error: 本机不支持 \(encoding) 编码转换 (iconv cannot convert \(encoding))"
        }
    }
}

/// A file's bytes as UTF-8, chunk by chunk, whatever encoding it was saved in.
///
/// When the sample the encoding was detected from held only ASCII (`provisional`), nothing was
/// really known: the choice between UTF-8 and GB18030 is made again at the first chunk that
/// holds a non-ASCII byte, before any of it is decoded.
final class DecodedChunks: TextPieces {
    private(set) var encoding: TextEncoding
    private var provisional: Bool
    private let path: String
    private let chunks: FileChunks
    private var utf8Repairer = UTF8Repairer()
    private var iconv: IconvDecoder?
    private var bomToSkip: Int
    private var output: [UInt8] = []
    /// Non-ASCII bytes at the end of a chunk kept back until the encoding is settled.
    private var held: [UInt8] = []
    private var finished = false

    init(path: String, encoding: TextEncoding, provisional: Bool = false) throws(InputError) {
        self.encoding = encoding
        self.provisional = provisional && encoding == .utf8
        self.path = path
        self.chunks = try FileChunks(path: path)
        self.bomToSkip = encoding.bomLength
        try useDecoder(for: encoding)
    }

    private func useDecoder(for encoding: TextEncoding) throws(InputError) {
        self.encoding = encoding
        guard let name = encoding.iconvName else {
            iconv = nil
            return
        }
        guard let decoder = IconvDecoder(from: name, unitSize: encoding.unitSize) else {
            throw .unsupportedEncoding(path: path, encoding: name)
        }
        iconv = decoder
    }

    /// Malformed sequences replaced by U+FFFD so far.
    var replacements: Int { iconv?.replacements ?? utf8Repairer.replacements }

    var atRangeEnd: Bool { false }

    /// Calls `body` with the next piece of UTF-8; returns false when the file is exhausted.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) -> Bool {
        if finished { return false }
        output.removeAll(keepingCapacity: true)
        var delivered = false
        let more = try chunks.next { raw throws(InputError) in
            var chunk = raw
            if bomToSkip > 0 {
                let skip = min(bomToSkip, chunk.count)
                chunk = UnsafeBufferPointer(rebasing: chunk[skip...])
                bomToSkip -= skip
            }
            if !held.isEmpty {
                var joined = held
                held.removeAll()
                joined.append(contentsOf: chunk)
                try joined.withUnsafeBufferPointer { joined throws(InputError) in try settleAndDecode(joined, final: false) }
                return
            }
            // Well-formed UTF-8, the common case, is handed on without a copy (while the guess
            // is provisional, only a chunk of plain ASCII, which both candidates read alike).
            if iconv == nil, !provisional || !chunk.contains(where: { $0 >= 0x80 }), utf8Repairer.passesThrough(chunk) {
                try body(chunk)
                delivered = true
                return
            }
            try settleAndDecode(chunk, final: false)
        }
        if delivered { return true }
        if !more {
            finished = true
            let rest = held
            held.removeAll()
            try rest.withUnsafeBufferPointer { rest throws(InputError) in try settleAndDecode(rest, final: true) }
        }
        try output.withUnsafeBufferPointer { decoded throws(InputError) in try body(decoded) }
        return true
    }

    /// While the encoding is provisional, the text from the first non-ASCII byte on decides it;
    /// when a chunk ends too soon after that byte to tell, the rest waits for the next chunk.
    private func settleAndDecode(_ chunk: UnsafeBufferPointer<UInt8>, final: Bool) throws(InputError) {
        if provisional, let first = chunk.firstIndex(where: { $0 >= 0x80 }) {
            let rest = UnsafeBufferPointer(rebasing: chunk[first...])
            if rest.count < TextEncoding.settlingEvidence && !final {
                decode(UnsafeBufferPointer(rebasing: chunk[..<first]), final: false)
                held = Array(rest)
                return
            }
            provisional = false
            if TextEncoding.settle(afterASCII: rest, final: final) == .gb18030 { try useDecoder(for: .gb18030) }
        }
        decode(chunk, final: final)
    }

    private func decode(_ chunk: UnsafeBufferPointer<UInt8>, final: Bool) {
        if let iconv {
            iconv.decode(chunk, into: &output, final: final)
        } else {
            utf8Repairer.decode(chunk, into: &output, final: final)
        }
    }
}
