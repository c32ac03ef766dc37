import Foundation
import WinnowCore
import WinnowStore

extension Example {
    /// The example as one JSON object (what `list --json` and `show --json` print).
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .number(Double(id))
        object["input"] = .string(input)
        object["response"] = response.map(JSONValue.string) ?? .null
        object["label"] = label.map(JSONValue.string) ?? .null
        object["label_override"] = labelOverride.map(JSONValue.string) ?? .null
        object["training_point"] = effectiveTrainingPoint.map(JSONValue.string) ?? .null
        object["ticket_id"] = ticketID.map(JSONValue.string) ?? .null
        object["status"] = .string(status.rawValue)
        object["messages"] = .array(messages.map(\.json))
        object["metadata"] = .object(metadata)
        object["source"] = .string(sourcePath)
        object["locator"] = .string(locator.description)
        object["content_hash"] = .string(contentHash)
        object["edited_input"] = editedInput.map(JSONValue.string) ?? .null
        object["edited_response"] = editedResponse.map(JSONValue.string) ?? .null
        object["version"] = .number(Double(version))
        return .object(object)
    }
}

extension QuarantinedRecord {
    /// The record as JSON (what `errors --json` prints).
    public var json: JSONValue {
        var object = JSONObject()
        object["file"] = .string(file)
        object["locator"] = locator.map { .string($0.description) } ?? .null
        object["kind"] = .string(kind)
        object["message"] = .string(message)
        object["snippet"] = .string(snippet)
        return .object(object)
    }
}

extension StoreStatistics {
    /// Counts as JSON (what `stats --json` prints).
    public var json: JSONValue {
        func counts(_ pairs: [(label: String, count: Int)]) -> JSONValue {
            .object(JSONObject(pairs.map { (key: $0.label, value: JSONValue.number(Double($0.count))) }))
        }
        var object = JSONObject()
        object["examples"] = .number(Double(examples))
        object["by_status"] = counts(ReviewStatus.allCases.map { ($0.rawValue, byStatus[$0.rawValue] ?? 0) })
        object["by_label"] = counts(byLabel)
        object["by_training_point"] = counts(byTrainingPoint)
        object["with_response"] = .number(Double(withResponse))
        object["quarantined"] = .number(Double(quarantined))
        object["superseded"] = .number(Double(superseded))
        object["flags_by_check"] = counts(flagsByCheck)
        object["sources"] = .array(
            sources.map { source in
                var entry = JSONObject()
                entry["path"] = .string(source.info.path)
                entry["format"] = .string(source.info.format.rawValue)
                entry["sha256"] = .string(source.info.sha256)
                entry["complete"] = .bool(source.info.isComplete)
                entry["records"] = .number(Double(source.recordsRead))
                entry["imported"] = .number(Double(source.imported))
                entry["quarantined"] = .number(Double(source.quarantined))
                entry["notes"] = .array(source.notes.map(JSONValue.string))
                return .object(entry)
            })
        return .object(object)
    }
}

extension ExampleDraft {
    /// The draft as JSON (what `import --dry-run --json` shows).
    public var json: JSONValue {
        var object = JSONObject()
        object["input"] = .string(input)
        object["response"] = response.map(JSONValue.string) ?? .null
        object["label"] = label.map(JSONValue.string) ?? .null
        object["training_point"] = trainingPoint.map(JSONValue.string) ?? .null
        object["ticket_id"] = ticketID.map(JSONValue.string) ?? .null
        object["messages"] = .array(messages.map(\.json))
        object["metadata"] = .object(metadata)
        object["locator"] = .string(locator.description)
        return .object(object)
    }
}

extension DecisionRecord {
    /// The decision as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .number(Double(id))
        object["reviewer"] = .string(reviewer)
        object["action"] = .string(action)
        object["before"] = .object(before)
        object["after"] = .object(after)
        object["note"] = note.map(JSONValue.string) ?? .null
        object["at"] = .string(ISO8601DateFormatter().string(from: createdAt))
        object["based_on"] = basedOn.map { .number(Double($0)) } ?? .null
        object["version"] = version.map { .number(Double($0)) } ?? .null
        object["reverts"] = reverts.map { .number(Double($0)) } ?? .null
        return .object(object)
    }
}
