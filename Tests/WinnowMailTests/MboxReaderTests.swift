import Foundation
import Testing
import WinnowMail

@Suite struct MboxReaderTests {
    @Test func splitsAtSeparatorsUnescapesFromAndKeepsOffsets() throws {
        let bytes = try mailFixture("thread.mbox")
        let entries = MboxReader.entries(bytes)
        #expect(entries.map(\.number) == [1, 2, 3, 4, 5])
        for entry in entries {
            let line = String(decoding: bytes[Int(entry.offset)...].prefix(5), as: UTF8.self)
            #expect(line == "From ")
        }
        let first = String(decoding: entries[0].bytes, as: UTF8.self)
        #expect(first.contains("\r\nFrom now on I will check before washing.\r\n"))
        #expect(!first.contains(">From now on"))
        #expect(first.hasSuffix("> Could you send photos of the zipper?\r\n"))
    }

    @Test func streamingInSmallChunksGivesTheSameMessages() throws {
        let bytes = try mailFixture("thread.mbox")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-mbox-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var streamed: [MboxReader.Entry] = []
        try MboxReader(url: url, chunkSize: 17).forEach { streamed.append($0) }
        let whole = MboxReader.entries(bytes)
        #expect(streamed.map(\.bytes) == whole.map(\.bytes))
        #expect(streamed.map(\.offset) == whole.map(\.offset))
    }

    @Test func bodyLineStartingWithFromIsNotASeparator() {
        let text =
            "From a@x Mon Dec  7 10:00:00 2026\nFrom: a@x.example\n\nFirst paragraph.\n\nFrom here on it is body.\n"
        let entries = MboxReader.entries(Array(text.utf8))
        #expect(entries.count == 1)
        #expect(String(decoding: entries[0].bytes, as: UTF8.self).contains("From here on it is body."))
    }

    @Test func fileWithoutSeparatorIsOneMessage() {
        let entries = MboxReader.entries(Array("From: a@x.example\n\nhello\n".utf8))
        #expect(entries.count == 1)
        #expect(entries.first?.offset == 0)
    }
}

@Suite struct MailThreaderTests {
    func envelope(
        _ number: Int, id: String?, parents: [String] = [], subject: String, day: Int, people: Set<String> = ["a@x"]
    ) -> MailThreader.Envelope {
        MailThreader.Envelope(
            number: number, messageID: id, parents: parents, subject: subject,
            date: MailDate(secondsSince1970: Int64(day) * 86_400), participants: people)
    }

    @Test func threadsByReferencesOutOfOrderAndSortsByDate() {
        let threads = MailThreader().threads([
            envelope(1, id: "c", parents: ["a", "b"], subject: "Re: x", day: 3),
            envelope(2, id: "z", subject: "Other", day: 1),
            envelope(3, id: "a", subject: "x", day: 1),
            envelope(4, id: "b", parents: ["a"], subject: "Re: x", day: 2),
        ])
        #expect(threads == [[3, 4, 1], [2]])
    }

    @Test func outlooksThreadIndexJoinsAConversationWithoutReferences() {
        // A conversation's 22 bytes, a reply's 5 more, and another conversation.
        let root = "AdpPEjMQICEiIyQlJicoKSorLC0uLw=="
        let reply = "AdpPEjMQICEiIyQlJicoKSorLC0uLwAAEl+A"
        let other = "AdpPEwAQQEFCQ0RFRkdISUpLTE1OTw=="
        #expect(MailThreader.conversation(threadIndex: root) == MailThreader.conversation(threadIndex: reply))
        #expect(MailThreader.conversation(threadIndex: root) != MailThreader.conversation(threadIndex: other))
        #expect(MailThreader.conversation(threadIndex: root)?.count == 22)
        // Not 22 bytes plus replies of 5, or not base64: no conversation.
        #expect(MailThreader.conversation(threadIndex: "AdpPEjMQICEiIyQl") == nil)
        #expect(MailThreader.conversation(threadIndex: "AdpPEjMQICEiIyQlJicoKSorLC0uLwAA") == nil)
        #expect(MailThreader.conversation(threadIndex: "") == nil)
        func outlook(_ number: Int, _ subject: String, _ index: String, people: Set<String>) -> MailThreader.Envelope {
            var envelope = envelope(number, id: "m\(number)", subject: subject, day: number, people: people)
            envelope.conversation = MailThreader.conversation(threadIndex: index)
            return envelope
        }
        // The reply changed the subject and shares no address with the first message: only the index joins them.
        let threads = MailThreader().threads([
            outlook(1, "Broken hinge", root, people: ["pia@k", "service@s"]),
            outlook(2, "Your case 3310", reply, people: ["tom@s", "pia@k2"]),
            outlook(3, "Invoice copy", other, people: ["ole@k", "service@s"]),
        ])
        #expect(threads == [[1, 2], [3]])
    }

