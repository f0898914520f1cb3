/// A column of a generated cases file.
enum CaseField {
    case caseID, unitCode, itemCode, receivedAt, status, statutoryDays, promisedDays, completedAt
    case channel, immediate, rating, pausedDays
    /// 事项名称: an items column, which a cases file carries and a reader ignores.
    case itemName
    /// 备注: free text no kind knows.
    case remark

    var header: HeaderCell {
        switch self {
        case .caseID: return .column(.caseID)
        case .unitCode: return .column(.unitCode)
        case .itemCode: return .column(.itemCode)
        case .receivedAt: return .column(.receivedAt)
        case .status: return .column(.status)
        case .statutoryDays: return .column(.statutoryDays)
        case .promisedDays: return .column(.promisedDays)
        case .completedAt: return .column(.completedAt)
        case .channel: return .column(.channel)
        case .immediate: return .column(.immediate)
        case .rating: return .column(.rating)
        case .pausedDays: return .column(.pausedDays)
        case .itemName: return .column(.itemName)
        case .remark: return .extra(canonical: "remark", chinese: "备注")
        }
    }

    /// The brief's column order, what a clean export writes.
    static let standard: [CaseField] = [.caseID, .unitCode, .itemCode, .receivedAt, .status, .statutoryDays,
                                        .promisedDays, .completedAt, .channel, .immediate, .rating, .pausedDays]
}

/// How one cases file looks. Every layout keeps the columns planted problems need
/// (unit_code, received_at, status, statutory_days, promised_days, completed_at).
struct CaseFileStyle {
    var file: FileStyle
    var fields: [CaseField] = CaseField.standard
    /// Per mille of rows whose unit_code is typed in full-width digits (０２０１).
    var fullWidthCodesPerMille = 0

    static let clean = CaseFileStyle(file: .clean(.cases))

    /// The exporting systems of a messy district, assigned to the per-unit files in turn.
    static let messy: [CaseFileStyle] = [
        // The provincial service platform: the tidy one.
        CaseFileStyle(file: FileStyle(kind: .cases)),
        // Excel on Chinese Windows, saved as "CSV (逗号分隔)".
        CaseFileStyle(
            file: FileStyle(kind: .cases, encoding: .gb18030, lineEnding: FileStyle.crlf, headers: .chinese,
                            dates: .slashMinutes, words: .platform, decorated: true, padsLoneCells: true),
            fields: [.caseID, .itemCode, .unitCode, .receivedAt, .completedAt, .status, .statutoryDays,
                     .promisedDays, .channel, .immediate, .rating]),
        // WPS, saved as tab-separated text, hand-typed numbers in full width.
        CaseFileStyle(
            file: FileStyle(kind: .cases, encoding: .gb18030, delimiter: FileStyle.tab, lineEnding: FileStyle.crlf,
                            headers: .chinese, dates: .chineseDate, words: .wps, fullWidthPerMille: 250,
                            emptyMarker: "-", decorated: true),
            fields: [.caseID, .unitCode, .itemCode, .receivedAt, .status, .statutoryDays, .promisedDays,
                     .completedAt, .channel, .rating, .pausedDays],
            fullWidthCodesPerMille: 100),
        // An in-house system with a European-locale Excel in between: semicolons, BOM, 19000101.
        CaseFileStyle(
            file: FileStyle(kind: .cases, encoding: .utf8BOM, delimiter: FileStyle.semicolon, lineEnding: FileStyle.crlf,
                            headers: .mixed, dates: .compactDate, words: .terse, emptyMarker: "无",
                            writesNoDateAsYear1900: true)),
        // Excel with date cells saved as serial numbers, and the clerk's remarks.
        CaseFileStyle(
            file: FileStyle(kind: .cases, encoding: .utf8BOM, lineEnding: FileStyle.crlf, headers: .chinese,
                            dates: .excelSerial, words: .platform, emptyMarker: "/", decorated: true, padsLoneCells: true),
            fields: [.caseID, .unitCode, .itemCode, .itemName, .receivedAt, .status, .statutoryDays, .promisedDays,
                     .completedAt, .channel, .immediate, .rating, .pausedDays, .remark]),
        // A newer system writing ISO timestamps with `T`, columns in its own order.
        CaseFileStyle(
            file: FileStyle(kind: .cases, dates: .isoT, words: .english),
            fields: [.caseID, .unitCode, .receivedAt, .completedAt, .status, .statutoryDays, .promisedDays,
                     .itemCode, .channel, .rating, .pausedDays, .immediate]),
        // A hand-kept sheet: tabs, dotted dates, dashes for blanks.
        CaseFileStyle(
            file: FileStyle(kind: .cases, delimiter: FileStyle.tab, headers: .chinese, dates: .dottedMinutes,
                            words: .wps, emptyMarker: "—")),
    ]

