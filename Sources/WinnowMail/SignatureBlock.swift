/// The line shapes of a signature block written without a `-- ` delimiter: a name, a title or company, contact
/// details (`Gina Doe` / `gina@example.com` / `(555) 346-9947` / `www.example.com`), as mail clients' users type them
/// under their messages.
enum SignatureBlock {
    /// The most non-blank lines a signature block holds (talon looks at the last 11 lines).
    static let maximumLines = 12

    /// Whether a line holds contact details: an e-mail address, a web address, a phone number (after a label such
    /// as `t.`, `Tel:` or `Mobile`), or a messenger handle (`skype: name`).
    static func isContact(_ line: String) -> Bool {
        let lower = line.lowercased()
        for token in lower.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "|" || $0 == "<" || $0 == ">" }) {
            if token.hasPrefix("http://") || token.hasPrefix("https://") || token.hasPrefix("www.") { return true }
            if let at = token.firstIndex(of: "@"), at > token.startIndex,
                let dot = token[at...].firstIndex(of: "."), token.index(after: at) < dot,
                token[token.index(after: dot)...].contains(where: \.isLetter)
            {
                return true
            }
        }
        if handleLabels.contains(where: { lower.hasPrefix($0) }) { return true }
        return isPhone(line)
    }

    /// Labels of messenger and social handles.
    static let handleLabels = ["skype:", "linkedin:", "twitter:", "wechat:", "whatsapp:", "telegram:", "signal:"]

    /// Whether a line is a phone number, after a phone label or none (`t. 555-931-0702`, `Tel: +44 20 7946 0958`,
    /// `Mobile (555) 123 4567`, `+1 555 123 4567`): 7 to 15 digits and nothing else but spaces and `+-().`; without
    /// a label the digits must be grouped or open with `+` (`Order 55120931` and a bare `55120931` are no phone).
    static func isPhone(_ line: String) -> Bool {
        var rest = Substring(line)
        var labelled = false
        if let first = rest.first, first.isLetter {
            guard let end = rest.firstIndex(where: { !$0.isLetter && $0 != " " && $0 != "." && $0 != ":" }) else {
                return false
            }
            let label = rest[..<end].lowercased().filter(\.isLetter)
            guard phoneLabels.contains(label) else { return false }
            labelled = true
            rest = rest[end...]
        }
        var digits = 0
        var grouped = false
        for character in rest {
            if character.isASCII, character.isNumber {
                digits += 1
            } else if " +-().\u{A0}/".contains(character) {
                grouped = grouped || digits > 0 || character == "+" || character == "("
            } else {
                return false
            }
        }
        return (7...15).contains(digits) && (labelled || grouped)
    }

    /// Labels written before a phone number (lower case, letters only: `Tel.` is `tel`).
    static let phoneLabels: Set<String> = [
        "t", "tel", "tél", "tele", "telephone", "téléphone", "telefon", "telefono", "teléfono", "phone", "ph", "p",
        "m", "mob", "mobile", "cell", "cellphone", "handy", "fax", "f", "o", "office", "d", "direct", "w", "work",
        "h", "home", "tfn", "mobil", "móvil", "movil", "celular", "cellulare",
    ]

    /// Name particles written in lower case (`Jan van Dijk`, `Xxxxxxx du Québec`).
    static let particles: Set<String> = [
        "van", "von", "der", "den", "de", "du", "da", "di", "del", "la", "le", "y", "e", "of", "and", "&", "bin", "al",
    ]

    /// Whether a line reads as a name (`Gina Doe`, `John E. Doe, Ph.D.`, `-John Doe`): one to six words, each
    /// capitalised or a particle, no digits, not ending as a sentence or a question does.
    static func isName(_ line: String) -> Bool {
        let text = line.drop { "-–—~ ".contains($0) }
        let words = text.split(separator: " ")
        guard (1...6).contains(words.count), text.count <= 60, !text.contains(where: \.isNumber),
            let last = text.last, !"?!:;".contains(last), endsAsName(text)
        else { return false }
        var capitalised = 0
        for word in words {
            let letters = word.filter(\.isLetter)
            guard let first = letters.first else { continue }
            if first.isUppercase {
                capitalised += 1
            } else if !particles.contains(String(letters)) {
                return false
            }
        }
        return capitalised > 0
    }

    /// Whether a line reads as a title, a company or an address line (`President`, `Internet xxx / xxxxx
    /// d'internet`, `AM_LOGO_CLR`): at most eight words opening with a capital letter, not ending as a sentence.
    static func isTitle(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard (1...8).contains(words.count), line.count <= 60, let first = line.first(where: \.isLetter),
            first.isUppercase, let last = line.last, !"?!:;,".contains(last)
        else { return false }
        return endsAsName(Substring(line))
    }

    /// A line ending in a full stop ends a sentence, unless its last word is an abbreviation (`Inc.`, `Ph.D.`).
    private static func endsAsName(_ text: Substring) -> Bool {
        guard text.last == "." else { return true }
        let lastWord = text.split(separator: " ").last ?? ""
        return lastWord.count <= 4 || lastWord.dropLast().contains(".")
    }

    /// Whether a line may stand in a signature block: contact details, a name, a title, a rule, or a logo as mail
    /// clients write an image in plain text (`[image: Acme]`, `[cid:logo.png]`).
    static func isBlockLine(_ line: String) -> Bool {
        line.count <= 72
            && (isContact(line) || isName(line) || isTitle(line) || ReplyLines.isRule(line) || isImage(line))
    }

    /// `[image: Acme]`, `[cid:image001.png@01D9]`: an image left in a plain-text body.
    static func isImage(_ line: String) -> Bool {
        let lower = line.lowercased()
        return (lower.hasPrefix("[image:") || lower.hasPrefix("[cid:") || lower.hasPrefix("[logo"))
            && lower.hasSuffix("]")
    }
}
