import Foundation
import WinnowCore

/// A ticket's journal written as text in one field, as ServiceNow exports its `comments`, `work_notes` and
/// `comments_and_work_notes`: entries newest first, each a header line `DATE - NAME (KIND)` and the entry's text
/// under it (`2024-03-01 10:15:22 - Jane Roe (Additional comments)`, `13-Jul-2026 10:29:21 - ...`, `09/15/2026
/// 10:00:00 AM - ...`).
///
/// Read oldest first (by the dates when they are all `yyyy-MM-dd HH:mm:ss`, otherwise in reverse of the file). A work
/// note is an internal note; a comment by the record's customer (`caller_id`, `opened_by`, `requested_for`,
/// `customer_name`... as the export names them) is the customer's, any other the agents'. A journal whose record
/// names no customer is not read (the field stays in metadata).
enum JournalText {
    /// Fields naming a ticket's customer in journal exports, beside ``TranscriptText/customerNameFields``.
    static let customerNameFields =
        ["caller_id", "caller", "opened_by", "requested_for", "requested_by"].map(FieldMapping.matchingKey)
        + TranscriptText.customerNameFields

    /// `DATE - NAME (KIND)`: a date with a digit at each end and a `:` in it, a name, a kind naming a comment or a
    /// note.
    private static let header: NSRegularExpression = {
        let pattern = #"^([0-9][0-9A-Za-z/.:\- ]{6,28}[0-9](?: ?[AaPp][Mm])?) - (.{1,80}?) \(([^()\n]{3,40})\)\s*$"#
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
    }()

    /// One entry of the journal.
    struct Entry: Equatable {
        var date: String
        var name: String
        var kind: String
        var text: String
        /// Whether the entry is a work note (seen only by the team).
        var isNote: Bool {
            let lower = kind.lowercased()
            return lower.contains("work note") || lower.contains("internal")
        }
    }

    /// The entries of `text` in the order written, or nil when its first line with text is no entry header.
    static func entries(_ text: String) -> [Entry]? {
        var entries: [Entry] = []
        var body: [Substring] = []
        func flush() {
            guard !entries.isEmpty else { return }
            entries[entries.count - 1].text = body.joined(separator: "\n").trimmingCharacters(
                in: .whitespacesAndNewlines)
            body = []
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.count <= 160, let entry = headerEntry(String(line)) {
                flush()
                entries.append(entry)
            } else if entries.isEmpty {
                guard line.allSatisfy(\.isWhitespace) else { return nil }
            } else {
                body.append(line)
            }
        }
        flush()
        return entries.isEmpty ? nil : entries
    }

    private static func headerEntry(_ line: String) -> Entry? {
        guard line.contains(" - "), line.contains("(") else { return nil }
        let range = NSRange(line.startIndex..., in: line)
        guard let match = header.firstMatch(in: line, range: range), let date = Range(match.range(at: 1), in: line),
            let name = Range(match.range(at: 2), in: line), let kind = Range(match.range(at: 3), in: line),
            line[date].contains(":")
        else { return nil }
        let kindText = line[kind].lowercased()
        guard kindText.contains("comment") || kindText.contains("note") else { return nil }
        return Entry(date: String(line[date]), name: String(line[name]), kind: String(line[kind]), text: "")
    }

    /// The turns of a journal, or nil when `text` is no journal or `record` names no customer.
    static func read(_ text: String, record: JSONObject) -> TurnReader.Turns? {
        guard let entries = entries(text) else { return nil }
        let customers = names(in: record)
        guard !customers.isEmpty else { return nil }
        var turns = TurnReader.Turns()
        for entry in oldestFirst(entries) where !entry.text.isEmpty {
            if entry.isNote {
                turns.internalNotes.append(entry.text)
            } else {
                let role: MessageRole = customers.contains(FieldMapping.matchingKey(entry.name)) ? .user : .assistant
                turns.messages.append(Message(role: role, content: entry.text))
            }
        }
        return turns
    }

    /// The texts of a journal of work notes (ServiceNow's `work_notes` column: every entry the team's), oldest
    /// first; nil when `text` is no journal.
    static func notes(_ text: String) -> [String]? {
        entries(text).map { oldestFirst($0).map(\.text).filter { !$0.isEmpty } }
    }

    /// `entries` oldest first: by their dates when they are all `yyyy-MM-dd HH:mm:ss`, else in reverse of the
    /// file (the journal is written newest first).
    private static func oldestFirst(_ entries: [Entry]) -> [Entry] {
        // `yyyy-MM-dd HH:mm:ss` sorts as text; stable, so entries of one second keep their order.
        guard entries.allSatisfy({ isSortableDate($0.date) }) else { return entries.reversed() }
        return entries.enumerated().sorted { first, second in
            (first.element.date, first.offset) < (second.element.date, second.offset)
        }.map(\.element)
    }

    /// Whether a date is written `yyyy-MM-dd HH:mm:ss`, which sorts as text.
    private static func isSortableDate(_ date: String) -> Bool {
        let shape = Array("0000-00-00 00:00:00")
        let characters = Array(date)
        guard characters.count == shape.count else { return false }
        return zip(characters, shape).allSatisfy { $1 == "0" ? $0.isASCII && $0.isNumber : $0 == $1 }
    }

    /// The customer's names the record gives (as ``FieldMapping/matchingKey(_:)``).
    private static func names(in record: JSONObject) -> Set<String> {
        var names = Set<String>()
        for member in record.members where customerNameFields.contains(FieldMapping.matchingKey(member.key)) {
            let value =
                member.value.scalarText ?? member.value.objectValue?["display_value"]?.scalarText
                ?? member.value.objectValue?["name"]?.scalarText
            if let value, !value.allSatisfy(\.isWhitespace) { names.insert(FieldMapping.matchingKey(value)) }
        }
        names.remove("")
        return names
    }
}
