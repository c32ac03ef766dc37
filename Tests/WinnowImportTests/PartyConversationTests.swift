import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Message logs that name no conversation, only who sent each message and to whom (SMS and WhatsApp logs: Twilio's
/// `From`, `To`, `Direction`): each customer's messages and the answers sent to them are that customer's
/// conversations, a new one after a day's silence (`--conversation-by-party FROM:TO`).
@Suite("Import: conversations by the customer a message log names")
struct PartyConversationTests {
    static let twilioLog = """
        From,To,Body,Status,SentDate,Sid,Direction
        +15551230001,+15559990000,Hi my order 1182 never arrived,received,2024-03-01T10:00:00-08:00,SM1,inbound
        +15559990000,+15551230001,Sorry! It is at the depot and arrives tomorrow.,delivered,2024-03-01T10:02:00-08:00,SM2,outbound-reply
        +15551230002,+15559990000,Can I change my delivery address?,received,2024-03-01T11:00:00-08:00,SM3,inbound
        +15559990000,+15551230002,Yes: reply with the new address.,delivered,2024-03-01T11:01:00-08:00,SM4,outbound-api
        +15551230001,+15559990000,Thanks it came,received,2024-03-02T09:00:00-08:00,SM5,inbound
        +15551230001,+15559990000,Now I need to return one item,received,2024-03-09T09:00:00-08:00,SM6,inbound
        +15559990000,+15551230001,Use the label in your order e-mail.,delivered,2024-03-09T09:05:00-08:00,SM7,outbound-reply

        """

    @Test func aSMSLogIsJoinedByTheCustomersNumberAndCutAfterADaysSilence() throws {
        let (run, note, _) = try MessagingAPIExportTests.importDetected("sms-log.csv", Self.twilioLog, format: .csv)
        #expect(note?.contains("--conversation-by-party From:To --order-by SentDate") == true)
        #expect(run.failures.isEmpty)
        // The first customer wrote again a day later (inside the day: the same conversation) and a week later (a
        // new one, named by its day).
        #expect(
            run.records.map(\.ticketID) == [
                "+15551230001 2024-03-01", "+15551230001 2024-03-09", "+15551230002 2024-03-01",
            ])
        #expect(
            run.records[0].turnLines == [
                "customer: Hi my order 1182 never arrived", "agent: Sorry! It is at the depot and arrives tomorrow.",
                "customer: Thanks it came",
            ])
        #expect(
            run.records[1].turnLines == [
                "customer: Now I need to return one item", "agent: Use the label in your order e-mail.",
            ])
        #expect(run.records[2].response == "Yes: reply with the new address.")
    }

    /// An address is the customer's however the rows write it: with a display name, in another case.
    @Test func theOptionNamesTheFieldsAndWithoutTimesEachCustomerIsOneConversation() throws {
        let text = """
            {"sender": "anna@example.com", "recipient": "help@acme.example", "text": "Is my plan annual?", "side": "c"}
            {"sender": "help@acme.example", "recipient": "Anna Berg <Anna@Example.com>", "text": "Yes, it renews in May.", "side": "a"}
            {"sender": "ben@example.com", "recipient": "help@acme.example", "text": "Can I get an invoice?", "side": "c"}
            {"sender": "help@acme.example", "recipient": "ben@example.com", "text": "Sent to your address.", "side": "a"}

            """
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: "side", agentValues: "a", examples: nil,
                party: "sender:recipient"))
        #expect(options.grouping == .party(from: "sender", to: "recipient"))
        let run = try ConversationImportTests.run(name: "log.jsonl", text: text, options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["anna@example.com", "ben@example.com"])
        #expect(run.records.map(\.response) == ["Yes, it renews in May.", "Sent to your address."])
    }

    @Test func addressesThatNeverMeetJoinNothing() throws {
        // Every answer goes to someone who never wrote: the fields do not name the customers.
        let text = """
            From,To,Body,Direction
            +15551230001,+15559990000,Hi my order never arrived,inbound
            +15559990000,+15557770000,Your code is 1234,outbound-api

            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("log.csv", text, format: .csv)
        #expect(note == nil)
        #expect(run.records.count == 2)
    }

    @Test(arguments: [
        ("From:", "--conversation-by-party must be FROM_FIELD:TO_FIELD"),
        (":To", "--conversation-by-party must be FROM_FIELD:TO_FIELD"),
    ])
    func aMalformedPartyOptionIsRefused(value: String, message: String) {
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: value)
        }
        do {
            _ = try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: value)
        } catch {
            #expect(error.message.hasPrefix(message))
        }
    }

    @Test func aChatWidgetsMessagesAreJoinedByTheVisitorEveryMessageNames() throws {
        // Brevo's messages: `type` `visitor` or `agent`, and the visitor's id on both.
        let text = """
            [
              {"id": "b1", "type": "visitor", "text": "Is the sale still on?", "visitorId": "vis-1",
               "createdAt": 1711965600000},
              {"id": "b2", "type": "agent", "text": "Until Sunday.", "visitorId": "vis-1", "agentId": "ag1",
               "agentName": "Lou", "createdAt": 1711965660000},
              {"id": "b3", "type": "visitor", "text": "Do you ship to Malta?", "visitorId": "vis-2",
               "createdAt": 1711965700000},
              {"id": "b4", "type": "agent", "text": "Yes, in a week.", "visitorId": "vis-2", "agentId": "ag1",
               "agentName": "Lou", "createdAt": 1711965760000}
            ]
            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("brevo-messages.json", text)
        #expect(note?.contains("--conversation-by-party visitorId --order-by createdAt") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["vis-1 2024-04-01", "vis-2 2024-04-01"])
        #expect(run.records.map(\.response) == ["Until Sunday.", "Yes, in a week."])
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "visitorId"))
        #expect(options.grouping == .party(from: "visitorId", to: "visitorId"))
    }

    @Test func thePartyOptionWithAConversationFieldIsRefused() {
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: "thread", replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "From:To")
        }
    }
}
