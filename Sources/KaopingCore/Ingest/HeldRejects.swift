/// Rejects kept back until ingest knows its verdicts are final (a far repeat found after the
/// pass means reading the folder again, see `IdentityIndex`), then handed on in the order they
/// came. Kept in memory up to a megabyte, then in an unlinked temporary file: a city's rejects
/// would otherwise be tens of megabytes.
final class HeldRejects {
    private var buffer: [UInt8] = []
    private var file: SpillFile
    /// Where each chunk of whole rejects went in the file, in the order held.
    private var chunks: [(offset: Int, count: Int)] = []
    /// Once the disk refused a chunk, the rest stays in memory (after the chunks on file).
    private var spilling = true
    private let directory: String
    private let simulatedDiskSize: Int?
    private static let flushSize = 1 << 20

    /// `simulatedDiskSize`, for tests: the file's size past which writes fail, as on a full disk.
    init(directory: String = UnlinkedTemporaryFile.directory, simulatedDiskSize: Int? = nil) {
        self.directory = directory
        self.simulatedDiskSize = simulatedDiskSize
        file = SpillFile(directory: directory, prefix: "kaoping-rejects", simulatedDiskSize: simulatedDiskSize)
    }

    func hold(_ reject: Reject) {
        RejectCoding.append(reject, to: &buffer)
        if spilling && buffer.count >= Self.flushSize { flush() }
    }

    /// Writes the buffered rejects to the file as one chunk.
    private func flush() {
        guard let offset = buffer.withUnsafeBytes({ file.append($0) }) else {
            spilling = false
            return
        }
        chunks.append((offset, buffer.count))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Every held reject in the order held; nothing is held afterwards.
    func release(_ body: (Reject) -> Void) {
        for chunk in chunks {
            var bytes = [UInt8](repeating: 0, count: chunk.count)
            bytes.withUnsafeMutableBytes { file.read(into: $0, at: chunk.offset) }
            RejectCoding.forEach(in: bytes, body)
        }
        RejectCoding.forEach(in: buffer, body)
        buffer.removeAll()
        chunks.removeAll()
        spilling = true
        file = SpillFile(directory: directory, prefix: "kaoping-rejects", simulatedDiskSize: simulatedDiskSize)
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
