import Foundation
import Testing
import WinnowCore
import WinnowMail

@testable import WinnowImport

@Suite struct MailImporterTests {
    static let mail = fixturesDirectory.appendingPathComponent("mail")

    func run(_ importer: any Importer, _ name: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        try ImportRun(importer, file: MailImporterTests.mail.appendingPathComponent(name), options: options)
    }

    @Test func emlBecomesOneExampleWithMetadata() throws {
        let run = try run(EMLImporter(), "forwarded-attachment.eml")
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(draft.input.contains("the parcel never arrived and the receipt is attached."))
        #expect(draft.response == nil)
        #expect(draft.input.hasPrefix("Order 88 never arrived\n\n"))
        #expect(draft.messages.count == 1)
        #expect(draft.input == "Order 88 never arrived\n\n" + (draft.messages.first?.content ?? ""))
        #expect(draft.locator == .message(1, offset: 0))
        #expect(draft.metadata["subject"] == "Fwd: Order 88 never arrived")
        #expect(draft.metadata["from"] == "Ana Silva <ana@cliente.example>")
        #expect(draft.metadata["date"] == "2026-12-04T15:00:00Z")
        #expect(draft.metadata["message_ids"] == ["fwd-1@cliente.example"])
        let attachment = try #require(draft.metadata["attachments"]?.arrayValue?.first)
        #expect(attachment.value(atPath: "name") == "recibo nº88.pdf")
        #expect(attachment.value(atPath: "size") == 1033)
        let forwarded = try #require(draft.metadata["forwarded_messages"]?.arrayValue?.first)
        #expect(forwarded.value(atPath: "subject") == "Your parcel has shipped")
        #expect(!draft.input.contains("left our depot"))
    }

    @Test func gmailTakeoutLeavesOutDraftsSpamTrashAndChatsAndKnowsItsSentMail() throws {
        let run = try run(MboxImporter(), "gmail-takeout.mbox")
        // The question and the sent answer make the example; the later draft in the same thread does not answer.
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(draft.response?.contains("I have refunded order 7781 in full") == true)
        #expect(draft.response?.contains("checking wheth") == false)
        #expect(draft.messages.map(\.role) == [.user, .assistant])
        #expect(
            draft.metadata["gmail_labels"]
                == ["Inbox", "Important", "Opened", "Category Personal", "Refunds", "Sent"])
        #expect(draft.metadata["message_ids"] == ["CAL7781question@mail.example.org", "CAJ7781answer@mail.gmail.com"])
        // Each message left out is quarantined with its number and the label, in the account's language too.
        #expect(run.failures.map(\.kind) == Array(repeating: .discardedMail, count: 4))
        let numbers = run.failures.compactMap { failure -> Int? in
            guard case .message(let number, _)? = failure.locator else { return nil }
            return number
        }
        #expect(numbers == [3, 4, 5, 6])
        for (failure, label) in zip(run.failures, ["Drafts", "Spam", "Papierkorb", "Chat"]) {
            #expect(failure.message.contains("labelled '\(label)'"))
            #expect(failure.message.contains("--keep-discarded-mail"))
        }

        // Named support senders decide alone: the Sent label does not make another domain's mail an agent's.
        var named = ImportOptions()
        named.agentDomains = ["shop.example"]
        #expect(try self.run(MboxImporter(), "gmail-takeout.mbox", options: named).records.first?.response == nil)

