import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Chat bots' and contact centres' conversation logs as their platforms write them, imported without options:
/// Bot Framework's transcript of activities (`conversation: {"id": ...}`, `from.role`), Rasa's tracker store
/// (`sender_id` beside its `events`), Contact Lens' analysis (`ParticipantId` `AGENT` / `CUSTOMER`), Contact Center
/// AI Insights' conversation (`transcript.transcriptSegments`, `segmentParticipant.role`).
@Suite("Import: chat bots' and contact centres' logs")
struct BotAndContactCentreLogTests {
    @Test func botFrameworkActivitiesJoinedByTheirConversationObject() throws {
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "support.transcript",
            """
            [
              {"type": "conversationUpdate", "id": "a0", "timestamp": "2024-06-01T10:00:00.000Z",
               "from": {"id": "u1", "role": "user"}, "conversation": {"id": "conv-9"}, "membersAdded": [{"id": "u1"}]},
              {"type": "message", "id": "a1", "timestamp": "2024-06-01T10:00:05.000Z",
               "from": {"id": "u1", "name": "User", "role": "user"}, "conversation": {"id": "conv-9"},
               "recipient": {"id": "bot", "role": "bot"}, "text": "How do I reset my password?"},
              {"type": "typing", "id": "a2", "timestamp": "2024-06-01T10:00:06.000Z",
               "from": {"id": "bot", "role": "bot"}, "conversation": {"id": "conv-9"}},
              {"type": "message", "id": "a3", "timestamp": "2024-06-01T10:00:07.000Z",
               "from": {"id": "bot", "name": "Bot", "role": "bot"}, "conversation": {"id": "conv-9"},
               "recipient": {"id": "u1", "role": "user"}, "text": "Use Forgot password on the sign-in page."},
              {"type": "message", "id": "b1", "timestamp": "2024-06-01T11:00:00.000Z",
               "from": {"id": "u2", "role": "user"}, "conversation": {"id": "conv-10"}, "text": "Is there a dark mode?"},
              {"type": "message", "id": "b2", "timestamp": "2024-06-01T11:00:02.000Z",
               "from": {"id": "bot", "role": "bot"}, "conversation": {"id": "conv-10"}, "text": "Yes: Settings, Theme."}
            ]
            """)
        // The conversation object names the conversation by its id; activities with no text (a member joining,
        // typing) are no turns.
        #expect(note?.contains("joined into conversations by conversation") == true)
        #expect(note?.contains("roles from from.role") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["conv-9", "conv-10"])
        #expect(
            run.records.first?.turnLines == [
                "customer: How do I reset my password?", "agent: Use Forgot password on the sign-in page.",
            ])
    }

    @Test func rasaTrackersAreKeptUnderTheirSenderIDs() throws {
        let lines = [
            #"{"sender_id": "u-1", "events": [{"event": "action", "name": "action_session_start", "timestamp": 1},"#
                + #" {"event": "session_started", "timestamp": 1.1},"#
                + #" {"event": "user", "text": "what is my balance", "timestamp": 2,"#
                + #" "parse_data": {"intent": {"name": "check_balance"}}},"#
                + #" {"event": "action", "name": "utter_balance", "timestamp": 2.5},"#
                + #" {"event": "bot", "text": "Your balance is in the app under Accounts.", "timestamp": 2.6},"#
                + #" {"event": "action", "name": "action_listen", "timestamp": 2.7}]}"#,
            #"{"sender_id": "u-2", "events": [{"event": "user", "text": "block my card", "timestamp": 5},"#
                + #" {"event": "bot", "text": "Done: your card is blocked.", "timestamp": 5.5}]}"#,
        ]
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "trackers.jsonl", lines.joined(separator: "\n") + "\n", format: .jsonl)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["u-1", "u-2"])
        #expect(
            run.records.first?.turnLines == [
                "customer: what is my balance", "agent: Your balance is in the app under Accounts.",
            ])
    }

    @Test func contactLensTranscriptByItsParticipantsRoles() throws {
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "contact-lens.json",
            """
            {"Version": "1.1.0", "Channel": "VOICE", "JobStatus": "COMPLETED",
             "Participants": [{"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
                              {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"}],
             "Transcript": [
              {"Id": "t1", "ParticipantId": "AGENT", "Content": "Thanks for calling, how can I help?",
               "BeginOffsetMillis": 0, "Sentiment": "NEUTRAL"},
              {"Id": "t2", "ParticipantId": "CUSTOMER", "Content": "My router keeps dropping the connection.",
               "BeginOffsetMillis": 2500, "Sentiment": "NEGATIVE"},
              {"Id": "t3", "ParticipantId": "AGENT", "Content": "Let us update its firmware together.",
               "BeginOffsetMillis": 5500, "Sentiment": "POSITIVE"}]}
            """)
        #expect(run.failures.isEmpty)
        // One call, not three texts.
        #expect(run.records.count == 1)
        #expect(
            run.records.first?.turnLines == [
                "agent: Thanks for calling, how can I help?", "customer: My router keeps dropping the connection.",
                "agent: Let us update its firmware together.",
            ])
    }

    @Test func aParticipantIDThatIsAnIDLeavesTheRoleToItsRole() throws {
        // Amazon Connect's chat transcript names each participant by an id and a role.
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "connect-chat.json",
            """
            {"Version": "2019-08-26", "ContactId": "c-1", "Transcript": [
              {"Id": "m1", "Type": "MESSAGE", "ParticipantId": "6d3f0a9c-1111", "ParticipantRole": "CUSTOMER",
               "Content": "Can I change my flight?", "AbsoluteTime": "2024-01-01T10:00:00.000Z"},
              {"Id": "m2", "Type": "MESSAGE", "ParticipantId": "9b2e7c1d-2222", "ParticipantRole": "AGENT",
               "Content": "Yes, for a fee of 30 euros.", "AbsoluteTime": "2024-01-01T10:00:20.000Z"}]}
            """)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.first?.turnLines == [
                "customer: Can I change my flight?", "agent: Yes, for a fee of 30 euros.",
            ])
    }

    @Test func contactCenterInsightsSegmentsInTheirTranscriptObject() throws {
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "ccai-conversation.json",
            """
            {"name": "projects/p1/locations/us-central1/conversations/cv-5", "medium": "CHAT",
             "transcript": {"transcriptSegments": [
              {"text": "Hello, I cannot find my order.", "channelTag": 2, "segmentParticipant": {"role": "END_USER"}},
              {"text": "Let me look it up: it ships today.", "channelTag": 1,
               "segmentParticipant": {"role": "HUMAN_AGENT"}},
              {"text": "Thanks!", "channelTag": 2, "segmentParticipant": {"role": "END_USER"}},
              {"text": "You are welcome. Anything else?", "channelTag": 3,
               "segmentParticipant": {"role": "AUTOMATED_AGENT"}}]}}
            """)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 1)
        #expect(
            run.records.first?.turnLines == [
                "customer: Hello, I cannot find my order.", "agent: Let me look it up: it ships today.",
                "customer: Thanks!", "agent: You are welcome. Anything else?",
            ])
    }
}
