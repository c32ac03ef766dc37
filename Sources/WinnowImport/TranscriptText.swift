import Foundation
import WinnowCore

/// A chat transcript written as text, one message per line led by its speaker, as chat tools export a whole chat in
/// one field (`(10:02:11 AM) Ann: hi`, `[2024-03-01 10:02] Visitor 1234: hi`, `Customer: hi`):
///
/// - a line is a message when it opens with an optional time in brackets or bare (`10:02`, `10:02:11 AM`,
///   `2024-03-01 10:02:11`, `( 5s )`), then a speaker of one to five words and a colon; other lines continue the
///   message before them; lines before the first message (`Chat started: ...`) and between stars (`*** Ann joined the
///   chat ***`) are no message;
/// - a speaker is a role (`Customer`, `Visitor 1234`, `Agent Bob`, `Bot`), the name a field of the record gives the
///   customer (`customer_name`, `visitor_name`, `requester`...) or the agent (`agent_name`, `operator`...), or,
///   when one side is told that way, the one other speaker leading two lines or more (or the one other speaker);
/// - it reads as a transcript when both sides speak; lines before the first told speaker are a header, a line led
///   by any other word (`Note: I paid already`) continues the message before it.
enum TranscriptText {
    /// Fields of a record naming its customer.
    static let customerNameFields = [
        "customer_name", "visitor_name", "requester_name", "client_name", "contact_name", "user_name", "name",
        "customer", "visitor", "requester", "client", "contact", "from_name",
    ].map(FieldMapping.matchingKey)
    /// Fields of a record naming its agent.
    static let agentNameFields = [
        "agent_name", "operator_name", "assignee_name", "responder_name", "agent", "operator", "assignee", "responder",
        "owner", "agents", "operators", "agent_names", "operator_names",
    ].map(FieldMapping.matchingKey)

    /// Why a text is not read as a transcript, or the turns it holds.
    enum Reading {
        /// Not a transcript: no two speakers' lines.
        case notATranscript
        /// Lines led by two speakers or more, but not both sides told: the speakers, in order of appearance.
        case unknownSpeakers([String])
        /// The turns, with the customer and the agent each speaking.
        case turns(TurnReader.Turns)
    }

