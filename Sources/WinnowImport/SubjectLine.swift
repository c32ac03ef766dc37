import WinnowMail

/// How an example's input holds the subject of a ticket or e-mail: as its first line, above the customer's text,
/// because the customer wrote it and it often says what the message is about ("Refund for order 88"). Every
/// importer that knows a subject (HTML pages, .eml and mbox) builds the input this way.
enum SubjectLine {
    /// `subject` without its reply and forward prefixes, a blank line, then `body`; `body` alone when there is no
    /// subject or the body already opens with it (compared without case, punctuation at the end, or extra spaces).
    static func input(subject: String?, body: String) -> String {
        let subject = subject.map(withoutReplyPrefix) ?? ""
        guard !subject.isEmpty, !opens(body, with: subject) else { return body }
        guard !body.isEmpty else { return subject }
        return subject + "\n\n" + body
    }

    /// A subject without its `Re:`/`Fwd:`/`AW:`/`SV:`... prefixes (the ones ``MailThreader`` knows), trimmed.
    static func withoutReplyPrefix(_ subject: String) -> String {
        MailThreader.withoutReplyPrefixes(subject)
    }

    /// Whether the subjects `one` and `other` (without reply prefixes) are the same thread's: the words of one run
    /// unbroken inside the other's, as when a helpdesk adds its ticket tag (`[#4411]`, Salesforce's `[ ref:... ]`)
    /// to a reply's subject.
    static func repeats(_ one: String, _ other: String) -> Bool {
        let first = words(one)
        let second = words(other)
        let (short, long) = first.count <= second.count ? (first, second) : (second, first)
        guard !short.isEmpty else { return true }
        return (0...(long.count - short.count)).contains { start in
            long[start..<start + short.count].elementsEqual(short)
        }
    }

    /// Whether `body`'s first words are `subject`'s, ending where a word ends.
    private static func opens(_ body: String, with subject: String) -> Bool {
        let subjectWords = words(subject)
        guard !subjectWords.isEmpty else { return true }
        let bodyWords = words(String(body.prefix(subject.count * 2 + 16)))
        return bodyWords.starts(with: subjectWords)
    }

    /// Lower-cased words without the punctuation around them.
    private static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).map { word in
            String(word.drop(while: { $0.isPunctuation }).reversed().drop(while: { $0.isPunctuation }).reversed())
        }.filter { !$0.isEmpty }
    }
}