    @Test func repliesToTheSameMissingMessageBelongTogether() {
        let threads = MailThreader().threads([
            envelope(1, id: "b", parents: ["missing"], subject: "Re: y", day: 2),
            envelope(2, id: "c", parents: ["missing"], subject: "Re: y", day: 3),
        ])
        #expect(threads == [[1, 2]])
    }

    @Test func subjectFallbackNeedsAReplyPrefixTheWindowAndAParticipant() {
        let threads = MailThreader().threads([
            envelope(1, id: "a", subject: "Password reset", day: 1, people: ["kim@c", "help@s"]),
            envelope(2, id: "b", subject: "AW: [Support] RE: password   reset", day: 2, people: ["help@s", "kim@c"]),
            envelope(3, id: "c", subject: "Password reset", day: 2, people: ["lee@c", "help@s"]),
            envelope(4, id: "d", subject: "Re: Password reset", day: 90, people: ["help@s"]),
            envelope(5, id: "e", subject: "Re: Password reset", day: 3, people: ["other@c"]),
        ])
        #expect(threads == [[1, 2], [3], [4], [5]])
    }

    @Test func theSupportAddressAloneJoinsNoTwoCustomersBySubject() {
        // Three customers answer the helpdesk's acknowledgements (not in the mailbox) under one subject; the
        // support address is in every message, so it tells no conversation. A customer's own follow-up still joins.
        let acknowledged = "Re: We received your request"
        let threads = MailThreader().threads([
            envelope(1, id: "a", parents: ["ack1"], subject: acknowledged, day: 1, people: ["kim@c", "help@s"]),
            envelope(2, id: "b", parents: ["ack2"], subject: acknowledged, day: 2, people: ["lee@c", "help@s"]),
            envelope(3, id: "c", parents: ["ack3"], subject: acknowledged, day: 3, people: ["ann@c", "help@s"]),
            envelope(4, id: "d", parents: ["gone"], subject: acknowledged, day: 4, people: ["help@s", "lee@c"]),
        ])
        #expect(threads == [[1], [2, 4], [3]])
        // A file of one customer's mail with the support address: both are everywhere, and either joins.
        let one = MailThreader().threads([
            envelope(1, id: "a", subject: "Password reset", day: 1, people: ["kim@c", "help@s"]),
            envelope(2, id: "b", subject: "Re: Password reset", day: 2, people: ["help@s", "kim@c"]),
            envelope(3, id: "c", subject: "Re: Password reset", day: 3, people: ["kim@c", "help@s"]),
        ])
        #expect(one == [[1, 2, 3]])
    }

    @Test func undatedMessagesAreOrderedByTheHistoryTheyQuoteWhenEachQuotesADifferentAmount() {
        func undated(_ number: Int, _ subject: String, quotes: Int?) -> MailThreader.Envelope {
            MailThreader.Envelope(
                number: number, messageID: nil, parents: [], subject: subject, date: nil,
                participants: ["lena@k", "shop@s"], quotedMessages: quotes)
        }
        // Listed neither oldest nor newest first: the second reply above the question, the answers below. The
        // reply above its question still joins it by subject.
        let chain = [
            undated(1, "RE: Lamp", quotes: 2), undated(2, "Lamp", quotes: 0), undated(3, "RE: Lamp", quotes: 3),
            undated(4, "RE: Lamp", quotes: 1),
        ]
        #expect(MailThreader().threads(chain) == [[2, 4, 1, 3]])
        // A reply that quotes nothing, or two that quote as much, tell no order: the file's is kept.
        let silent = [
            undated(1, "RE: Lamp", quotes: 1), undated(2, "Lamp", quotes: 0), undated(3, "RE: Lamp", quotes: 0),
        ]
        #expect(!MailThreader.ordersByQuotes(silent))
        #expect(MailThreader().threads(silent) == [[1, 2, 3]])
        #expect(!MailThreader.ordersByQuotes([undated(1, "Lamp", quotes: 0), undated(2, "RE: Lamp", quotes: nil)]))
        // Dated messages go by their dates.
        var dated = chain
        dated[0].date = MailDate(secondsSince1970: 86_400)
        #expect(!MailThreader.ordersByQuotes(dated))
    }

    @Test(arguments: [
        ("Re: Hello", "hello"), ("RE: Fwd: hello", "hello"), ("AW: WG: Hallo", "hallo"), ("SV: Hej", "hej"),
        ("TR: Bonjour", "bonjour"), ("Odp: Cześć", "cześć"), ("Re[2]: Hello", "hello"), ("回复: 你好", "你好"),
        ("[list] Re: topic", "topic"), ("Question: why?", "question: why?"),
    ])
    func normalisedSubjects(subject: String, expected: String) {
        #expect(MailThreader.normalisedSubject(subject) == expected)
    }
}
