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

/// Issue trackers' and IT service desks' comment exports: ServiceNow's journal entries (`sys_journal_field`: the
/// record in `element_id`, the author in `sys_created_by`, `work_notes` kept aside), GitHub's issue comments (the
/// author's `author_association`, the issue in `issue_url`) and an issue holding its comments (its `body` opens).
@Suite("Import: issue trackers' and service desks' comments")
struct IssueCommentImportTests {
    @Test func serviceNowJournalEntriesByTheirRecordAndAuthor() throws {
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "sys_journal_field.csv",
            """
            element_id,element,name,value,sys_created_by,sys_created_on
            a1f3,comments,incident,My laptop will not connect to the VPN since this morning.,jane.doe,2024-03-01 09:00:00
            b2e4,comments,incident,Outlook asks for my password every hour.,john.roe,2024-03-02 09:00:00
            a1f3,comments,incident,Your certificate was renewed; please restart the VPN client.,it.sam,2024-03-01 09:20:00
            a1f3,work_notes,incident,Checked logs: expired certificate.,it.sam,2024-03-01 09:10:00
            b2e4,comments,incident,We reset your profile; it should stop now.,it.sam,2024-03-02 09:30:00

            """, format: .csv)
        #expect(note?.contains("--conversation-by element_id --order-by sys_created_on") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["a1f3", "b2e4"])
        #expect(
            run.records[0].turnLines == [
                "customer: My laptop will not connect to the VPN since this morning.",
                "agent: Your certificate was renewed; please restart the VPN client.",
            ])
        // The work note is the team's, kept aside.
        #expect(run.records[0].metadata["internal_notes"] == ["Checked logs: expired certificate."])
    }

    @Test func gitHubIssueCommentsByTheirAuthorsAssociation() throws {
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "comments.json",
            """
            [
              {"id": 1, "issue_url": "https://api.github.com/repos/acme/tool/issues/42", "user": {"login": "alice"},
               "author_association": "NONE", "body": "The CLI crashes when the config file is empty.",
               "created_at": "2024-04-01T10:00:00Z"},
              {"id": 2, "issue_url": "https://api.github.com/repos/acme/tool/issues/42",
               "user": {"login": "maintainer1"}, "author_association": "MEMBER", "body": "Thanks, fixed in 2.3.1.",
               "created_at": "2024-04-01T11:00:00Z"},
              {"id": 3, "issue_url": "https://api.github.com/repos/acme/tool/issues/43", "user": {"login": "bob"},
               "author_association": "FIRST_TIME_CONTRIBUTOR", "body": "Is Windows supported?",
               "created_at": "2024-04-02T10:00:00Z"},
              {"id": 4, "issue_url": "https://api.github.com/repos/acme/tool/issues/43",
               "user": {"login": "maintainer1"}, "author_association": "OWNER", "body": "Yes, from version 2.0.",
               "created_at": "2024-04-02T11:00:00Z"}
            ]
            """)
        #expect(note?.contains("roles from author_association") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 2)
        #expect(run.records.map(\.response) == ["Thanks, fixed in 2.3.1.", "Yes, from version 2.0."])
        #expect(
            run.records.map(\.input) == ["The CLI crashes when the config file is empty.", "Is Windows supported?"])
    }

    @Test func anIssuesBodyOpensItsCommentsAndItsAssociationTellsTheSides() throws {
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "issue-42.json",
            """
            {"author": {"login": "alice"}, "authorAssociation": "NONE", "number": 42,
             "title": "CLI crashes on an empty config", "body": "The CLI crashes when the config file is empty.",
             "comments": [
              {"author": {"login": "maintainer1"}, "authorAssociation": "MEMBER", "body": "Which version?"},
              {"author": {"login": "alice"}, "authorAssociation": "NONE", "body": "2.3.0 on Linux."},
              {"author": {"login": "maintainer1"}, "authorAssociation": "MEMBER", "body": "Thanks, fixed in 2.3.1."}]}
            """)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.first?.turnLines == [
                "customer: CLI crashes on an empty config\n\nThe CLI crashes when the config file is empty.",
                "agent: Which version?", "customer: 2.3.0 on Linux.", "agent: Thanks, fixed in 2.3.1.",
            ])
    }
}
