import Foundation

/// An Outlook message file (`.msg`, [MS-OXMSG]) turned into the MIME message it stands for, so that it is read,
/// threaded and cleaned as an `.eml` file is.
///
/// A `.msg` is a compound file (``CompoundFile``) of MAPI properties: each string or binary property a stream
/// named `__substg1.0_IIIITTTT` (property id, type), the fixed-size ones (dates, numbers) in a
/// `__properties_version1.0` stream, each recipient and attachment a storage of its own. Received mail keeps the
/// headers it came with (`PR_TRANSPORT_MESSAGE_HEADERS`), which are used as they are; mail without them (sent
/// items, drafts) gets headers built from its properties: sender (its SMTP address where Exchange also stores an
/// X.500 name), recipients, subject, date, `Message-ID`, `In-Reply-To`, `References` and Outlook's conversation
/// index as `Thread-Index`. The body is the text body, with the HTML body beside it as an alternative (the HTML
/// alone when there is no text; with neither, the HTML or text encapsulated in the compressed RTF body, else that
/// RTF's own text: ``RTFBody``); attachments become attached parts, and an attached Outlook message becomes an
/// attached `message/rfc822`, as a forwarded message is. Strings are UTF-16 or in the message's code page.
public struct OutlookMessage: Sendable {
    /// The message as MIME bytes (CR LF line ends).
    public var mime: [UInt8]

