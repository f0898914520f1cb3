import CLibCSV

/// A streaming RFC 4180 reader on libcsv that knows which physical line each record starts on.
///
/// libcsv keeps no line numbers, so the reader hands it one physical line at a time: when a
/// record completes, it started on the line where the previous record ended plus one, skipping
/// blank lines, which libcsv silently drops and which we report instead. libcsv runs in strict
/// mode: a stray quote rejects that record and parsing restarts at the next line; a quote left
/// open at end of file rejects the record it opened and the lines after it are read again.
final class CSVReader {
    let delimiter: UInt8
    private let openStream: () throws(InputError) -> DecodedChunks

    init(delimiter: UInt8, open: @escaping () throws(InputError) -> DecodedChunks) {
        self.delimiter = delimiter
        self.openStream = open
    }

    /// Reads the whole file, calling `handle` for each event in order.
    func read(_ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) {
        var firstLine = 1
        while let restartLine = try readPass(from: firstLine, handle) {
            firstLine = restartLine
        }
    }

    /// One pass from `firstLine`; returns the line to restart from after an unterminated quote.
    private func readPass(from firstLine: Int, _ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) -> Int? {
        let stream = try openStream()
        let pass = LinePass(delimiter: delimiter, firstLine: firstLine)
        var pending: [UInt8] = []
        var lastWasCR = false
        while try stream.next({ chunk throws(InputError) in
            try chunk.withMemoryRebound(to: UInt8.self) { bytes throws(InputError) in
                var lineStart = 0
                var index = 0
                let count = bytes.count
                if lastWasCR, count > 0 {
                    // A CR ended the previous chunk: a LF right here belongs to that line.
                    if bytes[0] == 0x0A {
                        pending.append(0x0A)
                        index = 1
                    }
                    try pass.feed(pending, handle)
                    pending.removeAll(keepingCapacity: true)
                    lineStart = index
                    lastWasCR = false
                }
                while index < count {
                    let byte = bytes[index]
                    if byte == 0x0A || byte == 0x0D {
                        if byte == 0x0D {
                            if index + 1 == count {
                                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart...index]))
                                lastWasCR = true
                                return
                            }
                            if bytes[index + 1] == 0x0A { index += 1 }
                        }
                        let line = UnsafeBufferPointer(rebasing: bytes[lineStart...index])
                        if pending.isEmpty {
                            try pass.feed(line, handle)
                        } else {
                            pending.append(contentsOf: line)
                            try pass.feed(pending, handle)
                            pending.removeAll(keepingCapacity: true)
                        }
                        lineStart = index + 1
                    }
                    index += 1
                }
                if lineStart < count {
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<count]))
                }
            }
        }) {}
        if !pending.isEmpty { try pass.feed(pending, handle) }
        return try pass.finish(handle)
    }
}

/// The state of one pass over a file's lines: the libcsv parser and the record being built.
private final class LinePass {
    private var parser = csv_parser()
    private let delimiter: UInt8
    private let firstLine: Int
    private var line = 0
    private var recordStart = 0
    private var inRecord = false
    fileprivate var record = RawRecord()
    fileprivate var completed = false

    init(delimiter: UInt8, firstLine: Int) {
        self.delimiter = delimiter
        self.firstLine = firstLine
        startParser()
    }

    deinit { csv_free(&parser) }

    private func startParser() {
        // Strict: a stray quote is an error, not silently kept. Spaces are the only "space"
        // libcsv may trim, so a tab delimiter still separates empty fields.
        _ = csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI))
        csv_set_delim(&parser, delimiter)
        csv_set_space_func(&parser) { $0 == 0x20 ? 1 : 0 }
    }

    private func restartParser() {
        csv_free(&parser)
        parser = csv_parser()
        startParser()
    }

    func feed<Line: Collection<UInt8>>(_ bytes: Line, _ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) {
        line += 1
        guard line >= firstLine else { return }
        if !inRecord {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) {
                try handle(.blank(line: line))
                return
            }
            inRecord = true
            recordStart = line
        }
        let consumed = bytes.withContiguousStorageIfAvailable { buffer in
            csv_parse(&parser, buffer.baseAddress, buffer.count, onField, onRow, Unmanaged.passUnretained(self).toOpaque())
        } ?? Array(bytes).withUnsafeBufferPointer { buffer in
            csv_parse(&parser, buffer.baseAddress, buffer.count, onField, onRow, Unmanaged.passUnretained(self).toOpaque())
        }
        if consumed < bytes.count || csv_error(&parser) == CSV_EPARSE {
            let field = record.fieldCount + 1
            record.reset()
            completed = false
            inRecord = false
            restartParser()
            try handle(.malformed(line: recordStart, field: field, problem: .strayQuote))
            return
        }
        try deliverIfComplete(handle)
    }

    /// Flushes the last record; returns the line to re-read from when a quote was left open.
    func finish(_ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) -> Int? {
        let status = csv_fini(&parser, onField, onRow, Unmanaged.passUnretained(self).toOpaque())
        if status != 0 && inRecord {
            let field = record.fieldCount + 1
            try handle(.malformed(line: recordStart, field: field, problem: .unterminatedQuote))
            return recordStart < line ? recordStart + 1 : nil
        }
        try deliverIfComplete(handle)
        return nil
    }

    private func deliverIfComplete(_ handle: (CSVEvent) throws(InputError) -> Void) throws(InputError) {
        guard completed else { return }
        record.line = recordStart
        completed = false
        inRecord = false
        try handle(.record(record))
        record.reset()
    }
}

private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, context in
    let pass = Unmanaged<LinePass>.fromOpaque(context!).takeUnretainedValue()
    if let field, length > 0 {
        pass.record.bytes.append(contentsOf: UnsafeRawBufferPointer(start: field, count: length))
    }
    pass.record.ends.append(pass.record.bytes.count)
}

private let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    Unmanaged<LinePass>.fromOpaque(context!).takeUnretainedValue().completed = true
}
