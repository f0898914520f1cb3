/// What ingest remembers across files: paths in reading order, the registry being built, and
/// every identity seen so far.
struct IngestState {
    let paths: [String]
    let options: IngestOptions
    var context: CastContext
    private var identities: IdentityIndex

    /// `inputBytes`: the size of the files to read, for a guess at how many ids there will be.
    /// `corrections`: for a second pass, what the first found after it (see `IdentityIndex`).
    init(paths: [String], options: IngestOptions, inputBytes: Int = 0, corrections: IdentityCorrections? = nil) {
        self.paths = paths
        self.options = options
        self.context = CastContext(units: UnitRegistry(), checks: options.checks)
        // No row of any kind is shorter than about 64 bytes in practice.
        let expectedIds = inputBytes / 64
        if let corrections {
            identities = IdentityIndex(replaying: corrections, recentSlots: options.recentIds, expectedIds: expectedIds)
        } else {
            identities = IdentityIndex(recentSlots: options.recentIds, expectedIds: expectedIds)
        }
    }

    /// After a second pass: corrections that found no row to apply to (see `IdentityIndex`).
    mutating func unappliedCorrections() -> Int { identities.unappliedCorrections() }

    /// After a first pass: the rows whose identity verdict was wrong, or nil.
    func identityCorrections() -> IdentityCorrections? {
        identities.corrections(workers: options.workers)
    }

    /// The row cast by its kind's schema, or its reject. Thrown rather than wrapped in a
    /// `Result`: taking a record back out of one copied it and destroyed the wrapper through
    /// its generic value witness, on every row.
    /// `interner`: where repeated short texts are kept (`TextInterner`), for the calling thread.
    func cast(_ raw: RowView, header: HeaderMap, file: Int,
              interner: UnsafeMutablePointer<TextInterner>? = nil) throws(Reject) -> Record {
        var cells = RowCells(record: raw, header: header, interner: interner)
        do throws(RowProblem) {
            return try KindSchemas.cast(&cells, context: context)
        } catch {
            throw reject(error, raw: raw, header: header, file: file)
        }
    }

    /// What loads where a row's id will be looked up, a few rows before it is admitted.
    var identityPrefetcher: IdentityPrefetcher { identities.prefetcher }

    /// Identity, then period: a rejected first occurrence is never remembered, an
    /// out-of-period one is (SPEC §3).
    /// `lineBase` is added to the row's line (see `EventChunk`).
    /// `raw` gives the row's cells again, for the one message that quotes them.
    mutating func admit(_ record: Record, at place: RowPlace, header: HeaderMap, lineBase: Int,
                        raw: () -> RawRecord) -> Result<Admission, Reject> {
        let file = place.file
        let location = RowLocation(file: file, line: place.line + lineBase)
        if let (key, content) = place.identity {
            switch identities.register(key: key, content: content, at: location) {
            case .first: break
            case .identicalRepeat: return .success(.skipped(.duplicate))
            case .conflict(let first):
                let (column, name) = RowIdentity.describe(record)
                var raw = raw()
                raw.line = location.line
                return .failure(raw.withView { raw in
                    let cells = RowCells(record: raw, header: header)
                    let problem = cells.problem(column, .conflictingDuplicate,
                                                "\(name)已在 \(paths[first.file]) 第 \(first.line) 行出现，且内容不同；以第一次出现为准")
                    return reject(problem, raw: raw, header: header, file: file)
                })
            }
        }
        if let window = options.window, let day = RowIdentity.periodDay(of: record), !window.contains(day) {
            return .success(.outOfPeriod(location))
        }
        return .success(.admitted(location))
    }

    func reject(_ problem: RowProblem, raw: RowView, header: HeaderMap, file: Int) -> Reject {
        let position = problem.column.flatMap { header.position($0) }
        return Reject(file: paths[file], line: raw.line, column: problem.column?.name ?? "",
                      columnNumber: position.map { $0 + 1 }, value: problem.value, code: problem.code,
                      message: problem.message, unitCode: Self.unitCode(of: raw, header: header))
    }

    /// The row's unit code as the registry spells it, for attributing a reject to its unit.
    static func unitCode(of raw: RowView, header: HeaderMap) -> String? {
        guard let position = header.position(.unitCode) else { return nil }
        var folded: [UInt8] = []
        CellText.fold(raw.field(position), lowercase: false, into: &folded)
        return folded.isEmpty ? nil : String(decoding: folded, as: UTF8.self)
    }

