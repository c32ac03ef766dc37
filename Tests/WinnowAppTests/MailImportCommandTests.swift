import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore
import WinnowTestSupport

/// `winnow import` on mail, and on files whose format cannot be told, as a user runs it.
@Suite("Mail import from the command line")
struct MailImportCommandTests {
    static let mail = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/mail")

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-mail-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("one message saved twice (the same Message-ID and text) is one turn, the copy named in metadata")
    func aMessageSavedTwiceIsOneTurn() throws {
        let head =
            "From: Kim <kim@customer.example>\r\nTo: help@shop.example\r\nSubject: Attachments\r\n"
            + "Message-ID: <once@customer.example>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n"
        let text = "We should not include these files as attachments.\r\n"
        // The copy carries a forwarded message as well: the same newest text.
        let files = [
            ("a.eml", head + "\r\n" + text),
            (
                "b.eml",
                head + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" + text
                    + "--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@example.org\r\nSubject: old\r\n\r\nold\r\n--b--\r\n"
            ),
        ]
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content) in files {
            try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let store = try Store()
        _ = try ImportService().run(paths: [folder.path], options: ImportOptions(), store: store)
        let example = try #require(try store.examples().first)
        #expect(try store.count() == 1)
        #expect(example.input == "Attachments\n\nWe should not include these files as attachments.")
        #expect(example.metadata["message_ids"]?.arrayValue?.count == 1)
        #expect(example.metadata["duplicate_messages"]?.arrayValue?.count == 1)
    }

    @Test(
        "another company's team writing to a helpdesk mailbox is the customer; the helpdesk writing to a person is not")
    func anotherCompanysTeamWritingInIsTheCustomer() throws {
        let invoice =
            "From: gate <team@support.gate.example>\r\nTo: billing@shop.example\r\n"
            + "X-Original-To: billing@shop.example\r\nSubject: Ihre Rechnung\r\nMessage-ID: <i1@gate.example>\r\n\r\n"
            + "Anbei Ihre Rechnung als PDF-Dokument.\r\n"
        let notice =
            "From: Shop Support <support@shop.example>\r\nTo: kim@mail.example\r\n"
            + "Delivered-To: kim@mail.example\r\nSubject: Your ticket\r\nMessage-ID: <n1@shop.example>\r\n\r\n"
            + "We received your request.\r\n"
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content) in [("invoice.eml", invoice), ("notice.eml", notice)] {
            try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let store = try Store()
        let report = try ImportService().run(paths: [folder.path], options: ImportOptions(), store: store)
        #expect(try store.examples().map(\.input) == ["Ihre Rechnung\n\nAnbei Ihre Rechnung als PDF-Dokument."])
        #expect(report.files.map(\.errors).reduce(0, +) == 1)
    }

