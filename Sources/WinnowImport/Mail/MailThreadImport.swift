import Foundation
import WinnowCore
import WinnowMail

/// Reads a source of mail messages in two passes, so that memory holds only the headers of the whole file and the
/// bodies of the threads still open: the first pass reads each message's headers and threads them; the second
/// decodes each message and emits a thread's example as soon as its last message has been read. Both passes parse
/// on worker threads, a batch of messages at a time, and take the results back in file order.
///
/// A message that cannot be decoded is quarantined (an `invalidMail` failure naming the file, the message number
/// and its byte offset) and its thread goes on without it; a file with no message at all (an empty file) is
/// quarantined as `unreadableFile`, `empty file`.
struct MailThreadImport {

    var displayPath: String
    var roles: MailRoles
    /// Whether messages labelled as drafts, spam, deleted or chats are threaded too (``GmailLabels``).
    var keepDiscarded = false
    /// The mail files imported together with this one, when they hold it (``MailFileGroup``): its messages are
    /// threaded with theirs, and a thread is stored with the file of its first message.
    var group: MailFileGroup? = nil

    /// How a file's messages are threaded: each message's thread and place in it, how many of each thread's
    /// messages the file holds, and what else the threading learnt.
    struct Plan {
        var places: [Int: MailFileGroup.Place] = [:]
        var remaining: [Int: Int] = [:]
        var discarded: [Int: String] = [:]
        var owner: MailboxOwner?
        /// Undated threads put in order by the history their messages quote rather than by the file.
        var quoteOrdered = 0
        /// The file's place in its group, when it is read as one of several.
        var groupFile: Int?
        /// Whether `owner` was read off the file's own mail (not its group's).
        var ownOwner = true
        /// Threads of a group stored with another file: this file's messages of them are only checked.
        var storedElsewhere: Set<Int> = []
        /// The message of this file after which each thread stored here reads its other files' messages (its last
        /// here), by number.
        var gatherAfter: [Int: Int] = [:]

        /// What the workers do with message `number`.
        func work(_ number: Int) -> Decoded.Work {
            guard let place = places[number] else { return .decode }
            if storedElsewhere.contains(place.thread) { return .check }
            return gatherAfter[number].map { .decodeAndGather(thread: $0) } ?? .decode
        }
    }