        // Kept on request: the draft joins its thread (not sent, it is not known as the support side's), the other
        // three are examples of their own, and nothing is quarantined.
        var keep = ImportOptions()
        keep.keepDiscardedMail = true
        let kept = try self.run(MboxImporter(), "gmail-takeout.mbox", options: keep)
        #expect(kept.failures.isEmpty)
        #expect(kept.records.count == 4)
        #expect(kept.records.first?.metadata["message_ids"]?.arrayValue?.count == 3)
    }

    @Test func aMailboxsSentMailAloneTakesTheQuestionFromTheHistoryItsAnswerQuotes() throws {
        // Tom's sent mail: four answers, the customers' messages not in the file (the mailbox tells his side).
        let run = try run(MboxImporter(), "sent-items.mbox")
        #expect(run.records.count == 2)
        // Quoted under an Outlook header block from Jane: her question, then Tom's answer without its sign-off.
        let refund = try #require(run.records.first)
        #expect(refund.messages.map(\.role) == [.user, .assistant])
        #expect(
            refund.input
                == "Refund for order 5521\n\nHi,\n\nthe refund for order 5521 still hasn't shown up on my card.\n\nJane"
        )
        #expect(refund.response == "Hello Jane,\n\nthe refund was sent again today; it shows within five working days.")
        #expect(refund.metadata["question_from_quote"]?.scalarText?.hasPrefix("message 1:") == true)
        // Quoted with `>` under Gmail's header: Ana's own words, not the shop's message she quoted in turn.
        let invoice = try #require(run.records.last)
        #expect(invoice.input == "Invoice copy\n\nCould you send me a copy of invoice 7781?\n\nThanks,\nAna")
        // An answer quoting nothing, or quoting the support side's own mail, has no question: quarantined as before.
        #expect(run.failures.count == 2)
        #expect(run.failures.allSatisfy { $0.message.contains("no customer message") })
    }

    @Test func quotedMessagesAreReadBackWithTheirSenders() {
        let outlook = QuotedMessage(
            quote: "-----Original Message-----\nFrom: Jane Doe [mailto:jane@example.org]\nSent: Tuesday\n"
                + "Subject: Refund\n\nHi,\nwhere is my refund?\n\nFrom: Shop\nSent: Monday\n\nYour order shipped.")
        #expect(outlook?.senders.map(\.address) == ["jane@example.org"])
        #expect(outlook?.text == "Hi,\nwhere is my refund?")
        let gmail = QuotedMessage(
            quote: "Le mar. 3 nov. 2026 à 10:11, Ana <ana@example.com> a écrit :\n> Bonjour,\n> merci.")
        #expect(gmail?.senders.map(\.address) == ["ana@example.com"])
        #expect(gmail?.text == "Bonjour,\nmerci.")
        // A sender named without an address (Outlook's `From: Jane Doe`): a question when the answer went outside.
        let roles = MailRoles(agentDomains: ["shop.example"])
        let unnamed = "From: Jane Doe\nSent: Monday\n\nWhere is my parcel?"
        let customer = MailAddress(name: "", address: "jane@example.org")
        let colleague = MailAddress(name: "", address: "kim@shop.example")
        #expect(QuotedMessage.question(in: unnamed, recipients: [customer], roles: roles) == "Where is my parcel?")
        #expect(QuotedMessage.question(in: unnamed, recipients: [colleague], roles: roles) == nil)
        #expect(
            QuotedMessage.question(
                in: "From: Kim <kim@shop.example>\nSent: Monday\n\nShipped.", recipients: [customer], roles: roles)
                == nil)
        // No header, or nothing under it: nothing read back.
        #expect(QuotedMessage(quote: "> just a quote") == nil)
        #expect(QuotedMessage(quote: "> Here is the list:\n> - a lamp\n> - a shade") == nil)
        #expect(QuotedMessage(quote: "Here is the list:\n- a lamp") == nil)
        #expect(QuotedMessage(quote: "From: Jane <jane@example.org>\nSent: Monday\n\n") == nil)
    }

    @Test func automaticMailIsNoOnesTurn() throws {
        let run = try run(MboxImporter(), "auto-replies.mbox")
        #expect(run.records.count == 2)
        // A helpdesk's acknowledgement is not the answer: the question stands alone.
        let acknowledged = try #require(run.records.first)
        #expect(acknowledged.response == nil)
        #expect(acknowledged.messages.map(\.role) == [.user])
        let ack = try #require(acknowledged.metadata["automatic_messages"]?.arrayValue?.first)
        #expect(ack.value(atPath: "why") == "Auto-Submitted: auto-replied")
        #expect(ack.value(atPath: "text")?.scalarText?.hasPrefix("Thank you for contacting us.") == true)
        // The customer's out-of-office notice between two of their messages is not their words.
        let answered = try #require(run.records.last)
        #expect(answered.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(!answered.input.contains("nicht im Hause"))
        #expect(answered.input.hasSuffix("An die Gartenstraße 4 in Kiel."))
        #expect(answered.response == "Danke, wir senden die Lieferung heute neu an die Gartenstraße 4.")
        #expect(
            answered.metadata["automatic_messages"]?.arrayValue?.first?.value(atPath: "subject")
                == "Abwesenheitsnotiz: Re: Lieferung 8830 fehlt")
        // A bounce alone is quarantined with its message and why.
        let bounce = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(bounce.kind == .noInput)
        #expect(bounce.message.contains("every message is automatic (message 8: a delivery status report)"))
    }

    @Test func anOutlookReplyWithoutReferencesJoinsByItsThreadIndex() throws {
        var options = ImportOptions()
        options.agentDomains = ["shop.example"]
        let run = try run(MboxImporter(), "outlook-thread-index.mbox", options: options)
        #expect(run.records.count == 2)
        #expect(run.records.first?.response?.hasPrefix("Hello Ms Brandt, a replacement hinge") == true)
        #expect(run.records.last?.response == nil)
    }

    @Test func aContactFormRelayIsTheCustomersMessage() throws {
        // Sent from the shop's own noreply@ with the customer in Reply-To: the customer's words, answered.
        let run = try run(MboxImporter(), "contact-form.mbox")
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(draft.messages.map(\.role) == [.user, .assistant])
        #expect(draft.input.contains("has a cracked jug"))
        #expect(draft.response?.hasPrefix("Hello Mia, a replacement jug") == true)
        #expect(draft.metadata["reply_to"] == "Mia Wong <mia.wong@customer.example>")
        // A support sender whose Reply-To is the support side stays the support side.
        var named = ImportOptions()
        named.agentDomains = ["shop.example"]
        let relayed = try self.run(MboxImporter(), "contact-form.mbox", options: named)
        #expect(relayed.records.first?.messages.map(\.role) == [.user, .assistant])
        let agent = try MailMessage(
            bytes: Array("From: Ann <ann@shop.example>\r\nReply-To: help@shop.example\r\n\r\nHi".utf8))
        #expect(MailThreadRecord.isAgent(agent, roles: named.mailRoles))
        let relay = try MailMessage(
            bytes: Array("From: ann@shop.example\r\nReply-To: Bo <bo@home.example>\r\n\r\nHi".utf8))
        #expect(!MailThreadRecord.isAgent(relay, roles: named.mailRoles))
    }

    @Test func automaticMailIsToldByItsHeadersAlone() {
        func reason(_ fields: [(String, String)]) -> String? {
            AutomaticMail.reason(MailHeaders(fields: fields.map { MailHeaderField(name: $0.0, value: $0.1) }))
        }
        #expect(reason([("Auto-Submitted", "auto-replied (vacation)")]) == "Auto-Submitted: auto-replied")
        #expect(reason([("auto-submitted", "Auto-Replied")]) == "Auto-Submitted: auto-replied")
        #expect(reason([("X-Autoreply", "yes")]) == "X-Autoreply: yes")
        #expect(reason([("X-Autorespond", "Vacation")]) == "X-Autorespond: Vacation")
        #expect(reason([("Precedence", "auto_reply")]) == "Precedence: auto_reply")
        #expect(
            reason([("Content-Type", "multipart/report; report-type=\"disposition-notification\"; boundary=x")])
                == "a read receipt")
        // Not automatic replies: a customer's words relayed by a form or a helpdesk, a mailing list, a plain mail.
        #expect(reason([("Auto-Submitted", "auto-generated")]) == nil)
        #expect(reason([("Auto-Submitted", "no")]) == nil)
        #expect(reason([("X-Autoreply", "no")]) == nil)
        #expect(reason([("Precedence", "bulk")]) == nil)
        #expect(reason([("Content-Type", "multipart/mixed; boundary=x"), ("Subject", "Out of office")]) == nil)
        // Calendar mail, and what an Outlook message's class says.
        #expect(
            reason([("Content-Class", "urn:content-classes:calendarmessage")])
                == "a calendar invitation or answer (Content-Class: urn:content-classes:calendarmessage)")
        #expect(
            reason([("Content-Type", "text/calendar; method=REPLY")])
                == "a calendar invitation or answer (text/calendar)")
        #expect(
            reason([("X-Outlook-Message-Class", "REPORT.IPM.Note.NDR")])
                == "a delivery or read report (Outlook's message class REPORT.IPM.Note.NDR)")
        #expect(
            reason([("X-Outlook-Message-Class", "IPM.Note.Rules.OofTemplate.Microsoft")])?.hasPrefix("an out-of-office")
                == true)
        #expect(reason([("X-Outlook-Message-Class", "IPM.Note.SMIME")]) == nil)
    }

    @Test func aCalendarInvitationIsAutomaticAnAttachedEventFileIsNot() throws {
        func message(_ parts: String) throws -> MailMessage {
            try MailMessage(
                bytes: Array(
                    ("From: Kim <kim@shop.example>\nTo: ana@example.com\nSubject: Call about order 5521\n"
                        + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"m\"\n\n--m\n"
                        + "Content-Type: text/plain\n\nYou have been invited: Call about order 5521.\n" + parts
                        + "--m--\n").utf8))
        }
        // Google Calendar, Outlook and Apple Calendar put the event beside the text as an unnamed calendar part.
        let invitation = try message(
            "--m\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n")
        #expect(AutomaticMail.reason(invitation) == "a calendar invitation or answer (a text/calendar part)")
        // A person sending the event as a file is writing a message.
        let attached = try message(
            "--m\nContent-Type: text/calendar; name=\"visit.ics\"\nContent-Disposition: attachment; "
                + "filename=\"visit.ics\"\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n")
        #expect(AutomaticMail.reason(attached) == nil)
    }

    @Test func gmailLabelsAreReadAsTakeoutAndIMAPToolsWriteThem() {
        let takeout = GmailLabels(#"Inbox,"Billing, EU",Opened,=?UTF-8?Q?Entw=C3=BCrfe?="#)
        #expect(takeout.labels == ["Inbox", "Billing, EU", "Opened", "Entwürfe"])
        #expect(takeout.discarded == .draft)
        #expect(takeout.label(of: .draft) == "Entwürfe")
        let imap = GmailLabels(#""\Sent" "#)
        #expect(imap.labels == ["Sent"])
        #expect(imap.kinds == [.sent])
        #expect(imap.discarded == nil)
        #expect(GmailLabels("Posteingang,Wichtig").kinds.isEmpty)
        #expect(GmailLabels("Gesendet").kinds == [.sent])
        #expect(GmailLabels("Corbeille").discarded == .trash)
        #expect(GmailLabels("").labels.isEmpty)
        // What a person filed the thread under, without Gmail's own markers, in the account's language too.
        #expect(
            GmailLabels("Inbox,Important,Opened,Category Personal,Refunds,Sent,Starred").userLabels == ["Refunds"])
        #expect(GmailLabels("Posteingang,Wichtig,Geöffnet,Kategorie Werbung,Reklamation").userLabels == ["Reklamation"])
        #expect(GmailLabels("Billing/EU,Unread,Archived").userLabels == ["Billing/EU"])
    }

    /// A file saved with a blank line above the header is a message (both passes, threading and reading, see its
    /// header), its reply cleaned as any other.
    @Test func anEMLFileWithABlankLineAboveItsHeaderIsRead() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.file(
            "reply.eml",
            text: "\r\nFrom: Kim <kim@customer.example>\r\nTo: help@acme.example\r\nSubject: Re: Order 4411\r\n"
                + "Message-ID: <r1@customer.example>\r\n\r\nIt works now, thanks!\r\n\r\n"
                + "On Tue, Mar 3, 2026 at 10:02 AM, Acme <help@acme.example> wrote:\r\n> Please restart it.\r\n")
        let run = try ImportRun(EMLImporter(), file: file, options: ImportOptions())
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(draft.input == "Order 4411\n\nIt works now, thanks!")
        #expect(draft.metadata["message_ids"] == ["r1@customer.example"])
    }

    @Test func htmlOnlyBodyIsCleanedThroughTheReplyCleaner() throws {
        let draft = try #require(try run(EMLImporter(), "html-only.eml").records.first)
        #expect(draft.input.contains("I would like a refund for order 12."))
        #expect(!draft.input.contains("<p>"))
        #expect(!draft.input.contains("color: red"))
    }

    @Test func appleMailsOwnMessageFilesAreRead() throws {
        // `.emlx`: the message's length on the first line, then the message, then a property list.
        #expect(SourceFormat.detect(path: "Messages/4127.emlx", prefix: Array("328\nFrom: a".utf8)) == .eml)
        let run = try run(EMLImporter(), "apple-mail.emlx")
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(draft.input.hasSuffix("my parcel 5521 never arrived. Can you send it again?\n\nAnn"))
        #expect(!draft.input.contains("plist"))
        #expect(draft.ticketID == "emlx-1@example.org")
    }

    @Test func charsetsAndEncodedSubjectsReachTheExample() throws {
        let koi8 = try #require(try run(EMLImporter(), "koi8r.eml").records.first)
        #expect(koi8.input.contains("Не могу войти в личный кабинет"))
        #expect(koi8.metadata["subject"] == "Не работает вход")
        let latin = try #require(try run(EMLImporter(), "qp-latin1.eml").records.first)
        #expect(latin.input.contains("le café est fermé depuis lundi et la formule a=b ne marche plus."))
        #expect(!latin.input.contains("=3D"))
        #expect(latin.metadata["subject"] == "Café fermé and more")
    }

    @Test func undecodableMessageIsQuarantinedWithItsFileAndNumber() throws {
        let run = try run(EMLImporter(), "undecodable.eml")
        #expect(run.records.isEmpty)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .invalidMail)
        #expect(failure.file == "undecodable.eml")
        #expect(failure.locator == .message(1, offset: 0))
        #expect(failure.message.contains("x-uuencode"))
    }

    @Test func mboxThreadWithAgentDomainRoles() throws {
        let run = try run(MboxImporter(), "thread.mbox", options: ImportOptions(agentDomains: ["shop.example"]))
        // Three messages in one thread, one broken message, one single message: two examples, one failure.
        #expect(run.records.count == 2)
        let thread = try #require(run.records.first { $0.metadata["subject"] == "Broken zipper" })
        #expect(
            thread.messages.map(\.role) == [.user, .user, .assistant])
        #expect(thread.messages.first?.content == "My new jacket's zipper is broken.")
        #expect(
            thread.input.hasPrefix(
                "Broken zipper\n\nMy new jacket's zipper is broken.\n\nHere are the photos you asked for."))
        #expect(thread.input.contains("From now on I will check before washing."))
        #expect(!thread.input.contains("Could you send photos"))
        #expect(thread.response == "Thanks Kim, a replacement jacket is on its way.")
        #expect(thread.metadata["message_numbers"] == [3, 1, 2])
        #expect(thread.metadata["removed_quotes"]?.arrayValue?.isEmpty == false)
        #expect(thread.ticketID == "t1@customer.example")
        guard case .message(3, let offset) = thread.locator else {
            Issue.record("locator \(thread.locator)")
            return
        }
        #expect(offset > 0)

        run.expectOneInvalidMessage(file: "thread.mbox", number: 4, reason: "base64")
        #expect(run.failures.first?.description.contains("message 4") == true)
    }

    @Test func withoutAgentOptionsHelpdeskSendersOrElseTheOpenersOthersAreAgents() throws {
        let mailbox = try run(MboxImporter(), "thread.mbox")
        let thread = try #require(mailbox.records.first { $0.metadata["subject"] == "Broken zipper" })
        // sam@shop.example does not look like a helpdesk, but the mailbox the file came from, help@shop.example (in
        // two of its three threads), tells the support side: Sam, at its domain, answers Kim.
        #expect(thread.messages.map(\.role) == [.user, .user, .assistant])
        #expect(thread.response == "Thanks Kim, a replacement jacket is on its way.")
        #expect(thread.metadata["mail_roles"]?.scalarText?.contains("the mailbox is help@shop.example's") == true)
        #expect(mailbox.notes.contains { $0.contains("which decided the roles of 1 thread ") })

        // With no mailbox to tell (one thread) and no helpdesk-like sender, the opener (Kim) is the customer and
        // Sam, who answers, the support side; the example says so and so does a note.
        let pair = """
            From: Kim <kim@customer.example>
            Message-ID: <z@c>
            Subject: Broken zipper

            My new jacket's zipper is broken.

            Thanks,
            Kim

            From sam@shop.example Tue Dec  8 09:00:00 2026
            From: Sam <sam@shop.example>
            In-Reply-To: <z@c>
            Subject: Re: Broken zipper

            A replacement is on its way.

            Best regards,
            Sam
            """
        let opened = try ImportRun(MboxImporter(), name: "pair.mbox", text: pair)
        // The customer's sign-off stays (she wrote it); the agent's goes, as a record's response loses it.
        #expect(opened.records.first?.input == "Broken zipper\n\nMy new jacket's zipper is broken.\n\nThanks,\nKim")
        #expect(opened.records.first?.response == "A replacement is on its way.")
        #expect(opened.records.first?.metadata["removed_signatures"] == ["Best regards,\nSam"])
        #expect(
            opened.records.first?.metadata["mail_roles"]?.scalarText?.contains("the opener is the customer") == true)
        #expect(opened.notes.contains { $0.contains("no sender on the support side") })

        // One sender alone stays the customer, with no response; named support senders are the only agents.
        let alone = """
            From: Kim <kim@customer.example>
            Message-ID: <a@c>
            Subject: Sizes

            Do you have it in XL?

            From kim@customer.example Tue Dec  8 09:00:00 2026
            From: Kim <kim@customer.example>
            In-Reply-To: <a@c>
            Subject: Re: Sizes

            Or XXL?
            """
        let single = try ImportRun(MboxImporter(), name: "alone.mbox", text: alone)
        #expect(single.records.first?.response == nil)
        #expect(single.records.first?.metadata["mail_roles"] == nil)
        let named = try run(
            MboxImporter(), "thread.mbox", options: ImportOptions(agentDomains: ["elsewhere.example"]))
        let unanswered = try #require(named.records.first { $0.metadata["subject"] == "Broken zipper" })
        #expect(unanswered.response == nil)
        #expect(unanswered.messages.allSatisfy { $0.role == .user })

        let helpdesk = """
            From: Kim <kim@customer.example>
            Message-ID: <q@c>
            Subject: Hi

            Where is my order?

            From support@shop.example Tue Dec  8 09:00:00 2026
            From: Shop Support <support@shop.example>
            In-Reply-To: <q@c>
            Subject: Re: Hi

            It ships tomorrow.
            """
        let answered = try ImportRun(MboxImporter(), name: "x.mbox", text: helpdesk)
        #expect(answered.records.first?.input == "Hi\n\nWhere is my order?")
        #expect(answered.records.first?.response == "It ships tomorrow.")
    }

    @Test func theMailboxTheMailCameFromIsTheSupportSide() throws {
        // Every thread names orders@shop.example: its mail and mail from shop.example is the support side's, so the
        // thread Kim opens from her own address reads Bo's question as the input and Kim's answer as the response.
        let mailbox = try run(MboxImporter(), "support-mailbox.mbox")
        #expect(mailbox.records.count == 4)
        let outbound = try #require(mailbox.records.first { $0.metadata["subject"] == "Your refund" })
        #expect(outbound.messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(outbound.input == "Your refund\n\nThanks! How long until it shows on my card?")
        #expect(outbound.response == "It takes 5 to 10 business days to show on your card.")
        #expect(outbound.metadata["mail_roles"]?.scalarText?.contains("orders@shop.example's (in 4 of 4") == true)
        let answered = try #require(mailbox.records.first { $0.metadata["subject"] == "Order 123 late" })
        #expect(answered.response == "Hi Ana, it ships tomorrow, sorry for the delay.")
        // orders@ answering itself looks like no helpdesk either: the mailbox decides that thread too.
        let invoice = try #require(mailbox.records.first { $0.metadata["subject"] == "Invoice" })
        #expect(invoice.response == "Attached is the invoice for order 777.")
        let unanswered = try #require(mailbox.records.first { $0.metadata["subject"] == "Wrong size" })
        #expect(unanswered.response == nil && unanswered.metadata["mail_roles"] == nil)
        #expect(mailbox.notes.contains { $0.contains("which decided the roles of 3 threads") })
        #expect(!mailbox.notes.contains { $0.contains("no sender on the support side") })

        // Named support senders decide alone: the mailbox is not read.
        let named = try run(
            MboxImporter(), "support-mailbox.mbox", options: ImportOptions(agentAddresses: ["kim@shop.example"]))
        let kim = try #require(named.records.first { $0.metadata["subject"] == "Your refund" })
        #expect(kim.response == "It takes 5 to 10 business days to show on your card.")
        #expect(kim.metadata["mail_roles"] == nil)
        #expect(named.records.first { $0.metadata["subject"] == "Order 123 late" }?.response == nil)
        #expect(!named.notes.contains { $0.contains("the mailbox is") })
    }

    @Test func threadWithOnlyAgentTextIsQuarantined() throws {
        let text = """
            From: Shop Support <support@shop.example>
            Subject: Newsletter

            Our new catalogue is out.
            """
        let run = try ImportRun(EMLImporter(), name: "only-agent.eml", text: text)
        #expect(run.records.isEmpty)
        #expect(run.failures.first?.kind == .noInput)
        #expect(run.failures.first?.message.contains("no customer message") == true)
    }

    @Test func agentAddressOptionMarksOneSender() throws {
        let run = try run(
            MboxImporter(), "thread.mbox", options: ImportOptions(agentAddresses: ["SAM@shop.example"]))
        let thread = try #require(run.records.first { $0.metadata["subject"] == "Broken zipper" })
        #expect(thread.response == "Thanks Kim, a replacement jacket is on its way.")
    }

    @Test func cleanedReplyMetadataKeys() {
        let cleaned = CleanedReply(text: "hi", quoted: ["q"], forwarded: [], signatures: ["s"], disclaimers: ["d"])
        #expect(cleaned.removedMetadata["removed_quotes"] == ["q"])
        #expect(cleaned.removedMetadata["removed_forwarded"] == nil)
        #expect(cleaned.removedMetadata["removed_signatures"] == ["s"])
        #expect(cleaned.removedMetadata["removed_disclaimers"] == ["d"])
    }
}

