import Foundation
import WinnowCore

/// Fields chosen by what they hold, where no field is named like the input text: MASSIVE's `utt`, a survey's
/// question column, a file without a header row (``CSVHeaderGuess``), whose columns are `column_1`, `column_2`...
/// Without it every record would be quarantined for having no input.
///
/// The input is the field holding the longest text among those holding prose (three words or more on average, in at
/// least half the records, not numbers, addresses or links); where no field at the top holds any, the text members
/// inside the records' objects (``nested(records:keys:)``). In a file without a header, whose columns have no names
/// to go by, the label is also chosen: a column of short values (five words at most) each given three times or more
/// on average over at least 20 records, not prose, words before numbers, the first such column otherwise. A note
/// names what was chosen and how `--map` chooses otherwise.
public enum ContentMapping {
    /// What was chosen, and the note saying so.
    public struct Choice: Sendable, Equatable {
        /// The input's source: a field, or paths joined by `+`.
        public var input: String
        public var label: String?
        public var note: String
    }

    /// Maps the input (and the label) as `choice` says, in `options`.
    public static func apply(_ choice: Choice, to options: inout ImportOptions) {
        options.mapping.explicit[.input] = choice.input.split(separator: "+").map(String.init)
        if let label = choice.label { options.mapping.explicit[.label] = [label] }
    }