    /// The threads of `source`'s own messages, read off their headers (the first pass).
    func plan(_ source: some MailSource) throws -> Plan {
        let (envelopes, clues, discarded) = try MailThreadImport.envelopes(
            source, keepDiscarded: keepDiscarded, clues: !roles.isNamed)
        let threads = MailThreader().threads(envelopes)
        var plan = Plan(discarded: discarded)
        if envelopes.contains(where: { $0.quotedMessages != nil }) {
            let byNumber = Dictionary(envelopes.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
            // Threads the history they quote put in another order than the file's.
            plan.quoteOrdered = threads.count {
                $0 != $0.sorted() && MailThreader.ordersByQuotes($0.compactMap { byNumber[$0] })
            }
        }
        // No clues were read where the support side is named: no owner is inferred.
        plan.owner = MailboxOwner.infer(clues, threads: threads)
        for (index, thread) in threads.enumerated() {
            for (position, number) in thread.enumerated() {
                plan.places[number] = MailFileGroup.Place(thread: index, position: position)
            }
            plan.remaining[index] = thread.count
        }
        return plan
    }

    /// The file's part of its group's threads, read off every file's headers before the import.
    static func plan(in group: MailFileGroup, file: Int) -> Plan {
        var plan = Plan(
            places: group.places[file], discarded: group.discarded[file],
            owner: group.fileOwners[file] ?? group.owner, groupFile: file, ownOwner: group.fileOwners[file] != nil)
        var last: [Int: Int] = [:]
        for (number, place) in plan.places {
            plan.remaining[place.thread, default: 0] += 1
            last[place.thread] = max(last[place.thread] ?? number, number)
            if group.threads[place.thread].first?.file != file { plan.storedElsewhere.insert(place.thread) }
        }
        for (thread, number) in last
        where !plan.storedElsewhere.contains(thread) && group.threads[thread].contains(where: { $0.file != file }) {
            plan.gatherAfter[number] = thread
        }
        return plan
    }

    func read(_ source: some MailSource, _ body: (ImportEvent) throws -> Void) throws {
        let plan =
            if let group, let file = group.indexOf[displayPath] {
                MailThreadImport.plan(in: group, file: file)
            } else {
                try plan(source)
            }
        let owner = plan.owner
        let roles = roles.withMailbox(owner)
        var remaining = plan.remaining
        var open: [Int: [(position: Int, entry: MailThreadRecord.Entry)]] = [:]
        let gather = group.flatMap { group in plan.groupFile.map { (group, $0) } }
        if let group, let file = plan.groupFile, file == group.firstOnGroupOwner, let owner = roles.mailbox {
            // Said once, with the group's first file: the owner is read off all of them.
            try body(
                .note(
                    "the \(group.paths.count) mail files given together: \(owner.description) (--agent-domain or "
                        + "--agent-address names the support side instead)"))
        }
        // Messages are decoded and cleaned on worker threads, a batch at a time, and taken back in file order.
        let queue = OrderedWorkQueue<[Decoded]>(workers: MailThreadImport.workers)
        defer { queue.close() }
        var batch: [MboxReader.Entry] = []
        var batchBytes = 0
        func submit() {
            guard !batch.isEmpty else { return }
            let entries = batch
            let work = entries.map { plan.work($0.number) }
            queue.submit { zip(entries, work).map { Decoded($0, work: $1, gather: gather) } }
            batch = []
            batchBytes = 0
        }
        func take(keeping limit: Int) throws {
            while queue.pending > limit, let decoded = queue.next() {
                for item in decoded { try handle(item) }
            }
        }
        var sawMessage = false
        var openerThreads = 0
        var ownerThreads = 0
        var joinedElsewhere = 0
        try source.forEach { entry in
            sawMessage = true
            batch.append(entry)
            batchBytes += entry.bytes.count
            guard batch.count >= 64 || batchBytes >= 1 << 20 else { return }
            submit()
            // A few batches in flight keep the workers busy while memory holds only those.
            try take(keeping: 2 * MailThreadImport.workers)
        }
        submit()
        try take(keeping: 0)
        if !sawMessage { try body(.failure(emptyFileFailure())) }
        if plan.quoteOrdered > 0 {
            let which = plan.quoteOrdered == 1 ? "1 undated thread" : "\(plan.quoteOrdered) undated threads"
            try body(
                .note(
                    "\(displayPath): \(which) ordered by the history each message quotes (the opener quoting"
                        + " none, each reply one more), not as the messages stand in the file"))
        }
        if plan.ownOwner, let owner, ownerThreads > 0 {
            try body(.note(MailThreadImport.ownerNote(owner, file: displayPath, threads: ownerThreads)))
        }
        if openerThreads > 0 {
            let threads = openerThreads == 1 ? "1 thread has" : "\(openerThreads) threads have"
            let them = openerThreads == 1 ? "it" : "them"
            try body(
                .note(
                    "\(displayPath): \(threads) no sender on the support side (none writes from a helpdesk-like address): in \(them) "
                        + "the opener is the customer and the other senders answer (--agent-domain or "
                        + "--agent-address names the support side)"))
        }
        if joinedElsewhere > 0 {
            try body(
                .note(
                    "\(joinedElsewhere) message\(joinedElsewhere == 1 ? "" : "s") joined a thread stored with "
                        + "another file (its first message's)"))
        }

        func handle(_ item: Decoded) throws {
            let entry = item.entry
            try body(.progress(bytesRead: entry.offset + UInt64(entry.bytes.count)))
            if let label = plan.discarded[entry.number] {
                try body(.failure(discardedFailure(entry, label: label)))
                return
            }
            if let place = plan.places[entry.number] { open[place.thread, default: []] += item.others }
            let decoded: MailThreadRecord.Entry?
            switch item.result {
            case .failure(let error):
                try body(.failure(failure(entry, reason: (error as? MailError)?.message ?? "\(error)")))
                if let place = plan.places[entry.number] { try finishOne(place.thread) }
                return
            case .success(let message): decoded = message
            }
            guard let place = plan.places[entry.number] else {
                try body(.failure(failure(entry, reason: "not a mail message")))
                return
            }
            if var decoded {
                if plan.groupFile != nil { decoded.file = displayPath }
                open[place.thread, default: []].append((place.position, decoded))
            } else {
                // Read only to be sure it can be: its thread is stored with another file.
                joinedElsewhere += 1
            }
            try finishOne(place.thread)
        }

        func finishOne(_ thread: Int) throws {
            remaining[thread, default: 0] -= 1
            guard remaining[thread, default: 0] <= 0 else { return }
            remaining[thread] = nil
            // A thread is stored with the file of its first message, its other files' messages read back with
            // this file's last (``Plan/gatherAfter``).
            let entries = open.removeValue(forKey: thread) ?? []
            guard !plan.storedElsewhere.contains(thread), !entries.isEmpty else { return }
            let sorted = entries.sorted { $0.position < $1.position }.map(\.entry)
            switch MailThreadRecord(entries: sorted).draft(file: displayPath, roles: roles) {
            case .success(let draft):
                if case .string(let how)? = draft.metadata["mail_roles"] {
                    if how == MailThreadRecord.openerRoles { openerThreads += 1 } else { ownerThreads += 1 }
                }
                try body(.record(draft))
            case .failure(let error): try body(.failure(error))
            }
        }
    }

    /// The threading headers of every message with header fields, in file order, what tells the mailbox's owner
    /// (``MailboxOwner``; only when `clues`), and the messages left out as drafts, spam, deleted or chats with the
    /// label saying so (none when `keepDiscarded`): parsed on worker threads, a batch of messages at a time, while
    /// the file is read.
    static func envelopes(
        _ source: some MailSource, keepDiscarded: Bool, clues wantsClues: Bool,
        offsets: (_ number: Int, _ offset: UInt64) -> Void = { _, _ in }
    ) throws -> (envelopes: [MailThreader.Envelope], clues: [Int: MailboxOwner.Clue], discarded: [Int: String]) {
        let queue = OrderedWorkQueue<[(MailThreader.Envelope, MailboxOwner.Clue?, String?)]>(workers: workers)
        defer { queue.close() }
        var envelopes: [MailThreader.Envelope] = []
        var clues: [Int: MailboxOwner.Clue] = [:]
        var discarded: [Int: String] = [:]
        var batch: [MboxReader.Entry] = []
        var batchBytes = 0
        func submit() {
            guard !batch.isEmpty else { return }
            let entries = batch
            queue.submit {
                entries.compactMap { entry in
                    let (headers, bodyStart, _) = MailHeaders.parseMessage(entry.bytes[...])
                    guard !headers.fields.isEmpty else { return nil }
                    // The senders are read once, for threading and for the clue.
                    let from = headers.values("From").flatMap(MailAddress.list)
                    var envelope = MailThreadImport.envelope(number: entry.number, headers: headers, from: from)
                    if envelope.date == nil {
                        // Undated: the history its body quotes may tell its place in the thread.
                        envelope.quotedMessages = MailThreadImport.quotedMessages(
                            entry.bytes, headers: headers, bodyStart: bodyStart)
                    }
                    let senders = from.map(\.address).filter { !$0.isEmpty }
                    return (
                        envelope,
                        wantsClues
                            ? MailboxOwner.Clue(headers: headers, senders: senders, participants: envelope.participants)
                            : nil,
                        keepDiscarded ? nil : MailThreadImport.discardedLabel(headers)
                    )
                }
            }
            batch = []
            batchBytes = 0
        }
        func take(keeping limit: Int) {
            while queue.pending > limit, let parsed = queue.next() {
                for (envelope, clue, label) in parsed {
                    if let label {
                        discarded[envelope.number] = label
                    } else {
                        envelopes.append(envelope)
                        if let clue { clues[envelope.number] = clue }
                    }
                }
            }
        }
        try source.forEach { entry in
            offsets(entry.number, entry.offset)
            batch.append(entry)
            batchBytes += entry.bytes.count
            guard batch.count >= 256 || batchBytes >= 1 << 20 else { return }
            submit()
            take(keeping: 2 * workers)
        }
        submit()
        take(keeping: 0)
        return (envelopes, clues, discarded)
    }

    /// How many earlier messages the message `bytes` quotes in its body (text, else HTML); nil when it cannot be
    /// read. A plain text body without a transfer encoding (what a table of e-mails' rows are made into) is read as
    /// it is, anything else decoded as a message.
    static func quotedMessages(_ bytes: [UInt8], headers: MailHeaders, bodyStart: Int) -> Int? {
        let type = MIMEContentType(headers["Content-Type"])
        let encoding = (headers["Content-Transfer-Encoding"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if type.value == "text/plain", ["", "7bit", "8bit"].contains(encoding), bodyStart <= bytes.count {
            let body = Array(bytes[bodyStart...])
            return ReplyCleaner.quotedMessageCount(text: MailCharset.decode(body, charset: type["charset"]).text)
        }
        guard let message = try? MailMessage(bytes: bytes) else { return nil }
        return message.bodyIsHTML
            ? ReplyCleaner.quotedMessageCount(html: message.body)
            : ReplyCleaner.quotedMessageCount(text: message.body)
    }

    /// The note saying that the mail's own mailbox, `owner`, decided the roles of `threads` threads of `file`.
    static func ownerNote(_ owner: MailboxOwner, file: String, threads: Int) -> String {
        let which = threads == 1 ? "1 thread" : "\(threads) threads"
        return "\(file): \(owner.description), which decided the roles of \(which) (--agent-domain or "
            + "--agent-address names the support side instead)"
    }

    /// The label (`Spam`, `Papierkorb`, `Drafts`) that keeps a message with `headers` out of the conversations, if
    /// any (``GmailLabels/discarded``).
    static func discardedLabel(_ headers: MailHeaders) -> String? {
        guard let labels = GmailLabels(headers: headers), let kind = labels.discarded else { return nil }
        return labels.label(of: kind) ?? kind.rawValue
    }

    /// The quarantine entry of a message left out by its label.
    func discardedFailure(_ entry: MboxReader.Entry, label: String) -> RecordFailure {
        RecordFailure(
            kind: .discardedMail, file: displayPath, locator: .message(entry.number, offset: entry.offset),
            message: "message \(entry.number) is labelled '\(label)' (a draft, spam, deleted mail or a chat): left "
                + "out of the conversations (--keep-discarded-mail imports it)",
            snippet: String(decoding: entry.bytes.prefix(300), as: UTF8.self))
    }

    /// Threads decoding and cleaning messages: the machine's cores, at most four.
    static let workers = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// One message decoded and cleaned, or why it could not be; with the messages its thread holds in other files
    /// when it is the last of the thread in its own.
    struct Decoded: Sendable {
        /// What a worker does with a message.
        enum Work: Sendable {
            /// Decodes and cleans it.
            case decode
            /// Only decodes it, to be sure it can be: its thread is stored with another file (the entry is nil).
            case check
            /// Decodes and cleans it, and reads the thread's messages in the group's other files.
            case decodeAndGather(thread: Int)
        }

        var entry: MboxReader.Entry
        var result: Result<MailThreadRecord.Entry?, any Error>
        var others: [(position: Int, entry: MailThreadRecord.Entry)] = []

        init(_ entry: MboxReader.Entry, work: Work = .decode, gather: (group: MailFileGroup, file: Int)? = nil) {
            self.entry = entry
            if case .decodeAndGather(let thread) = work, let gather {
                others = gather.group.messages(of: thread, besides: gather.file)
            }
            if case .check = work {
                result = Result { _ = try MailMessage(bytes: entry.bytes) }.map { nil }
            } else {
                result = Result {
                    MailThreadRecord.Entry(
                        number: entry.number, offset: entry.offset, message: try MailMessage(bytes: entry.bytes))
                }
            }
        }
    }

    /// The quarantine entry of a mail file with nothing in it: reported, as an empty CSV or JSON file is, rather
    /// than read as no messages.
    func emptyFileFailure() -> RecordFailure {
        RecordFailure(kind: .unreadableFile, file: displayPath, message: "empty file: no mail message in it")
    }

    func failure(_ entry: MboxReader.Entry, reason: String) -> RecordFailure {
        RecordFailure(
            kind: .invalidMail, file: displayPath, locator: .message(entry.number, offset: entry.offset),
            message: "message \(entry.number) cannot be read: \(reason)",
            snippet: String(decoding: entry.bytes.prefix(300), as: UTF8.self))
    }

    /// What threading needs, from the headers alone.
    static func envelope(number: Int, headers: MailHeaders, from: [MailAddress]? = nil) -> MailThreader.Envelope {
        let senders = from ?? headers.values("From").flatMap(MailAddress.list)
        let addresses = senders + ["To", "Cc", "Reply-To"].flatMap { headers.values($0) }.flatMap(MailAddress.list)
        return MailThreader.Envelope(
            number: number, messageID: MailMessage.messageIDs(headers["Message-ID"] ?? "").first,
            parents: MailMessage.messageIDs(headers["In-Reply-To"] ?? "")
                + MailMessage.messageIDs(headers.values("References").joined(separator: " ")),
            subject: EncodedWords.decode(headers["Subject"] ?? "").text,
            date: headers["Date"].flatMap(MailDate.init(parsing:)),
            participants: Set(addresses.map(\.address).filter { !$0.isEmpty }),
            conversation: MailThreader.conversation(threadIndex: headers["Thread-Index"]))
    }
}

/// Messages to import, visited in file order; visited once per pass.
protocol MailSource {
    /// Calls `body` with every message, in order.
    func forEach(_ body: (MboxReader.Entry) throws -> Void) throws
}

extension MboxReader: MailSource {}

/// The messages of a file already in memory.
struct MailEntries: MailSource {
    var entries: [MboxReader.Entry]

    func forEach(_ body: (MboxReader.Entry) throws -> Void) throws {
        for entry in entries { try body(entry) }
    }
}
