import Foundation
import WinnowCore
import Yams

/// Reads Rasa 2 and 3's YAML training data: the top-level `nlu:` list, whose `intent:` blocks give examples.
///
/// An intent's `examples` is a literal block of `- example` lines (each placed by its line in the file), or a list
/// of texts or of `{text: ..., metadata: ...}` objects; the block's `metadata` goes with each of its examples as
/// `intent_metadata`, an example's own as `example_metadata`. `synonym`, `regex` and `lookup` blocks are counted in
/// a note; other top-level parts (`stories`, `rules`, `responses`) are named in one. A line in a block that is no
/// `- example`, an empty example and a block that is no intent's are quarantined by their lines.
struct RasaYAMLReader {
    let displayPath: String
    /// The `nlu:` list.
    private let items: [Node]
    /// Top-level keys other than `version` and `nlu`.
    private let otherParts: [String]

    /// Parses `text`; YAML that does not parse, or holds no `nlu:` list, throws an error naming the file (and the
    /// line where the YAML breaks).
    init(text: String, displayPath: String) throws {
        self.displayPath = displayPath
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RasaYAMLReader.invalid(error, file: displayPath)
        }
        let keys = root?.mapping?.keys.compactMap(\.string) ?? []
        guard let nlu = root?["nlu"], let items = nlu.sequence.map(Array.init), !items.isEmpty else {
            throw ImportError(
                kind: .noInput, file: displayPath, message: RasaNLUImporter.yamlWithoutExamples(keys: keys))
        }
        self.items = items
        otherParts = keys.filter { $0 != "version" && $0 != "nlu" }
    }

    /// Calls `body` with each example's record or failure, in file order, then the notes.
    func read(_ body: (ImportEvent) throws -> Void) throws {
        var sections = NonExampleSections()
        var usedLines = Set<Int>()
        for item in items {
            let line = item.mark?.line ?? 0
            if let intent = item["intent"] {
                for event in examples(of: item, intent: intent, line: line, usedLines: &usedLines) { try body(event) }
            } else if let kind = NonExampleSections.kinds.first(where: { item[$0] != nil }) {
                sections.add(kind)
            } else {
                let keys = item.mapping?.keys.compactMap(\.string) ?? []
                try body(
                    failure(
                        .invalidExample, line: line,
                        "an item of the nlu list that is no intent, synonym, regex or lookup block"
                            + (keys.isEmpty ? "" : " (its keys: \(keys.joined(separator: ", ")))")))
            }
        }
        if let note = sections.note(file: displayPath, noun: "block") { try body(.note(note)) }
        if !otherParts.isEmpty {
            try body(
                .note(
                    "\(displayPath): \(otherParts.map { "\($0):" }.joined(separator: ", ")) hold no NLU examples:"
                        + " not imported"))
        }
    }

    /// The records of an intent block at `line`, or the failure that says why it gives none; a line that holds an
    /// example already (two examples of a flow list) quarantines the later ones.
    private func examples(of block: Node, intent: Node, line: Int, usedLines: inout Set<Int>) -> [ImportEvent] {
        guard let name = intent.scalar?.string.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            return [failure(.invalidExample, line: line, "an intent block with no intent name")]
        }
        var metadata = JSONObject()
        if let given = block["metadata"] { metadata["intent_metadata"] = RasaYAMLReader.json(given) }
        var found: [IntentExample] = []
        var placed: [(line: Int, event: ImportEvent)] = []
        switch block["examples"] {
        case .scalar(let scalar)?:
            let lines = scalar.string.split(separator: "\n", omittingEmptySubsequences: false)
            let exampleLines = lines.filter { !$0.allSatisfy(\.isWhitespace) }
            // A literal block keeps its lines as the file does, from the line after its `|`; another style folds
            // or escapes them, so only one example can be placed in it (a folded block's on the line after its `>`).
            guard scalar.style == .literal || exampleLines.count <= 1 else {
                return [
                    failure(
                        .invalidExample, line: scalar.mark?.line ?? line,
                        "the examples of intent \(name) are not a literal block (`examples: |` and one `- example`"
                            + " a line): their lines cannot be told apart")
                ]
            }
            let first = (scalar.mark?.line ?? line) + (scalar.style == .literal || scalar.style == .folded ? 1 : 0)
            for (offset, raw) in lines.enumerated() where !raw.allSatisfy(\.isWhitespace) {
                let trimmed = raw.trimmingCharacters(in: .whitespaces)
                guard trimmed == "-" || trimmed.hasPrefix("- ") else {
                    placed.append(
                        (
                            first + offset,
                            failure(
                                .invalidExample, line: first + offset,
                                "a line of intent \(name)'s examples that is no `- example`", snippet: String(raw))
                        ))
                    continue
                }
                found.append(
                    IntentExample(
                        text: String(trimmed.dropFirst()), intent: name, line: first + offset, metadata: metadata))
            }
        case .sequence(let sequence)?:
            for element in sequence {
                let elementLine = element.mark?.line ?? line
                var example = IntentExample(text: "", intent: name, line: elementLine, metadata: metadata)
                if let text = element.scalar?.string {
                    example.text = text
                } else if let text = element["text"]?.scalar?.string {
                    example.text = text
                    if let given = element["metadata"] {
                        example.metadata["example_metadata"] = RasaYAMLReader.json(given)
                    }
                } else {
                    placed.append(
                        (
                            elementLine,
                            failure(
                                .invalidExample, line: elementLine,
                                "an example of intent \(name) that is neither a text nor an object with `text`")
                        ))
                    continue
                }
                found.append(example)
            }
        default:
            return [
                failure(
                    .invalidExample, line: line,
                    "intent \(name) has no `examples` (a literal block of `- example` lines, or a list)")
            ]
        }
        guard !found.isEmpty || !placed.isEmpty else {
            return [failure(.noInput, line: line, "intent \(name) has no examples")]
        }
        for example in found {
            guard usedLines.insert(example.line).inserted else {
                placed.append(
                    (
                        example.line,
                        failure(
                            .invalidExample, line: example.line,
                            "another example of intent \(name) on a line that holds one already (examples are placed"
                                + " by their lines: write one a line)", snippet: example.text)
                    ))
                continue
            }
            placed.append((example.line, example.event(file: displayPath)))
        }
        return placed.sorted { $0.line < $1.line }.map(\.event)
    }

    /// A quarantined part of the file at `line`.
    private func failure(_ kind: ImportError.Kind, line: Int, _ message: String, snippet: String = "") -> ImportEvent {
        .failure(RecordFailure(kind: kind, file: displayPath, locator: .line(line), message: message, snippet: snippet))
    }

    /// The error for YAML that does not parse, at the line where it breaks.
    private static func invalid(_ error: YamlError, file: String) -> ImportError {
        let mark: Mark?
        let problem: String
        switch error {
        case .scanner(_, let text, let found, _), .parser(_, let text, let found, _),
            .composer(_, let text, let found, _):
            mark = found
            problem = text
        default:
            mark = nil
            problem = "\(error)"
        }
        return ImportError(
            kind: .invalidYAML, file: file, locator: mark.map { .line($0.line) }, column: mark?.column,
            message: "invalid YAML: \(problem)")
    }

    /// A YAML node as JSON: mappings as objects, sequences as arrays, scalars as the booleans, numbers and nulls
    /// their tags resolve to, else as text.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int, .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            return .object(JSONObject(mapping.map { (key: $0.key.string ?? "", value: json($0.value)) }))
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
