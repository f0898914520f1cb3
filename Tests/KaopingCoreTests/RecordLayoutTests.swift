@testable import KaopingCore
import Testing

/// Every data row's record is copied several times between casting and its tally. A value of
/// up to 128 bytes is copied by eight moves inline; a larger one by a call to memmove, which at
/// 1M rows was 28 calls a row and a tenth of the run's time before `CaseRecord` was packed.
@Suite("Record layout")
struct RecordLayoutTests {
    @Test("A cast row's record, or its reject, fits in 128 bytes")
    func recordsFitInline() {
        #expect(MemoryLayout<CaseRecord>.size <= 127)
        #expect(MemoryLayout<Record>.size <= 127)
        #expect(MemoryLayout<Result<Record, Reject>>.size <= 128)
    }
}
