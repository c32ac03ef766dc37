import Foundation
import WinnowCore
import WinnowMail

/// Several mail files imported together (`.eml` and other one-message files, and mbox files), threaded across files
/// as an mbox is within one: a customer's mail and the agent's reply saved as two files, or a mail client's `Inbox`
/// and `Sent` mailboxes, become one example with a response.
///
/// Built before the import from the headers of every file (``read(_:forced:keepDiscarded:inferOwner:)``); then each
/// file is imported on its own (its source, counts and quarantine stay its own), and a thread's example is stored
/// with the file holding its first message, the messages of other files read back by where they lie. Its metadata
/// names each message's file (`message_files`) when the thread spans several.
public struct MailFileGroup: Sendable {
    /// One message of the group: its file and its number in that file.
    struct Member: Sendable, Hashable {
        var file: Int
        var number: Int
    }

    /// Where a message of an mbox file lies: from the byte of its `From ` line to the next message's (nil: to the
    /// file's end).
    struct Span: Sendable {
        var offset: UInt64
        var end: UInt64?
    }

    /// A message of one file and its place in its thread.
    struct Place: Sendable {
        var thread: Int
        var position: Int
    }

    /// The files, as given (their display paths).
    let paths: [String]
    /// Each file's place in `paths`: a folder of many thousand files is looked up once per file.
    let indexOf: [String: Int]
    /// Their locations.
    let urls: [URL]
    /// Where the messages of mbox files lie; a file without spans holds one message.
    let spans: [Member: Span]
    /// Threads by message, members in thread order.
    let threads: [[Member]]
    /// Each file's messages in threads, by number.
    let places: [[Int: Place]]
    /// Each file's messages left out of the threads by their label (drafts, spam, deleted mail, chats), by number,
    /// with the label.
    let discarded: [[Int: String]]
    /// The mailbox the files were exported from, as their mail tells it (``MailboxOwner``).
    let owner: MailboxOwner?
    /// The mailbox each mbox file was exported from, where its own mail tells one: a folder may hold the mailboxes
    /// of several accounts (an agent's `Sent`, the team's `Inbox`); the threads stored with the file take it.
    let fileOwners: [Int: MailboxOwner]

    /// The first file whose threads take the group's owner (no owner of its own): it says so, once.
    var firstOnGroupOwner: Int? {
        owner == nil ? nil : paths.indices.first { fileOwners[$0] == nil }
    }

