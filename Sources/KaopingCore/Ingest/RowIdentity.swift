/// The identity and text fingerprint of a cast row, for duplicate detection (SPEC §3).
enum RowIdentity {
    /// The hashed identity of a record, or nil for kinds without one.
    static func key(of record: Record) -> UInt64? {
        var hash = StableHash()
        switch record {
        case .unit(let unit):
            hash.combine("unit".utf8); hash.separator(); hash.combine(unit.code.utf8)
        case .caseRecord(let record):
            hash.combine("case".utf8); hash.separator(); hash.combine(record.caseID.utf8)
        case .ticket(let ticket):
            hash.combine("ticket".utf8); hash.separator(); hash.combine(ticket.ticketID.utf8)
        case .item(let item):
            hash.combine("item".utf8); hash.separator(); hash.combine(item.unitCode.utf8)
            hash.separator(); hash.combine(item.itemCode.utf8)
        case .compliance, .adjustment, .target:
            return nil
        }
        return hash.value
    }

    /// Fingerprint of the row's text: every non-empty cell, trimmed, under its column's name
    /// (SPEC §3: an identical repeat has every cell's text equal). An empty cell and an absent
    /// column are the same: a file with an extra, empty 备注 column repeats the same row.
    static func content(of record: RowView, header: HeaderMap) -> UInt64 {
        var hash = StableHash()
        for (name, position) in header.identityTable {
            let text = CellText.trimmed(record.field(position))
            guard !text.isEmpty else { continue }
            hash.combineCell(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text)), tag: name)
        }
        return hash.value
    }

    /// What the identity is called in messages.
    static func describe(_ record: Record) -> (column: Column, text: String) {
        switch record {
        case .unit(let unit): return (.unitCode, "单位编码「\(unit.code)」")
        case .caseRecord(let record): return (.caseID, "办件编号「\(record.caseID)」")
        case .ticket(let ticket): return (.ticketID, "工单编号「\(ticket.ticketID)」")
        case .item(let item): return (.itemCode, "单位「\(item.unitCode)」的事项编码「\(item.itemCode)」")
        case .target: return (.metric, "")
        case .compliance: return (.check, "")
        case .adjustment: return (.reason, "")
        }
    }

    /// The day that places a record in or out of the period, or nil when it is not dated.
    static func periodDay(of record: Record) -> Day? {
        switch record {
        case .caseRecord(let record): return record.receivedAt.day
        case .ticket(let ticket): return ticket.receivedAt.day
        case .compliance(let finding): return finding.inspectedOn.day
        case .adjustment(let adjustment): return adjustment.dated?.day
        case .unit, .item, .target: return nil
        }
    }
}
