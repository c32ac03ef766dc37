import Foundation
import Testing

@testable import WinnowImport

/// Files read with `open` and `read`, and bytes searched without making strings.
@Suite struct FileBytesTests {
    @Test func readsAPrefixTheWholeFileAndSaysWhyNot() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-bytes-\(UUID())")
        defer { try? FileManager.default.removeItem(at: url) }
        let content = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try Data(content).write(to: url)
        #expect(try FileBytes.read(path: url.path).get() == content)
        #expect(try FileBytes.read(path: url.path, limit: 65_536).get() == Array(content.prefix(65_536)))
        #expect(try FileBytes.read(path: url.path, limit: 100_000).get() == content)
        try Data().write(to: url)
        #expect(try FileBytes.read(path: url.path).get() == [])
        switch FileBytes.read(path: url.path + "-missing") {
        case .success: Issue.record("a missing file was read")
        case .failure(let error): #expect(error.description == "No such file or directory")
        }
        // A file that says no size (a character device) is read as far as asked.
        #expect(try FileBytes.read(path: "/dev/zero", limit: 10_000).get() == Array(repeating: 0, count: 10_000))
    }

    @Test func findsBytes() {
        let bytes = Array("<?xml?><emails><email><OPFMessageCopySubject>".utf8)
        #expect(OutlookMacMessage.offset(of: "<email", in: bytes[...]) == 7)
        #expect(OutlookMacMessage.offset(of: "<email>", in: bytes[...]) == 15)
        #expect(OutlookMacMessage.offset(of: "<email", in: bytes[8...]) == 7)
        #expect(OutlookMacMessage.offset(of: "<!DOCTYPE", in: bytes[...]) == nil)
        #expect(OutlookMacMessage.offset(of: "Subject>", in: bytes[...]) == bytes.count - 8)
        #expect(OutlookMacMessage.offset(of: "<email", in: bytes[..<10]) == nil)
    }
}
