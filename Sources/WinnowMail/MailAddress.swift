import Foundation

/// One mailbox of an address header: a display name and an address.
public struct MailAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The display name (encoded words decoded, quotes removed), or empty.
    public var name: String
    /// The address, lower-cased (`support@example.com`), or empty when the header held only a name.
    public var address: String

    /// A mailbox `name <address>`.
    public init(name: String, address: String) {
        self.name = name
        self.address = address.lowercased()
    }

    /// `Name <address>`, or the address alone.
    public var description: String {
        if name.isEmpty { return address }
        if address.isEmpty { return name }
        return "\(name) <\(address)>"
    }

    /// The part after the `@`, lower-cased.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...])
    }

    /// Whether the address looks like a helpdesk's (`support@`, `help@`, `service@`, `noreply@`...): how a sender is
    /// taken for the support side when nothing says which side is which.
    public var looksLikeHelpdesk: Bool { MailAddress.looksLikeHelpdesk(address) }

    /// Whether `address` looks like a helpdesk's: its local part starts with a support word (`support`, `help`,
    /// `helpdesk`, `service`, `care`, `team`, `agent`, `billing`, `noreply`), or it contains `support` anywhere.
    public static func looksLikeHelpdesk(_ address: String) -> Bool {
        let lowered = address.lowercased()
        if lowered.contains("support") { return true }
        let local = lowered.prefix { $0 != "@" }
        for word in helpdeskWords where local.hasPrefix(word) {
            let rest = local.dropFirst(word.count)
            // A word boundary, as `\b` would: `help@` and `help.desk@` yes, `helpful@` no.
            guard let next = rest.first else { return true }
            if !(next.isLetter || next.isNumber || next == "_") { return true }
        }
        return false
    }

    /// Whether `domain` is a public mail service's (`gmail.com`, `outlook.fr`, `yandex.ru`, `qq.com`...), whose users
    /// are anyone: sharing it says nothing of who works together.
    public static func isPublicMailDomain(_ domain: String) -> Bool {
        let lowered = domain.lowercased()
        if publicMailDomains.contains(lowered) { return true }
        // Services with a domain per country: `hotmail.co.uk`, `yahoo.de`, `gmx.net`, `yandex.com.tr`.
        let first = lowered.split(separator: ".").first.map(String.init) ?? ""
        return publicMailServices.contains(first)
    }

    private static let publicMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "msn.com", "me.com", "mac.com", "icloud.com", "aol.com", "ymail.com",
        "proton.me", "pm.me", "protonmail.com", "zoho.com", "fastmail.com", "hey.com", "mail.com", "web.de",
        "t-online.de", "freenet.de", "orange.fr", "free.fr", "sfr.fr", "laposte.net", "wanadoo.fr", "libero.it",
        "virgilio.it", "tiscali.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl", "mail.ru", "inbox.ru",
        "list.ru", "bk.ru", "ukr.net", "qq.com", "163.com", "126.com", "sina.com", "naver.com", "daum.net",
        "hanmail.net", "rediffmail.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bigpond.com",
        "uol.com.br", "bol.com.br", "terra.com.br",
    ]

    private static let publicMailServices: Set<String> = [
        "gmail", "hotmail", "outlook", "live", "yahoo", "gmx", "yandex", "ya", "rambler", "aol",
    ]

    private static let helpdeskWords = [
        "support", "helpdesk", "help", "service", "care", "team", "agent", "billing", "noreply", "no-reply",
    ]

    /// The mailboxes of an address header (`From`, `To`, `Cc`, `Reply-To`): lists separated by commas, groups
    /// (`Team: a@b, c@d;`) flattened, comments dropped, encoded words in names decoded.
    ///
    /// A header with no `@` at all may hold addresses as mailing-list archives (Mailman's pipermail, HyperKitty)
    /// write them to hide them from harvesters: `jgb at gsyc.es (Jesus)` or `jgb at gsyc.es` is read as the address
    /// `jgb@gsyc.es`, with its display name.
    public static func list(_ value: String) -> [MailAddress] {
        let obfuscated = !value.contains("@")
        var result: [MailAddress] = []
        var current = ""
        var inQuotes = false
        var angleDepth = 0
        var commentDepth = 0
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes || commentDepth > 0:
                escaped = true
                current.append(character)
            case "\"" where commentDepth == 0:
                inQuotes.toggle()
                current.append(character)
            case "(" where !inQuotes:
                commentDepth += 1
                current.append(character)
            case ")" where !inQuotes && commentDepth > 0:
                commentDepth -= 1
                current.append(character)
            case "<" where !inQuotes && commentDepth == 0:
                angleDepth += 1
                current.append(character)
            case ">" where !inQuotes && commentDepth == 0:
                angleDepth = max(0, angleDepth - 1)
                current.append(character)
            case ":" where !inQuotes && commentDepth == 0 && angleDepth == 0:
                // A group's name ends here; its members follow.
                if !current.contains("@") { current = "" } else { current.append(character) }
            case ",", ";":
                if inQuotes || commentDepth > 0 || angleDepth > 0 {
                    current.append(character)
                } else {
                    if let mailbox = mailbox(current, obfuscated: obfuscated) { result.append(mailbox) }
                    current = ""
                }
            default:
                current.append(character)
            }
        }
        if let mailbox = mailbox(current, obfuscated: obfuscated) { result.append(mailbox) }
        return result
    }

    /// One mailbox from its text: `Name <a@b>`, `a@b (Name)`, `"Last, First" <a@b>` or `a@b`; when `obfuscated`
    /// (the header holds no `@`), also an archive's `a at b (Name)` or `a at b`.
    private static func mailbox(_ raw: String, obfuscated: Bool = false) -> MailAddress? {
        let text = MailText.trimmed(raw)
        guard !text.isEmpty else { return nil }
        if let open = text.lastIndex(of: "<") {
            let afterOpen = text[text.index(after: open)...]
            let address = afterOpen.prefix { $0 != ">" }
            let name = cleanName(String(text[..<open]))
            let written = MailText.trimmed(String(address))
            return MailAddress(name: name, address: obfuscated ? archiveAddress(written) ?? written : written)
        }
        var comment = ""
        var bare = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
                if depth == 1 { continue }
            }
            if character == ")" && depth > 0 {
                depth -= 1
                if depth == 0 { continue }
            }
            if depth > 0 { comment.append(character) } else { bare.append(character) }
        }
        let address = MailText.trimmed(bare)
        if address.contains("@") && !address.contains(" ") {
            return MailAddress(name: cleanName(comment), address: address)
        }
        if obfuscated, let revealed = archiveAddress(address) {
            return MailAddress(name: cleanName(comment), address: revealed)
        }
        return MailAddress(name: cleanName(text), address: "")
    }

    /// The address a mailing-list archive wrote as `local at domain`, or nil when `text` is not in that shape: three
    /// words, the middle one `at`, a domain with a dot, and neither part holding anything an address cannot.
    private static func archiveAddress(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 3, words[1].lowercased() == "at" else { return nil }
        let local = words[0]
        let domain = words[2]
        let isAddressText = { (word: Substring) in
            word.allSatisfy { $0.isASCII && !"<>()[]\\,;:\"".contains($0) && !$0.isWhitespace }
        }
        guard isAddressText(local), isAddressText(domain), domain.contains("."), !domain.hasPrefix("."),
            !domain.hasSuffix(".")
        else { return nil }
        return "\(local)@\(domain)"
    }

    /// A display name without quotes, escapes and surrounding space, its encoded words decoded.
    private static func cleanName(_ raw: String) -> String {
        var text = MailText.trimmed(raw)
        if text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") {
            text = String(text.dropFirst().dropLast())
        }
        text = text.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        return MailText.trimmed(EncodedWords.decode(text).text)
    }
}
