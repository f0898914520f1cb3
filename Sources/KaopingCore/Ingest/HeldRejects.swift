#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rejects kept back until ingest knows its verdicts are final (a far repeat found after the
/// pass means reading the folder again, see `IdentityIndex`), then handed on in the order they
/// came. Kept in memory up to a megabyte, then in an unlinked temporary file: a city's rejects
/// would otherwise be tens of megabytes.
final class HeldRejects {
    private var buffer: [UInt8] = []
    private var descriptor: Int32?
    /// Bytes of whole chunks in the file.
    private var fileSize = 0
    /// Once the file could not be made or written, the rest stays in memory.
    private var fileFailed = false
    private let directory: String
    /// For tests: the file's size after which writing fails, as on a full disk.
    private let simulatedDiskSize: Int?
    private static let flushSize = 1 << 20

    init(directory: String = UnlinkedTemporaryFile.directory, simulatedDiskSize: Int? = nil) {
        self.directory = directory
        self.simulatedDiskSize = simulatedDiskSize
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    func hold(_ reject: Reject) {
        RejectCoding.append(reject, to: &buffer)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// Writes the buffered rejects as one chunk: its length, then the rejects, whole.
    private func flush() {
        if descriptor == nil && !fileFailed {
            descriptor = UnlinkedTemporaryFile.create(in: directory, prefix: "kaoping-rejects")
            fileFailed = descriptor == nil
        }
        guard let descriptor, !fileFailed else { return }  // no temporary file: they stay in memory
        var length = UInt64(buffer.count).littleEndian
        let fits = simulatedDiskSize.map { fileSize + 8 + buffer.count <= $0 } ?? true
        let written = fits && withUnsafeBytes(of: &length) { UnlinkedTemporaryFile.writeAll(descriptor, $0) }
            && buffer.withUnsafeBytes { UnlinkedTemporaryFile.writeAll(descriptor, $0) }
        guard written else {
            // A full disk: drop the part of this chunk that was written, keep the rest in memory.
            _ = ftruncate(descriptor, off_t(fileSize))
            fileFailed = true
            return
        }
        fileSize += 8 + buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Every held reject in the order held; nothing is held afterwards.
    func release(_ body: (Reject) -> Void) {
        if let descriptor {
            precondition(lseek(descriptor, 0, SEEK_SET) == 0, "held rejects unreadable (errno \(errno))")
            var chunk: [UInt8] = []
            while let length = Self.readLength(descriptor) {
                chunk = [UInt8](repeating: 0, count: length)
                chunk.withUnsafeMutableBytes { Self.readAll(descriptor, $0) }
                RejectCoding.forEach(in: chunk, body)
            }
            _ = ftruncate(descriptor, 0)
            _ = lseek(descriptor, 0, SEEK_SET)
            fileSize = 0
        }
        RejectCoding.forEach(in: buffer, body)
        buffer.removeAll()
    }

    private static func readLength(_ descriptor: Int32) -> Int? {
        var length: UInt64 = 0
        let got = withUnsafeMutableBytes(of: &length) { raw in
            var done = 0
            while done < raw.count {
                let count = read(descriptor, raw.baseAddress! + done, raw.count - done)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                done += count
            }
            return done
        }
        if got == 0 { return nil }
        precondition(got == 8, "held rejects cut short")
        return Int(UInt64(littleEndian: length))
    }

    private static func readAll(_ descriptor: Int32, _ raw: UnsafeMutableRawBufferPointer) {
        var done = 0
        while done < raw.count {
            let count = read(descriptor, raw.baseAddress! + done, raw.count - done)
            if count < 0 && errno == EINTR { continue }
            precondition(count > 0, "held rejects cut short (errno \(errno))")
            done += count
        }
    }
}

/// A reject as bytes: each text as its length and UTF-8, numbers as 8 bytes, absent ones as −1.
enum RejectCoding {
    static func append(_ reject: Reject, to bytes: inout [UInt8]) {
        appendText(reject.file, to: &bytes)
        appendNumber(reject.line, to: &bytes)
        appendText(reject.column, to: &bytes)
        appendNumber(reject.columnNumber ?? -1, to: &bytes)
        appendText(reject.value, to: &bytes)
        appendText(reject.code.rawValue, to: &bytes)
        appendText(reject.message, to: &bytes)
        if let unitCode = reject.unitCode {
            appendNumber(1, to: &bytes)
            appendText(unitCode, to: &bytes)
        } else {
            appendNumber(-1, to: &bytes)
        }
    }

    static func forEach(in bytes: [UInt8], _ body: (Reject) -> Void) {
        var reader = Reader(bytes: bytes)
        while reader.offset < bytes.count {
            let file = reader.text(), line = reader.number(), column = reader.text(), columnNumber = reader.number()
            let value = reader.text(), code = RejectCode(rawValue: reader.text())!, message = reader.text()
            let unitCode = reader.number() == 1 ? reader.text() : nil
            var reject = Reject(file: file, line: line, column: column, columnNumber: columnNumber < 0 ? nil : columnNumber,
                                value: "", code: code, message: "", unitCode: unitCode)
            // Already shortened when first made: set as they were, not shortened twice.
            reject.value = value
            reject.message = message
            body(reject)
        }
    }

    private static func appendNumber(_ number: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: Int64(number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendNumber(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func number() -> Int {
            var value: Int64 = 0
            for index in 0..<8 { value |= Int64(bytes[offset + index]) << (8 * index) }
            offset += 8
            return Int(value)
        }

        mutating func text() -> String {
            let length = number()
            defer { offset += length }
            return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        }
    }
}
