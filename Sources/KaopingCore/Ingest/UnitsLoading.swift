/// The units files: read before any other, whole, so that the registry is complete when the
/// other files are cast.
extension Ingestor {
    /// Units files are read whole (they are small) so that a parent code may point forward.
    func loadUnits<Sink: IngestSink>(files: [Int], reports: inout [FileReport], state: inout IngestState,
                                     sink: inout Sink) {
        var pending: [PendingUnit] = []
        var rejects: [(file: Int, reject: Reject)] = []
        for index in files {
            read(file: index, report: &reports[index], snapshot: state) { place, record, header, lineBase, batches, report in
                guard case .unit(let unit) = record else { return }
                var place = place
                place.line += lineBase
                pending.append(PendingUnit(unit: unit, place: place, raw: place.record(in: batches), header: header))
            } onReject: { reject, report in
                report.rowsRejected += 1
                rejects.append((index, reject))
            }
        }
        // Parents first, then identity in reading order, so that a row refused for its parent
        // is never the "first occurrence" of its code.
        let remaining = refuseOrphans(pending, reports: &reports, rejects: &rejects, state: state)
        for entry in remaining {
            switch state.admit(.unit(entry.unit), at: entry.place, header: entry.header, lineBase: 0,
                                      raw: { entry.raw }) {
            case .success(.admitted(let location)):
                state.context.units.add(entry.unit)
                reports[entry.place.file].rowsAccepted += 1
                sink.accept(.unit(entry.unit), at: location)
            case .success(.skipped(let reason)):
                reports[entry.place.file].skipped[reason, default: 0] += 1
            case .success(.outOfPeriod):
                // Units carry no date: never out of period.
                reports[entry.place.file].skipped[.outOfPeriod, default: 0] += 1
            case .failure(let reject):
                reports[entry.place.file].rowsRejected += 1
                rejects.append((entry.place.file, reject))
            }
        }
        for (_, reject) in rejects.sorted(by: { ($0.file, $0.reject.line) < ($1.file, $1.reject.line) }) {
            sink.reject(reject)
        }
    }

    /// Refuses, until none is left, every unit whose parent_code names no remaining unit (a
    /// village under a refused township goes too), or whose village parent is no township.
    private func refuseOrphans(_ pending: [PendingUnit], reports: inout [FileReport],
                               rejects: inout [(file: Int, reject: Reject)], state: IngestState) -> [PendingUnit] {
        var remaining = pending
        var changed = true
        while changed {
            changed = false
            var categories: [String: UnitCategory] = [:]
            for entry in remaining where categories[entry.unit.code] == nil { categories[entry.unit.code] = entry.unit.category }
            remaining.removeAll { entry in
                guard let message = Self.parentProblem(of: entry.unit, categories: categories) else { return false }
                let reject = entry.raw.withView { raw in
                    let cells = RowCells(record: raw, header: entry.header)
                    return state.reject(cells.problem(.parentCode, .unknownParent, message), raw: raw,
                                        header: entry.header, file: entry.place.file)
                }
                rejects.append((entry.place.file, reject))
                reports[entry.place.file].rowsRejected += 1
                changed = true
                return true
            }
        }
        return remaining
    }

    private static func parentProblem(of unit: UnitRecord, categories: [String: UnitCategory]) -> String? {
        guard let parent = unit.parentCode else { return nil }
        switch categories[parent] {
        case nil: return "上级单位编码「\(parent)」不在考核对象名单中（或该行已被拒收）"
        case .township?: return nil
        case _? where unit.category != .village: return nil
        default: return "村/社区便民服务室的上级单位「\(parent)」不是乡镇/街道"
        }
    }
}

/// A units row waiting for the whole registry: its parent may come later in the files.
private struct PendingUnit {
    let unit: UnitRecord
    let place: RowPlace
    /// The row's cells, kept past the reading of its file for the messages written later.
    let raw: RawRecord
    let header: HeaderMap
}
