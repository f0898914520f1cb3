/// Fuzz probe for the value parsers (issue 7): every line of the input is one cell, trimmed and
/// folded as casting does, and given to each parser. A value read back from what Kaoping would
/// write of it must be the same value.
public enum ValueProbe {
    public static func problem(in input: UnsafeBufferPointer<UInt8>) -> String? {
        for line in input.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var folded: [UInt8] = []
            CellText.fold(CellText.trimmed(line), lowercase: false, into: &folded)
            if let problem = dateProblem(folded) ?? numberProblem(folded) { return problem }
            var lowered: [UInt8] = []
            CellText.fold(CellText.trimmed(line), lowercase: true, into: &lowered)
            _ = Vocabularies.boolean.lookup(lowered)
            _ = Vocabularies.status.lookup(lowered)
            _ = Vocabularies.channel.lookup(lowered)
            _ = Vocabularies.rating.lookup(lowered)
            _ = Vocabularies.result.lookup(lowered)
            _ = Vocabularies.category.lookup(lowered)
            _ = Vocabularies.source.lookup(lowered)
            _ = Vocabularies.adjustmentKind.lookup(lowered)
        }
        return nil
    }

    private static func dateProblem(_ cell: [UInt8]) -> String? {
        guard case .date(let stamp) = DateParser.parse(cell[...]) else { return nil }
        let (year, month, day) = stamp.day.components
        guard (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else {
            return "date \(text(cell)) gave an impossible day \(year)-\(month)-\(day)"
        }
        if let seconds = stamp.secondOfDay, !(0..<86_400).contains(seconds) {
            return "date \(text(cell)) gave \(seconds) seconds into the day"
        }
        guard (1000...9999).contains(year) else { return nil }  // written with fewer digits
        guard case .date(let again) = DateParser.parse(Array(stamp.description.utf8)[...]),
              again.day == stamp.day, again.secondOfDay == stamp.secondOfDay else {
            return "date \(text(cell)) read as \(stamp), which does not read back"
        }
        return nil
    }

    private static func numberProblem(_ cell: [UInt8]) -> String? {
        guard case .number(let number) = NumberParser.parse(cell[...]) else { return nil }
        guard NumberParser.parse(Array(number.description.utf8)[...]) == .number(number) else {
            return "number \(text(cell)) read as \(number), which does not read back"
        }
        return nil
    }

    private static func text(_ cell: [UInt8]) -> String { "「" + String(decoding: cell.prefix(80), as: UTF8.self) + "」" }
}
