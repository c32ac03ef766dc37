import Foundation
import WinnowCore

/// Whether a delimited file's first row names its columns or is already data. Labelled text often comes without a
/// header (AG News' `"3","title","description"` rows, ATIS's tab-separated `text<TAB>intent`, a sheet saved from its
/// first data row); read as a header, its first example would become the column names and every row would lack a
/// text field.
///
/// A first row is the header unless it reads as data: none of its cells is a field name Winnow knows (`text`,
/// `label`, `subject`, `role`, `created_at`...), and one of them is a value of its column: it comes again in the rows
/// under it, as a label does (in a row other than the first row again: a header a report repeats), or it is a number
/// over a column of numbers, or it is a sentence of ten words or more that asks nothing (a survey's export names its
/// columns by their questions), or, in a file of one column, a text of three words or more like the lines under it.
/// `--header` and `--no-header` decide instead.
public enum CSVHeaderGuess {
    /// Why `rows`' first row is data (for the note saying so), or nil when it is, or may be, the header. `rows` are
    /// the file's first records, each a list of cells.
    public static func firstRowIsData(_ rows: [[String]]) -> String? {
        guard let first = rows.first?.map(trimmed), !first.isEmpty else { return nil }
        if first.contains(where: isKnownName) { return nil }
        // A header the export repeats (every page of a report) comes again whole: rows equal to the first say
        // nothing either way.
        let following = rows.dropFirst().map { $0.map(trimmed) }.filter { $0.count == first.count && $0 != first }
        for (column, cell) in first.enumerated() where !cell.isEmpty {
            let values = following.map { $0[column] }.filter { !$0.isEmpty }
            if values.contains(cell) {
                return "its cell \"\(snippet(cell))\" comes again in column \(column + 1) below, as a value does"
            }
            if isNumber(cell), !values.isEmpty, values.allSatisfy(isNumber) {
                return "its cell \"\(snippet(cell))\" is a number, as column \(column + 1) holds below"
            }
        }
        // A list of texts, one a line (customers' questions): a first line of three words or more, as long as the
        // lines under it and ending as most of them do (a question over questions), is one of them; a survey's one
        // question over its answers is not.
        if first.count == 1, let cell = first.first, WordCount.of(cell) >= 3 {
            let values = following.compactMap(\.first).filter { !$0.isEmpty }
            func asks(_ text: String) -> Bool { text.hasSuffix("?") || text.hasSuffix("？") }
            if values.count >= 3 {
                let asking = values.filter(asks).count * 2 >= values.count
                let mean = Double(values.reduce(0) { $0 + WordCount.of($1) }) / Double(values.count)
                let words = Double(WordCount.of(cell))
                if asks(cell) == asking, words >= mean / 3, words <= mean * 3 {
                    return "its line \"\(snippet(cell))\" is a text like the lines under it, in a file of one column"
                }
            }
        }
        // A survey's export names its columns by their questions: a long cell asking something may be a name.
        if let sentence = first.first(where: {
            WordCount.of($0) >= 10 && !$0.hasSuffix("?") && !$0.hasSuffix("？")
        }) {
            return "its cell \"\(snippet(sentence))\" is a sentence, not a column name"
        }
        return nil
    }

    /// The names of `count` columns that have none: `column_1`, `column_2`... (a header-less file's, a row of
    /// values', a blank header cell's).
    static func columnNames(_ count: Int) -> [String] { (1...max(count, 1)).map(columnName) }
    static func columnName(_ number: Int) -> String { "column_\(number)" }
    /// Whether `key` is such a name.
    static func isColumnName(_ key: String) -> Bool { key.hasPrefix("column_") && Int(key.dropFirst(7)) != nil }

    /// Names a column of support data is known by: the field names the automatic mapping reads, the role and
    /// speaker columns, and common metadata columns (`status`, `priority`, `email`).
    static let knownNames: Set<String> = {
        var names = FieldMapping.automaticNames.flatMap(\.names)
        names += FieldMapping.subjectNames + FieldMapping.titleBesideBodyNames + FieldMapping.contextNames
        names += FieldMapping.turnArrayNames + FieldMapping.threadArrayNames + FieldMapping.openingNames
        names += FieldMapping.orderNames + TurnRoleRule.knownFields.map(\.name) + TurnRoleRule.speakerNameFields
        names += TurnRoleRule.authorIDFields + TurnRoleRule.customerIDFields
        names += [
            "status", "state", "priority", "email", "customer", "customer_name", "customer_email", "agent",
            "agent_name", "assignee", "requester", "channel", "source", "tags", "tag", "language", "lang", "locale",
            "url", "link", "rating", "score", "split", "partition", "updated_at", "closed_at", "resolved_at",
            "product", "group", "team", "organization", "company", "country", "name", "title", "notes", "note",
        ]
        return Set(names.map(FieldMapping.matchingKey))
    }()

    /// Whether `cell` is named like a known column (``knownNames``, however it is written).
    static func isKnownName(_ cell: String) -> Bool { knownNames.contains(FieldMapping.matchingKey(cell)) }

    /// An integer or a decimal, with an optional sign.
    static func isNumber(_ cell: String) -> Bool {
        var text = Substring(cell)
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        guard !text.isEmpty, text.first != "." else { return false }
        var dots = 0
        for character in text {
            if character == "." {
                dots += 1
            } else if !character.isASCII || !character.isNumber {
                return false
            }
        }
        return dots <= 1 && text.last != "."
    }

    private static func trimmed(_ cell: String) -> String { cell.trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func snippet(_ cell: String) -> String { cell.count > 40 ? cell.prefix(40) + "…" : cell }
}
