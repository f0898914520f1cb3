import Foundation
@testable import KaopingCore
import Testing

@Suite("Office package (ZIP)")
struct OfficePackageTests {
    static let sample: [OfficePackage.Part] = [
        ("[Content_Types].xml", Array("<Types/>".utf8)),
        ("word/document.xml", Array(String(repeating: "<w:p>正文</w:p>", count: 20_000).utf8)),
        ("docProps/empty.xml", []),
        ("_rels/.rels", Array("<Relationships/>".utf8)),
    ]

    @Test("Parts come back in the given order with their bytes")
    func roundTrip() throws {
        let bytes = try OfficePackage(parts: Self.sample).bytes()
        let read = try OfficePackage.parts(of: bytes)
        #expect(read.map(\.path) == Self.sample.map(\.path))
        #expect(read.map(\.bytes) == Self.sample.map(\.bytes))
        // Deflate does work on the repetitive part.
        #expect(bytes.count < Self.sample[1].bytes.count / 10)
    }

    @Test("Two builds give identical bytes")
    func deterministic() throws {
        let first = try OfficePackage(parts: Self.sample).bytes()
        let second = try OfficePackage(parts: Self.sample).bytes()
        #expect(first == second)
    }

    /// The ZIP headers hold the date as local DOS fields; ZIPFoundation derives them with
    /// gmtime from a fixed instant, so 1980-01-01 00:00 is stored whatever TZ says.
    @Test("Every header stores deflate and 1980-01-01 00:00")
    func headerFields() throws {
        let bytes = try OfficePackage(parts: Self.sample).bytes()
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        // End of central directory: the last 22 bytes, as the archive has no comment.
        let end = bytes.count - 22
        #expect(u32(end) == 0x0605_4B50)
        #expect(u16(end + 10) == Self.sample.count)
        var offset = Int(u32(end + 16))
        for _ in 0..<u16(end + 10) {
            #expect(u32(offset) == 0x0201_4B50)
            #expect(u16(offset + 10) == 8, "method: deflate")
            #expect(u16(offset + 12) == 0, "DOS time 00:00:00")
            #expect(u16(offset + 14) == 0x21, "DOS date 1980-01-01")
            let local = Int(u32(offset + 42))
            #expect(u32(local) == 0x0403_4B50)
            #expect(u16(local + 8) == 8)
            #expect(u16(local + 10) == 0)
            #expect(u16(local + 12) == 0x21)
            offset += 46 + u16(offset + 28) + u16(offset + 30) + u16(offset + 32)
        }
    }

    @Test("Invalid part names are refused", arguments: [
        "", "/word/document.xml", "word//document.xml", "word/./a.xml", "word/../a.xml", "word\\a.xml", "word/",
    ])
    func invalidPath(_ path: String) {
        #expect(throws: OfficePackageError.invalidPath(path)) {
            try OfficePackage(parts: [(path, [1])]).bytes()
        }
    }

    @Test("Part names that differ only in ASCII case are duplicates")
    func duplicate() {
        #expect(throws: OfficePackageError.duplicatePath("Word/Document.xml")) {
            try OfficePackage(parts: [("word/document.xml", []), ("Word/Document.xml", [])]).bytes()
        }
    }

    @Test("Errors explain themselves")
    func messages() {
        let errors: [OfficePackageError] = [
            .invalidPath("/x"), .duplicatePath("a"), .archiveUnavailable("r"),
            .entryFailed(path: "p", reason: "r"), .unreadable("r"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("Office package: "))
        }
        #expect(throws: OfficePackageError.self) { try OfficePackage.parts(of: Array("not a zip".utf8)) }
    }
}