    /// The district-wide export `--single-cases-file` writes: the platform's full export,
    /// item names included (about 130 bytes a row, so 8 million cases make about 1 GB).
    static let singleFileMessy = CaseFileStyle(
        file: FileStyle(kind: .cases, encoding: .utf8BOM, lineEnding: FileStyle.crlf, headers: .chinese,
                        dates: .isoSeconds, words: .platform, emptyMarker: "-", decorated: true, padsLoneCells: true),
        fields: [.caseID, .unitCode, .itemCode, .itemName, .receivedAt, .status, .statutoryDays, .promisedDays,
                 .completedAt, .channel, .immediate, .rating, .pausedDays])
}

/// Writes case rows in one file's style.
struct CaseRowWriter {
    let style: CaseFileStyle
    /// `BJ2022`: case ids are this, the unit code and a zero-padded sequence.
    let idPrefix: String
    let idWidth: Int

    /// Free text of the 备注 column: commas, quotes, line breaks and a phone number to mask.
    static let remarks = ["", "", "", "材料齐全,当场受理", "申请人补正材料:\n1.身份证复印件\n2.申请表原件",
                          "群众评价\"办事快、态度好\"", "已电话告知申请人领取结果,联系电话13812345678", "网上预审通过"]

    func render(_ row: CaseRow, unit: SyntheticUnit, into record: inout CSVRecord) {
        let file = style.file
        let item = unit.items[row.item]
        for field in style.fields {
            switch field {
            case .caseID:
                record.beginCell()
                record.append(idPrefix)
                record.append(unit.code)
                record.appendFormatted { CellFormat.appendPadded(row.sequence, width: idWidth, to: &$0) }
            case .unitCode:
                if row.fault == .unknownUnit {
                    // Excel dropped the leading zeros: 0103 became 103, no unit's code.
                    let stripped = String(unit.code.drop { $0 == "0" })
                    record.text(stripped.isEmpty || stripped == unit.code ? "X" + unit.code : stripped)
                } else if Int(row.renderBits >> 10 & 1023) < style.fullWidthCodesPerMille {
                    record.beginCell()
                    record.appendFormatted { bytes in
                        for digit in unit.code.utf8 { CellFormat.appendInteger(Int(digit) - 0x30, fullWidth: true, to: &bytes) }
                    }
                } else {
                    record.text(unit.code)
                }
            case .itemCode:
                record.text(item.code)
            case .itemName:
                record.text(item.name)
            case .receivedAt:
                if row.fault == .badDate {
                    record.beginCell()
                    let year = row.received.day.components.year
                    record.appendFormatted {
                        CellFormat.appendCivil(year: year, month: 2, day: 30, second: row.received.second, style: file.dates, to: &$0)
                    }
                } else {
                    record.date(row.received, style: file.dates)
                }
            case .status:
                record.text(file.words.word(row.status))
            case .statutoryDays:
                if row.fault == .badNumber {
                    record.text("待定")
                } else {
                    record.integer(row.statutoryDays, fullWidth: Int(row.renderBits & 1023) < file.fullWidthPerMille)
                }
            case .promisedDays:
                record.integer(row.promisedDays)
            case .completedAt:
                if let completed = row.completed {
                    // In the Excel export the clerk formatted this column as a date: the
                    // serial keeps the day only, as a whole number.
                    record.date(file.dates == .excelSerial ? Stamp(completed.day) : completed, style: file.dates)
                } else if file.writesNoDateAsYear1900 {
                    record.beginCell()
                    record.appendFormatted { CellFormat.appendCivil(year: 1900, month: 1, day: 1, second: nil, style: file.dates, to: &$0) }
                } else {
                    record.empty()
                }
            case .channel:
                if let channel = row.channel { record.text(file.words.word(channel)) } else { record.empty() }
            case .immediate:
                record.text(row.immediate ? file.words.yes : file.words.no)
            case .rating:
                if row.rating == 0 {
                    emptyOrMarker(row.renderBits >> 20, into: &record)
                } else if file.words.ratingsAsWords {
                    record.text(ValueWords.ratingWords[row.rating])
                } else {
                    record.integer(row.rating)
                }
            case .pausedDays:
                if row.pausedDays == 0 { emptyOrMarker(row.renderBits >> 22, into: &record) } else { record.integer(row.pausedDays) }
            case .remark:
                record.text(CaseRowWriter.remarks[Int(row.renderBits >> 24) % CaseRowWriter.remarks.count])
            }
        }
    }

    /// An empty optional cell: now and then the style's marker (`-`, `无`…), which means empty too.
    private func emptyOrMarker(_ bits: UInt32, into record: inout CSVRecord) {
        if let marker = style.file.emptyMarker, bits & 3 == 0 { record.text(marker) } else { record.empty() }
    }
}
