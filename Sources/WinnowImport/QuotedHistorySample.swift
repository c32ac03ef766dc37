import Foundation
import WinnowCore
import WinnowMail

/// Whether records imported without `--clean-replies` hold quoted e-mail history or a forwarded message, told from a
/// sample of them (the first records of each chunk), so that the import can say the option exists instead of
/// leaving it to `winnow check`'s `quoted-history` warnings. A text is looked at only when the reply cleaner could
/// find something in it (more than one line, or a `>` quote), so that one-line texts cost nothing.
public struct QuotedHistorySample: Sendable, Equatable {
    /// Records looked at.
    public var looked = 0
    /// Of those, records holding quoted history or a forwarded message.
    public var found = 0
    /// The first record found, for the note.
    public var first: Locator?

    /// How many records of each chunk are looked at.
    public static let perChunk = 16

    public init() {}

    /// Looks at `draft`.
    public mutating func look(at draft: ExampleDraft) {
        looked += 1
        guard QuotedHistorySample.holdsHistory(draft) else { return }
        found += 1
        if first == nil { first = draft.locator }
    }

    /// Adds what another sample saw (a later chunk's).
    public mutating func add(_ other: QuotedHistorySample) {
        looked += other.looked
        found += other.found
        if first == nil { first = other.first }
    }

    /// The note for `path`, when any record held history.
    public func note(path: String) -> String? {
        guard found > 0, let first else { return nil }
        let share =
            looked == 1
            ? "the one record looked at holds"
            : found == looked
                ? "all \(looked) records looked at hold"
                : "\(found) of the \(looked) records looked at \(found == 1 ? "holds" : "hold")"
        return "\(path): \(share) quoted e-mail history or a forwarded message (the first,"
            + " \(first)): --clean-replies takes it out of their texts (kept in metadata as removed_quotes and"
            + " removed_forwarded); left in, `winnow check` flags it (quoted-history)"
    }

    /// Whether the input, the response or a turn of `draft` holds quoted history or a forwarded message.
    static func holdsHistory(_ draft: ExampleDraft) -> Bool {
        if holdsHistory(draft.input) { return true }
        if let response = draft.response, holdsHistory(response) { return true }
        return draft.messages.contains { holdsHistory($0.content) }
    }

    /// Whether any text of `value` (a record, or a thread's turns inside it, a few levels down) holds quoted
    /// history or a forwarded message.
    static func holdsHistory(_ value: JSONValue, depth: Int = 0) -> Bool {
        switch value {
        case .string(let text): return holdsHistory(text)
        case .array(let items): return depth < 4 && items.contains { holdsHistory($0, depth: depth + 1) }
        case .object(let object):
            return depth < 4 && object.members.contains { holdsHistory($0.value, depth: depth + 1) }
        default: return false
        }
    }

    private static let cleaner = ReplyCleaner()

    private static func holdsHistory(_ text: String) -> Bool {
        // A raw record's text may still end its lines with CR LF (one Character in Swift).
        guard text.utf8.contains(0x0A) || text.first(where: { !$0.isWhitespace }) == ">", cleaner.mayFindParts(text)
        else { return false }
        let lines = text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let cleaned = cleaner.clean(text: lines)
        return !cleaned.keptWhole && cleaned.spans.contains { $0.part == .quoted || $0.part == .forwarded }
    }
}