    /// Whether `path` and `prefix` (a file's first bytes) are an Outlook message: a compound file named `.msg`, or
    /// one whose first bytes name MAPI property streams.
    public static func isMessage(path: String, prefix: [UInt8]) -> Bool {
        guard prefix.starts(with: CompoundFile.signature) else { return false }
        if (path as NSString).pathExtension.lowercased() == "msg" { return true }
        let marker = Array("__substg1.0_".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        return prefix.count >= marker.count
            && (0...(prefix.count - marker.count)).contains { prefix[$0..<($0 + marker.count)].elementsEqual(marker) }
    }

    /// An Outlook item saved as a `.msg` that is not mail: a contact, a calendar entry, a task, a note, a journal
    /// entry.
    public struct NotMail: Error, Sendable, Equatable, CustomStringConvertible {
        /// Its message class (`IPM.Contact`).
        public var messageClass: String
        /// What it is (`an Outlook contact`).
        public var kind: String
        public var description: String { "\(kind) (\(messageClass)), not mail" }
    }

    /// The header field carrying a message's Outlook message class where it is not plain mail (`IPM.Note`):
    /// `REPORT.IPM.Note.NDR`, `IPM.Schedule.Meeting.Request`... (``AutomaticMail`` reads it).
    public static let messageClassField = "X-Outlook-Message-Class"

    /// Reads the Outlook message `bytes` (with `headersOnly`, its headers alone: what threading needs); throws a
    /// ``MailError`` saying what is wrong when it is not one, ``NotMail`` when it is an item of another kind.
    public init(bytes: [UInt8], headersOnly: Bool = false) throws {
        let file = try CompoundFile(bytes: bytes)
        mime = try OutlookMessage.mime(file, storage: [], depth: 0, headersOnly: headersOnly)
    }

    /// What an item of class `messageClass` is when it is not mail (`an Outlook contact`), or nil.
    static func nonMailKind(_ messageClass: String) -> String? {
        let name = messageClass.lowercased()
        let kinds = [
            ("ipm.contact", "an Outlook contact"), ("ipm.distlist", "an Outlook contact group"),
            ("ipm.appointment", "an Outlook calendar entry"), ("ipm.task", "an Outlook task"),
            ("ipm.stickynote", "an Outlook note"), ("ipm.activity", "an Outlook journal entry"),
            ("ipm.document", "a document kept in Outlook"),
        ]
        return kinds.first { name == $0.0 || name.hasPrefix($0.0 + ".") }?.1
    }

    /// The MAPI properties of one storage: the message's, an attachment's or a recipient's.
    struct Properties {
        let file: CompoundFile
        let storage: [String]
        /// The fixed-size values by property id (8 bytes each).
        let fixed: [UInt16: (type: UInt16, value: [UInt8])]
        let names: Set<String>

        init(_ file: CompoundFile, storage: [String], headerSize: Int) throws {
            self.file = file
            self.storage = storage
            names = Set(try file.names(in: storage).map { $0.uppercased() })
            var fixed: [UInt16: (type: UInt16, value: [UInt8])] = [:]
            if let stream = try file.stream(storage + ["__properties_version1.0"]), stream.count >= headerSize {
                for offset in stride(from: headerSize, to: stream.count - 15, by: 16) {
                    let type = UInt16(stream[offset]) | UInt16(stream[offset + 1]) << 8
                    let id = UInt16(stream[offset + 2]) | UInt16(stream[offset + 3]) << 8
                    fixed[id] = (type, Array(stream[(offset + 8)..<(offset + 16)]))
                }
            }
            self.fixed = fixed
        }

        /// The stream of property `id` of `type`, if present.
        func stream(_ id: UInt16, _ type: UInt16) throws -> [UInt8]? {
            let name = String(format: "__substg1.0_%04X%04X", id, type)
            guard names.contains(name.uppercased()) else { return nil }
            return try file.stream(storage + [name])
        }

        /// A 32-bit number property.
        func number(_ id: UInt16) -> Int? {
            guard let entry = fixed[id], entry.type == 0x0003 else { return nil }
            return Int(CompoundFile.le32(entry.value, 0))
        }

        /// A date property (a FILETIME: 100 ns since 1601).
        func date(_ id: UInt16) -> Date? {
            guard let entry = fixed[id], entry.type == 0x0040 else { return nil }
            let low = UInt64(CompoundFile.le32(entry.value, 0))
            let high = UInt64(CompoundFile.le32(entry.value, 4))
            let ticks = high << 32 | low
            guard ticks > 0 else { return nil }
            return Date(timeIntervalSince1970: Double(ticks) / 10_000_000 - 11_644_473_600)
        }

        /// The charset strings stored 8-bit are in: the message's code page, else Windows-1252.
        func charset(codePage: Int?) -> String {
            OutlookMessage.charset(codePage: codePage ?? number(0x3FFD) ?? number(0x3FDE) ?? 1252)
        }

        /// A string property, stored as UTF-16 or in the code page; nil when absent or empty.
        func string(_ id: UInt16, codePage: Int? = nil) throws -> String? {
            var text: String?
            if let unicode = try stream(id, 0x001F) {
                let units = stride(from: 0, to: unicode.count - 1, by: 2).map {
                    UInt16(unicode[$0]) | UInt16(unicode[$0 + 1]) << 8
                }
                text = String(decoding: units, as: UTF16.self)
            } else if let eight = try stream(id, 0x001E) {
                // Some writers store UTF-8 whatever the code page says: text that reads as UTF-8 is taken as such.
                text =
                    String(validating: eight, as: UTF8.self)
                    ?? MailCharset.decode(eight, charset: charset(codePage: codePage)).text
            }
            let trimmed = text.map { String($0.prefix { $0 != "\0" }) }
            return trimmed?.isEmpty == false ? trimmed : nil
        }
    }

    /// The charset name of Windows code page `codePage`.
    static func charset(codePage: Int) -> String {
        switch codePage {
        case 65001: return "utf-8"
        case 20127: return "us-ascii"
        case 1250...1258: return "windows-\(codePage)"
        case 28591...28599: return "iso-8859-\(codePage - 28590)"
        case 28603: return "iso-8859-13"
        case 28605: return "iso-8859-15"
        case 20866: return "koi8-r"
        case 21866: return "koi8-u"
        case 932: return "shift_jis"
        case 936: return "gbk"
        case 54936: return "gb18030"
        case 949: return "euc-kr"
        case 950: return "big5"
        case 50220, 50221, 50222: return "iso-2022-jp"
        case 51932: return "euc-jp"
        case 866: return "ibm866"
        default: return "cp\(codePage)"
        }
    }

    /// The MIME message of the message in `storage` (the root, or an attached message's `__substg1.0_3701000D`).
    static func mime(_ file: CompoundFile, storage: [String], depth: Int, headersOnly: Bool = false) throws -> [UInt8] {
        let message = try Properties(file, storage: storage, headerSize: storage.isEmpty ? 32 : 24)
        let messageClass = try message.string(0x001A).map(OutlookMessage.oneLine)
        // The file itself a contact, a calendar entry...: no mail (an attached one is kept as what it is).
        if storage.isEmpty, let messageClass, let kind = OutlookMessage.nonMailKind(messageClass) {
            throw NotMail(messageClass: messageClass, kind: kind)
        }
        var headers: [String] = []
        if let transport = try message.string(0x007D) {
            headers = OutlookMessage.headerLines(transport)
        }
        func has(_ name: String) -> Bool {
            headers.contains { $0.lowercased().hasPrefix(name.lowercased() + ":") }
        }
        if !has("From"), let from = try sender(message) { headers.append("From: " + from) }
        let recipients = try OutlookMessage.recipients(file, storage: storage)
        for (kind, name) in [(1, "To"), (2, "Cc")] where !has(name) {
            let list = recipients.filter { $0.kind == kind }.map(\.mailbox)
            if !list.isEmpty { headers.append("\(name): " + list.joined(separator: ", ")) }
        }
        if !has("Subject"), let subject = try message.string(0x0037) {
            headers.append("Subject: " + OutlookMessage.encodedWord(subject))
        }
        if !has("Date"), let date = message.date(0x0039) ?? message.date(0x0E06) ?? message.date(0x3007) {
            headers.append("Date: " + OutlookMessage.rfc5322(date))
        }
        for (id, name) in [(UInt16(0x1035), "Message-ID"), (0x1042, "In-Reply-To"), (0x1039, "References")]
        where !has(name) {
            if let value = try message.string(id) { headers.append("\(name): " + OutlookMessage.oneLine(value)) }
        }
        if !has("Thread-Index"), let index = try message.stream(0x0071, 0x0102), index.count >= 22 {
            headers.append("Thread-Index: " + Data(index).base64EncodedString())
        }
        if let messageClass, messageClass.lowercased() != "ipm.note", !has(OutlookMessage.messageClassField) {
            // A report, an automatic reply, a meeting request...: what the class says, for ``AutomaticMail``.
            headers.append("\(OutlookMessage.messageClassField): \(messageClass)")
        }
        if headersOnly { return Array((headers + ["MIME-Version: 1.0", ""]).joined(separator: "\r\n").utf8) }
        var parts: [[String]] = []
        let text = try message.string(0x1000)
        var html: (bytes: [UInt8], charset: String)?
        if let unicode = try message.string(0x1013).map({ Array($0.utf8) }) {
            html = (unicode, "utf-8")
        } else if let bytes = try message.stream(0x1013, 0x0102), !bytes.isEmpty {
            html = (bytes, OutlookMessage.charset(codePage: message.number(0x3FDE) ?? message.number(0x3FFD) ?? 65001))
        }
        var plain = text
        if plain == nil, html == nil, let compressed = try message.stream(0x1009, 0x0102), !compressed.isEmpty {
            // Only an RTF body: the HTML or text Outlook encapsulated in it, else the RTF's own text.
            let body = RTFBody(rtf: try CompressedRTF.decompress(compressed))
            switch body.kind {
            case .html: html = (Array(body.text.utf8), "utf-8")
            case .text: plain = body.text
            }
        }
        let textPart = plain.map { OutlookMessage.part("text/plain; charset=utf-8", Array($0.utf8)) }
        let htmlPart = html.map { OutlookMessage.part("text/html; charset=\($0.charset)", $0.bytes) }
        switch (textPart, htmlPart) {
        case (let text?, let html?): parts.append(OutlookMessage.multipart("alternative", [text, html], depth: depth))
        case (let text?, nil): parts.append(text)
        case (nil, let html?): parts.append(html)
        case (nil, nil): parts.append(OutlookMessage.part("text/plain; charset=utf-8", []))
        }
        for attachment in try file.names(in: storage) where attachment.uppercased().hasPrefix("__ATTACH_VERSION1.0_#") {
            if let part = try OutlookMessage.attachment(file, storage: storage + [attachment], depth: depth) {
                parts.append(part)
            }
        }
        headers.append("MIME-Version: 1.0")
        let body = parts.count == 1 ? parts[0] : OutlookMessage.multipart("mixed", parts, depth: depth)
        return Array((headers + body).joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }

    /// The `From` of a message without transport headers: its sender's name and SMTP address.
    static func sender(_ message: Properties) throws -> String? {
        let name = try message.string(0x0C1A) ?? message.string(0x0042)
        var address = try message.string(0x5D01) ?? message.string(0x5D02)
        if address == nil {
            // The sender's address as stored: an SMTP address, or an Exchange X.500 name kept as it is.
            address = try message.string(0x0C1F) ?? message.string(0x0065)
        }
        return mailbox(name: name, address: address)
    }

    /// `name <address>`, the name quoted or encoded where it needs to be (`"Berg, Tom"`).
    static func mailbox(name: String?, address: String?) -> String? {
        switch (name, address) {
        case (let name?, let address?) where name != address: return "\(phrase(name)) <\(bare(address))>"
        case (_, let address?): return "<\(bare(address))>"
        case (let name?, nil): return phrase(name)
        default: return nil
        }
    }

    /// A display name as a header writes it: an encoded word when it is not ASCII, a quoted string when it holds
    /// characters an address list gives meaning to, else as it is.
    static func phrase(_ name: String) -> String {
        let word = encodedWord(name)
        guard word == oneLine(name),
            word.contains(where: { ",;:<>@\"()[]\\.".contains($0) })
        else { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// The recipients of the message in `storage`: 1 for `To`, 2 for `Cc`, 3 for `Bcc`.
    static func recipients(_ file: CompoundFile, storage: [String]) throws -> [(kind: Int, mailbox: String)] {
        var found: [(kind: Int, mailbox: String)] = []
        for name in try file.names(in: storage) where name.uppercased().hasPrefix("__RECIP_VERSION1.0_#") {
            let recipient = try Properties(file, storage: storage + [name], headerSize: 8)
            let address = try recipient.string(0x39FE) ?? recipient.string(0x3003)
            guard let mailbox = mailbox(name: try recipient.string(0x3001), address: address) else { continue }
            found.append((recipient.number(0x0C15) ?? 1, mailbox))
        }
        return found
    }

    /// The MIME part of the attachment in `storage`: its data with its file name and type, or the attached message.
    static func attachment(_ file: CompoundFile, storage: [String], depth: Int) throws -> [String]? {
        let attachment = try Properties(file, storage: storage, headerSize: 8)
        let name =
            try attachment.string(0x3707) ?? attachment.string(0x3704) ?? attachment.string(0x3001) ?? "attachment"
        if try file.isStorage(storage + ["__substg1.0_3701000D"]) {
            guard depth < 4 else { return nil }
            let inner = try mime(file, storage: storage + ["__substg1.0_3701000D"], depth: depth + 1)
            return ["Content-Type: message/rfc822", "Content-Disposition: attachment", ""]
                + String(decoding: inner, as: UTF8.self).components(separatedBy: "\r\n")
        }
        guard let data = try attachment.stream(0x3701, 0x0102) else { return nil }
        // The MIME type Outlook kept (`application/pdf`), when it is one.
        let tag = try attachment.string(0x370E).map {
            String(oneLine($0).prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        let type =
            tag.flatMap { $0.split(separator: "/").count == 2 && !$0.contains(" ") ? $0 : nil }
            ?? "application/octet-stream"
        let quoted = oneLine(name).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        return [
            "Content-Type: \(type); name=\"\(quoted)\"", "Content-Disposition: attachment; filename=\"\(quoted)\"",
            "Content-Transfer-Encoding: base64", "",
        ] + base64Lines(data)
    }

    /// A leaf part: its type and its bytes, base64-encoded.
    static func part(_ type: String, _ bytes: [UInt8]) -> [String] {
        ["Content-Type: \(type)", "Content-Transfer-Encoding: base64", ""] + base64Lines(bytes)
    }

    /// A multipart of `parts`, its boundary unique to the depth of nesting.
    static func multipart(_ subtype: String, _ parts: [[String]], depth: Int) -> [String] {
        let boundary = "=_winnow_msg_\(subtype)_\(depth)_5f3c"
        var lines = ["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"", ""]
        for part in parts { lines += ["--" + boundary] + part }
        return lines + ["--" + boundary + "--"]
    }

    /// `bytes` in base64, 76 characters a line.
    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Array(Data(bytes).base64EncodedData())
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            String(decoding: encoded[start..<min(encoded.count, start + 76)], as: UTF8.self)
        }
    }

    /// The header lines of stored transport headers, without those describing the body (rebuilt here): each field
    /// with its folded continuation lines.
    static func headerLines(_ text: String) -> [String] {
        var lines: [String] = []
        var skipping = false
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                if !skipping, !lines.isEmpty { lines.append(String(line)) }
                continue
            }
            let name = line.prefix { $0 != ":" }.lowercased()
            skipping = name.hasPrefix("content-") || name == "mime-version"
            if !skipping { lines.append(String(line)) }
        }
        return lines
    }

    /// `text` on one line: a property's value never adds a header line of its own.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// An address as it goes between angle brackets: on one line, without brackets of its own.
    static func bare(_ address: String) -> String {
        oneLine(address).filter { $0 != "<" && $0 != ">" }
    }

    /// `text` as a header value: itself when it is ASCII, else an RFC 2047 encoded word.
    static func encodedWord(_ text: String) -> String {
        let flat = oneLine(text)
        guard flat.unicodeScalars.contains(where: { !$0.isASCII }) else { return flat }
        return "=?UTF-8?B?" + Data(flat.utf8).base64EncodedString() + "?="
    }

    /// `date` as an RFC 5322 date, in UTC.
    static func rfc5322(_ date: Date) -> String {
        MailDate(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down))).rfc5322
    }
}