@Suite struct FormatDetectionTests {
    func detect(_ path: String, _ text: String) -> SourceFormat? {
        SourceFormat.detect(path: path, prefix: Array(text.utf8.prefix(512)))
    }

    @Test func mailExtensions() {
        for name in ["a.eml", "A.EML"] { #expect(detect(name, "anything") == .eml) }
        for name in ["a.mbox", "a.mbx", "a.mbs"] { #expect(detect(name, "anything") == .mbox) }
    }

    @Test func mailByContent() {
        let headers = "Received: from x by y; Tue, 1 Dec 2026\nFrom: a@b.example\nSubject: hi\n\nbody\n"
        #expect(detect("message", headers) == .eml)
        #expect(detect("message.dat", "MIME-Version: 1.0\nContent-Type: text/plain\n\nhi") == .eml)
        #expect(detect("archive", "From a@b Mon Dec  7 10:00:00 2026\nFrom: a@b.example\n\nhi\n") == .mbox)
        // A .txt holding mail is mail; a .txt holding a table stays CSV.
        #expect(detect("saved.txt", headers) == .eml)
        #expect(detect("table.txt", "id,subject,body\n1,a,b\n") == .csv)
        #expect(detect("table.csv", "From: x\n") == .csv)
    }

    @Test func filesWinnowDoesNotReadAreNamedWithWhatToDo() throws {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 40)
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 40)
        for (path, prefix, words) in [
            ("takeout.zip", zip, "zip archive"), ("tickets.ods", zip, "save it as .xlsx"),
            ("notes.docx", zip, "a document, not a table"),
            ("letter.doc", ole, "Office file"), ("old.xls", ole, "Excel 97-2003"),
            ("case.pdf", Array("%PDF-1.7\n%\u{E2}".utf8), "a PDF"), ("all.mbox.gz", [0x1F, 0x8B, 0x08, 0x00], "gzip"),
            ("archive.pst", Array("!BDN".utf8) + [0x0E, 0x00, 0x00, 0x00, 0x53, 0x4D, 0x17, 0x00], "readpst"),
            ("mail.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04], "an archive"),
        ] {
            #expect(SourceFormat.detect(path: path, prefix: prefix) == nil)
            #expect(SourceFormat.unreadableKind(path: path, prefix: prefix)?.contains(words) == true, "\(path)")
        }
        #expect(SourceFormat.unreadableKind(path: "notes.log", prefix: Array("just words\n".utf8)) == nil)
        // Parquet and Arrow are read, whatever the file is named.
        for path in ["train-00000-of-00001.parquet", "part-0", "data.bin"] {
            #expect(SourceFormat.detect(path: path, prefix: Array("PAR1".utf8) + [0x15, 0x04, 0x15, 0x80]) == .parquet)
            #expect(SourceFormat.detect(path: path, prefix: Array("ARROW1".utf8) + [0, 0]) == .arrow)
        }
        // Binary files are told by their first bytes, whatever follows them or their name says: an Outlook message
        // whose streams happen to hold commas and line ends is mail (``OutlookMessage``), no CSV; a Word document
        // whose text does is refused; so is a gzipped CSV.
        let message = ole + Array("a,b,c\r\nd,e,f\r\ng,h,i\r\n".utf8)
        #expect(SourceFormat.detect(path: "Re_ refund.msg", prefix: message) == .eml)
        #expect(SourceFormat.detect(path: "Re_ refund.doc", prefix: message) == nil)
        #expect(SourceFormat.unreadableKind(path: "Re_ refund.doc", prefix: message)?.contains("Office") == true)
        let gzipped: [UInt8] = [0x1F, 0x8B, 0x08, 0x00] + Array("a,b\n".utf8)
        #expect(SourceFormat.detect(path: "tickets.csv", prefix: gzipped) == nil)
        // Apple Mail exports a mailbox as a folder: its mbox beside an Info.plist, which is XML, not a page.
        let plist =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
            + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict/></plist>\n"
        #expect(detect("Info.plist", plist) == nil)
        #expect(SourceFormat.unreadableKind(path: "Info.plist", prefix: Array(plist.utf8))?.contains("XML") == true)
        #expect(
            detect("page", "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>")
                == .html)
        // A workbook is read (`.xlsx`); an old binary one is named with what to do.
        #expect(SourceFormat.detect(path: "tickets.xlsx", prefix: zip) == .xlsx)
        let scratch = try ScratchDirectory()
        let workbook = try scratch.file("tickets.xls", bytes: ole)
        do {
            _ = try SourceFile(url: workbook).format(forced: nil)
            Issue.record("an old workbook was taken for a format")
        } catch let error as ImportError {
            #expect(error.message == "this is an Excel 97-2003 workbook: save it as .xlsx or CSV UTF-8 and import that")
        }
    }

