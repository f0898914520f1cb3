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

/// A reject as bytes: each text as its length and UTF-8, numbers as 8 bytes, absent ones as −1,
/// the code as its place among the codes.
enum RejectCoding {
    private static let codes = RejectCode.allCases

    static func append(_ reject: Reject, to bytes: inout [UInt8]) {
        appendText(reject.file, to: &bytes)
        appendNumber(reject.line, to: &bytes)
        appendText(reject.column, to: &bytes)
        appendNumber(reject.columnNumber ?? -1, to: &bytes)
        appendText(reject.value, to: &bytes)
        bytes.append(UInt8(codes.firstIndex(of: reject.code)!))
        appendText(reject.message, to: &bytes)
        if let unitCode = reject.unitCode {
            appendNumber(1, to: &bytes)
            appendText(unitCode, to: &bytes)
        } else {
            appendNumber(-1, to: &bytes)
        }
    }

    static func forEach(in bytes: [UInt8], _ body: (Reject) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            while reader.offset < buffer.count {
                let file = reader.repeatedText(), line = reader.number(), column = reader.repeatedText()
                let columnNumber = reader.number(), value = reader.text(), code = codes[Int(reader.byte())]
                let message = reader.text()
                let unitCode = reader.number() == 1 ? reader.text() : nil
                var reject = Reject(file: file, line: line, column: column, columnNumber: columnNumber < 0 ? nil : columnNumber,
                                    value: "", code: code, message: "", unitCode: unitCode)
                // Already shortened when first made: set as they were, not shortened twice.
                reject.value = value
                reject.message = message
                body(reject)
            }
        }
    }

    private static func appendNumber(_ number: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: Int64(number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendNumber(utf8.count, to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        /// The last few file names and columns read (four at most): they repeat from reject to
        /// reject, and a name over 15 bytes would otherwise cost an allocation each time.
        private var recent: [String] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() -> Int {
            let value = UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: Int64.self)
            offset += 8
            return Int(Int64(littleEndian: value))
        }

        mutating func text() -> String {
            let length = number()
            defer { offset += length }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
        }

        mutating func repeatedText() -> String {
            let length = number()
            let utf8 = UnsafeBufferPointer(rebasing: bytes[offset..<offset + length])
            offset += length
            for index in recent.indices {
                var known = recent[index]
                if known.withUTF8({ $0.elementsEqual(utf8) }) { return known }
            }
            let text = String(decoding: utf8, as: UTF8.self)
            if recent.count == 4 { recent.removeFirst() }
            recent.append(text)
            return text
        }
    }
}
