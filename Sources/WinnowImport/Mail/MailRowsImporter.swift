import Foundation
import WinnowCore
import WinnowMail

/// The columns of a table of e-mails, one message a row, as a mail client's export writes it: Outlook's "Export to a
/// file > Comma Separated Values" (`Subject`, `Body`, `From: (Name)`, `From: (Address)`, `To: (Address)`...), a
/// script's dump of a mailbox (`date`, `from`, `to`, `subject`, `body`).
public struct MailColumns: Sendable, Equatable {
    var subject: String
    var body: String
    var fromAddress: String
    var fromName: String?
    var to: String?
    var cc: String?
    var date: String?
    var messageID: String?
    var inReplyTo: String?
    var references: String?

    /// The columns of `records` (a file's first rows) when they are e-mails: a subject, a body and a sender whose
    /// values are addresses (an `@`, or Exchange's `/O=...` names) in four rows of five that give one, and no
    /// column naming a ticket or a conversation (those are read as such). Nil otherwise.
    static func find(in records: [JSONObject]) -> MailColumns? {
        guard let keys = records.first?.keys else { return nil }
        let normalised = keys.map { (key: $0, normal: FieldMapping.matchingKey($0)) }
        func key(_ names: [String]) -> String? {
            names.lazy.compactMap { name in normalised.first { $0.normal == name }?.key }.first
        }
        guard let subject = key(["subject"]),
            let body = key(["body", "textbody", "bodytext", "plainbody", "bodyplain", "message", "content"]),
            let from = key([
                "fromaddress", "fromemail", "fromemailaddress", "senderemail", "senderemailaddress", "senderaddress",
                "from", "sender",
            ])
        else { return nil }
        let ticketNames = Set(
            (FieldMapping.automaticNames.first { $0.field == .ticketID }?.names ?? []).map(FieldMapping.matchingKey))
        guard !normalised.contains(where: { ticketNames.contains($0.normal) && $0.normal != "id" }) else { return nil }
        let senders = records.compactMap { $0[from]?.scalarText?.trimmingSpaces }.filter { !$0.isEmpty }
        let addresses = senders.filter { $0.contains("@") || $0.lowercased().hasPrefix("/o=") }
        guard senders.count * 2 >= records.count, addresses.count * 5 >= senders.count * 4 else { return nil }
        return MailColumns(
            subject: subject, body: body, fromAddress: from,
            fromName: from == key(["fromname", "sendername"]) ? nil : key(["fromname", "sendername"]),
            to: key(["toaddress", "toemail", "to", "recipient", "recipients", "toaddresses"]),
            cc: key(["ccaddress", "cc", "ccaddresses"]),
            date: key(MailColumns.dateNames),
            messageID: key(["messageid", "internetmessageid"]), inReplyTo: key(["inreplyto"]),
            references: key(["references"]))
    }

    /// Names of a message's date column.
    static let dateNames = [
        "date", "sent", "senton", "datesent", "sentdate", "senttime", "received", "receivedtime", "datereceived",
        "datetime", "timestamp", "messagedate", "createddate",
    ]

    /// The columns read as mail headers, for the note.
    var summary: String {
        var parts = ["subject <- \(subject)", "body <- \(body)", "sender <- \(fromAddress)"]
        if let to { parts.append("recipients <- \(to)") }
        if let date { parts.append("date <- \(date)") }
        return parts.joined(separator: ", ")
    }