    @Test func unknownExtensionsAreDecidedByContentOrNotAtAll() {
        #expect(detect("data.log", "{\"a\": 1}\n") == .jsonl)
        #expect(detect("page.asp", "<html></html>") == .html)
        #expect(detect("export.dat", "id;subject;body\n1;a;b\n2;c;d\n") == .csv)
        #expect(detect("notes.log", "just some words in a file\nand another line\n") == nil)
        #expect(detect("key: value.yaml", "name: value\nother: thing\n") == nil)
    }
}

@Suite struct MailFileGroupTests {
    static let mail = MailImporterTests.mail

    func run(_ name: String, options: ImportOptions) throws -> ImportRun {
        try ImportRun(EMLImporter(), file: MailFileGroupTests.mail.appendingPathComponent(name), options: options)
    }

    func options(_ names: [String]) throws -> ImportOptions {
        var options = ImportOptions(agentDomains: ["shop.example"])
        options.mailFiles = try MailFileGroup.read(
            names.map { (url: MailFileGroupTests.mail.appendingPathComponent($0), displayPath: $0) })
        return options
    }

    @Test func aQuestionAndItsAnswerInTwoFilesBecomeOneExample() throws {
        // The answer is given first: the thread is stored with the file of its first message, the question.
        let options = try options(["pair-answer.eml", "pair-question.eml", "koi8r.eml"])
        let answer = try run("pair-answer.eml", options: options)
        #expect(answer.records.isEmpty)
        #expect(answer.failures.isEmpty)
        #expect(answer.notes == ["1 message joined a thread stored with another file (its first message's)"])

        let question = try run("pair-question.eml", options: options)
        #expect(question.failures.isEmpty)
        let draft = try #require(question.records.first)
        #expect(question.records.count == 1)
        #expect(
            draft.input
                == "Order 5521 arrived damaged\n\nHello,\n\nthe lamp from order 5521 arrived with a cracked shade. "
                + "Can you send a new one?\n\nLea")
        #expect(draft.response == "Hi Lea,\n\na new shade is on its way, no need to send the old one back.")
        #expect(draft.messages.map(\.role) == [.user, .assistant])
        #expect(draft.locator == .message(1, offset: 0))
        #expect(draft.metadata["message_files"] == ["pair-question.eml", "pair-answer.eml"])
        #expect(draft.metadata["message_ids"] == ["q-5521@kunde.example", "a-5521@shop.example"])
        #expect(draft.metadata["removed_quotes"]?.arrayValue?.count == 1)

