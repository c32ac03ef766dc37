import Foundation
import WinnowCore
import WinnowMail

/// Several `.eml` files imported together, threaded across files as an mbox is within one: a customer's mail and
/// the agent's reply saved as two files become one example with a response.
///
/// Built before the import from the headers of every file (``read(_:)``); then each file is imported on its own
/// (its source, counts and quarantine stay its own), and a thread's example is stored with the file holding its
/// first message. Its metadata names each message's file (`message_files`) when the thread spans several.
public struct MailFileGroup: Sendable {
    /// One message of the group: its file and its number in that file.
    struct Member: Sendable, Hashable {
        var file: Int
        var number: Int
    }

    /// The files, as given (their display paths).
    let paths: [String]
    /// Each file's place in `paths`: a folder of many thousand files is looked up once per file.
    let indexOf: [String: Int]
    /// Their locations.
    let urls: [URL]
    /// Threads by message, members in thread order.
    let threads: [[Member]]
    /// The thread of each member.
    let threadOf: [Member: Int]
    /// Members left out of the threads by their label (drafts, spam, deleted mail, chats), with the label.
    let discarded: [Member: String]
    /// The mailbox the files were exported from, as their mail tells it (``MailboxOwner``).
    let owner: MailboxOwner?

    /// Reads the headers of every file and threads their messages. `files` pairs each file's location with the path
    /// errors and provenance use. A file that cannot be read throws its `unreadableFile` error. Unless
    /// `keepDiscarded`, messages labelled as drafts, spam, deleted mail or chats are left out of the threads. With
    /// `inferOwner` (the support side not named), the mailbox the files came from is read off their mail.
    public static func read(
        _ files: [(url: URL, displayPath: String)], keepDiscarded: Bool = false, inferOwner: Bool = true
    ) throws -> MailFileGroup {
        var envelopes: [MailThreader.Envelope] = []
        var members: [Member] = []
        var discarded: [Member: String] = [:]
        var clues: [Int: MailboxOwner.Clue] = [:]
        for (index, file) in files.enumerated() {
            let source = try SourceFile(url: file.url, displayPath: file.displayPath)
            // An Outlook message that cannot be read joins no thread: its own import quarantines it.
            guard let bytes = try? source.mailMessage(try source.readWhole().bytes, headersOnly: true) else { continue }
            for entry in MboxReader.single(bytes) {
                let (headers, _) = MailHeaders.parse(entry.bytes[...])
                guard !headers.fields.isEmpty else { continue }
                if !keepDiscarded, let label = MailThreadImport.discardedLabel(headers) {
                    discarded[Member(file: index, number: entry.number)] = label
                    continue
                }
                envelopes.append(MailThreadImport.envelope(number: members.count, headers: headers))
                if inferOwner { clues[members.count] = MailboxOwner.Clue(headers: headers) }
                members.append(Member(file: index, number: entry.number))
            }
        }
        let numbered = MailThreader().threads(envelopes)
        let threads = numbered.map { thread in thread.map { members[$0] } }
        var threadOf: [Member: Int] = [:]
        for (index, thread) in threads.enumerated() {
            for member in thread { threadOf[member] = index }
        }
        return MailFileGroup(
            paths: files.map(\.displayPath),
            indexOf: Dictionary(
                files.enumerated().map { ($1.displayPath, $0) }, uniquingKeysWith: { first, _ in first }),
            urls: files.map(\.url), threads: threads, threadOf: threadOf,
            discarded: discarded, owner: MailboxOwner.infer(clues, threads: numbered))
    }

    /// Whether `displayPath` is one of the group's files.
    public func contains(_ displayPath: String) -> Bool {
        indexOf[displayPath] != nil
    }

    /// Imports the group's file `displayPath` (whose bytes are `bytes`): a failure for each of its messages that
    /// cannot be read, and the example of each thread whose first message is in it, with the thread's messages
    /// from the other files. A note counts its messages stored with another file's thread.
    func read(
        displayPath: String, bytes: [UInt8], roles: MailRoles, _ body: (ImportEvent) throws -> Void
    ) throws {
        guard let fileIndex = indexOf[displayPath] else { return }
        let roles = roles.withMailbox(owner)
        let reader = MailThreadImport(displayPath: displayPath, roles: roles)
        if fileIndex == 0, let owner = roles.mailbox {
            // Said once, with the group's first file: the owner is read off all of them.
            try body(
                .note(
                    "the \(paths.count) mail files given together: \(owner.description) (--agent-domain or "
                        + "--agent-address names the support side instead)"))
        }
        var joinedElsewhere = 0
        let ownEntries = MboxReader.single(bytes)
        if ownEntries.isEmpty { try body(.failure(reader.emptyFileFailure())) }
        for entry in ownEntries {
            try body(.progress(bytesRead: entry.offset + UInt64(entry.bytes.count)))
            let member = Member(file: fileIndex, number: entry.number)
            if let label = discarded[member] {
                try body(.failure(reader.discardedFailure(entry, label: label)))
                continue
            }
            guard let thread = threadOf[member] else {
                try body(.failure(reader.failure(entry, reason: "not a mail message")))
                continue
            }
            do {
                _ = try MailMessage(bytes: entry.bytes)
            } catch {
                try body(.failure(reader.failure(entry, reason: (error as? MailError)?.message ?? "\(error)")))
                continue
            }
            guard threads[thread].first == member else {
                if threads[thread].first?.file != fileIndex { joinedElsewhere += 1 }
                continue
            }
            // The thread's messages, each read from its file; one that cannot be read is quarantined by its own
            // file's import.
            var entries: [MailThreadRecord.Entry] = []
            var cache: [Int: [MboxReader.Entry]] = [fileIndex: ownEntries]
            for other in threads[thread] {
                let fileEntries: [MboxReader.Entry]
                if let cached = cache[other.file] {
                    fileEntries = cached
                } else {
                    var otherBytes: [UInt8] = []
                    if let otherFile = try? SourceFile(url: urls[other.file], displayPath: paths[other.file]),
                        let whole = try? otherFile.readWhole()
                    {
                        otherBytes = (try? otherFile.mailMessage(whole.bytes)) ?? []
                    }
                    fileEntries = MboxReader.single(otherBytes)
                    cache[other.file] = fileEntries
                }
                guard let found = fileEntries.first(where: { $0.number == other.number }),
                    let message = try? MailMessage(bytes: found.bytes)
                else { continue }
                entries.append(
                    MailThreadRecord.Entry(
                        number: found.number, offset: found.offset, message: message, file: paths[other.file]))
            }
            switch MailThreadRecord(entries: entries).draft(file: displayPath, roles: roles) {
            case .success(let draft): try body(.record(draft))
            case .failure(let error): try body(.failure(error))
            }
        }
        if joinedElsewhere > 0 {
            try body(
                .note(
                    "\(joinedElsewhere) message\(joinedElsewhere == 1 ? "" : "s") joined a thread stored with "
                        + "another file (its first message's)"))
        }
    }
}