    /// Reads `text` as a transcript; `record` names the customer or the agent.
    static func read(_ text: String, record: JSONObject) -> Reading {
        var lines: [(speaker: String?, text: String)] = []
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(raw)
            if isStarLine(line) {
                lines.append((nil, ""))
            } else if let (speaker, _) = speakerLine(line), isChatEventLabel(speaker) {
                // `Chat Started: Monday, ...`, `Chat Origin: Website Chat`: the chat tool's lines, no one's words.
                lines.append((nil, ""))
            } else if let (speaker, said) = speakerLine(line) {
                lines.append((speaker, said))
            } else {
                lines.append((nil, line))
            }
        }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for case let (speaker?, _) in lines {
            if counts[speaker] == nil { order.append(speaker) }
            counts[speaker, default: 0] += 1
        }
        guard counts.values.reduce(0, +) >= 2, counts.count >= 2 else { return .notATranscript }
        let sides = self.sides(
            of: order, counts: counts, record: record,
            announcedAgents: announcedAgents(lines.filter { $0.speaker == nil }.map(\.text)))
        let roles = Set(sides.values)
        guard roles.contains(.user), roles.contains(.assistant) else { return .unknownSpeakers(order) }
        // Lines before the first told speaker are a header (`Chat started: ...`); a line led by an untold word
        // (`Note: I paid already`) continues the message before it; a system line is no message.
        var turns = TurnReader.Turns()
        var current: (role: MessageRole, text: [String])?
        func flush() {
            guard let (role, text) = current, let content = ResolvedMapping.clean(text.joined(separator: "\n")),
                role != .system
            else { return }
            turns.messages.append(Message(role: role, content: content))
        }
        for line in lines {
            if let speaker = line.speaker, let role = sides[speaker] {
                flush()
                current = (role, [line.text])
            } else if current != nil {
                current?.text.append(line.speaker.map { $0 + ": " + line.text } ?? line.text)
            }
        }
        flush()
        return turns.messages.isEmpty ? .notATranscript : .turns(turns)
    }

    /// Each speaker's side: a role word (alone or before a name or number), a name the record gives; and when one
    /// side is told and one other speaker leads two lines or more, that speaker is the other side.
    static func sides(
        of speakers: [String], counts: [String: Int], record: JSONObject, announcedAgents: Set<String> = []
    ) -> [String: MessageRole] {
        let customerNames = names(in: record, fields: customerNameFields)
        let agentNames = names(in: record, fields: agentNameFields).union(announcedAgents)
        var sides: [String: MessageRole] = [:]
        for speaker in speakers {
            let key = FieldMapping.matchingKey(speaker)
            let firstWord = speaker.split(separator: " ").first.map { FieldMapping.matchingKey(String($0)) } ?? key
            if case .role(let role)? = TurnReader.authors[key] ?? TurnReader.authors[firstWord] {
                sides[speaker] = role
            } else if customerNames.contains(key) {
                sides[speaker] = .user
            } else if agentNames.contains(key) {
                sides[speaker] = .assistant
            }
        }
        let told = Set(sides.values.filter { $0 != .system })
        let untold = speakers.filter { sides[$0] == nil }
        var other = untold.filter { (counts[$0] ?? 0) >= 2 }
        if other.isEmpty, untold.count == 1 { other = untold }
        if told.count == 1, let side = told.first, other.count == 1 {
            sides[other[0]] = side == .user ? .assistant : .user
        }
        return sides
    }

    /// The names the record's fields give (lower-cased letters and digits), a field's first word too (`Ann` for
    /// `Ann Lee`, as chat tools show first names).
    static func names(in record: JSONObject, fields: [String]) -> Set<String> {
        var names = Set<String>()
        for member in record.members where fields.contains(FieldMapping.matchingKey(member.key)) {
            var values: [String] = []
            switch member.value {
            case .string(let text): values = text.split(separator: ",").map(String.init)
            case .array(let items): values = items.compactMap(\.scalarText)
            case .object(let object): values = [object["name"]?.scalarText].compactMap { $0 }
            default: break
            }
            for value in values {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                names.insert(FieldMapping.matchingKey(trimmed))
                if let first = trimmed.split(separator: " ").first {
                    names.insert(FieldMapping.matchingKey(String(first)))
                }
            }
        }
        names.remove("")
        return names
    }

    /// The agents a transcript's own lines announce (lower-cased letters and digits): Salesforce's `Agent Sam A`
    /// line, written when an agent joins a live chat (`Chat Started: ...`, `Chat Origin: ...`, `Agent Sam A`, then
    /// `( 4s ) Ann Lee: ...`).
    static func announcedAgents(_ lines: [String]) -> Set<String> {
        var names = Set<String>()
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("Agent "), !trimmed.contains(":") else { continue }
            let name = trimmed.dropFirst("Agent ".count).trimmingCharacters(in: .whitespaces)
            let words = name.split(separator: " ")
            guard !words.isEmpty, words.count <= 4 else { continue }
            names.insert(FieldMapping.matchingKey(name))
        }
        names.remove("")
        return names
    }

    /// Whether a line's label is a chat tool's record of the chat (Salesforce's `Chat Started`, `Chat Origin`,
    /// `Chat Ended By Agent`, `Chat Transferred From ...`), not a speaker: `Chat` and a word that is no side.
    static func isChatEventLabel(_ label: String) -> Bool {
        let words = label.split(separator: " ").map { FieldMapping.matchingKey(String($0)) }
        guard words.count >= 2, words.count <= 4, words[0] == "chat" else { return false }
        return TurnReader.authors[words[1]] == nil
    }

    /// `*** Ann joined the chat ***`, `--- chat ended ---`.
    private static func isStarLine(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 6
            && ((trimmed.hasPrefix("***") && trimmed.hasSuffix("***"))
                || (trimmed.hasPrefix("---") && trimmed.hasSuffix("---")))
    }

    /// The speaker and text of a line that opens a message, after an optional time.
    static func speakerLine(_ line: String) -> (String, String)? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        rest = dropTime(rest)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let speaker = rest[..<colon].trimmingCharacters(in: .whitespaces)
        let words = speaker.split(separator: " ")
        guard !speaker.isEmpty, speaker.count <= 40, words.count <= 5, speaker.first?.isLetter == true,
            !speaker.contains(where: { "()[]<>{}\"?!;=/\\@#*|".contains($0) }), !speaker.contains("://")
        else { return nil }
        let after = rest[rest.index(after: colon)...]
        // `http:` and `10:02` are no speakers: a speaker's colon is followed by a space or the line's end.
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return (speaker, after.trimmingCharacters(in: .whitespaces))
    }

    /// The text after a leading time: `(10:02:11 AM)`, `[2024-03-01 10:02]`, `( 5s )`, `10:02`, `2024-03-01 10:02:11`.
    private static func dropTime(_ text: Substring) -> Substring {
        if let open = text.first, open == "(" || open == "[" {
            let close: Character = open == "(" ? ")" : "]"
            guard let end = text.firstIndex(of: close) else { return text }
            let inside = text[text.index(after: text.startIndex)..<end]
            guard inside.contains(where: \.isNumber), inside.count <= 32,
                // iOS writes a narrow no-break space before `PM` (`[12/31/23, 10:02:11\u{202F}PM]`).
                inside.allSatisfy({ $0.isNumber || " :-/.,TZAPMapmsh+\u{202F}\u{A0}".contains($0) })
            else { return text }
            return text[text.index(after: end)...].drop { $0 == " " || $0 == "\t" }
        }
        // A bare date and time: digits, `-`, `/`, `.`, `:`, up to three words (a comma may follow the date), the last
        // holding a colon; then WhatsApp's ` - ` before the speaker (`12/31/23, 10:02 PM - Ann: ...`).
        var index = text.startIndex
        var sawColon = false
        // A time written with a dot (`22.02`), as Finnish and Danish WhatsApp exports write it after `klo`/`kl.`.
        var sawDottedTime = false
        var words = 0
        func isSpace(_ character: Character) -> Bool {
            character == " " || character == "\u{202F}" || character == "\u{A0}"
        }
        while index < text.endIndex, words < 3 {
            let wordStart = index
            while index < text.endIndex, text[index].isNumber || "-/.:".contains(text[index]) {
                if text[index] == ":" { sawColon = true }
                index = text.index(after: index)
            }
            guard index > wordStart, text[wordStart].isNumber else { break }
            words += 1
            if words > 1, TranscriptText.isDottedTime(text[wordStart..<index]) { sawDottedTime = true }
            var after = index
            if after < text.endIndex, text[after] == "," { after = text.index(after: after) }
            while after < text.endIndex, isSpace(text[after]) { after = text.index(after: after) }
            // `31.12.2023 klo 22.02` (Finnish), `31.12.2023 kl. 22.02` (Danish, Norwegian): the word for "at".
            for word in ["klo ", "kl. ", "kl "] where text[after...].lowercased().hasPrefix(word) {
                after = text.index(after, offsetBy: word.count)
                break
            }
            // `10:02 AM`, `10:02 a.m.`
            let rest = text[after...].lowercased()
            for meridiem in ["am", "pm", "a.m.", "p.m."] where rest.hasPrefix(meridiem) {
                let end = text.index(after, offsetBy: meridiem.count)
                guard end == text.endIndex || isSpace(text[end]) else { continue }
                after = end
                while after < text.endIndex, isSpace(text[after]) { after = text.index(after: after) }
                break
            }
            index = after
            if !(index < text.endIndex && text[index].isNumber) { break }
        }
        var rest = text[index...]
        // A dotted time counts only before WhatsApp's ` - `: `22.02` alone may be a price or a version.
        guard words > 0, sawColon || (sawDottedTime && rest.hasPrefix("- ")) else { return text }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
        return rest
    }

    /// `22.02`, `9.05`: hours and minutes joined by a dot.
    static func isDottedTime(_ word: Substring) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return parts[0].count <= 2 && parts[1].count == 2 && hour < 24 && minute < 60
    }
}
