@testable import KaopingCore
import Testing

@Suite("Rejects rows")
struct RejectRowTests {
    private static func written(_ reject: Reject) -> String {
        var csv = CSVOutput(header: [])
        csv.append(reject)
        return String(decoding: csv.bytes.dropFirst(3 + 2), as: UTF8.self)
    }

    @Test("Each cell is quoted, doubled and neutralised as a spreadsheet needs")
    func hostileCells() {
        let reject = Reject(file: "cases/第1批, 补报.csv", line: 120_034, column: "received_at", columnNumber: 5,
                            value: " =HYPERLINK(\"x\") ", code: .badDate, message: "受理时间「=1+1」无法识别\n请核对",
                            unitCode: "@0101")
        #expect(Self.written(reject)
            == "\"cases/第1批, 补报.csv\",120034,received_at,\" =HYPERLINK(\"\"x\"\") \",bad_date,\"受理时间「=1+1」无法识别\n请核对\",'@0101\r\n")
    }

    @Test("Line numbers of every width, and a whole-row reject's empty cells", arguments: [0, 7, 10, 99, 100, 1_000_000_007])
    func lineNumbers(line: Int) {
        let reject = Reject(file: "a.csv", line: line, column: "", columnNumber: nil, value: "", code: .strayQuote,
                            message: "引号不成对", unitCode: nil)
        #expect(Self.written(reject) == "a.csv,\(line),,,bad_quoting,引号不成对,\r\n")
    }

    @Test("A cell is quoted when it starts or ends with a space, and only then for spaces")
    func spaces() {
        for (value, cell) in [(" 1", "\" 1\""), ("1 ", "\"1 \""), ("1 2", "1 2"), ("　1", "　1")] {
            let reject = Reject(file: "a.csv", line: 2, column: "c", columnNumber: 1, value: value, code: .badNumber,
                                message: "m", unitCode: "01")
            #expect(Self.written(reject) == "a.csv,2,c,\(cell),bad_number,m,01\r\n")
        }
    }
}
