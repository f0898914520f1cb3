@testable import KaopingCore
import Testing

@Suite("Spare row columns")
struct ClassifiedRowsPoolTests {
    private static func reject(_ line: Int) -> Reject {
        Reject(file: "cases/a.csv", line: line, column: "received_at", columnNumber: 5, value: String(repeating: "值", count: line),
               code: .badDate, message: "第 \(line) 行", unitCode: "0101")
    }

    @Test("Rows handed back are reused empty, their untaken rows dropped, up to the limit")
    func reuse() {
        let pool = ClassifiedRowsPool(limit: 1)
        let first = pool.take(capacity: 4)
        // More rows than the first capacity: the columns grow, and keep that size.
        for line in 1...10 { first.reject(Self.reject(line)) }
        first.skip(.blank)
        #expect(first.takeReject() == Self.reject(1))
        pool.give(first)
        #expect(first.count == 0)

        let again = pool.take(capacity: 4)
        #expect(again === first)
        for line in 20...30 { again.reject(Self.reject(line)) }
        #expect((20...30).map { _ in again.takeReject() } == (20...30).map(Self.reject))

        let other = ClassifiedRows(capacity: 2, interning: false)
        pool.give(again)
        pool.give(other)  // past the limit: freed
        #expect(pool.take(capacity: 4) === again)
        #expect(pool.take(capacity: 4) !== other)
    }
}