    @Test("a file neither its name nor its content identifies is refused, naming the --format values")
    func undecidedFormatIsRefused() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // One column, so no delimiter to see: the content does not tell it is CSV.
        let file = directory.appendingPathComponent("tickets.export")
        try "subject\nMy parcel is late\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ImportService.format(of: file, forced: nil)
            Issue.record("the format was guessed")
        } catch let error as ImportError {
            #expect(error.message.contains("jsonl, json, csv, html, eml, mbox"))
        }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let result = try CommandLineTool.run(binary, ["import", "--db", database, file.path])
        #expect(result.status == 2)
        // Forced, the same file is read.
        let forced = try CommandLineTool.run(
            binary, ["import", "--json", "--db", database, "--format", "csv", file.path])
        #expect(forced.status == 0)
        #expect(try JSONParser.parse(forced.output).value(atPath: "imported") == 1)
    }

    @Test("an mbox and a folder of .eml files import with roles from --agent-domain")
    func mailImports() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let mbox = try CommandLineTool.run(
            binary,
            [
                "import", "--json", "--db", database, "--agent-domain", "shop.example",
                MailImportCommandTests.mail.appendingPathComponent("thread.mbox").path,
            ])
        #expect(mbox.status == 0)
        let report = try JSONParser.parse(mbox.output)
        #expect(report.value(atPath: "imported") == 2)
        #expect(report.value(atPath: "errors") == 1)
        #expect(report.value(atPath: "files")?.arrayValue?.first?.value(atPath: "format") == "mbox")

        let emls = try FileManager.default.contentsOfDirectory(atPath: MailImportCommandTests.mail.path)
            .filter { $0.hasSuffix(".eml") }.sorted().map {
                MailImportCommandTests.mail.appendingPathComponent($0).path
            }
        let folder = try CommandLineTool.run(binary, ["import", "--json", "--db", database] + emls)
        #expect(folder.status == 0)
        let folderReport = try JSONParser.parse(folder.output)
        // Every file is imported or quarantined: the undecodable one is the only error, and pair-answer.eml joins
        // the thread of pair-question.eml, stored with that file.
        #expect(folderReport.value(atPath: "imported") == .number(Double(emls.count - 2)))
        #expect(folderReport.value(atPath: "errors") == 1)
        let files = folderReport.value(atPath: "files")?.arrayValue ?? []
        let answer = try #require(
            files.first { $0.value(atPath: "path")?.scalarText?.hasSuffix("pair-answer.eml") == true })
        #expect(answer.value(atPath: "records") == 0)
        let question = try #require(
            files.first { $0.value(atPath: "path")?.scalarText?.hasSuffix("pair-question.eml") == true })
        #expect(question.value(atPath: "imported") == 1)
    }

    @Test("a folder of many mail files is summed up on the terminal: the files with errors in full, the rest counted")
    func manyFilesSummedUp() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // 15 questions and their 15 answers, one file each, one file that is not mail, and 25 attachments.
        for thread in 0..<15 {
            let question = """
                From: Customer \(thread) <c\(thread)@example.org>\r
                To: help@shop.example\r
                Subject: Order \(thread) has not arrived\r
                Date: Mon, 02 Nov 2026 09:\(10 + thread):00 +0000\r
                Message-ID: <q\(thread)@example.org>\r
                \r
                Hello, my order \(thread) has not arrived yet. Where is it?\r

                """
            let answer = """
                From: Sam <help@shop.example>\r
                To: c\(thread)@example.org\r
                Subject: Re: Order \(thread) has not arrived\r
                Date: Tue, 03 Nov 2026 09:\(10 + thread):00 +0000\r
                Message-ID: <a\(thread)@shop.example>\r
                In-Reply-To: <q\(thread)@example.org>\r
                \r
                Hi, it left our warehouse today and arrives on Friday.\r

                """
            try question.write(to: folder.appendingPathComponent("q\(thread).eml"), atomically: true, encoding: .utf8)
            try answer.write(to: folder.appendingPathComponent("r\(thread).eml"), atomically: true, encoding: .utf8)
        }
        try "From: nobody\r\nSubject: broken\r\nContent-Transfer-Encoding: base64\r\n".write(
            to: folder.appendingPathComponent("a-broken.eml"), atomically: true, encoding: .utf8)
        for index in 0..<25 {
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, UInt8(index)]).write(
                to: folder.appendingPathComponent("scan\(index).png"))
        }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let run = try CommandLineTool.run(binary, ["import", "--db", database, folder.path])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        // No line per plain file; the broken one in full.
        #expect(!lines.contains { $0.contains("q3.eml (eml)") }, "\(run.output)")
        #expect(lines.contains { $0.contains("a-broken.eml (eml)") && $0.contains("1 quarantined") }, "\(run.output)")
        #expect(lines.contains("30 other files (30 eml): 15 read, 15 imported, 0 skipped as duplicates, 0 quarantined"))
        #expect(
            lines.contains(
                "  note (15 files): 1 message joined a thread stored with another file (its first message's)"),
            "\(run.output)")
        // 25 images left out: 20 by name, the rest counted by why.
        #expect(lines.contains("Left out (25):"))
        #expect(lines.filter { $0.hasPrefix("  ") && $0.contains("scan") }.count == 20)
        #expect(lines.contains { $0.hasPrefix("  ... and 5 more: ") }, "\(run.output)")
        #expect(lines.last == "Total: 15 imported, 0 skipped as duplicates, 1 quarantined (see `winnow errors`)")
        // --json keeps every file.
        let json = try CommandLineTool.run(
            binary, ["import", "--json", "--db", directory.appendingPathComponent("again.db").path, folder.path])
        #expect(try JSONParser.parse(json.output).value(atPath: "files")?.arrayValue?.count == 31)
    }

    @Test("a Maildir imports as a folder: cur, new and the Sent folder threaded together, the rest listed")
    func maildirImports() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let maildir = directory.appendingPathComponent("support")
        let manager = FileManager.default
        for folder in [
            "cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp", ".Drafts/cur", ".Drafts/new",
            ".Drafts/tmp", ".Trash/cur", ".Trash/new", ".Trash/tmp",
        ] {
            try manager.createDirectory(
                at: maildir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        func place(_ fixture: String, _ path: String) throws {
            try manager.copyItem(
                at: Self.mail.appendingPathComponent(fixture), to: maildir.appendingPathComponent(path))
        }
        // Maildir names carry no extension: the content says they are mail.
        try place("pair-question.eml", "cur/1700000000.M1P1.host:2,S")
        try place("pair-answer.eml", ".Sent/cur/1700000100.M2P1.host:2,S")
        try place("qp-latin1.eml", "new/1700000200.M3P1.host")
        try place("windows-1252.eml", "tmp/1700000300.M4P1.host")
        try place("koi8r.eml", ".Drafts/cur/1700000400.M5P1.host:2,D")
        try "3 V1700000000 N5\n".write(
            to: maildir.appendingPathComponent("dovecot-uidlist"), atomically: true, encoding: .utf8)
        try "x".write(to: maildir.appendingPathComponent(".DS_Store"), atomically: true, encoding: .utf8)

        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let result = try CommandLineTool.run(
            binary, ["import", "--json", "--db", database, "--agent-domain", "shop.example", maildir.path])
        #expect(result.status == 0)
        let report = try JSONParser.parse(result.output)
        // The question and its answer from the Sent folder make one thread; the new message is another.
        #expect(report.value(atPath: "imported") == 2)
        #expect(report.value(atPath: "errors") == 0)
        let paths = (report.value(atPath: "files")?.arrayValue ?? []).compactMap {
            $0.value(atPath: "path")?.scalarText
        }
        #expect(
            paths
                == [".Sent/cur/1700000100.M2P1.host:2,S", "cur/1700000000.M1P1.host:2,S", "new/1700000200.M3P1.host"]
                .map { maildir.appendingPathComponent($0).path })
        let leftOut = (report.value(atPath: "left_out")?.arrayValue ?? []).compactMap {
            $0.value(atPath: "path")?.scalarText
        }
        // The empty Trash goes unmentioned; the hidden .DS_Store is counted.
        #expect(leftOut == [".Drafts", "dovecot-uidlist", "tmp"].map { maildir.appendingPathComponent($0).path })
        #expect(report.value(atPath: "hidden_left_out") == 1)
        let show = try CommandLineTool.run(binary, ["show", "--json", "--db", database, "1"])
        #expect(show.output.contains("a new shade"))

        // A folder with nothing Winnow reads is refused, naming it and what it held.
        let notes = directory.appendingPathComponent("notes")
        try manager.createDirectory(at: notes, withIntermediateDirectories: true)
        try "call back on Monday\n".write(
            to: notes.appendingPathComponent("todo"), atomically: true, encoding: .utf8)
        let refused = try CommandLineTool.run(binary, ["import", "--db", database, notes.path])
        #expect(refused.status == 2)
        do {
            _ = try ImportPaths.expand([notes.path], forced: nil)
            Issue.record("a folder with nothing to import was accepted")
        } catch let error as ImportError {
            #expect(error.file == notes.path)
            #expect(error.message.contains("no file in the folder is in a format Winnow reads"))
            #expect(error.message.contains("todo"))
        }
        // Forced, the same folder's file is read in that format.
        #expect(try ImportPaths.expand([notes.path], forced: .csv).files == [notes.appendingPathComponent("todo").path])

        // A pipe in a folder is listed, not opened (opening it would wait for a writer forever).
        let pipe = notes.appendingPathComponent("pipe.csv")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let expanded = try ImportPaths.expand([notes.path], forced: .csv)
        #expect(expanded.files == [notes.appendingPathComponent("todo").path])
        #expect(
            expanded.leftOut == [
                ImportPaths.LeftOut(path: pipe.path, reason: "not a regular file (a pipe, socket or device)")
            ])
    }

    @Test("a mail client's mailboxes import together: Inbox and Sent threaded, trash, junk and indexes listed")
    func mailboxesOfAClientAreThreadedTogether() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("Local Folders")
        let manager = FileManager.default
        try manager.createDirectory(
            at: folder.appendingPathComponent("Inbox.sbd"), withIntermediateDirectories: true)
        try manager.createDirectory(
            at: folder.appendingPathComponent("Trash.sbd"), withIntermediateDirectories: true)
        try manager.createDirectory(
            at: folder.appendingPathComponent("Deleted Messages.mbox"), withIntermediateDirectories: true)
        try manager.createDirectory(
            at: folder.appendingPathComponent("Inbox.sbd/Refunds.mbox"), withIntermediateDirectories: true)
        // readpst -r writes each folder of an Outlook data file as a folder holding a file named mbox.
        try manager.createDirectory(
            at: folder.appendingPathComponent("Deleted Items"), withIntermediateDirectories: true)
        func message(
            _ from: String, _ to: String, _ subject: String, _ id: String, _ date: String, _ body: String,
            replyTo parent: String? = nil
        ) -> String {
            "From \(from) Mon Nov  2 10:00:00 2026\nFrom: \(from)\nTo: \(to)\nSubject: \(subject)\n"
                + "Date: \(date)\nMessage-ID: <\(id)>\n" + (parent.map { "In-Reply-To: <\($0)>\n" } ?? "")
                + "\n\(body)\n\n"
        }
        // Three customers write in; the agent's answers are in Sent, the second one's body holding a line that
        // mboxrd escapes, and one answer's question is in a sub-folder's mailbox.
        let inbox =
            message(
                "jane@customer.example", "help@shop.example", "Refund for order 1234", "q1@customer.example",
                "Mon, 2 Nov 2026 10:00:00 +0000", "I returned order 1234 two weeks ago and have no refund yet.")
            + message(
                "bob@other.example", "help@shop.example", "Card declined", "q2@other.example",
                "Mon, 2 Nov 2026 11:00:00 +0000", "My card keeps getting declined at checkout.")
        let refunds = message(
            "ann@mail.example", "help@shop.example", "Refund twice?", "q3@mail.example",
            "Mon, 2 Nov 2026 09:00:00 +0000", "I was refunded twice for order 77, what should I do?")
        let sent =
            message(
                "help@shop.example", "ann@mail.example", "Re: Refund twice?", "a3@shop.example",
                "Mon, 2 Nov 2026 09:30:00 +0000", "No need to do anything, Ann: we will take it back.",
                replyTo: "q3@mail.example")
            + message(
                "help@shop.example", "jane@customer.example", "Re: Refund for order 1234", "a1@shop.example",
                "Mon, 2 Nov 2026 12:00:00 +0000", "The refund was issued today.", replyTo: "q1@customer.example")
            + message(
                "help@shop.example", "bob@other.example", "Re: Card declined", "a2@shop.example",
                "Mon, 2 Nov 2026 13:00:00 +0000",
                "Please check the billing address.\n>From the bank's side nothing is blocked.",
                replyTo: "q2@other.example")
            // An answer that cannot be decoded is quarantined with its own mailbox; its thread goes on without it.
            + message(
                "help@shop.example", "ann@mail.example", "Re: Refund twice?", "a4@shop.example",
                "Mon, 2 Nov 2026 09:40:00 +0000", "Content-Transfer-Encoding: base64\n\n%%% not base64 %%%",
                replyTo: "q3@mail.example"
            ).replacingOccurrences(
                of: "In-Reply-To: <q3@mail.example>\n\n", with: "In-Reply-To: <q3@mail.example>\n")
        let trash = message(
            "spam@junk.example", "help@shop.example", "You won", "t1@junk.example",
            "Mon, 2 Nov 2026 08:00:00 +0000", "Claim your prize.")
        for (name, content) in [
            ("Inbox", inbox), ("Inbox.sbd/Refunds", refunds), ("Sent", sent), ("Trash", trash), ("Junk", trash),
            ("Trash.sbd/Old", trash), ("Deleted Messages.mbox/mbox", trash), ("Drafts", ""),
            ("Inbox.sbd/Refunds.mbox/table_of_contents", "\u{0}\u{1}toc"), ("Deleted Items/mbox", trash),
            ("Inbox.msf", "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n< <(a=c)> >\n"),
        ] {
            try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let store = try Store()
        let report = try ImportService().run(paths: [folder.path], options: ImportOptions(), store: store)
        #expect(report.imported == 3)
        #expect(report.errors == 1)
        let broken = try #require(try store.quarantine().first)
        #expect(broken.file == folder.appendingPathComponent("Sent").path)
        #expect(broken.kind == "invalid_mail")
        #expect(broken.message.hasPrefix("message 4 cannot be read"))
        let examples = try store.examples()
        #expect(
            examples.map(\.input) == [
                "Refund for order 1234\n\nI returned order 1234 two weeks ago and have no refund yet.",
                "Card declined\n\nMy card keeps getting declined at checkout.",
                "Refund twice?\n\nI was refunded twice for order 77, what should I do?",
            ])
        #expect(
            examples.map(\.response) == [
                "The refund was issued today.",
                "Please check the billing address.\nFrom the bank's side nothing is blocked.",
                "No need to do anything, Ann: we will take it back.",
            ])
        #expect(
            examples[0].metadata["message_files"] == [
                .string(folder.appendingPathComponent("Inbox").path),
                .string(folder.appendingPathComponent("Sent").path),
            ])
        let sentReport = try #require(report.files.first { $0.path.hasSuffix("/Sent") })
        #expect(sentReport.records == 1)
        #expect(sentReport.imported == 0)
        #expect(sentReport.errors == 1)
        #expect(sentReport.notes == ["3 messages joined a thread stored with another file (its first message's)"])
        let mailbox = "a mailbox of drafts, deleted or junk messages (name it to import it)"
        #expect(
            report.leftOut == [
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Deleted Items/mbox").path, reason: mailbox),
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Deleted Messages.mbox").path, reason: mailbox),
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Drafts").path, reason: "an empty file"),
                ImportPaths.LeftOut(
                    path: folder.appendingPathComponent("Inbox.msf").path,
                    reason: "this is a Thunderbird mailbox's index (the mail is in the mailbox file of the same name, "
                        + "without .msf)"),
                ImportPaths.LeftOut(
                    path: folder.appendingPathComponent("Inbox.sbd/Refunds.mbox/table_of_contents").path,
                    reason:
                        "this is an Apple Mail export's index of its mailbox (the mail is in the file `mbox` beside it)"
                ),
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Junk").path, reason: mailbox),
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Trash").path, reason: mailbox),
                ImportPaths.LeftOut(path: folder.appendingPathComponent("Trash.sbd").path, reason: mailbox),
            ])
        // Each mailbox alone keeps its messages apart, as before: the question without its answer.
        let alone = try Store()
        _ = try ImportService().run(
            paths: [folder.appendingPathComponent("Inbox").path], options: ImportOptions(), store: alone)
        #expect(try alone.examples().allSatisfy { $0.response == nil })
        // Imported again with the folder, the Inbox's threads that now hold answers are stored whole, and the
        // versions the first import stored (the questions alone) are rejected as superseded; a third import adds
        // nothing.
        let before = try alone.examples()
        let together = try ImportService().run(paths: [folder.path], options: ImportOptions(), store: alone)
        let inboxAgain = try #require(together.files.first { $0.path.hasSuffix("/Inbox") })
        #expect(inboxAgain.revised == 2)
        #expect(inboxAgain.imported == 2)
        #expect(try alone.examples().filter { $0.response != nil }.count == 3)
        #expect(together.superseded.count == 2)
        let earlier = Set(together.superseded.map(\.earlier))
        #expect(earlier.isSubset(of: Set(before.map(\.id))))
        for example in try alone.examples() {
            #expect((example.status == .rejected) == earlier.contains(example.id))
        }
        let replaced = try alone.examples(ids: together.superseded.map(\.latest))
        #expect(replaced.allSatisfy { $0.response != nil })
        #expect(
            zip(together.superseded, replaced).allSatisfy { entry, latest in
                before.first { $0.id == entry.earlier }?.ticketID == latest.ticketID
            })
        #expect(try ImportService().run(paths: [folder.path], options: ImportOptions(), store: alone).imported == 0)
        // Named, a trash mailbox is imported.
        let named = try Store()
        #expect(
            try ImportService().run(
                paths: [folder.appendingPathComponent("Trash").path], options: ImportOptions(), store: named
            ).imported == 1)
    }

    @Test(
        "a thread's last message in its mailbox cannot be read: the messages of the other (compressed) mailbox join it")
    func theOtherMailboxesMessagesJoinAThreadWhoseLastMessageHereIsBroken() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox =
            "From kim@c.example Mon Nov  2 10:00:00 2026\nFrom: kim@c.example\nTo: help@shop.example\n"
            + "Subject: Lamp\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nMessage-ID: <q@c.example>\n\n"
            + "The lamp arrived broken.\n\n"
            + "From kim@c.example Mon Nov  2 12:00:00 2026\nFrom: kim@c.example\nTo: help@shop.example\n"
            + "Subject: Re: Lamp\nDate: Mon, 2 Nov 2026 12:00:00 +0000\nMessage-ID: <q2@c.example>\n"
            + "In-Reply-To: <a@shop.example>\nContent-Transfer-Encoding: base64\n\n%%% not base64 %%%\n\n"
        let sent =
            "From help@shop.example Mon Nov  2 11:00:00 2026\nFrom: help@shop.example\nTo: kim@c.example\n"
            + "Subject: Re: Lamp\nDate: Mon, 2 Nov 2026 11:00:00 +0000\nMessage-ID: <a@shop.example>\n"
            + "In-Reply-To: <q@c.example>\n\nA new lamp is on its way.\n\n"
        try inbox.write(to: folder.appendingPathComponent("Inbox"), atomically: true, encoding: .utf8)
        // The mailbox of the answers compressed, as large exports come: it joins as what it holds.
        try Data(Gzip.compressed(Array(sent.utf8))).write(to: folder.appendingPathComponent("Sent.mbox.gz"))
        let store = try Store()
        let report = try ImportService().run(paths: [folder.path], options: ImportOptions(), store: store)
        #expect(report.imported == 1)
        #expect(report.errors == 1)
        let example = try #require(try store.examples().first)
        #expect(example.input == "Lamp\n\nThe lamp arrived broken.")
        #expect(example.response == "A new lamp is on its way.")
        #expect(
            example.metadata["message_files"]?.arrayValue?.last
                == .string(folder.appendingPathComponent("Sent.mbox.gz").path))
        #expect(try store.quarantine().first?.message.hasPrefix("message 2 cannot be read") == true)
    }

    @Test(
        "a mail gateway's banner and subject tag are not the customer's words; a reply with nothing typed adds no turn")
    func gatewayBannersAreRemovedOnImport() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let banner =
            "CAUTION: This email originated from outside of the organization. Do not click links or open "
            + "attachments unless you recognize the sender."
        /// A message from `from` at `time` on 8 December 2026, answering `parent` when given.
        func message(_ from: String, _ subject: String, _ time: String, _ id: String, _ parent: String?, _ body: String)
            -> String
        {
            let answers = parent.map { "In-Reply-To: <\($0)>\n" } ?? ""
            let type = body.hasPrefix("<html>") ? "html" : "plain"
            return "From: \(from)\nSubject: \(subject)\nDate: Tue, 8 Dec 2026 \(time) +0100\nMessage-ID: <\(id)>\n"
                + answers + "Content-Type: text/\(type); charset=utf-8\n\n" + body + "\n"
        }
        let lea = "Lea Brandt <lea@kunde.example>"
        let messages = [
            "question.eml": message(
                lea, "[EXTERNAL] Order 6610 arrived damaged", "09:12:00", "q@kunde.example", nil,
                "<html><body><table style=\"background:#FFEB9C\"><tr><td>\(banner)</td></tr></table>"
                    + "<div>Hello,</div><div>the lamp from order 6610 arrived with a cracked shade.</div>"
                    + "<div>Lea</div></body></html>"),
            "answer.eml": message(
                "Tom Weber <tom@shop.example>", "RE: [EXTERNAL] Order 6610 arrived damaged", "11:40:00",
                "a@shop.example", "q@kunde.example",
                "Hello Lea,\n\na new shade is on its way.\n\nOn Tue, 8 Dec 2026 at 09:12, \(lea) wrote:\n> \(banner)\n"
                    + ">\n> Hello,"),
            "empty.eml": message(
                lea, "Re: [EXTERNAL] Order 6610 arrived damaged", "12:40:00", "e@kunde.example", "a@shop.example",
                "Sent from my iPhone\n\nOn Tue, 8 Dec 2026 at 11:40, Tom Weber <tom@shop.example> wrote:\n"
                    + "> a new shade is on its way."),
        ]
        var paths: [String] = []
        for (name, text) in messages.sorted(by: { $0.key > $1.key }) {
            let file = directory.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            paths.append(file.path)
        }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let result = try CommandLineTool.run(
            binary, ["import", "--json", "--db", database, "--agent-domain", "shop.example"] + paths)
        #expect(result.status == 0)
        #expect(try JSONParser.parse(result.output).value(atPath: "imported") == 1)
        let show = try JSONParser.parse(
            try CommandLineTool.run(binary, ["show", "--json", "--db", database, "1"]).output)
        #expect(
            show.value(atPath: "input")
                == "Order 6610 arrived damaged\n\nHello,\nthe lamp from order 6610 arrived with a cracked shade.\nLea")
        #expect(show.value(atPath: "response") == "Hello Lea,\n\na new shade is on its way.")
        #expect(show.value(atPath: "metadata.removed_banners") == .array([.string(banner)]))
        #expect(show.value(atPath: "metadata.removed_signatures") == .array(["Sent from my iPhone"]))
        // The question and the answer; the reply sent with nothing typed is no turn of its own.
        #expect(show.value(atPath: "messages")?.arrayValue?.count == 2)
    }

    @Test("--label-from-folder labels each file by the sub-folder it is in, unless its record names a label")
    func labelsFromFolders() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.appendingPathComponent("tickets")
        let manager = FileManager.default
        // A Maildir (its Maildir++ folder .Refunds) with plain folders beside its own cur, new and tmp.
        for folder in [
            "cur", "new", "tmp", "Billing/2026", "Shipping", ".Refunds/cur", ".Refunds/new", ".Refunds/tmp", "Sent",
        ] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try manager.copyItem(
            at: Self.mail.appendingPathComponent("qp-latin1.eml"),
            to: root.appendingPathComponent("Billing/2026/a.eml"))
        try "subject,body,category\nLate,Where is it?,\nBroken,It broke,Damage\n".write(
            to: root.appendingPathComponent("Shipping/rows.csv"), atomically: true, encoding: .utf8)
        try manager.copyItem(
            at: Self.mail.appendingPathComponent("koi8r.eml"), to: root.appendingPathComponent(".Refunds/cur/1:2,S"))
        try manager.copyItem(
            at: Self.mail.appendingPathComponent("windows-1252.eml"), to: root.appendingPathComponent("Sent/b.eml"))
        try manager.copyItem(
            at: Self.mail.appendingPathComponent("base64-utf8.eml"), to: root.appendingPathComponent("top.eml"))
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let result = try CommandLineTool.run(binary, ["import", "--db", database, "--label-from-folder", root.path])
        #expect(result.status == 0)
        let listed = try JSONParser.parse(try CommandLineTool.run(binary, ["list", "--json", "--db", database]).output)
        var labels: [String: String] = [:]
        for example in listed.value(atPath: "examples")?.arrayValue ?? [] {
            let source = example.value(atPath: "source")?.scalarText ?? ""
            let key = String(source.dropFirst(root.path.count + 1).prefix { $0 != "," })
            labels[key + "|" + (example.value(atPath: "input")?.scalarText?.prefix(6).description ?? "")] =
                example.value(atPath: "label")?.scalarText ?? "-"
        }
        // The CSV row naming a label keeps it; a sent folder and the top level give none.
        #expect(labels.values.sorted() == ["-", "-", "Billing", "Damage", "Refunds", "Shipping"])
        // A Gmail Takeout is sorted by labels: the one label a person gave the thread is its label.
        let takeout = try CommandLineTool.run(
            binary,
            [
                "import", "--json", "--db", directory.appendingPathComponent("takeout.db").path, "--label-from-folder",
                Self.mail.appendingPathComponent("gmail-takeout.mbox").path,
            ])
        #expect(takeout.status == 0)
        let takeoutList = try CommandLineTool.run(
            binary, ["list", "--json", "--db", directory.appendingPathComponent("takeout.db").path])
        #expect(
            try JSONParser.parse(takeoutList.output).value(atPath: "examples")?.arrayValue?.first?
                .value(atPath: "label") == "Refunds")
        #expect(ImportPaths.folderLabel(of: "t/.INBOX.Support/cur/x", under: "t") == "Support")
        #expect(ImportPaths.folderLabel(of: "t/cur/x", under: "t") == nil)
        #expect(ImportPaths.folderLabel(of: "t/Gesendet/x.eml", under: "t/") == nil)
        #expect(ImportPaths.folderLabel(of: "t/x.eml", under: "t") == nil)
        // Mailbox folders and files by their names without the extension; mailboxes every client has are no label.
        #expect(ImportPaths.folderLabel(of: "t/Refunds.mbox/mbox", under: "t") == "Refunds")
        #expect(ImportPaths.folderLabel(of: "t/Inbox.mbox/mbox", under: "t") == nil)
        #expect(ImportPaths.folderLabel(of: "t/Billing.mbox", under: "t") == "Billing")
        #expect(ImportPaths.folderLabel(of: "t/Archive.mbox", under: "t") == nil)
        #expect(ImportPaths.folderLabel(of: "t/Local Folders.sbd/Billing", under: "t") == nil)
        #expect(ImportPaths.folderLabel(of: "t/Posteingang/x.eml", under: "t") == nil)
        let library = "V10/0F3A-77/Support.mbox/Refunds.mbox/9C1E/Data/2/Messages/4127.emlx"
        #expect(ImportPaths.folderLabel(of: library, under: "V10") == "Refunds")
        #expect(ImportPaths.folderLabel(of: "V10/0F3A-77/INBOX.mbox/9C1E/Data/Messages/1.emlx", under: "V10") == nil)
    }
}