        // A file of the group in no shared thread is imported as it would be alone.
        let alone = try run("koi8r.eml", options: options)
        let single = try #require(alone.records.first)
        #expect(single.response == nil)
        #expect(single.metadata["message_files"] == nil)
    }

    @Test func eachFileImportedAloneKeepsItsOwnMessage() throws {
        let question = try ImportRun(
            EMLImporter(), file: MailFileGroupTests.mail.appendingPathComponent("pair-question.eml"),
            options: ImportOptions(agentDomains: ["shop.example"]))
        #expect(question.records.first?.response == nil)
        // The answer alone: the question it quotes stands for the customer's message, which is not in the file.
        let answer = try ImportRun(
            EMLImporter(), file: MailFileGroupTests.mail.appendingPathComponent("pair-answer.eml"),
            options: ImportOptions(agentDomains: ["shop.example"]))
        let pair = try #require(answer.records.first)
        #expect(pair.messages.map(\.role) == [.user, .assistant])
        #expect(pair.messages.first?.content.hasPrefix("Hello,\n\nthe lamp from order 5521 arrived") == true)
        #expect(pair.metadata["question_from_quote"] != nil)
    }

    @Test func aMessageLabelledSpamInTheGroupIsLeftOutByItsOwnFile() throws {
        let scratch = try ScratchDirectory()
        let spam = try scratch.file(
            "spam.eml",
            bytes: Array(
                ("From: win@junk.example\r\nTo: help@shop.example\r\nSubject: Prize\r\nX-Gmail-Labels: Spam\r\n"
                    + "Message-ID: <s1@junk.example>\r\n\r\nClaim it.\r\n").utf8))
        var options = ImportOptions(agentDomains: ["shop.example"])
        var heard: [String] = []
        options.mailFiles = try MailFileGroup.read(
            [
                (
                    url: MailFileGroupTests.mail.appendingPathComponent("pair-question.eml"),
                    displayPath: "pair-question.eml"
                ),
                (url: spam, displayPath: "spam.eml"),
            ], progress: { heard.append("\($0)/\($1)") })
        #expect(heard == ["1/2", "2/2"], "the group's progress, file by file")
        let run = try ImportRun(EMLImporter(), file: spam, options: options)
        #expect(run.records.isEmpty)
        #expect(run.failures.map(\.kind) == [.discardedMail])
        #expect(run.failures.first?.file == "spam.eml")
        #expect(try self.run("pair-question.eml", options: options).records.count == 1)
    }

    @Test func anUndecodableFileOfTheGroupIsQuarantinedByItself() throws {
        let options = try options(["pair-question.eml", "undecodable.eml"])
        let broken = try run("undecodable.eml", options: options)
        #expect(broken.records.isEmpty)
        #expect(broken.failures.first?.kind == .invalidMail)
        #expect(broken.failures.first?.file == "undecodable.eml")
        #expect(try run("pair-question.eml", options: options).records.count == 1)
    }
}

