import Foundation
import WinnowCore

/// A field mapping decided for one set of source keys: turns source records into example drafts.
public struct ResolvedMapping: Sendable, Equatable {
    /// Each example field to the source paths that fill it.
    public var assignment: [ExampleField: [String]]
    /// The source keys the mapping was resolved for.
    public var keys: [String]

    /// Top-level source keys that feed a field.
    let assignedKeys: Set<String>

    /// A mapping with the given assignment.
    public init(assignment: [ExampleField: [String]], keys: [String]) {
        self.assignment = assignment
        self.keys = keys
        assignedKeys = Set(assignment.values.flatMap { $0 })
    }

    /// Lines describing the mapping, for `--dry-run` and logs (`input <- subject + body`).
    public var summary: [String] {
        ExampleField.allCases.compactMap { field in
            guard let sources = assignment[field] else { return nil }
            return "\(field.rawValue) <- \(sources.joined(separator: " + "))"
        } + ["metadata <- " + (metadataKeys.isEmpty ? "(nothing)" : metadataKeys.joined(separator: ", "))]
    }

    /// Top-level source keys kept in metadata.
    public var metadataKeys: [String] {
        let used = Set(assignment.values.flatMap { $0 })
        return keys.filter { !used.contains($0) }
    }

    /// Builds an example from one source record, or says why it cannot be imported.
    public func draft(from record: JSONObject, file: String, locator: Locator, raw: @autoclosure () -> String)
        -> Result<ExampleDraft, ImportError>
    {
        let root = JSONValue.object(record)
        func text(_ field: ExampleField, separator: String) -> String? {
            guard let sources = assignment[field] else { return nil }
            let parts = sources.compactMap { source -> String? in
                let value = record[source] ?? root.value(atPath: source)
                return value?.fieldText.flatMap(ResolvedMapping.clean)
            }
            return parts.isEmpty ? nil : parts.joined(separator: separator)
        }

        var messages: [Message] = []
        if let source = assignment[.messages]?.first, let value = record[source] ?? root.value(atPath: source) {
            switch ResolvedMapping.parseMessages(value) {
            case .success(let parsed): messages = parsed
            case .failure(let reason):
                return .failure(
                    ImportError(
                        kind: .noInput, file: file, locator: locator, message: "field '\(source)': \(reason)",
                        snippet: raw()))
            }
        }
        var input = text(.input, separator: "\n\n")
        var response = text(.response, separator: "\n\n")
        if response == nil, let sources = assignment[.response],
            sources.contains(where: { (record[$0] ?? root.value(atPath: $0))?.fieldText != nil })
        {
            // The source has a response field and it is blank: keep it as "" so checks can tell a blank answer
            // (an export fault) from a ticket that never had one.
            response = ""
        }
        if !messages.isEmpty {
            if input == nil {
                let userTurns = messages.filter { $0.role == .user }.map(\.content).filter { !$0.isEmpty }
                input = userTurns.isEmpty ? nil : userTurns.joined(separator: "\n\n")
            }
            if response == nil {
                response = messages.last(where: { $0.role == .assistant }).map(\.content).flatMap(ResolvedMapping.clean)
            }
        }
        guard let input, !input.isEmpty else {
            let tried = assignment[.input].map { $0.joined(separator: ", ") }
            let message =
                if let tried {
                    "no input text: \(tried) is missing or empty"
                } else if assignment[.messages] != nil {
                    "no input text: the messages have no user turn"
                } else {
                    "no input text: no field named like subject, body, text, question or message"
                        + " (name one with --map input=FIELD)"
                }
            return .failure(ImportError(kind: .noInput, file: file, locator: locator, message: message, snippet: raw()))
        }
        var metadata = JSONObject()
        for key in keys {
            guard let value = record[key] else { continue }
            // A key feeds a field only when it gave text; an object picked by name alone stays in metadata.
            if assignedKeys.contains(key) {
                if value.fieldText != nil || value == .null || assignment[.messages]?.first == key { continue }
            }
            metadata[key] = value
        }
        return .success(
            ExampleDraft(
                input: input, response: response, label: text(.label, separator: " "),
                trainingPoint: text(.trainingPoint, separator: " "), ticketID: text(.ticketID, separator: "-"),
                messages: messages, metadata: metadata, locator: locator))
    }

    /// Trims a field and folds CRLF (and lone CR) to LF; empty text becomes nil.
    public static func clean(_ text: String) -> String? {
        var hasCarriageReturn = false
        for byte in text.utf8 where byte == 0x0D {
            hasCarriageReturn = true
            break
        }
        var value = text
        if hasCarriageReturn {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var previousWasCR = false
            for byte in text.utf8 {
                if byte == 0x0A, previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = byte == 0x0D
                bytes.append(previousWasCR ? 0x0A : byte)
            }
            value = String(decoding: bytes, as: UTF8.self)
        }
        // Fast path: text that starts and ends with a visible ASCII character needs no trimming.
        if let first = value.utf8.first, let last = value.utf8.last, first > 0x20, first < 0x7F, last > 0x20,
            last < 0x7F
        {
            return value
        }
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return value }
        return String(scalars[first...last])
    }

    /// Reads a chat `messages` array: role/content objects, where content is text or a list of text parts.
    static func parseMessages(_ value: JSONValue) -> Result<[Message], MessageFormatError> {
        guard let items = value.arrayValue else { return .failure(MessageFormatError("is not an array of messages")) }
        var messages: [Message] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else {
                return .failure(MessageFormatError("message \(index + 1) is not an object"))
            }
            let roleName = object["role"]?.scalarText?.lowercased() ?? ""
            let role: MessageRole
            switch roleName {
            case "user", "customer", "human": role = .user
            case "assistant", "agent", "bot", "support": role = .assistant
            case "system", "developer": role = .system
            default:
                return .failure(MessageFormatError("message \(index + 1) has unknown role '\(roleName)'"))
            }
            var content = ""
            switch object["content"] {
            case .string(let text)?: content = text
            case .array(let parts)?:
                content = parts.compactMap { part in
                    part.objectValue?["text"]?.scalarText ?? part.scalarText
                }.joined(separator: "\n")
            case .null?, nil: content = ""
            default: content = object["content"]?.scalarText ?? ""
            }
            messages.append(Message(role: role, content: clean(content) ?? ""))
        }
        return .success(messages)
    }
}

/// Why a `messages` field could not be read.
struct MessageFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
