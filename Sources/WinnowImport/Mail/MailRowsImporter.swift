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
    /// values are addresses (an `@`, or Exchange's `/O=...` names) in four rows of five that give one, and no column
    /// named like a ticket's id, a label or an answer (tickets and labelled data are read as records). Nil otherwise.
    static func find(in records: [JSONObject]) -> MailColumns? {
        guard let keys = records.first?.keys else { return nil }
        let normalised = keys.map { (key: $0, normal: FieldMapping.matchingKey($0)) }
        func key(_ names: [String]) -> String? {
            names.lazy.compactMap { name in normalised.first { $0.normal == name }?.key }.first
        }
        guard let subject = key(["subject"] + MailColumns.localSubjects),
            let body = key(
                ["body", "textbody", "bodytext", "plainbody", "bodyplain", "message", "content"]
                    + MailColumns.localBodies),
            let from = key(
                [
                    "fromaddress", "fromemail", "fromemailaddress", "senderemail", "senderemailaddress",
                    "senderaddress", "from", "sender",
                ] + MailColumns.localized(MailColumns.localFrom, MailColumns.localAddress))
        else { return nil }
        // A ticket's id, a label or an answer makes the rows tickets or labelled data, read as records.
        var otherNames: Set<String> = []
        for (field, names) in FieldMapping.automaticNames where [.ticketID, .label, .response].contains(field) {
            otherNames.formUnion(names.map(FieldMapping.matchingKey))
        }
        otherNames.remove("id")
        guard !normalised.contains(where: { otherNames.contains($0.normal) }) else { return nil }
        let senders = records.compactMap { $0[from]?.scalarText?.trimmingSpaces }.filter { !$0.isEmpty }
        let addresses = senders.filter { $0.contains("@") || $0.lowercased().hasPrefix("/o=") }
        guard senders.count * 2 >= records.count, addresses.count * 5 >= senders.count * 4 else { return nil }
        return MailColumns(
            subject: subject, body: body, fromAddress: from,
            fromName: key(
                ["fromname", "sendername"] + MailColumns.localized(MailColumns.localFrom, MailColumns.localName)
            ).flatMap { $0 == from ? nil : $0 },
            to: key(
                ["toaddress", "toemail", "to", "recipient", "recipients", "toaddresses"]
                    + MailColumns.localized(MailColumns.localTo, MailColumns.localAddress)),
            cc: key(["ccaddress", "cc", "ccaddresses"] + MailColumns.localized(["cc"], MailColumns.localAddress)),
            date: key(MailColumns.dateNames),
            messageID: key(["messageid", "internetmessageid"]), inReplyTo: key(["inreplyto"]),
            references: key(["references"]))
    }

    /// Outlook's export in other languages names its columns in them: `Betreff`, `Textkörper`, `Von: (Adresse)`,
    /// `An: (Adresse)` (German), `Objet`, `Corps`, `De : (adresse)`, `À : (adresse)` (French), `Asunto`, `Cuerpo`,
    /// `De: (dirección)`, `Para: (dirección)` (Spanish); Italian, Portuguese, Dutch, Polish, Swedish, Danish and
    /// Norwegian the same way.
    static let localSubjects = [
        "betreff", "objet", "asunto", "oggetto", "assunto", "onderwerp", "temat", "ämne", "emne",
    ]
    static let localBodies = [
        "textkörper", "corps", "cuerpo", "corpo", "hoofdtekst", "treść", "brödtext", "brødtekst",
    ]
    static let localFrom = ["von", "de", "da", "van", "od", "från", "fra"]
    static let localTo = ["an", "à", "a", "para", "aan", "do", "till", "til"]
    static let localAddress = [
        "adresse", "address", "dirección", "direccion", "indirizzo", "endereço", "endereco", "adres", "adress",
    ]
    static let localName = ["name", "nom", "nombre", "nome", "naam", "nazwa", "namn", "navn"]

    /// Every `word: (part)` column name of `words` and `parts`, as ``FieldMapping/matchingKey(_:)`` writes it.
    static func localized(_ words: [String], _ parts: [String]) -> [String] {
        words.flatMap { word in parts.map { FieldMapping.matchingKey(word + $0) } }
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

    /// A row's date as a `Date` header (`Tue, 03 Nov 2026 18:11:55 +0000`), when ``MessageTimestamp`` reads it.
    static func rfc2822(_ text: String) -> String? {
        guard !text.isEmpty, let seconds = MessageTimestamp.seconds(from: text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents(
            [.weekday, .day, .month, .year, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        guard let weekday = parts.weekday, let day = parts.day, let month = parts.month, let year = parts.year,
            let hour = parts.hour, let minute = parts.minute, let second = parts.second
        else { return nil }
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(weekdays[weekday - 1]), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second))"
            + " +0000"
    }

    /// The columns of `row` no header holds, with a value: kept with the example (`row_fields`).
    func otherFields(_ row: JSONObject) -> JSONObject {
        let read = Set(
            [subject, body, fromAddress] + [fromName, to, cc, date, messageID, inReplyTo, references].compactMap { $0 })
        var kept = JSONObject()
        for member in row.members where !read.contains(member.key) {
            if case .string(let text) = member.value, text.trimmingSpaces.isEmpty { continue }
            if case .null = member.value { continue }
            kept[member.key] = member.value
        }
        return kept
    }
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
                        var fields: [Int: JSONObject] = [:]
                        try chunks.forEachChunk(
                            workers: 1,
                            { chunk -> Rows in
                                var rows = Rows(bytesRead: chunk.bytesRead)
                                parser.forEachObject(chunk) { locator, result in
                                    rows.items.append(
                                        Rows.Item(
                                            locator: locator, message: result.map(columns.message),
                                            fields: (try? result.get()).map(columns.otherFields) ?? JSONObject()))
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
                                    if !item.fields.isEmpty { fields[number] = item.fields }
                                    entries.append(MboxReader.Entry(number: number, offset: 0, bytes: bytes))
                                case .failure(let failure): try body(.failure(failure))
                                }
                            }
                            try body(.progress(bytesRead: parsed.bytesRead))
                        }
                        var order = "in the rows' order"
                        if columns.date == nil, MailRowsImporter.listsNewestFirst(entries.map(\.bytes)) {
                            // Without dates the rows' order is the messages'; a folder listed newest first is
                            // read oldest first, so that a question comes before its answer.
                            entries = entries.reversed().enumerated().map { index, entry in
                                MboxReader.Entry(number: index + 1, offset: 0, bytes: entry.bytes)
                            }
                            let count = entries.count
                            places = Dictionary(uniqueKeysWithValues: places.map { (count + 1 - $0.key, $0.value) })
                            fields = Dictionary(uniqueKeysWithValues: fields.map { (count + 1 - $0.key, $0.value) })
                            order =
                                "last row first (replies come before what they answer: a folder listed newest first)"
                        }
                        let thread = MailThreadImport(
                            displayPath: file.displayPath, roles: options.mailRoles,
                            keepDiscarded: options.keepDiscardedMail)
                        var threads = 0
                        try thread.read(MailEntries(entries: entries)) { event in
                            // The rows' bytes were all read before.
                            if case .progress = event { return }
                            if case .record = event { threads += 1 }
                            try body(MailRowsImporter.placed(event, places, fields))
                        }
                        try body(
                            .note(
                                "\(file.displayPath): rows read as e-mails (\(columns.summary)): \(entries.count)"
                                    + " messages threaded as a mailbox's, \(columns.date == nil ? "undated, \(order), " : "")"
                                    + "\(threads) thread\(threads == 1 ? "" : "s")"
                                    + " (--no-conversations imports"
                                    + " each row alone)"))
                    }, close: { chunks.reader.close() })))
    }

    /// Whether undated messages are listed newest first: of the subjects given both as written and as a reply
    /// (`RE: ...`), more have a reply above their first message than below it.
    static func listsNewestFirst(_ messages: [[UInt8]]) -> Bool {
        var firstOriginal: [String: Int] = [:]
        var firstReply: [String: Int] = [:]
        for (index, bytes) in messages.enumerated() {
            let (headers, _) = MailHeaders.parse(bytes[...])
            let subject = headers["Subject"] ?? ""
            let key = MailThreader.normalisedSubject(subject)
            guard !key.isEmpty else { continue }
            if MailThreader.isReply(subject) {
                if firstReply[key] == nil { firstReply[key] = index }
            } else if firstOriginal[key] == nil {
                firstOriginal[key] = index
            }
        }
        var above = 0
        var below = 0
        for (key, original) in firstOriginal {
            guard let reply = firstReply[key] else { continue }
            if reply < original { above += 1 } else { below += 1 }
        }
        return above > below
    }

    /// A chunk's rows made messages.
    struct Rows: Sendable {
        struct Item: Sendable {
            var locator: Locator
            var message: Result<[UInt8], RecordFailure>
            /// The row's other columns.
            var fields: JSONObject
        }
        var items: [Item] = []
        var bytesRead: UInt64
    }

    /// `event` with its message's place (`message 3`) made its row's, and its rows' other columns
    /// (`row_fields`, one object per message, in `message_numbers` order) kept with it.
    private static func placed(_ event: ImportEvent, _ places: [Int: Locator], _ fields: [Int: JSONObject])
        -> ImportEvent
    {
        switch event {
        case .record(var draft):
            if case .message(let number, _) = draft.locator, let place = places[number] { draft.locator = place }
            let numbers = (draft.metadata["message_numbers"]?.arrayValue ?? []).compactMap { value -> Int? in
                if case .number(let number) = value { return Int(number) }
                return nil
            }
            let kept = numbers.map { fields[$0] ?? JSONObject() }
            if kept.contains(where: { !$0.isEmpty }) {
                draft.metadata["row_fields"] = .array(kept.map(JSONValue.object))
            }
            return .record(draft)
        case .failure(var failure):
            if case .message(let number, _)? = failure.locator, let place = places[number] { failure.locator = place }
            return .failure(failure)
        default: return event
        }
    }
}