    /// ``choose(records:mapping:)`` on the first records of `file` (CSV, JSONL, a JSON document's records).
    public static func choose(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> Choice? {
        guard let records = ConversationDetection.sample(file, format: format, options: options)?.records else {
            return nil
        }
        return choose(records: records, mapping: options.mapping)
    }

    /// The fields `records` (a file's first records) would take their input, and their label, from when the mapping
    /// finds no input by name and no turns, or only a subject (then the subject and the prose beside it); nil when
    /// it finds them or no field holds prose.
    public static func choose(records: [JSONObject], mapping: FieldMapping) -> Choice? {
        guard let keys = records.first?.keys, mapping.explicit[.input] == nil, mapping.explicit[.messages] == nil
        else { return nil }
        let resolved = mapping.resolve(keys: keys)
        // A record's list of texts is its input (``AlternativeTexts``).
        guard resolved.assignment[.messages] == nil, AlternativeTexts.keys(keys).texts == nil else { return nil }
        func column(_ key: String) -> Column {
            Column(key: key, values: records.compactMap { $0[key]?.scalarText?.trimmingSpaces }.filter { !$0.isEmpty })
        }
        // A subject alone is an input found by name only in part: the message may sit in a column named in words
        // the mapping does not know (`Anliegen`), which is looked for beside it.
        var subject: Column?
        if let assigned = resolved.assignment[.input] {
            guard assigned.count == 1,
                FieldMapping.isSubjectName(assigned[0]) || HeaderWords.field(of: assigned[0]) == .subject
            else { return nil }
            subject = column(assigned[0])
        }
        let used = Set(resolved.assignment.values.flatMap { $0 })
        let columns = keys.filter { !used.contains($0) }.map(column)
        var prose = columns.filter { $0.isProse(of: records.count) }
        if let subject {
            // Beside a subject, a message is prose twice as long as the subject's lines, not a category, in a column
            // whose name says nothing against it (an internal note, an agent's column, a date).
            prose = prose.filter {
                $0.meanWords >= max(6, 2 * subject.meanWords) && !$0.isCategory && !$0.key.contains("+")
                    && HeaderWords.saysNothing(of: $0.key)
            }
        }
        guard let input = prose.max(by: { $0.meanLength < $1.meanLength }) else {
            return subject == nil ? nested(records: records, keys: keys.filter { !used.contains($0) }) : nil
        }
        if let subject {
            let words = Int(input.meanWords.rounded())
            return Choice(
                input: subject.key + "+" + input.key, label: nil,
                note: "\(input.key) holds the message beside the subject \(subject.key) (\(words) words on average,"
                    + " its name not one the mapping knows): input <- \(subject.key)+\(input.key) (--map input=FIELD"
                    + " chooses others)")
        }
        var label: Column?
        let headerless = keys.allSatisfy(CSVHeaderGuess.isColumnName)
        if headerless, resolved.assignment[.label] == nil {
            // Short values first (a title column a file repeats is no label), words before numbers.
            let categories = columns.filter { $0.key != input.key && $0.isCategory }
            let short = categories.filter { !$0.isProse(of: records.count) }
            label = short.first { !$0.isNumeric } ?? short.first ?? categories.first
        }
        let words = Int(input.meanWords.rounded())
        var note =
            "no field is named like the input text; input <- \(input.key), the field holding the longest text"
            + " (\(words) words on average)"
        if let label {
            note +=
                ", label <- \(label.key) (\(label.distinctCount) values over \(label.values.count) records)"
        }
        let others = prose.filter { $0.key != input.key }.map(\.key)
        if !others.isEmpty {
            note += "; \(others.joined(separator: ", ")) \(others.count == 1 ? "holds" : "hold") text too"
        }
        note += " (--map input=FIELD\(headerless ? " and --map label=FIELD" : "") choose"
        note += others.isEmpty ? " others)" : " others, --map input=\(others[0])+\(input.key) joins them)"
        return Choice(input: input.key, label: label?.key, note: note)
    }

    /// Names of a member holding a message's text inside an object (`content`, `body`, `value`...).
    static let textLeafNames: Set<String> = [
        "content", "body", "text", "message", "value", "plain_text", "plain", "text_body", "body_text",
    ]

    /// Where the text lies inside objects of the records (Dixa's `attributes.content.value` for a chat message and
    /// `attributes.emailContent.content.value` for an e-mail): the paths, up to four members deep, ending in a member
    /// named like text (``textLeafNames``) whose values are prose, joined; nil unless half the records hold one.
    private static func nested(records: [JSONObject], keys: [String]) -> Choice? {
        var order: [String] = []
        var valuesOf: [String: [String]] = [:]
        func walk(_ value: JSONValue, path: String, depth: Int) {
            if let object = value.objectValue {
                guard depth < 4 else { return }
                for member in object.members where !member.key.contains(".") {
                    walk(member.value, path: path + "." + member.key, depth: depth + 1)
                }
            } else if case .string(let text) = value,
                let last = path.split(separator: ".").last,
                textLeafNames.contains(FieldMapping.normaliseKey(String(last)))
            {
                let trimmed = text.trimmingSpaces
                guard !trimmed.isEmpty else { return }
                if valuesOf[path] == nil { order.append(path) }
                valuesOf[path, default: []].append(trimmed)
            }
        }
        for record in records {
            for key in keys where !key.contains(".") {
                if let object = record[key], object.objectValue != nil { walk(object, path: key, depth: 1) }
            }
        }
        let paths = order.filter { path in
            let column = Column(key: path, values: valuesOf[path] ?? [])
            return column.meanWords >= 3
        }
        guard !paths.isEmpty else { return nil }
        let covered = records.filter { record in
            paths.contains { JSONValue.object(record).value(atPath: $0)?.scalarText?.isEmpty == false }
        }.count
        guard covered * 2 >= records.count else { return nil }
        let all = paths.flatMap { valuesOf[$0] ?? [] }
        let words = Int((Double(all.reduce(0) { $0 + WordCount.of($1) }) / Double(max(all.count, 1))).rounded())
        let joined = paths.joined(separator: "+")
        return Choice(
            input: joined, label: nil,
            note: "no field is named like the input text; input <- \(paths.joined(separator: " + ")), the text inside"
                + " \(Set(paths.compactMap { $0.split(separator: ".").first }).sorted().joined(separator: ", "))"
                + " (\(words) words on average; --map input=PATH chooses another)")
    }

    /// One field's non-empty values.
    private struct Column {
        let key: String
        let values: [String]

        var meanLength: Double {
            values.isEmpty ? 0 : Double(values.reduce(0) { $0 + $1.count }) / Double(values.count)
        }
        var meanWords: Double {
            values.isEmpty ? 0 : Double(values.reduce(0) { $0 + WordCount.of($1) }) / Double(values.count)
        }
        var distinctCount: Int { Set(values).count }
        var isNumeric: Bool { values.allSatisfy(CSVHeaderGuess.isNumber) }

        /// Prose: in at least half of `records` records, three words or more on average, not numbers, addresses
        /// or links.
        func isProse(of records: Int) -> Bool {
            guard values.count * 2 >= records, meanWords >= 3 else { return false }
            let odd = values.filter { value in
                CSVHeaderGuess.isNumber(value) || value.hasPrefix("http://") || value.hasPrefix("https://")
                    || (value.contains("@") && !value.contains(" "))
            }
            return odd.count * 2 < values.count
        }

        /// A category: at least 20 values, each five words at most, each value given three times or more on
        /// average, at least two of them.
        var isCategory: Bool {
            guard values.count >= 20, values.allSatisfy({ WordCount.of($0) <= 5 }) else { return false }
            let distinct = distinctCount
            return distinct >= 2 && distinct * 3 <= values.count
        }
    }
}
