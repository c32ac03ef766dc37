/// Groups messages into conversations: by `Message-ID` / `In-Reply-To` / `References`, by Outlook's
/// `Thread-Index`, then by normalised subject.
///
/// Two messages are in one thread when one names the other (or both name the same message, even one missing from
/// the mailbox), or when their `Thread-Index` values share the 22 bytes that name a conversation (Outlook and
/// Exchange, some phones, send it where they leave out `References`; a reply appends 5 bytes to its parent's). A reply (its subject has a `Re:`/`AW:`/`SV:`... prefix) that names no message of the mailbox joins
/// the latest thread with the same normalised subject whose last message is at most `window` seconds older and that
/// shares a participant with it other than the mailbox's own address (``sharedParticipant(_:)``). Each thread lists its messages by date (undated ones keep their file order, unless
/// each quotes a different number of earlier messages: then by that, ``ordersByQuotes(_:)``).
public struct MailThreader: Sendable {
    /// What threading needs of one message.
    public struct Envelope: Sendable, Equatable {
        /// The message's number (its index in the file, or any unique key).
        public var number: Int
        /// Its `Message-ID`.
        public var messageID: String?
        /// Its `In-Reply-To` and `References` ids.
        public var parents: [String]
        /// Its subject as written.
        public var subject: String
        /// Its date, if known.
        public var date: MailDate?
        /// Addresses of its sender and recipients, lower-cased.
        public var participants: Set<String>
        /// The conversation its `Thread-Index` names (the value's first 22 bytes), if it has a valid one.
        public var conversation: [UInt8]?
        /// How many earlier messages its body quotes (``ReplyCleaner/quotedMessageCount(text:)``), where it was
        /// counted: for undated messages, whose order it can tell.
        public var quotedMessages: Int?

        /// An envelope.
        public init(
            number: Int, messageID: String?, parents: [String], subject: String, date: MailDate?,
            participants: Set<String>, conversation: [UInt8]? = nil, quotedMessages: Int? = nil
        ) {
            self.number = number
            self.messageID = messageID
            self.parents = parents
            self.subject = subject
            self.date = date
            self.participants = participants
            self.conversation = conversation
            self.quotedMessages = quotedMessages
        }

        /// The envelope of a read message.
        public init(number: Int, message: MailMessage) {
            self.init(
                number: number, messageID: message.messageID, parents: message.inReplyTo + message.references,
                subject: message.subject, date: message.date,
                participants: Set((message.from + message.to + message.cc).map(\.address).filter { !$0.isEmpty }),
                conversation: MailThreader.conversation(threadIndex: message.headers["Thread-Index"]))
        }
    }

    /// How far apart in seconds a reply may be from its thread's last message to be joined by subject alone.
    public var window: Int64

    /// A threader joining by subject within `window` seconds (default 30 days).
    public init(window: Int64 = 30 * 86_400) {
        self.window = window
    }

    /// Whether two of `envelopes` (by index) share a participant that tells their conversation. The mailbox's own
    /// address takes part in every conversation: an address in at least three messages and a quarter of them,
    /// writing with at least three others, tells none, so two customers' replies to the support address under one
    /// subject (`Re: We received your request`) share nobody. Between messages whose every participant is such an
    /// address (a long thread's customer writing to the support address), any shared one counts.
    static func sharedParticipant(_ envelopes: [Envelope]) -> (Int, Int) -> Bool {
        var counts: [String: Int] = [:]
        var partners: [String: Set<String>] = [:]
        for envelope in envelopes {
            for address in envelope.participants {
                counts[address, default: 0] += 1
                // Three are enough to tell.
                for other in envelope.participants where other != address && partners[address, default: []].count < 3 {
                    partners[address, default: []].insert(other)
                }
            }
        }
        let everywhere = Set(
            counts.filter { address, count in
                count >= 3 && 4 * count >= envelopes.count && (partners[address]?.count ?? 0) >= 3
            }.keys)
        return { first, second in
            let (a, b) = (envelopes[first].participants, envelopes[second].participants)
            let (ownA, ownB) = (a.subtracting(everywhere), b.subtracting(everywhere))
            return ownA.isEmpty || ownB.isEmpty ? !a.isDisjoint(with: b) : !ownA.isDisjoint(with: ownB)
        }
    }

