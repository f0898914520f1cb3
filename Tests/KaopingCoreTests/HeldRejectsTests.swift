@testable import KaopingCore
import Testing

@Suite("Held rejects")
struct HeldRejectsTests {
    private static func rejects(_ count: Int) -> [Reject] {
        (0..<count).map { index in
            Reject(file: "cases/第\(index % 7)批.csv", line: index + 2, column: index % 3 == 0 ? "" : "received_at",
                   columnNumber: index % 3 == 0 ? nil : index % 40, value: String(repeating: "值", count: index % 90),
                   code: RejectCode.allCases[index % RejectCode.allCases.count],
                   message: "第 \(index) 行：日期无法识别 " + String(repeating: "x", count: index % 1500),
                   unitCode: index % 5 == 0 ? nil : "01\(index % 13)")
        }
    }

    /// 3 000 rejects of up to 1.8 KB: several megabyte chunks go to the file, the rest stay.
    @Test("Rejects come back exactly and in order, from memory and from the file", arguments: [0, 1, 40, 3000])
    func roundTrip(count: Int) {
        let held = HeldRejects()
        let sent = Self.rejects(count)
        for reject in sent { held.hold(reject) }
        var released: [Reject] = []
        held.release { released.append($0) }
        #expect(released == sent)
        var again: [Reject] = []
        held.release { again.append($0) }
        #expect(again.isEmpty, "released once")
    }

    @Test("A reject's value and message are not shortened a second time")
    func longValuesKept() {
        let held = HeldRejects()
        let reject = Reject(file: "a.csv", line: 2, column: "case_id", columnNumber: 1, value: String(repeating: "长", count: 400),
                            code: .badDate, message: String(repeating: "m", count: 5000))
        held.hold(reject)
        var released: [Reject] = []
        held.release { released.append($0) }
        #expect(released == [reject])
    }

    @Test("When the disk fills up, the chunks written come back from the file and the rest from memory")
    func diskFull() {
        // Room for about two of the megabyte chunks: the third write fails half way.
        let held = HeldRejects(simulatedDiskSize: 2_500_000)
        let sent = Self.rejects(3000)
        for reject in sent { held.hold(reject) }
        var released: [Reject] = []
        held.release { released.append($0) }
        #expect(released == sent)
    }

    @Test("Without a writable temporary folder they stay in memory")
    func unwritableFolder() {
        let held = HeldRejects(directory: "/nonexistent-kaoping-\(UInt64.random(in: 0...UInt64.max))")
        let sent = Self.rejects(2000)
        for reject in sent { held.hold(reject) }
        var released: [Reject] = []
        held.release { released.append($0) }
        #expect(released == sent)
    }
}