    func quotingReject(file: Int, line: Int, field: Int, problem: QuotingProblem, header: HeaderMap) -> Reject {
        // Reported as `file:line: error: …`: where a quote breaks, the columns are unknown.
        let column = header.column(at: field - 1)
        let name = column.map { "第 \(field) 列「\(header.label($0))」" } ?? "第 \(field) 列"
        switch problem {
        case .strayQuote:
            return Reject(file: paths[file], line: line, column: column?.name ?? "", columnNumber: nil, value: "",
                          code: .strayQuote,
                          message: "\(name)的引号使用有误（未加引号的单元格里出现引号，或闭合引号后还有字符）；整行未读入")
        case .rowTooLong:
            // Field 0: one physical line too long; otherwise a quoted record grew too long.
            let limit = options.limits.maxRowBytes
            return Reject(file: paths[file], line: line, column: field == 0 ? "" : column?.name ?? "", columnNumber: nil,
                          value: "", code: .rowTooLong,
                          message: field == 0 ? "本行超过 \(limit) 字节（--max-row-bytes），不像是一行数据（可能是二进制内容或缺少换行）；整行未读入"
                                              : "从本行起的记录超过 \(limit) 字节（--max-row-bytes）仍未结束，多半是\(name)的引号没有闭合；本行未读入，其后各行已重新读取")
        case .unterminatedQuote:
            return Reject(file: paths[file], line: line, column: column?.name ?? "", columnNumber: nil, value: "",
                          code: .unterminatedQuote,
                          message: "\(name)的引号直到文件末尾都没有闭合；本行未读入，其后各行已重新读取")
        }
    }

    /// A cell longer than `--max-field-bytes`: refused, its value cut short in the reject.
    func oversizedFieldReject(_ raw: RowView, header: HeaderMap, field: Int, file: Int) -> Reject {
        let column = header.column(at: field)
        let name = column.map { "「\(header.label($0))」" } ?? ""
        let size = raw.field(field).count
        return Reject(file: paths[file], line: raw.line, column: column?.name ?? "", columnNumber: field + 1,
                      value: String(decoding: raw.field(field).prefix(Reject.valueLimit + 4), as: UTF8.self), code: .fieldTooLarge,
                      message: "第 \(field + 1) 列\(name)长 \(size) 字节，超过上限 \(options.limits.maxFieldBytes) 字节（--max-field-bytes）；整行未读入",
                      unitCode: Self.unitCode(of: raw, header: header))
    }

    /// A row with NUL bytes: binary content, not a row of an export.
    func binaryRowReject(_ raw: RowView, header: HeaderMap, file: Int) -> Reject {
        Reject(file: paths[file], line: raw.line, column: "", columnNumber: nil, value: "", code: .binaryContent,
               message: "本行含 NUL 字节，是二进制内容而不是表格文字；整行未读入")
    }

    /// A row with more cells than `--max-columns`.
    func tooManyColumnsReject(_ raw: RowView, header: HeaderMap, file: Int) -> Reject {
        let limit = options.limits.maxColumns
        return Reject(file: paths[file], line: raw.line, column: "", columnNumber: limit + 1, value: "", code: .tooManyColumns,
                      message: "本行超过 \(limit) 列（--max-columns）；整行未读入",
                      unitCode: Self.unitCode(of: raw, header: header))
    }

    func overflowReject(_ raw: RowView, header: HeaderMap, field: Int, file: Int) -> Reject {
        Reject(file: paths[file], line: raw.line, column: "", columnNumber: field + 1,
               value: String(decoding: CellText.trimmed(raw.field(field)), as: UTF8.self), code: .extraFields,
               message: "本行有 \(raw.fieldCount) 列，比表头多出内容（第 \(field + 1) 列）；可能某个值里含有未加引号的分隔符，各列已错位",
               unitCode: Self.unitCode(of: raw, header: header))
    }
}

/// What admission makes of a valid record; the record itself stays with the caller (it is not
/// copied into the verdict: this runs for every row, in order).
enum Admission {
    case admitted(RowLocation)
    case skipped(SkipReason)
    /// Valid but dated outside the period: skipped, yet it shows the unit did submit the export.
    case outOfPeriod(RowLocation)
}
