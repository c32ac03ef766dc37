import WinnowCore
import WinnowMail

/// Reads a source of mail messages in two passes, so that memory holds only the headers of the whole file and the
/// bodies of the threads still open: the first pass reads each message's headers and threads them; the second
/// decodes each message and emits a thread's example as soon as its last message has been read.
///
/// A message that cannot be decoded is quarantined (an `invalidMail` failure naming the file, the message number
/// and its byte offset) and its thread goes on without it.
struct MailThreadImport {

    var displayPath: String
    var roles: MailRoles

    func read(_ source: some MailSource, _ body: (ImportEvent) throws -> Void) throws {
        var envelopes: [MailThreader.Envelope] = []
        try source.forEach { entry in
            let (headers, _) = MailHeaders.parse(entry.bytes[...])
            guard !headers.fields.isEmpty else { return }
            envelopes.append(MailThreadImport.envelope(number: entry.number, headers: headers))
        }
        let threads = MailThreader().threads(envelopes)
        var threadOf: [Int: Int] = [:]
        var remaining: [Int] = []
        for (index, thread) in threads.enumerated() {
            for number in thread { threadOf[number] = index }
            remaining.append(thread.count)
        }
        var open: [Int: [MailThreadRecord.Entry]] = [:]
        try source.forEach { entry in
            try body(.progress(bytesRead: entry.offset + UInt64(entry.bytes.count)))
            let message: MailMessage
            do {
                message = try MailMessage(bytes: entry.bytes)
            } catch {
                try body(.failure(failure(entry, reason: (error as? MailError)?.message ?? "\(error)")))
                if let thread = threadOf[entry.number] { try finishOne(thread) }
                return
            }
            guard let thread = threadOf[entry.number] else {
                try body(.failure(failure(entry, reason: "not a mail message")))
                return
            }
            open[thread, default: []].append(
                MailThreadRecord.Entry(number: entry.number, offset: entry.offset, message: message))
            try finishOne(thread)
        }

        func finishOne(_ thread: Int) throws {
            remaining[thread] -= 1
            guard remaining[thread] == 0 else { return }
            let entries = open.removeValue(forKey: thread) ?? []
            guard !entries.isEmpty else { return }
            let order = Dictionary(uniqueKeysWithValues: threads[thread].enumerated().map { ($1, $0) })
            let sorted = entries.sorted { (order[$0.number] ?? 0) < (order[$1.number] ?? 0) }
            switch MailThreadRecord(entries: sorted).draft(file: displayPath, roles: roles) {
            case .success(let draft): try body(.record(draft))
            case .failure(let error): try body(.failure(error))
            }
        }
    }

    private func failure(_ entry: MboxReader.Entry, reason: String) -> RecordFailure {
        RecordFailure(
            kind: .invalidMail, file: displayPath, locator: .message(entry.number, offset: entry.offset),
            message: "message \(entry.number) cannot be read: \(reason)",
            snippet: String(decoding: entry.bytes.prefix(300), as: UTF8.self))
    }

    /// What threading needs, from the headers alone.
    static func envelope(number: Int, headers: MailHeaders) -> MailThreader.Envelope {
        let addresses = ["From", "To", "Cc"].flatMap { headers.values($0) }.flatMap(MailAddress.list)
        return MailThreader.Envelope(
            number: number, messageID: MailMessage.messageIDs(headers["Message-ID"] ?? "").first,
            parents: MailMessage.messageIDs(headers["In-Reply-To"] ?? "")
                + MailMessage.messageIDs(headers.values("References").joined(separator: " ")),
            subject: EncodedWords.decode(headers["Subject"] ?? "").text,
            date: headers["Date"].flatMap(MailDate.init(parsing:)),
            participants: Set(addresses.map(\.address).filter { !$0.isEmpty }))
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
