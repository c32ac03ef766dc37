import WinnowCore

/// A tracker's CSV export that writes a ticket's comments one per column, each cell `date;author;body` (Jira:
/// `Comment`, `Comment`, ... headers with `10/Mar/24 2:11 PM;557058:abc-123;Please clear the cache`; only the first
/// two semicolons separate, the body may hold more). Rows whose comment cells all have that form are read with the
/// comments as the ticket's thread (a `comments` array of turns with `author_id`, `created` and `body`), the
/// reporter's comments the customer's and the others the agents'; a row with a cell of any other form is read as it
/// is, its comments in metadata.
///
/// The export does not say which comments were internal: a service desk's internal comments read as agents' replies
/// (the `internal-note-leak` rule looks for their wording).
struct CommentCells: Sendable, Equatable {
    /// The comment columns, in file order.
    let columns: [String]
    /// The header after the rewrite: the other columns in order, then `comments`.
    let names: [String]

    /// The name of the thread field the comments are read into.
    static let threadName = "comments"

    /// The comment columns of a header: `Comment` and its repeats (`Comment_2`, as ``CSVImporter/headerNames(_:)``
    /// names them), when the header also names the ticket's reporter (`Reporter Id` or `Reporter`), whose comments
    /// are the customer's, and no column is already named `comments`; nil otherwise.
    init?(names: [String]) {
        let keys = names.map(FieldMapping.matchingKey)
        let columns = zip(names, keys).filter { _, key in Self.isCommentColumn(key) }.map(\.0)
        guard !columns.isEmpty, keys.contains("reporterid") || keys.contains("reporter"),
            !keys.contains(FieldMapping.matchingKey(Self.threadName))
        else { return nil }
        self.columns = columns
        self.names = names.filter { !columns.contains($0) } + [Self.threadName]
    }

    /// Whether a column's matching key is `comment` or a repeat of it (`comment2`).
    private static func isCommentColumn(_ key: String) -> Bool {
        guard key.hasPrefix("comment") else { return false }
        let suffix = key.dropFirst("comment".count)
        return suffix.allSatisfy(\.isNumber)
    }

    /// The row with its comment cells as the `comments` thread, or nil when a cell with text is not in the
    /// `date;author;body` form or no cell has text.
    func rewrite(_ object: JSONObject) -> JSONObject? {
        var turns: [JSONValue] = []
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(names.count)
        for member in object.members {
            guard columns.contains(member.key) else {
                members.append(member)
                continue
            }
            let cell = member.value.scalarText ?? ""
            if cell.allSatisfy(\.isWhitespace) { continue }
            guard let comment = Self.comment(cell) else { return nil }
            turns.append(
                [
                    "author_id": .string(comment.author), "created": .string(comment.date),
                    "body": .string(comment.body),
                ])
        }
        // A ticket nobody commented on is read as it is.
        guard !turns.isEmpty else { return nil }
        members.append((key: Self.threadName, value: .array(turns)))
        return JSONObject(membersWithDistinctKeys: members)
    }

    /// A cell's date, author and body, when it has the form `date;author;body`: a date holding a digit, a `/` or
    /// `-`, and a `:` (`10/Mar/24 2:11 PM`, `2024-03-10 14:11`), an author without spaces.
    static func comment(_ cell: String) -> (date: String, author: String, body: String)? {
        let parts = cell.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let date = String(parts[0]).trimmingSpaces
        let author = String(parts[1]).trimmingSpaces
        guard date.count <= 40, date.contains(where: \.isNumber), date.contains(":"),
            date.contains("/") || date.contains("-"), !author.isEmpty, author.count <= 128,
            !author.contains(where: \.isWhitespace)
        else { return nil }
        return (date, author, String(parts[2]))
    }
}
