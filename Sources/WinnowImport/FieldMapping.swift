import Foundation
import WinnowCore

/// The example fields a source field can feed.
public enum ExampleField: String, Sendable, CaseIterable {
    case input
    case response
    case label
    case trainingPoint = "training_point"
    case ticketID = "ticket_id"
    case messages
}

/// Which source fields feed which example fields: explicit `--map FIELD=SOURCE[+SOURCE]` entries first, then the
/// automatic mapping of common field names. Every source field that feeds nothing is kept in metadata.
public struct FieldMapping: Sendable, Equatable {
    /// Explicit entries: each example field to the source paths (dotted for nested JSON) joined to fill it.
    public var explicit: [ExampleField: [String]]

    /// No explicit entries: the automatic mapping decides.
    public init(explicit: [ExampleField: [String]] = [:]) {
        self.explicit = explicit
    }

    /// Parses `--map` arguments such as `input=subject+body` or `label=ticket.queue`.
    public init(specifications: [String]) throws(MappingError) {
        var explicit: [ExampleField: [String]] = [:]
        for specification in specifications {
            let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw MappingError(message: "'\(specification)' is not FIELD=SOURCE[+SOURCE]")
            }
            let fieldName = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard let field = ExampleField(rawValue: fieldName) else {
                let names = ExampleField.allCases.map(\.rawValue).joined(separator: ", ")
                throw MappingError(
                    message: "unknown field '\(parts[0])' in '\(specification)'; expected one of \(names)")
            }
            let sources = parts[1].split(separator: "+", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !sources.isEmpty, !sources.contains(where: \.isEmpty) else {
                throw MappingError(message: "empty source name in '\(specification)'")
            }
            guard explicit[field] == nil else {
                throw MappingError(message: "field '\(fieldName)' is mapped twice")
            }
            explicit[field] = sources
        }
        self.explicit = explicit
    }

    /// Common source names for each field, in order of preference (compared after ``normaliseKey(_:)``).
    public static let automaticNames: [(field: ExampleField, names: [String])] = [
        (.ticketID, ["ticket_id", "ticketid", "id", "ticket", "ticket_number", "case_id", "conversation_id"]),
        (.label, ["label", "intent", "category", "queue", "topic", "issue_type", "type"]),
        (.trainingPoint, ["training_point"]),
        (
            .response,
            ["response", "answer", "agent_reply", "agent_response", "resolution", "reply", "output", "completion"]
        ),
        (
            .input,
            [
                "body", "description", "text", "question", "message", "customer_message", "input", "query", "prompt",
                "utterance", "content", "request",
            ]
        ),
    ]

    /// Lower case, spaces and dashes as underscores, trimmed: `Ticket ID` and `ticket-id` become `ticket_id`.
    public static func normaliseKey(_ key: String) -> String {
        var result = ""
        for character in key.trimmingCharacters(in: .whitespaces).lowercased() {
            result.append(character == " " || character == "-" ? "_" : character)
        }
        return result
    }

    /// Decides, for records with these top-level keys, which source paths feed each field.
    public func resolve(keys: [String]) -> ResolvedMapping {
        var assignment: [ExampleField: [String]] = explicit
        var used = Set(explicit.values.flatMap { $0 }.map { $0.split(separator: ".").first.map(String.init) ?? $0 })
        let normalised = keys.map { (key: $0, normal: FieldMapping.normaliseKey($0)) }
        func find(_ name: String) -> String? {
            normalised.first { $0.normal == name && !used.contains($0.key) }?.key
        }
        if assignment[.messages] == nil, let key = find("messages") {
            assignment[.messages] = [key]
            used.insert(key)
        }
        for (field, names) in FieldMapping.automaticNames where assignment[field] == nil {
            if field == .input, assignment[.messages] != nil { continue }
            if field == .response, assignment[.messages] != nil { continue }
            for name in names {
                guard let key = find(name) else { continue }
                assignment[field] = [key]
                used.insert(key)
                break
            }
        }
        if explicit[.input] == nil, assignment[.messages] == nil, let subject = find("subject") ?? find("title") {
            assignment[.input, default: []].insert(subject, at: 0)
            used.insert(subject)
        }
        return ResolvedMapping(assignment: assignment, keys: keys)
    }
}

/// A `--map` argument that could not be understood.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    public var description: String { "invalid --map: \(message)" }
}
