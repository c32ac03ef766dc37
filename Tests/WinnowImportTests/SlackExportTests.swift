import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// A Slack workspace export: threads across day files, sides by workspace or by who opened the thread, markup.
@Suite("Import: Slack exports")
struct SlackExportTests {
    static let folder = fixturesDirectory.appendingPathComponent("slack-export").path

    /// The events of every day file of the fixture, in order.
    static func run() throws -> (export: SlackExport, records: [ExampleDraft], failures: [RecordFailure]) {
        let export = try SlackExport.read(folder: folder)
        var records: [ExampleDraft] = []
        var failures: [RecordFailure] = []
        for file in export.files {
            for event in export.events(of: file, mapping: FieldMapping()) {
                switch event {
                case .record(let draft): records.append(draft)
                case .failure(let failure): failures.append(failure)
                default: break
                }
            }
        }
        return (export, records, failures)
    }

    @Test func aSharedChannelsThreadsHaveTheVendorsWorkspaceAsTheSupportSide() throws {
        #expect(SlackExport.isExport(folder: Self.folder))
        let (export, records, _) = try Self.run()
        #expect(
            export.files.map { ($0 as NSString).lastPathComponent } == [
                "2024-03-06.json", "2024-03-04.json", "2024-03-05.json",
            ])
        let sso = try #require(records.first { $0.input.hasPrefix("Hi @Carla (Support)") })
        #expect(
            sso.input
                == "Hi @Carla (Support), our SSO login fails with error <SAML_INVALID_AUDIENCE> since this morning &"
                + " nobody can log in. See our incident page")
        #expect(sso.messages.map(\.role) == [.user, .assistant, .user])
        #expect(sso.response?.hasPrefix("Thanks Jamie, looking now.") == true)
        #expect(sso.ticketID == "1709546460.000200")
        #expect(sso.locator == .record(2))
        #expect(sso.metadata["channel"] == "customer-acme")
        // A thread whose reply falls on the next day is read whole, with the file of its first message.
        let audit = try #require(records.first { $0.input.hasPrefix("Separate question") })
        #expect(audit.response == "Settings, then Security, then Audit log, then *Export CSV*. It covers 90 days.")
        #expect(audit.locator == .record(5))
        #expect(audit.metadata["message_files"]?.arrayValue?.count == 2)
        // A reply outside threads that opens by naming the one who asked answers them.
        let outage = try #require(records.first { $0.input == "Is the API down? We get 503s." })
        #expect(
            outage.response
                == "@jamie yes, a partial outage in eu-west; the fix rolls out within 30 min. See #customer-acme for"
                + " updates.")
    }

    @Test func aCommunityChannelsThreadIsOpenedByTheCustomerAndNoticesAreNoMessages() throws {
        let (_, records, failures) = try Self.run()
        let key = try #require(records.first { $0.input == "How do I rotate an API key without downtime?" })
        #expect(key.messages.map(\.role) == [.user, .assistant])
        #expect(key.response?.hasPrefix("Create the new key first") == true)
        #expect(!records.contains { $0.input.contains("has joined the channel") })
        // A bot's message alone has no customer text.
        #expect(failures.count == 1)
        #expect(failures.first?.snippet.contains("All systems operational") == true)
        #expect(records.count == 4)
    }

    @Test func noticesAreCountedAndWhatIsNoMessageIsQuarantined() throws {
        let export = try SlackExport.read(folder: Self.folder)
        let notes = export.files.flatMap { export.events(of: $0, mapping: FieldMapping()) }.compactMap { event in
            if case .note(let note) = event { note } else { nil }
        }
        #expect(notes.contains { $0.hasSuffix("1 message left out as notices, nobody's words (channel_join 1)") })
        // A day file with an element that is no object and a message without its time.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-slack-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let channel = folder.appendingPathComponent("help")
        try FileManager.default.createDirectory(at: channel, withIntermediateDirectories: true)
        try Data(#"[{"id": "U1", "name": "ann"}]"#.utf8).write(to: folder.appendingPathComponent("users.json"))
        try Data(#"[{"id": "C1", "name": "help"}]"#.utf8).write(to: folder.appendingPathComponent("channels.json"))
        let day = channel.appendingPathComponent("2024-05-02.json")
        try Data(
            #"[{"type": "message", "user": "U1", "text": "Where is my invoice?", "ts": "1714640000.000100"}, "stray", {"type": "message", "user": "U1", "text": "hello?"}]"#
                .utf8
        ).write(to: day)
        let stray = try SlackExport.read(folder: folder.path)
        let failures = stray.events(of: day.path, mapping: FieldMapping()).compactMap { event in
            if case .failure(let failure) = event { failure } else { nil }
        }
        #expect(failures.map(\.kind) == [.notAMessage, .notAMessage])
        #expect(failures.map(\.locator) == [.record(2), .record(3)])
        #expect(failures.last?.message.contains("no readable ts") == true)
    }
}