@Suite struct SubjectLineTests {
    @Test func subjectOpensTheInputWithoutReplyPrefixes() {
        #expect(
            SubjectLine.input(subject: "Re: AW: Refund for order 88", body: "Where is it?")
                == "Refund for order 88\n\nWhere is it?")
        #expect(SubjectLine.input(subject: nil, body: "Where is it?") == "Where is it?")
        #expect(SubjectLine.input(subject: "  ", body: "Where is it?") == "Where is it?")
        #expect(SubjectLine.input(subject: "Login", body: "") == "Login")
    }

    @Test func aBodyOpeningWithTheSubjectDoesNotRepeatIt() {
        #expect(
            SubjectLine.input(subject: "Refund for order 88", body: "Refund for order 88: it never came.")
                == "Refund for order 88: it never came.")
        #expect(
            SubjectLine.input(subject: "Fwd: Broken  zipper!", body: "broken zipper\n\nIt broke.")
                == "broken zipper\n\nIt broke.")
        // Only whole words count: "Order" does not open "Orders".
        #expect(SubjectLine.input(subject: "Order", body: "Orders are late.") == "Order\n\nOrders are late.")
    }

    @Test func mailAndHTMLImportsBothOpenTheInputWithTheSubject() throws {
        let mail = try #require(
            try ImportRun(EMLImporter(), file: MailImporterTests.mail.appendingPathComponent("koi8r.eml")).records.first
        )
        #expect(mail.input.hasPrefix("Не работает вход\n\n"))
        #expect(mail.input.contains("Не могу войти в личный кабинет"))
        #expect(mail.messages.first?.content.contains("Не работает вход") == false)
        let page = """
            <html><head><title>Re: Card charged twice</title></head><body>
            <p>My card was charged twice for order 41.</p></body></html>
            """
        let html = try #require(try ImportRun(HTMLImporter(), name: "page.html", text: page).records.first)
        #expect(html.input == "Card charged twice\n\nMy card was charged twice for order 41.")
        let repeated = page.replacingOccurrences(of: "<p>My", with: "<p>Card charged twice</p><p>My")
        let once = try #require(try ImportRun(HTMLImporter(), name: "page.html", text: repeated).records.first)
        #expect(once.input.components(separatedBy: "Card charged twice").count == 2)
        #expect(once.input.hasPrefix("Card charged twice"))
    }
}
