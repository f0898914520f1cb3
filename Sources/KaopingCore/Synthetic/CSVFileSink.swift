#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV record being assembled as UTF-8 bytes. A value type owned by the generating loop,
/// so filling it costs no reference-counting or exclusivity checks per cell.
struct CSVRecord {
    let delimiter: UInt8
    private(set) var bytes: [UInt8] = []
    private var cells = 0
    /// Line feeds inside quoted cells: each starts another physical line.
    private(set) var embeddedLineFeeds = 0

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        bytes.reserveCapacity(512)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        cells = 0
        embeddedLineFeeds = 0
    }

    /// Starts a cell whose bytes the caller appends with `append` or `appendFormatted`; the
    /// caller promises they need no quoting (digits, dates, codes).
    @inline(__always)
    mutating func beginCell() {
        if cells > 0 { bytes.append(delimiter) }
        cells += 1
    }

    @inline(__always)
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func empty() { beginCell() }

    /// A cell that is not known to be plain: quoted (RFC 4180) when it holds the delimiter,
    /// a quote or a line break.
    mutating func text(_ value: String) {
        beginCell()
        let delimiter = self.delimiter
        guard value.utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            bytes.append(contentsOf: value.utf8)
            return
        }
        bytes.append(0x22)
        for byte in value.utf8 {
            if byte == 0x22 { bytes.append(0x22) }
            if byte == 0x0A { embeddedLineFeeds += 1 }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }

    mutating func integer(_ value: Int, fullWidth: Bool = false) {
        beginCell()
        CellFormat.appendInteger(value, fullWidth: fullWidth, to: &bytes)
    }

    /// Lets a formatter append plain bytes to the current cell.
    @inline(__always)
    mutating func appendFormatted(_ format: (inout [UInt8]) -> Void) { format(&bytes) }

    mutating func date(_ stamp: Stamp, style: DateStyle) {
        beginCell()
        CellFormat.appendDate(stamp, style: style, to: &bytes)
    }
}

/// Why a line is in a file, for the per-file counts of the summary.
enum LineRole {
    /// Title, header and blank lines.
    case layout
    case data
    case summaryOrFooter
}

/// Writes one generated file through a ~1 MB buffer, so a gigabyte of cases never sits in
/// memory. Bytes are assembled as UTF-8 and, for a GB18030 file, transcoded by iconv as each
/// buffer is flushed.
final class CSVFileSink {
    static let flushThreshold = 1 << 20

    let path: String
    let style: FileStyle
    private let file: UnsafeMutablePointer<FILE>
    private let transcoder: IconvDecoder?
    private var buffer: [UInt8] = []
    private var transcoded: [UInt8] = []
    private var isClosed = false
    /// 1-based physical line on which the next record starts.
    private(set) var nextLine = 1
    private(set) var dataRows = 0
    private(set) var summaryAndFooterRows = 0

    init(root: String, path: String, style: FileStyle) throws(SyntheticDataError) {
        self.path = path
        self.style = style
        let fullPath = root + "/" + path
        guard let file = fopen(fullPath, "wb") else {
            throw .cannotWrite(path: fullPath, reason: String(cString: strerror(errno)))
        }
        self.file = file
        if let name = style.encoding.iconvName {
            guard let transcoder = IconvDecoder(from: "UTF-8", to: name) else {
                fclose(file)
                throw .cannotWrite(path: fullPath, reason: "iconv 不支持 UTF-8 → \(name)")
            }
            self.transcoder = transcoder
        } else {
            transcoder = nil
        }
        buffer.reserveCapacity(CSVFileSink.flushThreshold + 4096)
        if style.encoding == .utf8BOM { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    deinit {
        if !isClosed { fclose(file) }
    }

    func makeRecord() -> CSVRecord { CSVRecord(delimiter: style.delimiter) }

    /// Appends `record` and a line ending, then clears `record` for reuse.
    func write(_ record: inout CSVRecord, as role: LineRole) throws(SyntheticDataError) {
        buffer.append(contentsOf: record.bytes)
        buffer.append(contentsOf: style.lineEnding)
        nextLine += 1 + record.embeddedLineFeeds
        switch role {
        case .data: dataRows += 1
        case .summaryOrFooter: summaryAndFooterRows += 1
        case .layout: break
        }
        record.reset()
        if buffer.count >= CSVFileSink.flushThreshold { try flush(final: false) }
    }

    /// A line with one non-empty cell: a title above the header, or a footer. Excel pads such
    /// a line with empty cells up to the table's width; `width` does the same.
    func writeLone(_ text: String, width: Int = 1, as role: LineRole) throws(SyntheticDataError) {
        var record = makeRecord()
        record.text(text)
        for _ in 1..<max(1, width) { record.empty() }
        try write(&record, as: role)
    }

    /// A header of canonical names or Chinese aliases, as the style says.
    func writeHeader(_ columns: [HeaderCell]) throws(SyntheticDataError) {
        var record = makeRecord()
        for (index, column) in columns.enumerated() { record.text(column.title(style.headers, position: index)) }
        try write(&record, as: .layout)
    }

    func writeBlankLine() throws(SyntheticDataError) {
        var record = makeRecord()
        try write(&record, as: .layout)
    }

    func close() throws(SyntheticDataError) -> SyntheticFile {
        try flush(final: true)
        isClosed = true
        if fclose(file) != 0 {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        return SyntheticFile(path: path, kind: style.kind, encoding: style.encoding,
                             delimiter: Character(Unicode.Scalar(style.delimiter)),
                             dataRows: dataRows, summaryAndFooterRows: summaryAndFooterRows)
    }

    private func flush(final: Bool) throws(SyntheticDataError) {
        if let transcoder {
            transcoded.removeAll(keepingCapacity: true)
            // A UTF-8 sequence cut at the buffer's end is carried by the transcoder into the
            // next flush, so the buffer may be cut anywhere.
            buffer.withUnsafeBufferPointer { transcoder.decode($0, into: &transcoded, final: final) }
            try put(transcoded)
        } else {
            try put(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: [UInt8]) throws(SyntheticDataError) {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
