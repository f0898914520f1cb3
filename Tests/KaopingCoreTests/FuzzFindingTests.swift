import Foundation
@testable import KaopingCore
import Testing

/// Every input a fuzz target once failed on (`make fuzz`), kept under `Fixtures/fuzz/` and named
/// `<target>-<what>.…`, must pass its target now: the regression test of each finding.
@Suite("Fuzz findings")
struct FuzzFindingTests {
    static var findings: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("fuzz").path).sorted()) ?? []
    }

    @Test("Each saved finding passes its target", arguments: findings)
    func finding(name: String) throws {
        let target = try #require(FuzzProbes.all.keys.sorted { $0.count > $1.count }.first { name.hasPrefix($0 + "-") },
                                  "\(name) names no fuzz target")
        let bytes = try Fixtures.bytes("fuzz/" + name)
        #expect(bytes.withUnsafeBufferPointer { FuzzProbes.all[target]!($0) } == nil)
    }

    @Test("The findings are there to replay")
    func present() {
        #expect(Self.findings.contains("scheme-control-after-bracket.toml"))
    }
}
