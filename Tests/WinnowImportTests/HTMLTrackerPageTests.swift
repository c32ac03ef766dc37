import Foundation
import Testing
import WinnowCore
import WinnowImport

/// Issue trackers' pages saved from a browser: a description and comments told apart by structure, not by role.
@Suite struct HTMLTrackerPageTests {
    let pages = HTMLImporterTests()

    /// Text of the page's chrome (menus, sidebars, footers, comment boxes) that no message may hold.
    func expectNoChrome(_ record: ExampleDraft, _ chrome: [String]) {
        let texts = record.messages.map(\.content) + [record.input, record.response ?? ""]
        for word in chrome {
            #expect(!texts.contains { $0.contains(word) }, "\(word) reached a message")
        }
    }

    @Test func gitHubIssueOpenerIsTheCustomerAndOthersAnswer() throws {
        let outcome = try pages.importFixture("github-issue.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.metadata["layout"] == .string("tracker"))
        #expect(
            record.input
                == "Export stops at 10,000 rows\n\nThe CSV export of the ledger stops after exactly 10,000 rows;"
                + " our March ledger has 14,212.\n\nVersion 2.8.1, Postgres 16.")
        #expect(
            record.response?.hasPrefix("Thanks! The export is paged and the last page was never requested.") == true)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(record.messages.last?.content == "That works, all 14,212 rows are there now.")
        #expect(record.ticketID == "481")
        expectNoChrome(record, ["Leave a comment", "Assignees", "GitHub, Inc.", "Pull requests", "added the", "👍"])
    }

    @Test func redmineJournalKeepsPrivateNotesApart() throws {
        let outcome = try pages.importFixture("redmine-issue.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("tracker"))
        #expect(
            record.input
                == "Password reset e-mail never arrives\n\nI asked for a password reset three times today and no e-mail"
                + " came, not even in the spam folder. My login name is npetrova.")
        #expect(record.response?.hasPrefix("Hello Nadia, your company's mail gateway rejects our messages.") == true)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(record.label == "Account")
        #expect(
            pages.strings(record.metadata["internal_notes"])
                == ["Mail log shows a bounce from their gateway: our sender domain is on their block list."])
        expectNoChrome(record, ["block list", "Status changed", "Quote", "Sign out", "View all issues", "Powered by"])
    }

    @Test func requestTrackerCommentsAreInternalNotesAndCorrespondenceAnswers() throws {
        let outcome = try pages.importFixture("rt-ticket.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("tracker"))
        #expect(record.input.contains("the printer next to room 3.14 prints only blank pages since this morning."))
        #expect(record.response?.contains("pull off the yellow seal tape on its side") == true)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(record.messages.last?.content == "That was it, it prints again. Thank you!")
        #expect(
            pages.strings(record.metadata["internal_notes"])
                == ["Toner cartridge batch 22-B is known to ship with the seal tape on. Checking remotely first."])
        #expect(record.ticketID == "60418")
        #expect(record.label == "Technical")
        expectNoChrome(
            record, ["Toner cartridge", "Taken", "Status changed", "Homepage", "Time to display", "Logged in"])
    }

    @Test func jiraReporterIsTheCustomerAndRestrictedCommentsAreInternal() throws {
        let outcome = try pages.importFixture("jira-issue.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("tracker"))
        #expect(
            record.input
                == "VPN certificate expired on my laptop\n\nSince Monday the VPN client says my certificate expired and"
                + " refuses to connect. I work from home this week.")
        #expect(record.response?.hasPrefix("Hi Sofia, I issued a new certificate.") == true)
        #expect(record.label == "Technical")
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(
            pages.strings(record.metadata["internal_notes"])
                == ["Her certificate came from the old CA; needs a manual re-issue."])
        expectNoChrome(record, ["old CA", "Restricted to", "Dashboards", "About Jira", "Reporter", "added a comment"])
    }

    @Test func descriptionWithoutAKnownAuthorIsTheCustomersAndCommentsAnswerIt() throws {
        let comment = { (id: Int, author: String, text: String) in
            """
            <div id="comment-\(id)" class="issue-data-block activity-comment"><div class="action-head">
            <a class="user-hover" href="/u/\(id)">\(author)</a> added a comment</div>
            <div class="action-body"><p>\(text)</p></div></div>
            """
        }
        let outcome = try pages.importHTML(
            """
            <body><h1 id="summary-val">Cannot attach files larger than 10 MB</h1>
            <div id="description-val"><p>My 14 MB PDF is refused as too large.</p></div>
            <div id="issue_actions_container">
            \(comment(1, "Peter Wong", "I raised the limit of your space to 50 MB."))
            \(comment(2, "Lena Ortiz", "Peter's change is live on every server now."))
            </div></body>
            """)
        let record = try #require(outcome.records.first)
        #expect(record.input == "Cannot attach files larger than 10 MB\n\nMy 14 MB PDF is refused as too large.")
        #expect(record.response == "I raised the limit of your space to 50 MB.")
        #expect(record.messages.map(\.role) == [.user, .assistant, .assistant])
    }

    @Test func commentsByOneAuthorAloneLeaveThePageOneMessage() throws {
        let comment = { (text: String) in
            """
            <div class="comment"><h4><a class="user" href="/u/1">Ines</a></h4><div class="comment-body">\(text)</div></div>
            """
        }
        let outcome = try pages.importHTML(
            "<body>\(comment("The sync fails after an hour.")) \(comment("It also fails on the mobile app."))</body>")
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("message"))
        #expect(record.response == nil)
    }
}
