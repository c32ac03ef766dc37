import Foundation
import WinnowCore
import WinnowHTML
import Yams

/// Reads a profile's YAML, checking keys and compiling every XPath so mistakes surface before any import.
struct HTMLProfileReader {
    let file: String

    mutating func read(_ yaml: String) throws(ImportError) -> HTMLProfile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw failure("is not valid YAML: \(error)", line: nil)
        }
        guard let mapping = root?.mapping else {
            throw failure("must be a mapping with at least a 'tickets' key", line: root?.mark?.line)
        }
        var profile = HTMLProfile(file: file, tickets: "")
        var sawTickets = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = keyNode.mark?.line
            switch key {
            case "tickets":
                profile.tickets = try expression(value, key: key)
                sawTickets = true
            case "messages": profile.messages = try expression(value, key: key)
            case "message_text": profile.messageText = try expression(value, key: key)
            case "role": profile.role = try expression(value, key: key)
            case "customer_values": profile.customerValues = try list(value, key: key)
            case "agent_values": profile.agentValues = try list(value, key: key)
            case "internal", "internal_values": profile.internalValues = try list(value, key: key)
            case "fields":
                guard let fields = value.mapping else { throw failure("'fields' must be a mapping", line: line) }
                for (nameNode, fieldValue) in fields {
                    let name = FieldMapping.normaliseKey(nameNode.string ?? "")
                    guard !name.isEmpty else { throw failure("a field has an empty name", line: nameNode.mark?.line) }
                    guard !profile.fields.contains(where: { $0.name == name }) else {
                        throw failure("field '\(name)' is given twice", line: nameNode.mark?.line)
                    }
                    profile.fields.append(
                        HTMLProfile.Field(name: name, expression: try expression(fieldValue, key: "fields.\(name)")))
                }
            default:
                let known = "tickets, fields, messages, message_text, role, customer_values, agent_values, internal"
                throw failure("unknown key '\(key)' (expected one of \(known))", line: line)
            }
        }
        guard sawTickets else { throw failure("has no 'tickets' key (the XPath selecting each ticket)", line: nil) }
        if profile.messages != nil, profile.role == nil {
            throw failure("'messages' needs 'role' (the XPath giving each message's author)", line: nil)
        }
        return profile
    }

    private func expression(_ node: Node, key: String) throws(ImportError) -> String {
        guard let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw failure("'\(key)' must be an XPath expression", line: node.mark?.line)
        }
        do {
            try HTMLDocument.validateXPath(text)
        } catch {
            throw failure("'\(key)': \(error.message): \(text)", line: node.mark?.line)
        }
        return text
    }

    private func list(_ node: Node, key: String) throws(ImportError) -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw failure("'\(key)' must be a list", line: node.mark?.line) }
        var values: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else {
                throw failure("'\(key)' must be a list of words", line: item.mark?.line)
            }
            values.append(text)
        }
        return values
    }

    private func failure(_ message: String, line: Int?) -> ImportError {
        let place = line.map { "line \($0): " } ?? ""
        return ImportError(kind: .invalidProfile, file: file, message: "HTML profile \(place)\(message)")
    }
}