    /// The threads of `envelopes`: each a list of message numbers ordered by date, threads ordered by their first
    /// message's position in `envelopes`.
    public func threads(_ envelopes: [Envelope]) -> [[Int]] {
        var parent = Array(envelopes.indices)
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        func join(_ first: Int, _ second: Int) {
            let (a, b) = (root(first), root(second))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var owner: [String: Int] = [:]
        for (index, envelope) in envelopes.enumerated() {
            guard let id = envelope.messageID else { continue }
            // One message saved twice (in two folders, or as a copy beside a forward) is one thread's; a sender
            // that gives every message the same id does not make its messages one (their subjects differ).
            if let first = owner[id] {
                if MailThreader.normalisedSubject(envelopes[first].subject)
                    == MailThreader.normalisedSubject(envelope.subject)
                {
                    join(index, first)
                }
            } else {
                owner[id] = index
            }
        }
        var linked = Array(repeating: false, count: envelopes.count)
        for (index, envelope) in envelopes.enumerated() {
            for id in envelope.parents {
                if let other = owner[id] {
                    join(index, other)
                    linked[index] = true
                } else {
                    // A parent missing from the mailbox: the messages naming it belong together.
                    owner[id] = index
                }
            }
        }
        // Outlook's conversations: the same first 22 bytes of `Thread-Index`.
        var conversationOwner: [[UInt8]: Int] = [:]
        for (index, envelope) in envelopes.enumerated() {
            guard let conversation = envelope.conversation else { continue }
            if let other = conversationOwner[conversation] {
                join(index, other)
                linked[index] = true
                linked[other] = true
            } else {
                conversationOwner[conversation] = index
            }
        }
        // Replies that named nothing found here: by subject, participants and time.
        let shares = MailThreader.sharedParticipant(envelopes)
        let byDate = envelopes.indices.sorted { MailThreader.earlier(envelopes[$0], envelopes[$1]) }
        var latestBySubject: [String: [Int]] = [:]
        var undatedAlone: [(index: Int, subject: String)] = []
        for index in byDate {
            let envelope = envelopes[index]
            let subject = MailThreader.normalisedSubject(envelope.subject)
            guard !subject.isEmpty else { continue }
            if !linked[index] && MailThreader.isReply(envelope.subject) {
                let candidates = latestBySubject[subject] ?? []
                if let match = candidates.last(where: { candidate in
                    let other = envelopes[candidate]
                    var close = true
                    if let date = envelope.date, let otherDate = other.date {
                        close = abs(date.secondsSince1970 - otherDate.secondsSince1970) <= window
                    }
                    return close && shares(index, candidate)
                }) {
                    join(index, match)
                } else if envelope.date == nil {
                    undatedAlone.append((index, subject))
                }
            }
            latestBySubject[subject, default: []].append(index)
        }
        // An undated reply placed above what it answers (a file in neither order) found nothing before it: it
        // joins a later message of its subject that shares a participant and is not in its thread yet, the
        // message it answers (no reply prefix) first, else the nearest.
        for (index, subject) in undatedAlone {
            let envelope = envelopes[index]
            let candidates = (latestBySubject[subject] ?? []).filter { candidate in
                envelopes[candidate].date == nil && MailThreader.earlier(envelope, envelopes[candidate])
                    && root(candidate) != root(index)
                    && shares(index, candidate)
            }
            if let match = candidates.first(where: { !MailThreader.isReply(envelopes[$0].subject) })
                ?? candidates.first
            {
                join(index, match)
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for index in envelopes.indices {
            let key = root(index)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        return order.map { key in
            let members = (groups[key] ?? []).map { envelopes[$0] }
            let ordered =
                MailThreader.ordersByQuotes(members)
                ? members.sorted { ($0.quotedMessages ?? 0) < ($1.quotedMessages ?? 0) }
                : members.sorted(by: MailThreader.earlier)
            return ordered.map(\.number)
        }
    }

    /// Whether a thread's messages are ordered by the history they quote rather than by their place in the file:
    /// when none is dated and each quotes a different number of earlier messages (the opener none, each reply one
    /// more, as mail clients that quote the whole history write them). A thread where some reply quotes nothing,
    /// or two quote as much, keeps the file's order.
    public static func ordersByQuotes(_ members: [Envelope]) -> Bool {
        guard members.count > 1, members.allSatisfy({ $0.date == nil }) else { return false }
        let counts = members.compactMap(\.quotedMessages)
        return counts.count == members.count && Set(counts).count == counts.count
    }

    /// The conversation a `Thread-Index` value names: its first 22 bytes (a time and a GUID), when the value is
    /// base64 of 22 bytes plus 5 per reply; nil otherwise.
    public static func conversation(threadIndex value: String?) -> [UInt8]? {
        guard let value else { return nil }
        let text = Array(value.utf8).filter { $0 > 0x20 }
        guard !text.isEmpty, let data = try? TransferEncoding.base64(text[...]), data.count >= 22,
            (data.count - 22) % 5 == 0, data.prefix(22).contains(where: { $0 != 0 })
        else { return nil }
        return Array(data.prefix(22))
    }

    private static func earlier(_ first: Envelope, _ second: Envelope) -> Bool {
        if let a = first.date, let b = second.date, a != b { return a < b }
        return first.number < second.number
    }

    /// Whether a subject starts with a reply or forward prefix (after any list tags).
    public static func isReply(_ subject: String) -> Bool {
        strip(subject).hadPrefix
    }

    /// A subject without list tags (`[support]`), mail gateways' tags (`[EXTERNAL]`, `EXT:`, `*EXTERNAL*`; see
    /// ``GatewayBanner``), reply and forward prefixes in the common languages (`Re:`, `Fwd:`, `FW:`, `AW:`, `WG:`,
    /// `SV:`, `VS:`, `TR:`, `Odp:`, `RIF:`, `Antw:`, `Res:`, `Enc:`, `Ответ:`, `回复:`, `返信:`..., also `Re[2]:`),
    /// lower-cased, spaces collapsed.
    public static func normalisedSubject(_ subject: String) -> String {
        strip(subject).text
    }

    /// A subject as written, without its reply and forward prefixes and mail gateways' tags (`Re: AW: Refund` →
    /// `Refund`, `RE: [EXTERNAL] Refund` → `Refund`), trimmed.
    public static func withoutReplyPrefixes(_ subject: String) -> String {
        var text = Substring(subject)
        while true {
            text = text.drop { $0 == " " || $0 == "\t" }
            if let end = GatewayBanner.tagEnd(inSubject: text) {
                text = text[end...]
                continue
            }
            guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { break }
            var word = String(text[..<colon])
            if let bracket = word.firstIndex(where: { $0 == "[" || $0 == "(" }) { word = String(word[..<bracket]) }
            guard replyPrefixes.contains(baseWords(word).trimmingSpaces()) else { break }
            text = text[text.index(after: colon)...]
        }
        return MailText.trimmed(String(text))
    }

    private static func strip(_ subject: String) -> (text: String, hadPrefix: Bool) {
        // Case kept until the end: a gateway's tag of one word counts in capitals (`EXTERNAL:`).
        var text = Substring(subject.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
        var hadPrefix = false
        var changed = true
        while changed {
            changed = false
            text = text.drop { $0 == " " }
            if let end = GatewayBanner.tagEnd(inSubject: text) {
                text = text[end...]
                changed = true
                continue
            }
            if text.first == "[", let close = text.firstIndex(of: "]") {
                text = text[text.index(after: close)...]
                changed = true
                continue
            }
            guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { break }
            var word = String(text[..<colon])
            if let bracket = word.firstIndex(where: { $0 == "[" || $0 == "(" }) { word = String(word[..<bracket]) }
            word = word.lowercased().trimmingSpaces()
            if replyPrefixes.contains(word) {
                text = text[text.index(after: colon)...]
                hadPrefix = true
                changed = true
            }
        }
        return (String(text).lowercased().trimmingSpaces(), hadPrefix)
    }

    private static func baseWords(_ subject: String) -> String {
        subject.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static let replyPrefixes: Set<String> = [
        "re", "fw", "fwd", "aw", "wg", "sv", "vs", "tr", "odp", "pd", "rif", "i", "r", "antw", "doorst", "res", "enc",
        "rv", "ref", "vb", "ynt", "yml", "atb", "répondre", "réf", "ответ", "отв", "пересл", "fwd re", "回复", "答复",
        "转发", "回覆", "轉寄", "返信", "転送", "fw re", "답장", "전달",
    ]
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