    /// Reads the headers of every file and threads their messages. `files` pairs each file's location with the path
    /// errors and provenance use; a file whose format (`forced`, else told by its name and content) is mbox is read
    /// as many messages, any other as one. A file that cannot be read throws its `unreadableFile` error. Unless
    /// `keepDiscarded`, messages labelled as drafts, spam, deleted mail or chats are left out of the threads. With
    /// `inferOwner` (the support side not named), the mailbox the files came from is read off their mail.
    ///
    /// `progress` hears, after each file, how many of the files have been read and of how many.
    public static func read(
        _ files: [(url: URL, displayPath: String)], forced: SourceFormat? = nil, keepDiscarded: Bool = false,
        inferOwner: Bool = true, progress: ((_ read: Int, _ files: Int) -> Void)? = nil
    ) throws -> MailFileGroup {
        var envelopes: [MailThreader.Envelope] = []
        var members: [Member] = []
        var discarded = [[Int: String]](repeating: [:], count: files.count)
        var clues: [Int: MailboxOwner.Clue] = [:]
        var spans: [Member: Span] = [:]
        var fileOwners: [Int: MailboxOwner] = [:]
        /// One file's headers, read on a worker thread (a folder of thousands of one-message files).
        struct FileHeaders: Sendable {
            var envelopes: [MailThreader.Envelope] = []
            var clues: [Int: MailboxOwner.Clue] = [:]
            var discarded: [Int: String] = [:]
            var spans: [(number: Int, span: Span)] = []
            var owner: MailboxOwner?
        }
        @Sendable func headers(of file: (url: URL, displayPath: String)) throws -> FileHeaders? {
            let source = try SourceFile(url: file.url, displayPath: file.displayPath)
            var headers = FileHeaders()
            if (try? source.format(forced: forced)) == .mbox {
                var offsets: [(number: Int, offset: UInt64)] = []
                (headers.envelopes, headers.clues, headers.discarded) = try MailThreadImport.envelopes(
                    MboxReader(url: file.url), keepDiscarded: keepDiscarded, clues: inferOwner,
                    offsets: { offsets.append(($0, $1)) })
                for (position, message) in offsets.enumerated() {
                    let end = position + 1 < offsets.count ? offsets[position + 1].offset : nil
                    headers.spans.append((message.number, Span(offset: message.offset, end: end)))
                }
                if inferOwner {
                    headers.owner = MailboxOwner.infer(
                        headers.clues, threads: MailThreader().threads(headers.envelopes))
                }
            } else {
                // An Outlook message that cannot be read joins no thread: its own import quarantines it.
                guard let bytes = try? source.mailMessage(try source.readWhole().bytes, headersOnly: true) else {
                    return nil
                }
                (headers.envelopes, headers.clues, headers.discarded) = try MailThreadImport.envelopes(
                    MailEntries(entries: MboxReader.single(bytes)), keepDiscarded: keepDiscarded, clues: inferOwner)
            }
            return headers
        }
        // The files' headers are read a few files ahead on worker threads and taken in file order.
        let queue = OrderedWorkQueue<Result<FileHeaders?, any Error>>(workers: MailThreadImport.workers)
        defer { queue.close() }
        var submitted = 0
        for index in files.indices {
            while submitted < files.count, submitted <= index || queue.pending < 4 * MailThreadImport.workers {
                let file = files[submitted]
                queue.submit { Result { try headers(of: file) } }
                submitted += 1
            }
            let result = try queue.next()?.get()
            progress?(index + 1, files.count)
            guard let read = result else { continue }
            for (number, span) in read.spans { spans[Member(file: index, number: number)] = span }
            if let owner = read.owner { fileOwners[index] = owner }
            discarded[index] = read.discarded
            for var envelope in read.envelopes {
                let member = Member(file: index, number: envelope.number)
                if let clue = read.clues[envelope.number] { clues[members.count] = clue }
                envelope.number = members.count
                envelopes.append(envelope)
                members.append(member)
            }
        }
        let numbered = MailThreader().threads(envelopes)
        let threads = numbered.map { thread in thread.map { members[$0] } }
        var places = [[Int: Place]](repeating: [:], count: files.count)
        for (index, thread) in threads.enumerated() {
            for (position, member) in thread.enumerated() {
                places[member.file][member.number] = Place(thread: index, position: position)
            }
        }
        return MailFileGroup(
            paths: files.map(\.displayPath),
            indexOf: Dictionary(
                files.enumerated().map { ($1.displayPath, $0) }, uniquingKeysWith: { first, _ in first }),
            urls: files.map(\.url), spans: spans, threads: threads, places: places,
            discarded: discarded, owner: MailboxOwner.infer(clues, threads: numbered), fileOwners: fileOwners)
    }

    /// Whether `displayPath` is one of the group's files.
    public func contains(_ displayPath: String) -> Bool {
        indexOf[displayPath] != nil
    }

    /// The messages of `thread` held by files other than `file`, decoded and cleaned, each with its place in the
    /// thread; one that cannot be read is left out (its own file's import quarantines it).
    func messages(of thread: Int, besides file: Int) -> [(position: Int, entry: MailThreadRecord.Entry)] {
        var found: [(position: Int, entry: MailThreadRecord.Entry)] = []
        var wholeFiles: [Int: [MboxReader.Entry]] = [:]
        for (position, member) in threads[thread].enumerated() where member.file != file {
            guard let raw = rawMessage(member, wholeFiles: &wholeFiles),
                let message = try? MailMessage(bytes: raw.bytes)
            else { continue }
            found.append(
                (
                    position,
                    MailThreadRecord.Entry(
                        number: member.number, offset: raw.offset, message: message, file: paths[member.file])
                ))
        }
        return found
    }

    /// The bytes of `member`: an mbox file's message read where it lies, a one-message file read whole (and kept
    /// in `wholeFiles` while a thread is put together).
    private func rawMessage(_ member: Member, wholeFiles: inout [Int: [MboxReader.Entry]]) -> MboxReader.Entry? {
        if let span = spans[member] {
            guard let handle = try? FileHandle(forReadingFrom: urls[member.file]) else { return nil }
            defer { try? handle.close() }
            let data: Data?
            do {
                try handle.seek(toOffset: span.offset)
                data = try span.end.map { try handle.read(upToCount: Int($0 - span.offset)) } ?? handle.readToEnd()
            } catch {
                return nil
            }
            guard let data, let first = MboxReader.entries(Array(data)).first else { return nil }
            return MboxReader.Entry(number: member.number, offset: span.offset, bytes: first.bytes)
        }
        if wholeFiles[member.file] == nil {
            var bytes: [UInt8] = []
            if let file = try? SourceFile(url: urls[member.file], displayPath: paths[member.file]),
                let whole = try? file.readWhole()
            {
                bytes = (try? file.mailMessage(whole.bytes)) ?? []
            }
            wholeFiles[member.file] = MboxReader.single(bytes)
        }
        return wholeFiles[member.file]?.first { $0.number == member.number }
    }
}
