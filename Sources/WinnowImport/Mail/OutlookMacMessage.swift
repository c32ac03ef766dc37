import Foundation
import WinnowCore
import WinnowMail

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A message of an Outlook for Mac archive (`.olm`: a zip whose mail folders hold one XML file per message,
/// `Accounts/ACCOUNT/com.microsoft.__Messages/Inbox/message_00000.xml`), read as the MIME message it stands for, so
/// that it is threaded, cleaned and given roles as any mail is.
///
/// The XML is `<emails><email>` with `OPFMessageCopy...` elements: the subject, the sent time (UTC, no zone), the
/// `Message-ID`, `In-Reply-To` and `References`, Outlook's `Thread-Index`, the plain and HTML bodies, and the
/// addresses as `<emailAddress OPFContactEmailAddressAddress="..." OPFContactEmailAddressName="..."/>` under the
/// sender, from, to, cc and reply-to elements. Attachments are files beside the XML, never imported. External
/// entities are not resolved: the XML is untrusted.
public enum OutlookMacMessage {
    /// Whether `prefix` opens an Outlook for Mac message's XML.
    public static func isMessage(prefix: [UInt8]) -> Bool {
        let head = prefix.prefix(4096)
        return offset(of: "<email", in: head) != nil && offset(of: "<OPFMessageCopy", in: head) != nil
    }

    /// Where `needle` first stands in `bytes` (from `bytes`' start), compared byte for byte: told for every file of
    /// a folder, so without making a string of it.
    static func offset(of needle: String, in bytes: ArraySlice<UInt8>) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        let last = bytes.endIndex - pattern.count
        var index = bytes.startIndex
        while index <= last, let found = bytes[index...last].firstIndex(of: first) {
            if bytes[found..<found + pattern.count].elementsEqual(pattern) { return found - bytes.startIndex }
            index = found + 1
        }
        return nil
    }

    /// The MIME message `bytes` (a message's XML) stands for; with `headersOnly`, without its body.
    static func mime(_ bytes: [UInt8], headersOnly: Bool = false) throws -> [UInt8] {
        // Outlook writes no document type; one in a message file could only declare entities to expand. It stands
        // before the root element, however far down the file that is.
        if offset(of: "<!DOCTYPE", in: bytes[..<(offset(of: "<email", in: bytes[...]) ?? bytes.count)]) != nil {
            throw MailError("an Outlook for Mac message with a document type declaration (Outlook writes none)")
        }
        let reader = Reader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // Foundation's parser can return true for XML cut short; the error it keeps tells.
        guard parser.parse(), parser.parserError == nil else {
            throw MailError(
                "an Outlook for Mac message whose XML cannot be read (line \(parser.lineNumber), column "
                    + "\(parser.columnNumber))")
        }
        guard reader.emails == 1 else {
            throw MailError("an Outlook for Mac message file holding \(reader.emails) messages, not one")
        }
        return message(values: reader.values, addresses: reader.addresses, headersOnly: headersOnly)
    }

    /// The MIME message of the elements' `values` and `addresses` (by the element that holds them).
    static func message(values: [String: String], addresses: [String: [MailAddress]], headersOnly: Bool) -> [UInt8] {
        var lines: [String] = []
        func list(_ elements: [String]) -> String? {
            let found = elements.lazy.compactMap { addresses[$0] }.first { !$0.isEmpty }
            return found.map { $0.map(header).joined(separator: ", ") }
        }
        if let from = list(["OPFMessageCopyFromAddresses", "OPFMessageCopyFrom", "OPFMessageCopySenderAddress"]) {
            lines.append("From: " + from)
        }
        for (name, element) in [
            ("To", "OPFMessageCopyToAddresses"), ("Cc", "OPFMessageCopyCCAddresses"),
            ("Reply-To", "OPFMessageCopyReplyToAddresses"),
        ] {
            if let value = list([element]) { lines.append("\(name): \(value)") }
        }
        if let subject = values["OPFMessageCopySubject"], !subject.isEmpty {
            lines.append("Subject: " + encoded(subject))
        }
        if let date = (values["OPFMessageCopySentTime"] ?? values["OPFMessageCopyReceivedTime"]).flatMap(rfc5322) {
            lines.append("Date: " + date)
        }
        if let id = values["OPFMessageCopyMessageID"].map(angled), !id.isEmpty { lines.append("Message-ID: " + id) }
        for (name, element) in [
            ("In-Reply-To", "OPFMessageCopyInReplyTo"), ("References", "OPFMessageCopyReferences"),
            ("Thread-Index", "OPFMessageCopyThreadIndex"),
        ] {
            if let value = values[element].map(oneLine), !value.isEmpty { lines.append("\(name): \(value)") }
        }
        let plain = values["OPFMessageCopyBody"] ?? ""
        let html = values["OPFMessageCopyHTMLBody"] ?? ""
        let (type, body) =
            plain.allSatisfy(\.isWhitespace) && !html.isEmpty
            ? ("text/html", html) : ("text/plain", plain)
        lines += [
            "MIME-Version: 1.0", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", "",
        ]
        var text = lines.joined(separator: "\r\n") + "\r\n"
        if !headersOnly {
            let encoded = Data(body.utf8).base64EncodedString()
            var start = encoded.startIndex
            while start < encoded.endIndex {
                let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                text += encoded[start..<end] + "\r\n"
                start = end
            }
        }
        return Array(text.utf8)
    }

    /// `Name <address>`, the name as an encoded word when it is not printable ASCII; the address on one line and
    /// without angle brackets, so that no value the XML holds starts a header of its own.
    static func header(_ address: MailAddress) -> String {
        let name = oneLine(address.name)
        let bare = oneLine(address.address).filter { $0 != "<" && $0 != ">" && $0 != "," }
        guard !name.isEmpty else { return "<\(bare)>" }
        return "\(encoded(name)) <\(bare)>"
    }

    /// `text` as it may stand in a header: as it is when it is printable ASCII, else as a UTF-8 encoded word.
    static func encoded(_ text: String) -> String {
        let line = oneLine(text)
        guard line.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) || line.contains("=?") else { return line }
        return "=?UTF-8?B?\(Data(line.utf8).base64EncodedString())?="
    }

    /// `text` on one line, its line breaks and tabs as spaces.
    static func oneLine(_ text: String) -> String {
        trimmed(text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " "))
    }

    /// `text` without white space at either end (Foundation's trimming bridges each value to an `NSString`).
    static func trimmed(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
            let end = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[start...end])
    }

    /// A message id in angle brackets, as headers write it.
    static func angled(_ id: String) -> String {
        let id = oneLine(id)
        guard !id.isEmpty, !id.hasPrefix("<") else { return id }
        return "<\(id)>"
    }

    /// `2022-05-26T17:55:40` (UTC; a zone or fraction after it is read too) as `Thu, 26 May 2022 17:55:40 +0000`.
    static func rfc5322(_ time: String) -> String? {
        let digits = trimmed(time).unicodeScalars
        let parts = String(String.UnicodeScalarView(digits.prefix(19))).split(whereSeparator: { "-T: ".contains($0) })
        guard parts.count == 6, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let hour = Int(parts[3]), let minute = Int(parts[4]), let second = Int(parts[5]),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) +0000"
    }

    /// Collects the text of the message's elements and the addresses under each: an `emailAddress` element's
    /// address and name as its attributes or as child elements, or a sender element's own text (`a@example.com`).
    private final class Reader: NSObject, XMLParserDelegate {
        var values: [String: String] = [:]
        var addresses: [String: [MailAddress]] = [:]
        var emails = 0
        private var path: [String] = []
        private var text = ""
        /// The `emailAddress` being read: its name and address so far.
        private var pending: (name: String, address: String)?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if elementName == "email" { emails += 1 }
            if elementName == "emailAddress" {
                pending = (
                    attributes["OPFContactEmailAddressName"] ?? "", attributes["OPFContactEmailAddressAddress"] ?? ""
                )
            }
            path.append(elementName)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            text += String(decoding: block, as: UTF8.self)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            path.removeLast()
            switch elementName {
            case "OPFContactEmailAddressName" where pending != nil: pending?.name = text
            case "OPFContactEmailAddressAddress" where pending != nil: pending?.address = text
            case "emailAddress":
                if let found = pending, let holder = path.last {
                    let address = OutlookMacMessage.trimmed(found.address).lowercased()
                    if !address.isEmpty {
                        addresses[holder, default: []].append(
                            MailAddress(
                                name: OutlookMacMessage.trimmed(found.name), address: address))
                    }
                }
                pending = nil
            default:
                guard elementName.hasPrefix("OPFMessage"), emails == 1 else { break }
                if values[elementName] == nil { values[elementName] = text }
                // An address element holding the address as its text.
                if elementName.hasSuffix("Address") || elementName.hasSuffix("Addresses")
                    || elementName == "OPFMessageCopyFrom", addresses[elementName] == nil, text.contains("@")
                {
                    addresses[elementName] = MailAddress.list(text).map {
                        MailAddress(name: $0.name, address: $0.address.lowercased())
                    }
                }
            }
            text = ""
        }
    }
}
