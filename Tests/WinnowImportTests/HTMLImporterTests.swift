import Foundation
import Testing
import WinnowCore
import WinnowImport
import WinnowMail

@Suite struct HTMLImporterTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/html")

    struct Outcome {
        var records: [ExampleDraft] = []
        var failures: [RecordFailure] = []
        var notes: [String] = []
    }

    func importFixture(_ name: String, options: ImportOptions = ImportOptions()) throws -> Outcome {
        try importFile(HTMLImporterTests.fixtures.appendingPathComponent(name), displayPath: name, options: options)
    }

    func importFile(_ url: URL, displayPath: String, options: ImportOptions = ImportOptions()) throws -> Outcome {
        var outcome = Outcome()
        try HTMLImporter().read(url, displayPath: displayPath, options: options) { event in
            switch event {
            case .record(let draft): outcome.records.append(draft)
            case .failure(let error): outcome.failures.append(error)
            case .note(let note): outcome.notes.append(note)
            case .mapping, .progress: break
            }
        }
        return outcome
    }

    func importHTML(_ html: String, options: ImportOptions = ImportOptions()) throws -> Outcome {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-html-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try importFile(url, displayPath: "page.html", options: options)
    }

    func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.scalarText) ?? []
    }

    // MARK: - Ticket tables

    @Test func helpdeskTableGivesOneRecordPerRow() throws {
        let outcome = try importFixture("helpdesk-export.html")
        #expect(outcome.records.count == 9)
        #expect(outcome.failures.count == 1)
        let first = try #require(outcome.records.first)
        #expect(first.ticketID == "AC-10231")
        #expect(first.label == "Billing")
        #expect(first.input.hasPrefix("Charged twice for order #55812\n\nHi, my card was charged twice"))
        #expect(first.response?.contains("3–5 business days") == true)
        #expect(first.locator == .element("/html/body/table[2]/tbody/tr[1]"))
        #expect(Set(outcome.records.compactMap(\.label)) == ["Billing", "Shipping", "Account", "Technical"])
    }

    @Test func emptyDescriptionIsQuarantinedWithItsRow() throws {
        let outcome = try importFixture("helpdesk-export.html")
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.file == "helpdesk-export.html")
        #expect(failure.locator == .element("/html/body/table[2]/tbody/tr[5]"))
        #expect(failure.snippet.contains("AC-10235"))
    }

    @Test func scriptsEntitiesAndHiddenCellsInTable() throws {
        let outcome = try importFixture("helpdesk-export.html")
        let crash = try #require(outcome.records.first { $0.ticketID == "AC-10234" })
        #expect(crash.input.contains("tap <Pay now> on the checkout screen. I'm on version 4.2.1"))
        #expect(!crash.input.contains("evil.example"))
        let login = try #require(outcome.records.first { $0.ticketID == "AC-10233" })
        #expect(login.input.contains("says \"invalid credentials\" & then locks me out"))
        let deletion = try #require(outcome.records.first { $0.ticketID == "AC-10238" })
        #expect(!deletion.input.contains("internal-tracking-id"))
        let codes = try #require(outcome.records.first { $0.ticketID == "AC-10240" })
        #expect(codes.input.hasSuffix("same as before.\nI've tried 4 times today."))
        let discount = try #require(outcome.records.first { $0.ticketID == "AC-10239" })
        #expect(discount.input.contains("says “expired” but your email said it’s valid"))
    }

    @Test func raggedRowNamesTheElement() throws {
        let outcome = try importHTML(
            """
            <table><tr><th>Subject</th><th>Body</th><th>Category</th></tr>
            <tr><td>Hello</td><td>Where is my order?</td><td>Shipping</td></tr>
            <tr><td>Only two</td><td>cells</td></tr></table>
            """)
        #expect(outcome.records.count == 1)
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .invalidHTML)
        #expect(failure.locator == .element("/html/body/table/tr[3]"))
        #expect(failure.description.contains("page.html"))
        #expect(failure.message.contains("2 cells"))
    }

    @Test func explicitMappingAppliesToTableHeaders() throws {
        let mapping = try FieldMapping(specifications: ["input=Question", "response=Answer", "label=Team"])
        let outcome = try importHTML(
            """
            <table><tr><th>Question</th><th>Answer</th><th>Team</th><th>Agent</th></tr>
            <tr><td>Can I pay by invoice?</td><td>Yes, for business accounts.</td><td>Billing</td><td>Ann</td></tr>
            </table>
            """, options: ImportOptions(mapping: mapping))
        let record = try #require(outcome.records.first)
        #expect(record.input == "Can I pay by invoice?")
        #expect(record.response == "Yes, for business accounts.")
        #expect(record.label == "Billing")
        #expect(record.metadata["Agent"] == .string("Ann"))
    }

    // MARK: - Thread pages

    @Test func zendeskThreadSplitsRolesAndDropsInternalNotes() throws {
        let outcome = try importFixture("zendesk-ticket.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.label == "Billing")
        #expect(record.ticketID == "48213")
        #expect(record.input.hasPrefix("Refund still not received\n\nHello,\n\nI returned the blender"))
        #expect(record.input.hasSuffix("Could you check what’s going on?"))
        let response = try #require(record.response)
        #expect(response.hasPrefix("Hi Priya,"))
        #expect(response.hasSuffix("it usually shows within 3–5 working days."))
        #expect(!response.contains("returns team"))
        #expect(record.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(record.messages[2].content == "Great, thank you Tom!")
        #expect(record.messages[3].content == "You’re welcome! I’ll mark this ticket as solved.")
        #expect(strings(record.metadata["internal_notes"]).first?.hasPrefix("Return was scanned") == true)
        // The sign-off goes with the device footer below it.
        #expect(strings(record.metadata["removed_signatures"]).contains("Thanks,\nPriya\n\nSent from my iPhone"))
        #expect(strings(record.metadata["removed_signatures"]).contains { $0.contains("Tom Becker") })
        #expect(strings(record.metadata["removed_signatures"]).contains("Kind regards,"))
        let quotes = strings(record.metadata["removed_quotes"])
        #expect(quotes.contains { $0.hasPrefix("On Tue, Mar 3, 2026") })
        #expect(quotes.contains("> Great, thank you Tom!"))
        #expect(record.metadata["title"] == .string("#48213 Refund still not received – Acme Support"))
        #expect(record.locator == .element("/html/body/div/main/div"))
        let everything = ([record.input, record.response ?? ""] + record.messages.map(\.content)).joined()
        #expect(!everything.contains("do not leak"))
        #expect(!everything.contains("Lifetime value"))
    }

    @Test func emailThreadIsSplitAtFromHeaders() throws {
        let outcome = try importFixture("email-thread.html")
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(record.label == "Shipping")
        #expect(record.input.hasPrefix("Wrong size delivered\n\nHi there,\n\nI ordered the trail running shoes"))
        #expect(record.input.hasSuffix("Daniel"))
        #expect(record.response?.hasPrefix("Hello Daniel,\n\nI'm sorry we sent the wrong size.") == true)
        #expect(record.response?.contains("On Mon, 9 Mar") == false)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(record.messages[2].content.hasPrefix("Perfect, thanks Marta. Do I need to print the label"))
        #expect(record.messages[2].content.hasSuffix("show it on my phone at the drop-off point?"))
        #expect(record.messages[3].content == "Showing the QR code on your phone is fine; no need to print anything.")
        let quotes = strings(record.metadata["removed_quotes"])
        #expect(quotes.contains { $0.hasPrefix("On Mon, 9 Mar 2026 at 18:22") })
        #expect(quotes.contains { $0.hasPrefix("-----Original Message-----") })
        #expect(quotes.contains { $0.hasPrefix("From: Daniel Okafor\nSent:") })
        let signatures = strings(record.metadata["removed_signatures"])
        #expect(signatures.contains("Sent from my iPhone"))
        #expect(signatures.contains { $0.hasPrefix("--\nMarta Silva") })
        #expect(record.locator == .element("/html/body"))
    }

    @Test func outlookPrintViewStartsWithASentHeader() throws {
        let outcome = try importHTML(
            """
            <body><p>From: Kim Park &lt;kim@example.org&gt;<br>Sent: Friday, March 13, 2026 4:02 PM<br>
            To: help@acme-shop.example<br>Subject: Cancel order 7781</p>
            <p>Please cancel order 7781, I ordered the wrong colour.</p>
            <p>From: Acme Help &lt;help@acme-shop.example&gt;<br>Sent: Friday, March 13, 2026 3:00 PM<br>
            Subject: Your order 7781</p><p>Thanks for your order!</p></body>
            """)
        let record = try #require(outcome.records.first)
        #expect(record.input == "Cancel order 7781\n\nPlease cancel order 7781, I ordered the wrong colour.")
        #expect(record.messages.count == 1)
        #expect(strings(record.metadata["removed_quotes"]).first?.hasPrefix("From: Acme Help") == true)
    }

    /// Gmail's "Print all" view of a thread, as Gmail lays it out: the account's mailbox at the top, the subject,
    /// then one table per message whose first row shows the sender and the date.
    static let gmailPrint = """
        <html><head><title>Gmail - Order #A-55102 arrived damaged</title></head><body><div class="bodycontainer">
        <table width=100% cellpadding=0 cellspacing=0 border=0><tr height=14px><td width=143>
        <img src="logo.png" width=143 height=59 alt="Gmail" class="logo"></td><td align=right><font size=-1
        color=#777><b>Orbit Outdoor Support</b> &lt;orbit.team@gmail.example&gt;</font></td></tr></table><hr>
        <div class="maincontent"><table width=100% cellpadding=0 cellspacing=0 border=0><tr><td><font size=+1>
        <b>Order #A-55102 arrived damaged</b></font><br><font size=-1 color=#777>3 messages</font></td></tr></table>
        <hr><table width=100% cellpadding=0 cellspacing=0 border=0 class="message"><tr><td><font size=-1>
        <b>Tomás Ferreira</b> &lt;tomas@example.com&gt;</font></td><td align=right><font size=-1>Sun, Mar 8, 2026 at
        7:14 PM</font></td></tr><tr><td colspan=2><font size=-1 class="recipient"><div>To: orbit.team@gmail.example
        </div></font></td></tr><tr><td colspan=2><table width=100% cellpadding=12 cellspacing=0 border=0><tr><td>
        <div style="overflow: hidden;"><font size=-1><div dir="ltr">My tent (order #A-55102) arrived with a broken
        pole. Can you send a replacement?</div></font></div></td></tr></table></td></tr></table><hr>
        <table width=100% cellpadding=0 cellspacing=0 border=0 class="message"><tr><td><font size=-1><b>Orbit
        Outdoor Support</b> &lt;orbit.team@gmail.example&gt;</font></td><td align=right><font size=-1>Mon, Mar 9,
        2026 at 9:02 AM</font></td></tr><tr><td colspan=2><font size=-1 class="recipient"><div>To: Tomás Ferreira
        &lt;tomas@example.com&gt;</div></font></td></tr><tr><td colspan=2><table width=100% cellpadding=12
        cellspacing=0 border=0><tr><td><div style="overflow: hidden;"><font size=-1><div dir="ltr">A replacement
        pole ships today.</div><div class="gmail_quote"><div class="gmail_attr">On Sun, Mar 8, 2026 at 7:14 PM
        Tomás Ferreira &lt;tomas@example.com&gt; wrote:</div><blockquote class="gmail_quote">My tent arrived with a
        broken pole.</blockquote></div></font></div></td></tr></table></td></tr></table><hr>
        <table width=100% cellpadding=0 cellspacing=0 border=0 class="message"><tr><td><font size=-1><b>Tomás
        Ferreira</b> &lt;tomas@example.com&gt;</font></td><td align=right><font size=-1>Mon, Mar 9, 2026 at 10:30
        AM</font></td></tr><tr><td colspan=2><font size=-1 class="recipient"><div>To: Orbit Outdoor Support
        &lt;orbit.team@gmail.example&gt;</div></font></td></tr><tr><td colspan=2><table width=100% cellpadding=12
        cellspacing=0 border=0><tr><td><div style="overflow: hidden;"><font size=-1><div dir="ltr">Perfect,
        thanks!<br><font color="#888888">[Quoted text hidden]</font></div></font></div></td></tr></table></td></tr>
        </table></div></div></body></html>
        """

    @Test func gmailPrintViewIsAThreadOfItsMessages() throws {
        let outcome = try importHTML(HTMLImporterTests.gmailPrint)
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(
            record.input
                == "Order #A-55102 arrived damaged\n\nMy tent (order #A-55102) arrived with a broken pole. Can you"
                + " send a replacement?")
        #expect(record.response == "A replacement pole ships today.")
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(record.messages[2].content == "Perfect, thanks!")
        #expect(record.ticketID == nil)
        #expect(record.metadata["layout"] == .string("mail_print"))
        #expect(record.metadata["mailbox"] == .string("orbit.team@gmail.example"))
        let quotes = strings(record.metadata["removed_quotes"])
        #expect(quotes.contains { $0.hasPrefix("On Sun, Mar 8, 2026 at 7:14 PM") })
        #expect(quotes.contains("[Quoted text hidden]"))

        // Named agents win over the page's mailbox: here the customer printed the thread from their own account.
        let named = try importHTML(
            HTMLImporterTests.gmailPrint, options: ImportOptions(agentDomains: ["example.com"]))
        let asNamed = try #require(named.records.first)
        #expect(asNamed.messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(asNamed.input.hasSuffix("A replacement pole ships today."))
        #expect(asNamed.response == "Perfect, thanks!")
    }

    @Test func aSavedAnswerPageTakesItsQuestionFromTheHistoryItQuotesWhenTheSupportSideIsNamed() throws {
        // Outlook's "Save as" HTML of an agent's answer: its own header block, then the answer, then the customer's
        // message under Outlook's header rule.
        let page = """
            <html><head><meta charset="utf-8"><title>RE: Refund for order 5521</title></head><body>
            <div class=WordSection1><p class=MsoNormal><b>From:</b> Sam Ortiz &lt;sam@shop.example&gt;<br><b>Sent:</b>
            Tuesday, November 3, 2026 6:40 PM<br><b>To:</b> Jane Doe &lt;jane@example.org&gt;<br><b>Subject:</b> RE:
            Refund for order 5521</p><p class=MsoNormal>Hello Jane,</p><p class=MsoNormal>The refund was sent again
            today.</p><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in'>
            <p class=MsoNormal><b>From:</b> Jane Doe &lt;jane@example.org&gt;<br><b>Sent:</b> Tuesday, November 3,
            2026 6:11 PM<br><b>To:</b> Shop &lt;hello@shop.example&gt;<br><b>Subject:</b> Refund for order 5521</p>
            </div><p class=MsoNormal>Hi,</p><p class=MsoNormal>my refund still hasn't shown up.</p></div></body></html>
            """
        let named = try importHTML(page, options: ImportOptions(agentDomains: ["shop.example"]))
        let record = try #require(named.records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.input.hasSuffix("Hi,\n\nmy refund still hasn't shown up."))
        #expect(record.response?.hasPrefix("Hello Jane,") == true)
        #expect(record.metadata["question_from_quote"] != nil)
        // Named agents only: a page quoting the agent's own earlier mail has no question to take.
        let own = page.replacingOccurrences(
            of: "Jane Doe &lt;jane@example.org&gt;<br><b>Sent:</b> Tuesday, November 3,\n2026",
            with: "Kim &lt;kim@shop.example&gt;<br><b>Sent:</b> Tuesday, November 3,\n2026")
        #expect(own != page)
        #expect(try importHTML(own, options: ImportOptions(agentDomains: ["shop.example"])).records.isEmpty)
    }

    @Test func windows1252PageDecodesFromItsMetaCharset() throws {
        let outcome = try importFixture("legacy-cp1252.html")
        let record = try #require(outcome.records.first)
        #expect(record.input.hasPrefix("Café Club subscription charged after cancelling\n\nI cancelled my Café Club"))
        #expect(record.input.contains("you’ve still charged me €12.50"))
        #expect(record.input.contains("please — I don’t"))
        #expect(!record.input.contains("Renée Fontaine"))
        #expect(record.response?.hasPrefix("Bonjour Renée, you’re right") == true)
        #expect(record.label == "Billing")
        #expect(record.ticketID == "30571")
        #expect(strings(record.metadata["removed_signatures"]) == ["--\nJoão · Billing team"])
        #expect(outcome.notes.contains { $0.contains("decoded as windows-1252") })
    }

    func importBytes(_ bytes: [UInt8], options: ImportOptions = ImportOptions()) throws -> Outcome {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-html-\(UUID().uuidString).html")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try importFile(url, displayPath: "page.html", options: options)
    }

    /// A ticket page declaring `charset`, whose title and customer message are the bytes given.
    func legacyPage(charset: String, title: [UInt8], customer: [UInt8]) -> [UInt8] {
        Array("<html><head><title>".utf8) + title
            + Array("</title><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\"></head>".utf8)
            + Array("<body><div class=\"message customer\"><p>".utf8) + customer
            + Array("</p></div><div class=\"message agent\"><p>Done.</p></div></body></html>".utf8)
    }

    @Test func charsetDeclaredAfterANonASCIITitleIsHonoured() throws {
        // Ticket 4410 – Rückerstattung / 49 € „Danke“ in Windows-1252: the title's bytes come before the meta tag.
        let page = legacyPage(
            charset: "windows-1252",
            title: Array("Ticket 4410 ".utf8) + [0x96] + Array(" R".utf8) + [0xFC] + Array("ck".utf8),
            customer: Array("49 ".utf8) + [0x80] + Array(" ".utf8) + [0x84] + Array("Danke".utf8) + [0x93])
        let outcome = try importBytes(page)
        let record = try #require(outcome.records.first)
        #expect(record.input.hasSuffix("49 € „Danke“"))
        #expect(record.metadata["title"] == .string("Ticket 4410 – Rück"))
        #expect(outcome.notes.contains { $0.contains("decoded as windows-1252") })

        // A Latin-1 label is read as Windows-1252, as browsers read it.
        let latin1 = try importBytes(
            legacyPage(charset: "iso-8859-1", title: [0x41], customer: [0x80] + Array("5".utf8)))
        #expect(latin1.records.first?.input.hasSuffix("€5") == true)
    }

    @Test func shiftJISIsReadAsWindows31JAndBadBytesDoNotCutTheText() throws {
        // 配送 ①② 〜: CP932's circled digits (0x8740, 0x8741) and full-width tilde (0x8160), then a lead byte with no
        // trail byte (0x81 0x20) and more text.
        let customer: [UInt8] =
            [0x94, 0x7A, 0x91, 0x97, 0x20, 0x87, 0x40, 0x87, 0x41, 0x81, 0x60, 0x81, 0x20] + Array("OK".utf8)
        let outcome = try importBytes(legacyPage(charset: "Shift_JIS", title: Array("JP".utf8), customer: customer))
        let record = try #require(outcome.records.first)
        #expect(record.input.contains("配送 ①②～"))
        #expect(record.input.hasSuffix("\u{FFFD} OK"))
        #expect(outcome.notes.contains { $0.contains("Windows-31J") })
        #expect(outcome.notes.contains { $0.contains("1 byte invalid") && $0.contains("kept") })
    }

    @Test func utf8BytesUnderALegacyDeclarationAreReadAsUTF8() throws {
        let outcome = try importBytes(
            legacyPage(
                charset: "windows-1252", title: Array("Rückerstattung".utf8), customer: Array("49 € „Danke“".utf8)))
        let record = try #require(outcome.records.first)
        #expect(record.input.hasSuffix("49 € „Danke“"))
        #expect(outcome.notes.contains { $0.contains("declared as windows-1252 but the bytes are UTF-8") })
    }

    @Test func pageWithoutReadableTextIsQuarantinedAsEmpty() throws {
        let outcome = try importHTML("<html><body><div><img src=x.png></div><p hidden>draft</p></body></html>")
        #expect(outcome.records.isEmpty)
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.locator == .element("/html/body"))
        #expect(failure.message.contains("--html-profile"))
    }

    @Test func emptyFileIsInvalidHTML() throws {
        let outcome = try importHTML("")
        #expect(outcome.failures.map(\.kind) == [.invalidHTML])
        #expect(outcome.failures.first?.file == "page.html")
    }

    @Test func brokenMarkupIsRecoveredWithANote() throws {
        let outcome = try importHTML(
            """
            <table><tr><th>Subject</th><th>Description</th></tr>
            <tr><td>Login <b>broken</td><td>Cannot sign in</span></td></tr></table>
            """)
        #expect(outcome.records.count == 1)
        #expect(outcome.notes.count == 1)
        #expect(outcome.notes.first?.contains("page.html: recovered from") == true)
    }

    @Test func missingFileThrowsUnreadable() {
        #expect(throws: ImportError.self) {
            try importFile(URL(fileURLWithPath: "/nonexistent/page.html"), displayPath: "page.html")
        }
    }

    @Test func classRolesPreferTheLargestSiblingGroup() throws {
        let outcome = try importHTML(
            """
            <html><head><title>Help</title></head><body>
            <nav><a href="/c" data-category="Shoes">Shoes</a></nav>
            <div class="customer-info">Ana Lima, 12 orders</div>
            <section class="ticket" data-queue="Account">
              <h2>Password email never arrives</h2>
              <div class="thread">
                <div class="msg msg--customer"><span class="author">Ana</span>
                  <p>I asked for a reset link twice.</p></div>
                <div class="msg msg--customer" hidden><p>draft never sent</p></div>
                <div class="msg msg--agent"><span class="author">Sam</span><p>It was caught by our spam filter;
                  I've sent a new link.</p></div>
                <div class="msg msg--agent internal"><p>Whitelisted her domain.</p></div>
              </div>
            </section>
            <table><tr><th>Subject</th><th>Date</th></tr><tr><td>Older ticket</td><td>2026-01-02</td></tr></table>
            </body></html>
            """)
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.input == "Password email never arrives\n\nI asked for a reset link twice.")
        #expect(record.response == "It was caught by our spam filter; I've sent a new link.")
        #expect(record.label == "Account")
        #expect(record.messages.count == 2)
        #expect(strings(record.metadata["internal_notes"]) == ["Whitelisted her domain."])
        #expect(record.locator == .element("/html/body/section/div"))
    }

    @Test func namesAndUtilityClassesAreNoMessages() throws {
        let outcome = try importHTML(
            """
            <body><h1>VPN drops every ten minutes</h1>
            <div id="people">Owner: <span class="user">jdoe (John Doe)</span>
              Requestor: <a class="user active" href="/u/8">Karin Meyer</a></div>
            <div class="history">
              <div class="entry from-customer"><p class="who"><a class="user-hover" href="/u/8">Karin Meyer</a></p>
                <p>Since client 5.2 my VPN drops every ten minutes.</p></div>
              <div class="entry from-agent"><p class="who"><span class="user">jdoe</span></p>
                <p>Please set dead peer detection to 60 seconds.</p></div>
              <div class="entry message-user"><table class="user-select-contain"><tr><td>That fixed it, thanks!</td>
                </tr></table></div>
            </div></body>
            """)
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.input == "VPN drops every ten minutes\n\nSince client 5.2 my VPN drops every ten minutes.")
        #expect(record.response == "Please set dead peer detection to 60 seconds.")
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(record.messages.last?.content == "That fixed it, thanks!")
        #expect(record.locator == .element("/html/body/div[2]"))
    }

    @Test func utilityClassesNamingNoRoleLeaveThePageOneMessage() throws {
        let outcome = try importHTML(
            """
            <body><div class="AppHeader">Signed in as <span class="current-user">mchen</span></div>
            <div class="comment"><h3><a class="author user-hover" href="/rfranke">rfranke</a> commented</h3>
              <img class="avatar avatar-user" src="a.png" alt="">
              <table class="d-block user-select-contain"><tr><td class="comment-body">
                Every sync call returns 401 Unauthorized until I restart the daemon.</td></tr></table></div>
            </body>
            """)
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("message"))
        #expect(record.input.contains("Every sync call returns 401 Unauthorized until I restart the daemon."))
    }

    @Test func privateNotesAloneStayOutOfThePageMessage() throws {
        let outcome = try importHTML(
            """
            <body><h2>Invoice PDF shows wrong VAT rate</h2>
            <div class="description"><p>Invoices for Austria show 19% VAT instead of 20%.</p></div>
            <div class="journal has-notes private-notes"><h4><a class="user active" href="/users/3">Stefan</a></h4>
              <p>Root cause: a typo in the country code.</p></div>
            <div class="journal has-notes"><h4><span class="badge badge-private">Developer</span></h4>
              <p>Fixed; the invoices are regenerated.</p></div>
            </body>
            """)
        let record = try #require(outcome.records.first)
        #expect(record.metadata["layout"] == .string("message"))
        #expect(record.input.contains("Invoices for Austria show 19% VAT instead of 20%."))
        #expect(!record.input.contains("Root cause"))
        let notes = strings(record.metadata["internal_notes"])
        #expect(notes.count == 1)
        #expect(notes.first?.hasSuffix("Root cause: a typo in the country code.") == true)
    }

    @Test func freeScoutThreadTypesNameCustomerAgentAndNote() throws {
        let outcome = try importHTML(
            """
            <body><div id="conv-subject"><span>Export to CSV cuts off long notes</span></div>
            <div id="conv-layout-main">
              <div class="thread thread-type-customer" id="thread-5001"><div class="thread-message">
                <div class="thread-header"><div class="thread-person"><strong>Priya</strong></div></div>
                <div class="thread-body"><p>The Notes column is cut off after 255 characters.</p></div></div></div>
              <div class="thread thread-type-lineitem thread-state-published" id="thread-5002"><div class="thread-message">
                <div class="thread-header"><div class="thread-title">Marco assigned to himself</div></div></div></div>
              <div class="thread thread-type-note" id="thread-5003"><div class="thread-message">
                <div class="thread-body"><p>Dev says it is the truncation in ExportService.</p></div></div></div>
              <div class="thread thread-type-message" id="thread-5004"><div class="thread-message">
                <div class="thread-header"><div class="thread-person"><strong>Marco</strong></div></div>
                <div class="thread-body"><p>The fix is live: exports keep notes up to 32,000 characters.</p></div>
              </div></div>
            </div></body>
            """)
        let record = try #require(outcome.records.first)
        #expect(record.input.hasSuffix("The Notes column is cut off after 255 characters."))
        #expect(record.response == "The fix is live: exports keep notes up to 32,000 characters.")
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(strings(record.metadata["internal_notes"]) == ["Dev says it is the truncation in ExportService."])
    }

    @Test func newestFirstThreadIsReadOldestFirstByItsTimes() throws {
        let page = """
            <body><h1>Refund for duplicate order</h1><div class="thread-list">
              <div class="thread customer"><time datetime="2026-03-09T12:10:00Z">12:10</time>
                <p>Got the refund, thanks a lot.</p></div>
              <div class="thread agent"><div class="meta"><span data-timestamp="1773050400">10:00</span></div>
                <p>I cancelled order #4472 and refunded it.</p></div>
              <div class="thread customer"><div class="meta"><a href="#t901" title="2026-03-09 08:00">8:00</a></div>
                <p>I placed the same order twice; please cancel one.</p></div>
            </div></body>
            """
        let outcome = try importHTML(page)
        let record = try #require(outcome.records.first)
        #expect(record.input == "Refund for duplicate order\n\nI placed the same order twice; please cancel one.")
        #expect(record.response == "I cancelled order #4472 and refunded it.")
        #expect(record.messages.last?.content == "Got the refund, thanks a lot.")
        #expect(record.metadata["page_order"] == .string("newest_first"))
        #expect(outcome.notes.contains { $0.contains("newest first") })

        let untimed = try importHTML(page.replacingOccurrences(of: #" title="2026-03-09 08:00""#, with: ""))
        let asShown = try #require(untimed.records.first)
        #expect(asShown.input == "Refund for duplicate order\n\nGot the refund, thanks a lot.")
        #expect(asShown.metadata["page_order"] == nil)
        #expect(untimed.notes.isEmpty)
    }

    @Test func newestFirstThreadIsReadOldestFirstByDatesInTooltips() throws {
        // FreeScout: the times are tooltips on relative dates; the internal note shows none.
        func page(_ newest: String, _ oldest: String) -> String {
            """
            <body><div id="conv-layout-main">
              <div class="thread thread-type-message"><div class="thread-info">
                <a class="thread-date" title="\(newest)">2 hours ago</a></div>
                <div class="thread-body"><p>The fix is live, please export again.</p></div></div>
              <div class="thread thread-type-note"><div class="thread-info"><a class="thread-date">3 hours ago</a></div>
                <div class="thread-body"><p>Hotfix 2.4.1 deployed.</p></div></div>
              <div class="thread thread-type-customer"><div class="thread-info">
                <a class="thread-date" title="\(oldest)">5 hours ago</a></div>
                <div class="thread-body"><p>The Notes column is cut off after 255 characters.</p></div></div>
            </div></body>
            """
        }
        for (newest, oldest) in [
            ("Mar 10, 2026 11:20", "Mar 10, 2026 08:02"), ("10 Mar 2026 11:20", "10 Mar 2026 08:02"),
            ("2026-03-10 11:20", "2026-03-10 08:02"), ("25/03/2026", "24/03/2026"),
            ("03/25/2026 9:00 PM", "03/25/2026 8:00 AM"),
        ] {
            let outcome = try importHTML(page(newest, oldest))
            let record = try #require(outcome.records.first)
            #expect(record.input == "The Notes column is cut off after 255 characters.", "\(newest)")
            #expect(record.response == "The fix is live, please export again.", "\(newest)")
            #expect(record.metadata["page_order"] == .string("newest_first"), "\(newest)")
        }
        // 10/03/2026 and 09/03/2026 read either way: no order is taken from them.
        let ambiguous = try importHTML(page("10/03/2026", "09/03/2026"))
        #expect(ambiguous.records.first?.messages.first?.content == "The fix is live, please export again.")
        #expect(ambiguous.records.first?.metadata["page_order"] == nil)
    }

    @Test func subjectSkipsLogosTicketNumbersAndTheApplicationsName() throws {
        let thread = """
            <div class="comments"><div class="comment customer"><p>Uploads over 10 MB fail.</p></div>
            <div class="comment agent"><p>Raised the limit to 50 MB.</p></div></div>
            """
        func subject(_ page: String) throws -> String? {
            try importHTML(page).records.first?.input.components(separatedBy: "\n\n").first
        }
        // Jira: the logo is the first <h1>; the summary's heading says so by its id.
        #expect(
            try subject(
                """
                <head><title>[HELP-3310] Cannot attach large files - Jira</title></head><body>
                <header><h1 id="logo" class="aui-header-logo"><a href="/"><span>Jira</span></a></h1></header>
                <h1 id="summary-val">Cannot attach large files</h1>\(thread)</body>
                """) == "Cannot attach large files")
        // osTicket's print view: the ticket number in <h1>, the subject in <h2>.
        #expect(
            try subject("<body><h1>Ticket #418802</h1><h2>Charged twice for annual plan</h2>\(thread)</body>")
                == "Charged twice for annual plan")
        // Zammad: only the title, with the application's name after the subject.
        #expect(
            try subject("<head><title>Printer jams on duplex - Zammad</title></head><body>\(thread)</body>")
                == "Printer jams on duplex")
        // FreeScout: the title ends with the customer's name; the subject has its own element.
        #expect(
            try subject(
                """
                <head><title>#1042 Export cuts off notes - Priya Natarajan</title></head><body>
                <div id="conv-subject"><div class="conv-subjwrap"><div class="conv-subjtext"><span>Export cuts off
                notes</span></div><strong class="conv-number">#1042</strong></div></div>\(thread)</body>
                """) == "Export cuts off notes")
        // GitHub: the issue number, the repository and the site after the subject.
        #expect(
            try subject(
                "<head><title>Sync fails after refresh · Issue #2291 · acme/syncd · GitHub</title></head><body>\(thread)</body>"
            ) == "Sync fails after refresh")
    }

    @Test func webArchiveIsReadAsThePageItHolds() throws {
        // A Blink "save as single file" archive: quoted-printable HTML in ISO-8859-1, then a style sheet part.
        let archive = """
            From: <Saved by Blink>\r
            Snapshot-Content-Location: https://helpdesk.example.com/#ticket/zoom/31078\r
            Subject: Printer jams on duplex\r
            MIME-Version: 1.0\r
            Content-Type: multipart/related;\r
            \ttype="text/html";\r
            \tboundary="----MultipartBoundary--7Yx3"\r
            \r
            ------MultipartBoundary--7Yx3\r
            Content-Type: text/html; charset=iso-8859-1\r
            Content-Transfer-Encoding: quoted-printable\r
            Content-Location: https://helpdesk.example.com/#ticket/zoom/31078\r
            \r
            <html><head><title>Printer jams on duplex</title></head><body><div class=3D"ticket=\r
            -article">\r
            <div class=3D"article customer"><p>The printer in room 4.12 jams, caf=E9 floor.</p></div>\r
            <div class=3D"article agent"><p>Please use the printer in 4.08 until Thursday.</p></div>\r
            </div></body></html>\r
            \r
            ------MultipartBoundary--7Yx3\r
            Content-Type: text/css\r
            Content-Location: https://helpdesk.example.com/app.css\r
            \r
            body { margin: 0px; }\r
            ------MultipartBoundary--7Yx3--\r

            """
        #expect(SourceFormat.detect(path: "ticket.mhtml", prefix: Array(archive.utf8)) == .html)
        #expect(SourceFormat.detect(path: "ticket", prefix: Array(archive.utf8)) == .html)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-\(UUID().uuidString).mhtml")
        try Data(archive.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let outcome = try importFile(url, displayPath: "ticket.mhtml")
        let record = try #require(outcome.records.first)
        #expect(record.input == "Printer jams on duplex\n\nThe printer in room 4.12 jams, café floor.")
        #expect(record.response == "Please use the printer in 4.08 until Thursday.")
        #expect(record.metadata["layout"] == .string("thread"))
        #expect(outcome.notes.contains { $0.contains("web archive") && $0.contains("helpdesk.example.com") })
    }

    @Test func webResourcesAreNoSupportLogs() {
        for (path, kind) in [
            ("site.css", "a style sheet"), ("app.js.download", "a script"), ("logo.png", "an image"),
            ("font.woff2", "a font"),
        ] {
            // A style sheet's semicolons or a script's commas are no CSV.
            #expect(SourceFormat.detect(path: path, prefix: Array("a { b: c; d: e; }\n".utf8)) == nil, "\(path)")
            let reason = kind == "an image" ? "an image, not a support log" : "\(kind) of a web page, not a support log"
            #expect(SourceFormat.unreadableKind(path: path, prefix: []) == reason)
        }
        #expect(SourceFormat.webResourceKind(path: "tickets.csv.download") == nil)
    }

    @Test func aThreadWinsOverTablesBesideIt() throws {
        let outcome = try importHTML(
            """
            <body><h1>Refund for duplicate order</h1>
            <div class="thread-list">
              <div class="thread customer"><p>I placed the same order twice; please cancel one.</p></div>
              <div class="thread agent"><p>I cancelled order #4472 and refunded it.</p></div>
            </div>
            <table><thead><tr><th>File</th><th>Size</th><th>Description</th></tr></thead>
            <tbody><tr><td>receipt.pdf</td><td>22 KB</td><td>Order receipt</td></tr></tbody></table>
            </body>
            """)
        #expect(outcome.records.count == 1)
        let record = try #require(outcome.records.first)
        #expect(record.input == "Refund for duplicate order\n\nI placed the same order twice; please cancel one.")
        #expect(record.response == "I cancelled order #4472 and refunded it.")
    }

    @Test func forumPostsMarkedWithMicrodataAreAThread() throws {
        let post = { (author: String, text: String, kind: String) in
            """
            <div class="topic-body" \(kind)><div class="meta"><span itemprop="author"><a href="/u/\(author)">
            <span itemprop="name">\(author)</span></a></span></div>
            <div class="post" itemprop="text"><p>\(text)</p></div><span class="post-likes">2 Likes</span></div>
            """
        }
        let outcome = try importHTML(
            """
            <body><h1>Webhook retries never stop after a 410</h1>
            <div itemscope itemtype="http://schema.org/DiscussionForumPosting">
            \(post("okafor_dev", "Is there a way to make 410 stop the retries?", ""))
            \(post("lina_staff", "Only 2xx stops the retry chain for now.", "itemprop=\"comment\""))
            \(post("okafor_dev", "Thanks, deleting the subscription works for us.", "itemprop=\"comment\""))
            <div class="suggested-topics"><h3>Related topics</h3><table><thead><tr><th>Topic</th><th>Replies</th>
            <th>Views</th></tr></thead><tbody><tr><td>Webhook signature mismatch</td><td>4</td><td>210</td></tr>
            </tbody></table></div></div></body>
            """)
        #expect(outcome.failures.isEmpty)
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(
            record.input == "Webhook retries never stop after a 410\n\nIs there a way to make 410 stop the retries?")
        #expect(record.response == "Only 2xx stops the retry chain for now.")
        #expect(record.messages.map(\.role) == [.user, .assistant, .user])
        #expect(!record.messages.contains { $0.content.contains("Likes") })
    }

    @Test func aLongThreadKeepsEveryMessageInOrder() throws {
        // A long thread read in one pass (its speed is in BENCHMARKS.md, "HTML pages: long threads").
        let messages = (0..<2_000).map { index in
            let role = index % 2 == 0 ? "end-user" : "agent"
            return "<div class=\"comment\" data-author-role=\"\(role)\"><p>Message \(index) about the outage.</p></div>"
        }
        let outcome = try importHTML(
            "<html><body><h1>Outage</h1><div class=\"comments\">\(messages.joined())</div></body></html>")
        let record = try #require(outcome.records.first)
        #expect(record.messages.count == 2_000)
        #expect(record.messages.first?.content == "Message 0 about the outage.")
        #expect(record.messages.last?.content == "Message 1999 about the outage.")
        #expect(record.messages.map(\.role) == (0..<2_000).map { $0 % 2 == 0 ? .user : .assistant })
    }

    @Test func threadWithoutCustomerTextIsQuarantinedAtItsContainer() throws {
        let outcome = try importHTML(
            """
            <body><div id="t"><div data-author-role="agent"><p>Hello, following up on your order.</p></div>
            <div data-author-role="agent"><p>Any news?</p></div></div></body>
            """)
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.locator == .element("/html/body/div"))
    }

    @Test func profileReadsALayoutTheHeuristicsDoNotKnow() throws {
        let profile = try HTMLProfile.load(
            from: HTMLImporterTests.fixtures.appendingPathComponent("profile.yml"), displayPath: "profile.yml")
        let outcome = try importFixture("case-log.html", options: ImportOptions(htmlProfile: profile))
        #expect(outcome.records.count == 2)
        let printer = try #require(outcome.records.first)
        #expect(printer.ticketID == "C-2201")
        #expect(printer.label == "Technical")
        #expect(printer.input.hasPrefix("Printer driver won't install on Windows 11\n\nThe setup for the LX-300"))
        #expect(
            printer.response?.hasPrefix("Please uninstall the old driver from Settings > Bluetooth & devices") == true)
        #expect(strings(printer.metadata["internal_notes"]) == ["Known issue with the old installer, KB-1182."])
        #expect(printer.metadata["priority"] == .string("high"))
        #expect(printer.locator == .element("/html/body/section/div[1]"))
        let team = outcome.records[1]
        #expect(team.response?.hasSuffix("you can set what they may see.") == true)
        #expect(strings(team.metadata["removed_signatures"]) == ["Lena, Acme Support"])
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.locator == .element("/html/body/section/div[3]"))
    }

    @Test func profileErrorsNameTheFileKeyAndLine() throws {
        let unknown = #expect(throws: ImportError.self) {
            try HTMLProfile.parse(yaml: "tickets: //div\ncolour: blue\n", file: "p.yml")
        }
        #expect(unknown?.kind == .invalidProfile)
        #expect(unknown?.description.contains("p.yml") == true)
        #expect(unknown?.message.contains("line 2") == true)
        #expect(unknown?.message.contains("'colour'") == true)

        let badXPath = #expect(throws: ImportError.self) {
            try HTMLProfile.parse(yaml: "tickets: //div\nfields:\n  subject: .//h2[\n", file: "p.yml")
        }
        #expect(badXPath?.message.contains("fields.subject") == true)
        #expect(badXPath?.message.contains("line 3") == true)

        #expect(throws: ImportError.self) { try HTMLProfile.parse(yaml: "fields: {}\n", file: "p.yml") }
        #expect(throws: ImportError.self) {
            try HTMLProfile.parse(yaml: "tickets: //div\nmessages: .//p\n", file: "p.yml")
        }
    }

    @Test func profileRoleValuesNoneOfTheListsAreNamedInTheFailure() throws {
        let profile = try HTMLProfile.parse(
            yaml: "tickets: //section\nmessages: .//div\nrole: ./@data-who\n", file: "p.yml")
        let outcome = try importHTML(
            """
            <body><section><div data-who="Jane Doe">My order is late.</div>
            <div data-who="Helpdesk Bot">We are on it.</div><div>No author here.</div></section></body>
            """, options: ImportOptions(htmlProfile: profile))
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.message.contains("no customer message found"))
        #expect(failure.message.contains("'Jane Doe', 'Helpdesk Bot'"))
        #expect(failure.message.contains("selected nothing in 1 of 3 messages"))
        #expect(failure.message.contains("customer_values") && failure.message.contains("agent_values"))
        #expect(failure.message.contains("p.yml"))
    }

    @Test func profileSelectingNothingIsReported() throws {
        let profile = try HTMLProfile.parse(yaml: "tickets: //article[@class='nope']\n", file: "p.yml")
        let outcome = try importHTML("<p>hello</p>", options: ImportOptions(htmlProfile: profile))
        #expect(outcome.records.isEmpty)
        #expect(outcome.failures.first?.message.contains("selects no tickets") == true)
    }
}