    /// `row` as an RFC 5322 message: its headers from the columns (line breaks in a value made spaces, so that no
    /// value writes a header of its own), a plain text body (HTML when it opens as a page), UTF-8.
    func message(_ row: JSONObject) -> [UInt8] {
        func value(_ key: String?) -> String {
            guard let key, let text = row[key]?.scalarText else { return "" }
            return text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces
        }
        var lines: [String] = []
        let address = value(fromAddress)
        let name = value(fromName).replacingOccurrences(of: "\"", with: "'")
        if !address.isEmpty {
            lines.append("From: " + (name.isEmpty || address.contains("<") ? address : "\"\(name)\" <\(address)>"))
        }
        for (header, key) in [("To", to), ("Cc", cc), ("Subject", Optional(subject))] {
            let text = value(key)
            if !text.isEmpty { lines.append("\(header): \(text)") }
        }
        if let date = MailColumns.rfc2822(value(date)) { lines.append("Date: \(date)") }
        for (header, key) in [("Message-ID", messageID), ("In-Reply-To", inReplyTo), ("References", references)] {
            let text = value(key)
            if !text.isEmpty { lines.append("\(header): " + (text.contains("<") ? text : "<\(text)>")) }
        }
        let text = (row[body]?.scalarText ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let opening = text.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let html = opening.hasPrefix("<html") || opening.hasPrefix("<!doctype html") || opening.hasPrefix("<div")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/\(html ? "html" : "plain"); charset=utf-8")
        lines.append("Content-Transfer-Encoding: 8bit")
        return Array((lines.joined(separator: "\n") + "\n\n" + text).utf8)
    }

    /// A row's date as a `Date` header, when ``MessageTimestamp`` reads it.
    static func rfc2822(_ text: String) -> String? {
        guard !text.isEmpty, let seconds = MessageTimestamp.seconds(from: text) else { return nil }
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }()
}

/// Imports a table of e-mails (``MailColumns``) as a mailbox is imported: each row made a message, the messages
/// threaded by their ids, then by reply subject between people they share (``MailThreader``), one example per thread,
/// the bodies cleaned as e-mail and the senders' sides told as in mail (``MailRoles``; without named ones, helpdesk-like
/// senders, else everyone but a thread's opener). Examples and failures are placed by the row of their first message.
/// The rows are held in memory (a mail client's export of a folder); threads need all of them.
public struct MailRowsImporter: Importer {
    /// The format's own importer, which cuts and parses the rows.
    let base: any Importer
    let columns: MailColumns

    /// An importer reading `base`'s rows as mail.
    public init(base: any Importer, columns: MailColumns) {
        self.base = base
        self.columns = columns
    }

    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let opened = try ObjectRecords.open(
            base, file, options: options, refusal: "e-mail rows are read from CSV, JSONL and JSON")
        let chunks = opened.chunks
        let parser = opened.parser
        let columns = columns
        return OpenedFile(
            preamble: opened.notes, digest: opened.digest,
            records: .stream(
                RecordStream(
                    { body in
                        var chunks = chunks
                        var entries: [MboxReader.Entry] = []
                        var places: [Int: Locator] = [:]
                        try chunks.forEachChunk(
                            workers: 1,
                            { chunk -> Rows in
                                var rows = Rows(bytesRead: chunk.bytesRead)
                                parser.forEachObject(chunk) { locator, result in
                                    rows.items.append(Rows.Item(locator: locator, message: result.map(columns.message)))
                                }
                                return rows
                            }
                        ) { (parsed: Rows) in
                            for item in parsed.items {
                                let locator = item.locator
                                switch item.message {
                                case .success(let bytes):
                                    let number = entries.count + 1
                                    places[number] = locator
                                    entries.append(MboxReader.Entry(number: number, offset: 0, bytes: bytes))
                                case .failure(let failure): try body(.failure(failure))
                                }
                            }
                            try body(.progress(bytesRead: parsed.bytesRead))
                        }
                        let thread = MailThreadImport(
                            displayPath: file.displayPath, roles: options.mailRoles,
                            keepDiscarded: options.keepDiscardedMail)
                        var threads = 0
                        try thread.read(MailEntries(entries: entries)) { event in
                            // The rows' bytes were all read before.
                            if case .progress = event { return }
                            if case .record = event { threads += 1 }
                            try body(MailRowsImporter.placed(event, places))
                        }
                        try body(
                            .note(
                                "\(file.displayPath): rows read as e-mails (\(columns.summary)): \(entries.count)"
                                    + " messages threaded as a mailbox's, \(threads) thread\(threads == 1 ? "" : "s")"
                                    + " (--no-conversations imports"
                                    + " each row alone)"))
                    }, close: { chunks.reader.close() })))
    }

    /// A chunk's rows made messages.
    struct Rows: Sendable {
        struct Item: Sendable {
            var locator: Locator
            var message: Result<[UInt8], RecordFailure>
        }
        var items: [Item] = []
        var bytesRead: UInt64
    }

    /// `event` with its message's place (`message 3`) made its row's.
    private static func placed(_ event: ImportEvent, _ places: [Int: Locator]) -> ImportEvent {
        switch event {
        case .record(var draft):
            if case .message(let number, _) = draft.locator, let place = places[number] { draft.locator = place }
            return .record(draft)
        case .failure(var failure):
            if case .message(let number, _)? = failure.locator, let place = places[number] { failure.locator = place }
            return .failure(failure)
        default: return event
        }
    }
}
