import WinnowCore

/// `non_answer`: a response that teaches nothing: it only apologises, only says the ticket was escalated, only
/// points to an attachment, only acknowledges, or repeats the customer's message.
///
/// The response is cut into clauses at punctuation and line breaks. A clause is filler when it is a greeting, a
/// sign-off name, or made only of apology, escalation and courtesy words; any other clause ("I've refunded the
/// $20") makes the response an answer. A response is flagged when it has no such clause and at least one trigger
/// word (sorry, escalated, attached, noted...), or when its words are mostly the input's.
struct NonAnswerCheck: RuleCheck {
    let maxWords: Int
    let repeatSimilarity: Double

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        // Repetition needs word sets of similar size; the filler test needs a trigger word. Most responses pass
        // neither pre-check and are never split into words.
        let input = context.input
        let similarSize = text.bytes.count * 2 >= input.bytes.count && text.bytes.count <= input.bytes.count * 2
        let hasTrigger = NonAnswerCheck.triggerPhrases.containsMatch(in: text.lower)
        guard similarSize || hasTrigger else { return [] }
        let words = NonAnswerCheck.words(of: text)
        guard !words.isEmpty else { return [] }
        if similarSize, let similarity = repetition(words, input: input) {
            let percent = Int((similarity * 100).rounded())
            return [
                Hit(
                    range: nil, message: "repeats the customer's message (\(percent)% of its words)",
                    evidence: .evidence(["category": "repeats_input", "similarity": .number(Double(percent) / 100)]))
            ]
        }
        guard hasTrigger, words.count <= maxWords, let category = NonAnswerCheck.onlyFillerCategory(words) else {
            return []
        }
        let description =
            switch category {
            case "apology": "only apologises"
            case "escalation": "only says the ticket was escalated or passed on"
            case "attachment": "only points to an attachment"
            default: "only acknowledges the message"
            }
        return [Hit(range: nil, message: description, evidence: .evidence(["category": .string(category)]))]
    }

    /// The Jaccard similarity of the response's and input's word sets, when at or above the threshold.
    private func repetition(_ words: [Word], input: FieldText) -> Double? {
        guard words.count >= 3 else { return nil }
        let left = NonAnswerCheck.distinctHashes(words)
        let right = NonAnswerCheck.distinctHashes(NonAnswerCheck.words(of: input))
        guard !right.isEmpty else { return nil }
        var shared = 0
        var leftIndex = 0
        var rightIndex = 0
        while leftIndex < left.count, rightIndex < right.count {
            if left[leftIndex] == right[rightIndex] {
                shared += 1
                leftIndex += 1
                rightIndex += 1
            } else if left[leftIndex] < right[rightIndex] {
                leftIndex += 1
            } else {
                rightIndex += 1
            }
        }
        let similarity = Double(shared) / Double(left.count + right.count - shared)
        return similarity >= repeatSimilarity ? similarity : nil
    }

    /// The words' hashes, sorted, without repeats.
    private static func distinctHashes(_ words: [Word]) -> [UInt64] {
        var hashes = words.map(\.hash)
        hashes.sort()
        var write = 0
        for read in hashes.indices where read == 0 || hashes[read] != hashes[read - 1] {
            hashes[write] = hashes[read]
            write += 1
        }
        hashes.removeLast(hashes.count - write)
        return hashes
    }

    /// Any trigger word, as a cheap first test.
    static let triggerPhrases = PhraseMatcher(
        [
            "sorry", "apolog*", "regret*", "escalat*", "forward*", "transferr*", "passed", "passing", "handed",
            "attach*", "enclosed", "noted", "received", "checking", "investigating",
        ].map { ($0, 0) })

    /// One word: its hash (lower-cased, apostrophes dropped), the clause it belongs to, and how it looks.
    struct Word {
        let hash: UInt64
        let clause: Int
        let capitalised: Bool
        let hasDigit: Bool
    }

    /// The words of `text`, numbered by clause.
    static func words(of text: FieldText) -> [Word] {
        var words: [Word] = []
        var clause = 0
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        var capitalised = false
        var hasDigit = false
        func finishWord() {
            if length > 0 {
                words.append(Word(hash: hash, clause: clause, capitalised: capitalised, hasDigit: hasDigit))
            }
            hash = 0xcbf2_9ce4_8422_2325
            length = 0
            hasDigit = false
        }
        for (offset, byte) in text.lower.enumerated() {
            if ASCII.isWordByte(byte) {
                if length == 0 { capitalised = ASCII.isUpper(text.bytes[offset]) }
                if ASCII.isDigit(byte) { hasDigit = true }
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                length += 1
            } else if byte == UInt8(ascii: "'") {
                continue
            } else {
                finishWord()
                if clauseBreaks.contains(byte) { clause += 1 }
            }
        }
        finishWord()
        return words
    }

    private static let clauseBreaks: Set<UInt8> = Set(".!?,;:\n()".utf8)

    /// The first trigger's category when every clause is filler; nil when any clause says something.
    static func onlyFillerCategory(_ words: [Word]) -> String? {
        var category: String?
        var start = 0
        while start < words.count {
            var end = start
            while end < words.count, words[end].clause == words[start].clause { end += 1 }
            let clause = words[start..<end]
            start = end
            if clause.contains(where: \.hasDigit) { return nil }
            if let first = clause.first, greetings.contains(first.hash), clause.count <= 4 { continue }
            if clause.allSatisfy({ filler.contains($0.hash) || triggers[$0.hash] != nil }) {
                if category == nil { category = clause.lazy.compactMap { triggers[$0.hash] }.first }
                continue
            }
            if clause.count <= 3, clause.allSatisfy(\.capitalised) { continue }
            return nil
        }
        return category
    }

    static func hash(_ word: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 where byte != UInt8(ascii: "'") { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    static let triggers: [UInt64: String] = {
        let lists: [(String, String)] = [
            ("apology", "sorry apologize apologise apologies apologizes apologises apology regret regrets"),
            (
                "escalation",
                "escalated escalate escalating escalation forwarded forwarding forward transferred transferring "
                    + "passed passing handed"
            ),
            ("attachment", "attached attachment attachments enclosed"),
            ("acknowledgement", "noted received checking investigating"),
        ]
        var table: [UInt64: String] = [:]
        for (category, words) in lists {
            for word in words.split(separator: " ") { table[hash(String(word))] = category }
        }
        return table
    }()

    static let greetings: Set<UInt64> = Set(
        "hi hello hey dear good greetings".split(separator: " ").map {
            hash(String($0))
        })

    static let filler: Set<UInt64> = Set(
        """
        a an the and or but so very truly sincerely really deeply terribly for of to in on at with by from about this \
        that these those it its is are was were be been being am have has had will would shall should can could may \
        might we i im ive id ill our us you your youre youve youd yours they them their he she any all some \
        inconvenience trouble troubles delay delays frustration confusion issue issues problem problems caused cause \
        causing experience experienced experiencing matter situation case ticket request query inquiry enquiry concern \
        concerns relevant appropriate team teams department specialist specialists senior supervisor manager higher \
        level tier engineering technical support billing shipping sales accounts finance product tech touch contact \
        contacted reach out get got back soon shortly as possible asap within hours hour days day business working \
        next see please kindly find refer document file files screenshot screenshots here look looking into ok okay \
        thanks thank regards best kind cheers warm wishes respectfully customer care service services note more \
        information details further update updates once when hear news let know patience understanding appreciate \
        appreciated hope helps email message mail again also now just already well morning afternoon evening nice \
        great wonderful weekend reaching contacting writing getting someone somebody member members colleague \
        colleagues person people who which help assist regarding re my me do does did not no yes there our been \
        team's asked ask them again currently review reviewing reviewed fyi below above link
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { hash(String($0)) })
}
