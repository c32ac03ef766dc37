import Foundation
import Testing
import WinnowCore
import WinnowImport
import WinnowReport
import WinnowStore

@testable import WinnowApp

/// A ticket imported again with other content (a later export of the helpdesk, a conversation export taken a week
/// later): the latest version stays in play, the earlier ones are rejected as superseded.
@Suite("Ticket versions")
struct TicketVersionTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-versions-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let header = "Ticket ID,Subject,Description,Queue,Resolution\n"
    static let declined =
        "7,Card declined,My card keeps getting declined when I renew the yearly plan.,Billing,"
        + "Please approve the payment in your banking app."
    static let parcel =
        "8,Parcel missing,Tracking says delivered but nothing arrived at my door or with my neighbours.,Shipping,"
        + "I opened a claim with the carrier."

    /// Writes `rows` under the CSV header to `name` and imports it.
    @discardableResult
    func importCSV(
        _ name: String, _ rows: [String], into store: Store, options: ImportOptions = ImportOptions()
    ) throws -> ImportReport {
        let url = folder.appendingPathComponent(name)
        try (Self.header + rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return try ImportService().run(paths: [url.path], options: options, store: store)
    }

    func status(_ store: Store, _ id: Int64) throws -> ReviewStatus { try store.example(id: id).status }

    @Test("a later export whose answer grew supersedes the earlier version; the rest of the export is skipped")
    func aLaterExportSupersedesTheEarlierVersion() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        try importCSV("monday.csv", [Self.declined, Self.parcel], into: store)
        let later = Self.declined + " Update: the bank confirmed the fix and the renewal went through."
        let report = try importCSV("friday.csv", [later, Self.parcel], into: store)
        #expect(report.imported == 1)
        #expect(report.skippedDuplicates == 1)
        #expect(
            report.superseded == [
                TicketVersions.Superseded(ticket: "7", earlier: 1, latest: 3, why: .continues)
            ])
        #expect(try status(store, 1) == .rejected)
        #expect(try status(store, 2) == .pending)
        #expect(try status(store, 3) == .pending)
        let history = try store.decisions(exampleID: 1)
        #expect(history.map(\.reviewer) == ["import"])
        #expect(
            history.first?.note
                == "superseded by #3, a later version of ticket 7 (its text continues this one's)")
        // The decision is an automatic one: policies may still decide the latest version.
        #expect(try store.examplesDecidedByPeople().isEmpty)
        #expect(try store.statistics().superseded == 1)
        #expect(
            try ReportService().page(store: store).html.contains(
                "1 earlier version of tickets imported again with other content rejected as superseded"))
        #expect(report.json.objectValue?["superseded"]?.arrayValue?.count == 1)
        // Imported again, nothing changes.
        let again = try importCSV("friday-again.csv", [later, Self.parcel], into: store)
        #expect(again.imported == 0)
        #expect(again.superseded.isEmpty)
    }

    @Test("a pass resumed after an interruption settles the versions the interrupted pass stored too")
    func aResumedPassSettlesTheInterruptedPassesVersions() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        try importCSV("monday.csv", [Self.declined, Self.parcel], into: store)
        let rows = [Self.declined + " Renewed since.", Self.parcel + " It was found and delivered."]
        let friday = folder.appendingPathComponent("friday.csv")
        let text = Self.header + rows.joined(separator: "\n") + "\n"
        try text.write(to: friday, atomically: true, encoding: .utf8)
        // The first pass stored ticket 7's new version and was killed before ticket 8's.
        let source = try store.registerSource(
            path: friday.path, absolutePath: friday.path, sha256: SHA256.hex(Array(text.utf8)), format: .csv,
            size: Int64(text.utf8.count))
        let stored = ExampleDraft(
            input: "Card declined\n\nMy card keeps getting declined when I renew the yearly plan.",
            response: "Please approve the payment in your banking app. Renewed since.", label: "Billing", ticketID: "7",
            locator: .row(1, line: 2))
        _ = try store.commitBatch(source: source, examples: [PreparedExample(stored)], failures: [], recordsDone: 1)
        let report = try ImportService().run(paths: [friday.path], options: ImportOptions(), store: store)
        #expect(report.files.first?.resumedAfter == 1)
        #expect(report.imported == 1)
        #expect(report.superseded.map(\.earlier) == [1, 2])
        #expect(report.superseded.map(\.latest) == [3, 4])
    }

    @Test("many tickets are settled a few examples at a time, with the same outcome")
    func settledInBatches() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        let tickets = (1...7).map {
            "\($0),Order \($0) late,My order number \($0) has not arrived after two weeks of waiting.,Shipping,"
                + "It left our warehouse today."
        }
        try importCSV("monday.csv", tickets, into: store)
        var keep = ImportOptions()
        keep.keepEarlierVersions = true
        try importCSV("friday.csv", tickets.map { $0 + " Delivered since." }, into: store, options: keep)
        #expect(try store.examples().allSatisfy { $0.status == .pending })
        let outcome = try TicketVersions.settle(store: store, after: 7, examplesPerBatch: 3)
        #expect(outcome.superseded.map(\.earlier) == Array(1...7))
        #expect(outcome.superseded.map(\.latest) == Array(8...14))
        #expect(
            try store.examples().map(\.status) == Array(repeating: .rejected, count: 7)
                + Array(repeating: .pending, count: 7))
    }

    @Test("an older export imported after a newer one is the earlier version: the new import is rejected")
    func anOlderExportImportedLaterIsTheEarlierVersion() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        let later = Self.declined + " Update: the bank confirmed the fix and the renewal went through."
        try importCSV("friday.csv", [later], into: store)
        let report = try importCSV("monday.csv", [Self.declined], into: store)
        #expect(report.imported == 1)
        #expect(
            report.superseded == [
                TicketVersions.Superseded(ticket: "7", earlier: 2, latest: 1, why: .continues)
            ])
        #expect(try status(store, 1) == .pending)
        #expect(try status(store, 2) == .rejected)
    }

    @Test(
        "where both versions carry the time they were last changed, the one updated later is the latest: an answer trimmed in the helpdesk, an older export imported late"
    )
    func theVersionUpdatedLaterIsTheLatest() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        func write(_ name: String, _ rows: [String], header: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try (header + "\n" + rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let header = "Ticket ID,Created At,Updated At,Subject,Description,Queue,Resolution"
        let long =
            "Please approve the payment in your banking app. If that fails call your bank and ask for 3-D Secure."
        let short = "Please approve the payment in your banking app."
        // Monday's export has the long answer; by Tuesday an agent had cut it short. Tuesday's export is imported
        // first, Monday's after it: the trimmed answer is still the latest although the long one continues it.
        let tuesday = try write(
            "tuesday.csv", ["7,2024-03-01 10:00,2024-03-05 09:30,Card declined,My card is declined.,Billing,\(short)"],
            header: header)
        let monday = try write(
            "monday.csv",
            [
                "7,2024-03-01 10:00,2024-03-04 17:00,Card declined,My card is declined.,Billing,\(long)",
                // Updated at the same time in both: the text decides, as without update times.
                "8,2024-03-02 10:00,2024-03-03 08:00,Parcel,Where is my parcel 5531?,Shipping,It left today.",
            ], header: header)
        _ = try ImportService().run(paths: [tuesday], options: ImportOptions(), store: store)
        let report = try ImportService().run(paths: [monday], options: ImportOptions(), store: store)
        #expect(
            report.superseded == [
                TicketVersions.Superseded(
                    ticket: "7", earlier: 2, latest: 1, why: .updatedLater,
                    updated: ["2024-03-05 09:30", "2024-03-04 17:00"])
            ])
        #expect(
            try store.decisions(exampleID: 2).first?.note
                == "superseded by #1, a later version of ticket 7 (updated 2024-03-05 09:30 against 2024-03-04 17:00)")
        #expect(
            report.json.objectValue?["superseded"]?.arrayValue?.first
                == [
                    "ticket": "7", "example": 2, "superseded_by": 1, "why": "updated later",
                    "updated": ["2024-03-05 09:30", "2024-03-04 17:00"],
                ])
        // A summary export of ticket 7 without its answer, updated since: a thread never loses whole messages, so
        // the version that holds the answer stays the latest.
        let summary = try write(
            "summary.csv", ["7,2024-03-01 10:00,2024-03-06 08:00,Card declined,My card is declined.,Billing,"],
            header: header)
        let outline = try ImportService().run(paths: [summary], options: ImportOptions(), store: store)
        #expect(outline.superseded.map(\.earlier) == [4])
        #expect(outline.superseded.map(\.latest) == [1])
        #expect(outline.superseded.map(\.why) == [.continues])
        // Ticket 8 exported again with the same update time and a longer answer: its text decides.
        let friday = try write(
            "friday.csv",
            [
                "8,2024-03-02 10:00,2024-03-03 08:00,Parcel,Where is my parcel 5531?,Shipping,It left today. Tracking: 77."
            ],
            header: header)
        let same = try ImportService().run(paths: [friday], options: ImportOptions(), store: store)
        #expect(same.superseded.map(\.why) == [.continues])
        #expect(same.superseded.map(\.earlier) == [3])
        #expect(same.superseded.map(\.latest) == [5])
    }

    @Test("update times are read from the names helpdesks give them, in the forms they write")
    func updateTimesAreRead() {
        func time(_ members: [(String, JSONValue)]) -> Double? {
            TicketVersions.updateTime(JSONObject(members.map { (key: $0.0, value: $0.1) }))?.seconds
        }
        #expect(time([("updated_at", "2024-03-02T09:00:00Z")]) == 1_709_370_000)
        // Salesforce, Intercom (Unix seconds), ServiceNow, Jira's column, camelCase.
        #expect(time([("LastModifiedDate", "2024-03-02T09:00:00.000+0000")]) == 1_709_370_000)
        #expect(time([("updated_at", 1_709_370_000)]) == 1_709_370_000)
        #expect(time([("sys_updated_on", "2024-03-02 09:00:00")]) == 1_709_370_000)
        #expect(time([("Updated", "2024-03-02 09:00")]) == 1_709_370_000)
        #expect(time([("modifiedTime", "2024-03-02T09:00:00.000Z")]) == 1_709_370_000)
        // Jira's CSV export writes `dd/MMM/yy h:mm a`; a date whose day and month cannot be told apart is not read.
        #expect(time([("Updated", "10/Mar/24 2:11 PM")]) == 1_710_079_860)
        #expect(time([("Updated", "10/Mar/24 12:11 AM")]) == 1_710_029_460)
        #expect(time([("Updated", "10/March/2024 12:05")]) == 1_710_072_300)
        #expect(time([("Updated", "10/Mar/24 13:11 PM")]) == nil)
        #expect(time([("Updated", "03/04/24 10:00")]) == nil)
        // `updated_at` is preferred to a last activity, wherever it stands; a creation time is no update time.
        #expect(time([("last_activity_at", "2024-05-01"), ("updated_at", "2024-03-02T09:00:00Z")]) == 1_709_370_000)
        #expect(time([("created_at", "2024-03-02T09:00:00Z")]) == nil)
        // Not a time: a flag, a count, text.
        #expect(time([("updated", true)]) == nil)
        #expect(time([("updated", 3)]) == nil)
        #expect(time([("modified", "yes")]) == nil)
    }

    @Test(
        "a queue changed in the helpdesk: the version imported later wins; a person's label is carried only while the imported label is the one corrected"
    )
    func aChangedLabelAndACarriedRelabel() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        try importCSV("monday.csv", [Self.declined, Self.parcel], into: store)
        // A person moves ticket 7 to Payments and ticket 8 to Delivery.
        for (id, label) in [(Int64(1), "Payments"), (Int64(2), "Delivery")] {
            let example = try store.example(id: id)
            var after = ReviewState(of: example)
            after.labelOverride = label
            after.status = .approved
            _ = try store.record(
                [DecisionRequest(exampleID: id, basedOn: example.version, action: "relabel", after: after)],
                reviewer: "ann")
        }
        // The next export: ticket 7 got another answer (its queue unchanged), ticket 8 was moved to Returns there.
        let declined = Self.declined + " We have also extended your plan by three days."
        let parcel = Self.parcel.replacingOccurrences(of: ",Shipping,", with: ",Returns,")
        let report = try importCSV("friday.csv", [declined, parcel], into: store)
        #expect(report.superseded.map(\.earlier) == [1, 2])
        #expect(report.superseded.map(\.why) == [.continues, .importedLater])
        #expect(report.carriedLabels == [TicketVersions.CarriedLabel(from: 1, to: 3, label: "Payments")])
        let latest = try store.examples(ids: [3, 4])
        #expect(latest.map(\.effectiveLabel) == ["Payments", "Returns"])
        #expect(latest.map(\.status) == [.pending, .pending])
        #expect(try store.decisions(exampleID: 3).first?.note?.hasPrefix("label carried over from #1") == true)
        // A person's approval of the earlier version is replaced by the rejection, in its history.
        #expect(try store.decisions(exampleID: 1).map(\.reviewer) == ["ann", "import"])
    }

    @Test("the same ticket id from another system, or a version already rejected, is left alone")
    func unrelatedTicketsAndRejectedVersionsAreLeftAlone() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        try importCSV("helpdesk-a.csv", [Self.declined], into: store)
        let other =
            "7,Password,How do I reset the password of the admin account?,Account,Use the link on the sign-in page."
        let report = try importCSV("helpdesk-b.csv", [other], into: store)
        #expect(report.superseded.isEmpty)
        #expect(try store.examples().map(\.status) == [.pending, .pending])
        // Kept on request.
        let kept = try importCSV(
            "helpdesk-a-later.csv", [Self.declined + " Renewed."], into: store,
            options: {
                var options = ImportOptions()
                options.keepEarlierVersions = true
                return options
            }())
        #expect(kept.superseded.isEmpty)
        #expect(try store.examples().allSatisfy { $0.status == .pending })
        // Settled later, the version already rejected by a person keeps its decision, the other is superseded.
        let example = try store.example(id: 1)
        var after = ReviewState(of: example)
        after.status = .rejected
        _ = try store.record(
            [DecisionRequest(exampleID: 1, basedOn: example.version, action: "reject", after: after)],
            reviewer: "ann")
        let report2 = try importCSV("helpdesk-a-latest.csv", [Self.declined + " Renewed. Thanks!"], into: store)
        #expect(report2.superseded.map(\.earlier) == [3])
        #expect(try store.decisions(exampleID: 1).map(\.reviewer) == ["ann"])
        #expect(try status(store, 2) == .pending)
        #expect(try status(store, 4) == .pending)
    }

    @Test("a conversation export taken later, with more messages, supersedes the earlier conversation")
    func aLongerConversationSupersedesTheShorterOne() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store()
        let head = "conversation_id,author,role,message,created_at\n"
        let rows = [
            "c1,kim,customer,Hi,2024-01-01T10:00:00Z",
            "c1,ann,agent,Hello! How can I help?,2024-01-01T10:01:00Z",
            "c1,kim,customer,My parcel never arrived and tracking shows it stuck in Leipzig.,2024-01-01T10:02:00Z",
            "c1,ann,agent,I have opened a claim with the carrier.,2024-01-01T10:03:00Z",
            "c1,kim,customer,Thanks. Any news?,2024-01-03T09:00:00Z",
            "c1,ann,agent,The carrier found it: it arrives tomorrow.,2024-01-03T09:05:00Z",
            // Another system's conversation c1 that opens with the same greeting.
        ]
        let first = folder.appendingPathComponent("week1.csv")
        try (head + rows.prefix(4).joined(separator: "\n") + "\n").write(to: first, atomically: true, encoding: .utf8)
        _ = try ImportService().run(paths: [first.path], options: ImportOptions(), store: store)
        let second = folder.appendingPathComponent("week2.csv")
        try (head + rows.joined(separator: "\n") + "\n").write(to: second, atomically: true, encoding: .utf8)
        let report = try ImportService().run(paths: [second.path], options: ImportOptions(), store: store)
        #expect(report.superseded == [TicketVersions.Superseded(ticket: "c1", earlier: 1, latest: 2, why: .continues)])
        let other = folder.appendingPathComponent("other-system.csv")
        try
            (head
            + "c1,lee,customer,Hi,2024-02-01T10:00:00Z\nc1,bo,agent,Hello! How can I help?,2024-02-01T10:01:00Z\n"
            + "c1,lee,customer,Can I change the invoice address of an order I placed yesterday?,2024-02-01T10:02:00Z\n"
            + "c1,bo,agent,Yes: I changed it for you.,2024-02-01T10:03:00Z\n").write(
                to: other, atomically: true, encoding: .utf8)
        let unrelated = try ImportService().run(paths: [other.path], options: ImportOptions(), store: store)
        #expect(unrelated.imported == 1)
        #expect(unrelated.superseded.isEmpty)
    }

    @Test("a placeholder ticket id, or one held by more examples than one ticket's versions, settles nothing")
    func placeholdersAndCrowdedIdsAreNoTickets() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(["N/A", "none", " - ", "0000", "null", "?"].allSatisfy(TicketVersions.isPlaceholder))
        #expect(!["7", "A-1", "c1", "0x1", "<id@mail.example>"].contains(where: TicketVersions.isPlaceholder))
        let store = try Store()
        let placeholder = Self.declined.replacingOccurrences(of: "7,", with: "N/A,")
        try importCSV("first.csv", [placeholder], into: store)
        let second = try importCSV("second.csv", [placeholder + " Renewed."], into: store)
        #expect(second.superseded.isEmpty)
        // Said in the report, not passed over silently.
        #expect(second.unsettledTickets == [TicketVersions.Unread(ticket: "N/A", examples: 2, placeholder: true)])
        // A column that names the queue, not the ticket: 51 related examples under one id.
        let crowded = (1...TicketVersions.mostVersions + 1).map {
            "Q1,Card declined,My card keeps getting declined when I renew the yearly plan (try \($0)).,Billing,Approve it."
        }
        let queue = try importCSV("queue.csv", crowded, into: store)
        #expect(queue.superseded.isEmpty)
        #expect(queue.unsettledTickets == [TicketVersions.Unread(ticket: "Q1", examples: 51, placeholder: false)])
        #expect(
            queue.json.objectValue?["unsettled_ticket_ids"]
                == [["ticket": "Q1", "examples": 51, "why": "more than 50 examples"]])
        #expect(try store.examples().allSatisfy { $0.status == .pending })
    }

    @Test("versions are told by their texts: a greeting alone does not make two tickets one")
    func versionsAreToldByText() {
        func example(_ id: Int64, _ turns: [String]) -> Example {
            Example(
                id: id, input: turns[0], response: turns.count > 1 ? turns[1] : nil, label: nil, trainingPoint: nil,
                ticketID: "1",
                messages: turns.enumerated().map {
                    Message(role: $0.offset % 2 == 0 ? .user : .assistant, content: $0.element)
                },
                metadata: JSONObject(), sourcePath: "x", locator: .line(Int(id)), status: .pending,
                labelOverride: nil, contentHash: "")
        }
        let greeting = [
            example(1, ["Hi", "Hello, how can I help?", "Where is my order?"]),
            example(2, ["Hi", "Hello, how can I help?", "Please close my account and delete my data."]),
        ]
        #expect(TicketVersions.components(greeting.map(TicketVersions.VersionText.init)).isEmpty)
        // One version cut off inside a word is not continued by the other.
        let cut = [
            example(1, ["My order is late", "It ships tomor"]), example(2, ["My order is late", "It ships tomorrow"]),
        ]
        let texts = cut.map(TicketVersions.VersionText.init)
        #expect(!texts[1].continues(texts[0]))
        #expect(TicketVersions.components(texts) == [[0, 1]])
        // Whitespace, case and punctuation aside, a text that begins another is continued by it.
        let grown = [
            example(1, ["Where is my ORDER?", "Checking."]),
            example(2, ["Where is my order", "Checking!", "Found it."]),
        ]
        let grownTexts = grown.map(TicketVersions.VersionText.init)
        #expect(grownTexts[1].continues(grownTexts[0]))
        #expect(TicketVersions.isLater(grownTexts[1], than: grownTexts[0]))
        #expect(TicketVersions.isLater(TicketVersions.VersionText(grown[1].withID(0)), than: grownTexts[0]))
    }
}

extension Example {
    func withID(_ id: Int64) -> Example {
        var copy = self
        copy.id = id
        return copy
    }
}
