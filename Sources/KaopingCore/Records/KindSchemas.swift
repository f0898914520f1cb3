/// Casting a row of each kind into its typed record, with the row-level rules of SPEC §3.
/// Columns are checked in schema order and the first problem found is the one reported.
enum KindSchemas {
    static func cast(_ cells: inout RowCells, context: CastContext) throws(RowProblem) -> Record {
        switch cells.header.kind {
        case .units: return .unit(try unit(&cells))
        case .cases: return .caseRecord(try caseRecord(&cells, context))
        case .items: return .item(try item(&cells, context))
        case .tickets: return .ticket(try ticket(&cells, context))
        case .compliance: return .compliance(try compliance(&cells, context))
        case .adjustments: return .adjustment(try adjustment(&cells, context))
        case .targets: return .target(try target(&cells, context))
        }
    }

    private static func knownUnit(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> String {
        if let code = try cells.requiredText(.unitCode, among: context.units) { return code }
        // Not spelled byte for byte as registered: `String` equality still finds a code written
        // in another Unicode normal form.
        let code = try cells.requiredText(.unitCode)
        guard context.units.contains(code) else {
            throw cells.problem(.unitCode, .unknownUnit, "单位编码「\(code)」不在考核对象名单中")
        }
        return code
    }

    static func unit(_ cells: inout RowCells) throws(RowProblem) -> UnitRecord {
        let code = try cells.requiredText(.unitCode)
        let name = try cells.requiredProse(.unitName)
        let category = try cells.required(.category, Vocabularies.category, .badCategory, "部门、乡镇、街道、村或社区")
        let active = try cells.optionalBool(.active, CastWords.shared) ?? true
        var exports: [ExportKind]?
        if let list = try cells.optionalText(.requiredExports) {
            var kinds: [ExportKind] = []
            for name in list.split(whereSeparator: { ";；,，、".contains($0) }) {
                let trimmed = CellText.folded(String(name), lowercase: false)
                guard !trimmed.isEmpty else { continue }
                guard let kind = ExportKind(name: trimmed) else {
                    throw cells.problem(.requiredExports, .badExportList, "应报数据「\(trimmed)」不是已知的数据类型（cases、items、tickets 等）")
                }
                if !kinds.contains(kind) { kinds.append(kind) }
            }
            exports = kinds
        }
        // A village without a parent is accepted (SPEC lists no such reject); it rolls up
        // nowhere and is never ranked.
        let parent = try cells.optionalText(.parentCode)
        let group = try cells.optionalText(.group)
        let order = try cells.optionalNumber(.order)
        guard order == nil || order?.integerValue != nil else {
            throw cells.problem(.order, .badNumber, "排序应为整数，实际为「\(cells.rawText(.order))」")
        }
        return UnitRecord(code: code, name: name, category: category, active: active, requiredExports: exports,
                          parentCode: parent, group: group, order: order?.integerValue)
    }

    static func caseRecord(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> CaseRecord {
        let id = try cells.requiredID(.caseID)
        let unit = try knownUnit(&cells, context)
        let received = try cells.requiredDate(.receivedAt)
        let status = try cells.required(.status, context.words.status, .badStatus, "已办结、办理中、不予受理或挂起")
        let statutory = try cells.requiredDays(.statutoryDays)
        let itemCode = try cells.optionalCode(.itemCode)
        let channel = try cells.optional(.channel, context.words.channel, .badChannel, "窗口、网上、掌上或协同")
        let completed = try cells.optionalDate(.completedAt)
        let promised = try cells.optionalDays(.promisedDays)
        let immediate = try cells.optionalBool(.immediate, context.words)
        let rating = try cells.optionalRating(.rating, context.words)
        let paused = try cells.optionalDays(.pausedDays) ?? 0
        if status == .completed && completed == nil {
            throw cells.problem(.completedAt, .missingCompletedAt, "办件状态为已办结，但办结时间为空")
        }
        if let completed, completed.isBefore(received) {
            throw cells.problem(.completedAt, .completedBeforeReceived,
                                "办结时间 \(completed) 早于受理时间 \(received)")
        }
        if let promised, promised > statutory {
            throw cells.problem(.promisedDays, .promisedExceedsStatutory,
                                "承诺时限 \(promised) 个工作日超过法定时限 \(statutory) 个工作日")
        }
        return CaseRecord(caseID: id, unitCode: unit, receivedAt: received, status: status, statutoryDays: statutory,
                          itemCode: itemCode, channel: channel, completedAt: completed, promisedDays: promised,
                          immediate: immediate, rating: rating, pausedDays: paused)
    }

    static func item(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> ItemRecord {
        let code = try cells.requiredText(.itemCode)
        let unit = try knownUnit(&cells, context)
        let statutory = try cells.requiredDays(.statutoryDays)
        let promised = try cells.requiredDays(.promisedDays)
        let name = try cells.optionalProse(.itemName)
        let window = try cells.optionalBool(.windowAuthorized, context.words)
        let online = try cells.optionalBool(.onlineAvailable, context.words)
        if promised > statutory {
            throw cells.problem(.promisedDays, .promisedExceedsStatutory,
                                "承诺时限 \(promised) 个工作日超过法定时限 \(statutory) 个工作日")
        }
        return ItemRecord(itemCode: code, unitCode: unit, statutoryDays: statutory, promisedDays: promised,
                          itemName: name, windowAuthorized: window, onlineAvailable: online)
    }

    static func ticket(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> TicketRecord {
        let id = try cells.requiredID(.ticketID)
        let unit = try knownUnit(&cells, context)
        let source = try cells.required(.source, context.words.source, .badSource, "投诉、公开电话或信箱")
        let received = try cells.requiredDate(.receivedAt)
        let dueAt = try cells.optionalDate(.dueAt)
        let dueDays = try cells.optionalDays(.dueDays)
        let closed = try cells.optionalDate(.closedAt)
        let satisfaction = try cells.optionalRating(.satisfaction, context.words)
        if let closed, closed.isBefore(received) {
            throw cells.problem(.closedAt, .closedBeforeReceived, "办结时间 \(closed) 早于受理时间 \(received)")
        }
        if dueAt == nil && dueDays == nil {
            let column: Column = cells.header.position(.dueAt) != nil || cells.header.position(.dueDays) == nil ? .dueAt : .dueDays
            throw cells.problem(column, .missingDue, "办理期限和办理时限都为空，无法判断是否按时办结")
        }
        return TicketRecord(ticketID: id, unitCode: unit, source: source, receivedAt: received, dueAt: dueAt,
                            dueDays: dueDays, closedAt: closed, satisfaction: satisfaction)
    }

    static func compliance(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> ComplianceFinding {
        let unit = try knownUnit(&cells, context)
        let checkText = try cells.requiredText(.check)
        guard let check = context.checks.vocabulary.lookup(text: checkText) else {
            throw cells.problem(.check, .unknownCheck, "检查项目「\(checkText)」不在考核方案的制度落实检查项目中")
        }
        let result = try cells.required(.result, Vocabularies.result, .badResult, "落实、部分落实、未落实或不适用")
        let inspected = try cells.requiredDate(.inspectedOn)
        let inspector = try cells.optionalProse(.inspector)
        let note = try cells.optionalProse(.note)
        return ComplianceFinding(unitCode: unit, check: check, result: result, inspectedOn: inspected,
                                 inspector: inspector, note: note)
    }

    static func adjustment(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> AdjustmentRecord {
        let unit = try knownUnit(&cells, context)
        let kind = try cells.required(.adjustmentKind, Vocabularies.adjustmentKind, .badAdjustmentKind, "加分、减分或一票否决")
        // A veto needs no points; bonuses and penalties do.
        let points = kind == .veto ? try cells.optionalNumber(.points) : try cells.requiredNumber(.points)
        if kind == .bonus, let points, points.isNegative {
            throw cells.problem(.points, .badNumber, "加分分值不能为负数「\(cells.rawText(.points))」")
        }
        let reason = try cells.requiredProse(.reason)
        let reference = try cells.optionalProse(.reference)
        let dated = try cells.optionalDate(.dated)
        return AdjustmentRecord(unitCode: unit, kind: kind, points: points?.magnitude, reason: reason,
                                reference: reference, dated: dated)
    }

    static func target(_ cells: inout RowCells, _ context: CastContext) throws(RowProblem) -> TargetRecord {
        let who = try cells.requiredText(.unitCode)
        let scope: TargetScope
        if who == "*" {
            scope = .everyone
        } else if context.units.contains(who) {
            scope = .unit(who)
        } else if let category = Vocabularies.category.lookup(text: who) {
            scope = .category(category)
        } else {
            throw cells.problem(.unitCode, .unknownUnit, "「\(who)」既不是考核对象的单位编码，也不是类别名称或 *")
        }
        let metricText = try cells.requiredText(.metric)
        let folded = CellText.folded(metricText, lowercase: true)
        guard let metric = MetricID(rawValue: folded) ?? MetricID.allCases.first(where: { $0.chineseName == folded }) else {
            throw cells.problem(.metric, .unknownMetric, "指标「\(metricText)」不是已知的考核指标（如 on_time_rate、cases_total）")
        }
        let target = try cells.requiredNumber(.target)
        return TargetRecord(scope: scope, metric: metric.rawValue, target: target)
    }
}
