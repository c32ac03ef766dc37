import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore
import WinnowTestSupport
import ZIPFoundation

/// A zip or tar archive read as the folder it holds: its files imported in path order, named under the archive's path in
/// reports, errors and the store, an archive inside a folder or another archive read the same way, and entries that
/// would reach outside the archive never unpacked.
@Suite("Import: archives (zip, tar)")
struct ArchiveImportTests {
    /// A zip archive at `url` holding `entries` (path and bytes), in order.
    static func archive(_ url: URL, _ entries: [(path: String, data: Data)]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
    }

    static let tickets = "ticket_id,body,answer\n1,My card has not arrived,It is on its way\n2,,No question here\n"

    @Test func anArchivesFilesAreImportedUnderItsPath() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inner = scratch.appendingPathComponent("inner.zip")
        try Self.archive(inner, [("more.jsonl", Data("{\"id\": \"9\", \"body\": \"Where is my refund?\"}\n".utf8))])
        let name = "export-\(UUID().uuidString.prefix(8))"
        let outer = scratch.appendingPathComponent(name + ".zip")
        try Self.archive(
            outer,
            [
                ("tickets/2024.csv", Data(Self.tickets.utf8)), ("notes/readme.bin", Data([0, 1, 2])),
                ("nested/inner.zip", try Data(contentsOf: inner)), ("../escape.csv", Data(Self.tickets.utf8)),
            ])
        let store = try Store()
        let report = try ImportService().run(paths: [outer.path], options: ImportOptions(), store: store)
        let shown = outer.path
        #expect(report.files.map(\.path) == [shown + "/nested/inner.zip/more.jsonl", shown + "/tickets/2024.csv"])
        #expect(report.files.map(\.imported) == [1, 1])
        #expect(report.files.map(\.errors) == [0, 1])
        #expect(
            report.leftOut.map(\.path).sorted() == [shown + "/../escape.csv", shown + "/notes/readme.bin"].sorted())
        #expect(report.leftOut.contains { $0.reason == "a path reaching outside the archive" })
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("escape.csv").path))
        // The store and the quarantine name the files under the archive's path.
        #expect(try store.sources().map(\.info.path) == report.files.map(\.path))
        #expect(try store.quarantine().map(\.file) == [shown + "/tickets/2024.csv"])
        // Nothing unpacked is left behind.
        let temporary = FileManager.default.temporaryDirectory
        let unpacked = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter {
            $0.hasPrefix("winnow-unpacked-")
        }
        let left = unpacked.filter {
            FileManager.default.fileExists(
                atPath: temporary.appendingPathComponent($0).appendingPathComponent(name).path)
        }
        #expect(left.isEmpty)
    }

    /// A tar archive of `entries` (name, type flag, content), as tar writes one: 512-byte headers with octal sizes,
    /// contents padded to 512 bytes, two empty blocks at the end.
    static func tar(_ entries: [(name: String, type: Character, content: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            header.replaceSubrange(0..<min(100, entry.name.utf8.count), with: Array(entry.name.utf8.prefix(100)))
            let content = Array(entry.content.utf8)
            let digits = String(content.count, radix: 8)
            let size = Array((String(repeating: "0", count: 11 - digits.count) + digits).utf8)
            header.replaceSubrange(124..<135, with: size)
            header[156] = entry.type.asciiValue ?? 0
            header.replaceSubrange(257..<263, with: Array("ustar\u{0}".utf8))
            bytes += header + content + [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }

    @Test func aTarArchivePlainOrCompressedIsReadAndNoEntryLeavesIt() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let long = String(repeating: "n", count: 120) + ".csv"
        let bytes = Self.tar([
            ("./", "5", ""), ("./mail/", "5", ""), ("./tickets.csv", "0", Self.tickets),
            ("././@LongLink", "L", "./mail/" + long), ("./mail/short", "0", "id,body\n5,Where is my parcel\n"),
            ("./pax-header", "x", "30 path=./renamed/by-pax.csv\n"), ("./ignored-name", "0", "id,body\n6,Refund\n"),
            ("../escape.csv", "0", Self.tickets), ("/etc/abs.csv", "0", Self.tickets), ("./link.csv", "2", ""),
        ])
        let plain = scratch.appendingPathComponent("export.tar")
        try Data(bytes).write(to: plain)
        let tgz = scratch.appendingPathComponent("takeout.tgz")
        try Data(Gzip.compressed(bytes)).write(to: tgz)
        for archive in [plain, tgz] {
            let store = try Store()
            let report = try ImportService().run(paths: [archive.path], options: ImportOptions(), store: store)
            #expect(
                report.files.map(\.path) == [
                    archive.path + "/mail/" + long, archive.path + "/renamed/by-pax.csv", archive.path + "/tickets.csv",
                ])
            #expect(report.files.map(\.imported) == [1, 1, 1])
            #expect(
                report.leftOut.map { "\($0.path): \($0.reason)" }.sorted()
                    == [
                        archive.path + "/../escape.csv: a path reaching outside the archive",
                        archive.path + "//etc/abs.csv: a path reaching outside the archive",
                        archive.path + "/link.csv: a link, not a file",
                    ].sorted())
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("escape.csv").path))
    }

    @Test func aFileThatUnpacksToMoreThanTheRoomIsNotUnpacked() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-room-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // 20,000 bytes that pack to a few dozen.
        let text = "id,body\n" + String(repeating: "1,My card has not arrived\n", count: 800)
        let zip = scratch.appendingPathComponent("big.zip")
        try Self.archive(zip, [("a.csv", Data(text.utf8))])
        let tar = scratch.appendingPathComponent("big.tar")
        try Data(Self.tar([("a.csv", "0", text)])).write(to: tar)
        let gzip = scratch.appendingPathComponent("big.csv.gz")
        try Data(Gzip.compressed(Array(text.utf8))).write(to: gzip)
        let room = UnpackRoom(bytes: 10_000, setBy: "WINNOW_UNPACK_LIMIT")
        func refusal(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return nil
            } catch let error as ImportError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        let allows = "more than the 9.7 KiB WINNOW_UNPACK_LIMIT allows (raise it to read the file)"
        // A zip archive is refused by the sizes it states, before anything is written.
        #expect(
            refusal { _ = try ArchiveCopy(of: zip.path, room: room) } == "not unpacked: it unpacks to 20 KiB, \(allows)"
        )
        // A tar archive by each entry's size before it is written, a gzip file by what it unpacks to.
        #expect(
            refusal { _ = try ArchiveCopy(of: tar.path, tar: tar, room: room) }
                == "not unpacked: it unpacks to \(allows)")
        #expect(
            refusal { _ = try GzipCopy(of: try SourceFile(url: gzip, displayPath: gzip.path), room: room) }
                == "not unpacked: it unpacks to \(allows)")
        // A zip archive whose entries state less than they hold is stopped by what is written.
        var lying = [UInt8](try Data(contentsOf: zip))
        for (signature, offset) in [([0x50, 0x4B, 0x01, 0x02] as [UInt8], 24), ([0x50, 0x4B, 0x03, 0x04], 22)] {
            var index = 0
            while index + offset + 4 <= lying.count {
                if Array(lying[index..<index + 4]) == signature {
                    lying.replaceSubrange(index + offset..<index + offset + 4, with: [100, 0, 0, 0])
                }
                index += 1
            }
        }
        let small = scratch.appendingPathComponent("lying.zip")
        try Data(lying).write(to: small)
        #expect(refusal { _ = try ArchiveCopy(of: small.path, room: room) } == "not unpacked: it unpacks to \(allows)")
        // With the room, each unpacks.
        let enough = UnpackRoom(bytes: 30_000, setBy: "WINNOW_UNPACK_LIMIT")
        for copy in [
            try ArchiveCopy(of: zip.path, room: enough), try ArchiveCopy(of: tar.path, tar: tar, room: enough),
        ] {
            defer { copy.remove() }
            #expect(try String(contentsOfFile: copy.folder + "/a.csv", encoding: .utf8) == text)
        }
        // The limit asked for, in bytes or with a unit, is the room when the disk has more.
        #expect(UnpackRoom.now(environment: ["WINNOW_UNPACK_LIMIT": "64K"]).bytes == 65_536)
        #expect(UnpackRoom.now(environment: ["WINNOW_UNPACK_LIMIT": "5000"]).bytes == 5000)
        #expect(UnpackRoom.now(environment: [:]).setBy.hasPrefix("the free space of the temporary folder"))
    }

    @Test func anOutlookForMacArchivesMailIsThreadedAcrossItsFoldersAndItsOtherPartsListed() throws {
        func message(
            _ subject: String, _ sent: String, _ id: String, from: String, to: String, _ body: String,
            inReplyTo: String? = nil
        ) -> Data {
            let reply = inReplyTo.map { "<OPFMessageCopyInReplyTo>&lt;\($0)&gt;</OPFMessageCopyInReplyTo>" } ?? ""
            return Data(
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<emails><email><OPFMessageCopySubject>\(subject)"
                    + "</OPFMessageCopySubject><OPFMessageCopySentTime>\(sent)</OPFMessageCopySentTime>"
                    + "<OPFMessageCopyMessageID>\(id)</OPFMessageCopyMessageID>\(reply)<OPFMessageCopySenderAddress>"
                    + "<emailAddress OPFContactEmailAddressAddress=\"\(from)\" OPFContactEmailAddressName=\"\"/>"
                    + "</OPFMessageCopySenderAddress><OPFMessageCopyToAddresses><emailAddress "
                    + "OPFContactEmailAddressAddress=\"\(to)\"/></OPFMessageCopyToAddresses>"
                    + "<OPFMessageCopyBody>\(body)</OPFMessageCopyBody></email></emails>\n").utf8)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-olm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let olm = scratch.appendingPathComponent("support.olm")
        let folders = "Accounts/help@shop.example/com.microsoft.__Messages/"
        try Self.archive(
            olm,
            [
                (
                    folders + "Inbox/message_00000.xml",
                    message(
                        "Lamp arrived broken", "2026-11-02T10:00:00", "q1@customer.example",
                        from: "lea@customer.example", to: "help@shop.example", "The shade is cracked.")
                ),
                (
                    folders + "Sent Items/message_00000.xml",
                    message(
                        "RE: Lamp arrived broken", "2026-11-02T11:00:00", "a1@shop.example", from: "help@shop.example",
                        to: "lea@customer.example", "A new shade is on its way.", inReplyTo: "q1@customer.example")
                ),
                (
                    folders + "Deleted Items/message_00000.xml",
                    message(
                        "You won", "2026-11-01T08:00:00", "s@junk.example", from: "s@junk.example",
                        to: "help@shop.example", "Claim it.")
                ),
                (folders + "Inbox/com.microsoft.__Attachments/photo.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0])),
                (folders + "Inbox/com.microsoft.__Attachments/invoice.pdf", Data("%PDF-1.4".utf8)),
                (
                    "Accounts/help@shop.example/com.microsoft.__Contacts/Contacts.xml",
                    Data("<?xml version=\"1.0\"?><contacts><contact><OPFContactCopyDisplayName>Lea".utf8)
                        + Data("</OPFContactCopyDisplayName></contact></contacts>".utf8)
                ),
                // The archive's category list: attributes named OPF..., no such element.
                (
                    "Categories.xml",
                    Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<categories><category".utf8)
                        + Data(
                            " OPFCategoryCopyName=\"Red\" OPFCategoryCopyBackgroundColor=\"#E3001A\"/></categories>"
                                .utf8)
                ),
            ])
        let store = try Store()
        let report = try ImportService().run(paths: [olm.path], options: ImportOptions(), store: store)
        #expect(report.imported == 1)
        #expect(report.errors == 0)
        let example = try #require(try store.examples().first)
        #expect(example.input == "Lamp arrived broken\n\nThe shade is cracked.")
        #expect(example.response == "A new shade is on its way.")
        #expect(example.messages.map(\.role) == [.user, .assistant])
        let shown = olm.path + "/" + folders
        #expect(
            report.leftOut.map(\.path) == [
                olm.path + "/Accounts/help@shop.example/com.microsoft.__Contacts/Contacts.xml",
                shown + "Deleted Items", shown + "Inbox/com.microsoft.__Attachments", olm.path + "/Categories.xml",
            ])
        #expect(report.leftOut.first?.reason.contains("Outlook for Mac archive that is not mail") == true)
        #expect(report.leftOut.last?.reason.contains("Outlook for Mac archive that is not mail") == true)
    }

    @Test func aWorkbookOrDocumentIsNoArchive() {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0, 0]
        #expect(ArchiveCopy.isArchive(path: "takeout.zip", prefix: zip))
        #expect(ArchiveCopy.isArchive(path: "WhatsApp Chat with Ann", prefix: zip))
        #expect(!ArchiveCopy.isArchive(path: "tickets.xlsx", prefix: zip))
        #expect(!ArchiveCopy.isArchive(path: "notes.docx", prefix: zip))
        #expect(!ArchiveCopy.isArchive(path: "tickets.csv", prefix: Array("id,body".utf8)))
    }
}
