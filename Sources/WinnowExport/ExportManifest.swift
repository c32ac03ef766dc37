import Foundation
import WinnowCore

/// `manifest.json`: what an export holds and everything it reflects, so that a training run can name its data.
public struct ExportManifest: Sendable {
    /// When the export was written.
    public var createdAt: Date
    /// How the files were encoded.
    public var encoder: ExportEncoder
    /// The split: name, id, creation time and parameters.
    public var split: JSONObject
    /// The part files and the chat checks.
    public var result: ExportResult
    /// Members of the split not written, with the reason (`rejected`: rejected since the split was made).
    public var leftOut: [String: Int]
    /// The review decisions reflected: counts by action and the newest decision id.
    public var decisions: JSONObject
    /// The rule runs reflected: check run ids, the rules whose redactions were applied, spans redacted.
    public var rules: JSONObject
    /// The imported source files with their sha256.
    public var sources: [(path: String, sha256: String)]
    /// The embedding model of the store, when one was used.
    public var model: String?

    /// A manifest of the given facts.
    public init(
        createdAt: Date, encoder: ExportEncoder, split: JSONObject, result: ExportResult, leftOut: [String: Int],
        decisions: JSONObject, rules: JSONObject, sources: [(path: String, sha256: String)], model: String?
    ) {
        self.createdAt = createdAt
        self.encoder = encoder
        self.split = split
        self.result = result
        self.leftOut = leftOut
        self.decisions = decisions
        self.rules = rules
        self.sources = sources
        self.model = model
    }

    /// The manifest as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["winnow_version"] = .string(WinnowVersion.current)
        object["created_at"] = .string(ISO8601DateFormatter().string(from: createdAt))
        object["format"] = .string(encoder.format.rawValue)
        if encoder.format == .openAIChat {
            object["target"] = .string(encoder.target.rawValue)
            object["system_prompt"] = encoder.systemPrompt.map(JSONValue.string) ?? .null
            object["label_answers"] = .number(Double(result.labelAnswers))
        } else {
            object["include_metadata"] = .bool(encoder.includeMetadata)
        }
        object["split"] = .object(split)
        object["counts"] = .object(
            JSONObject(result.files.map { ($0.part.rawValue, .number(Double($0.examples))) }))
        object["files"] = .object(JSONObject(result.files.map { ($0.part.rawValue, $0.json) }))
        object["left_out"] = .object(
            JSONObject(leftOut.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
        object["decisions"] = .object(decisions)
        object["rules"] = .object(rules)
        object["sources"] = .array(
            sources.map { .object(JSONObject([("path", .string($0.path)), ("sha256", .string($0.sha256))])) })
        object["model"] = model.map(JSONValue.string) ?? .null
        if encoder.format == .openAIChat { object["openai_checks"] = .array(result.checks.map(\.json)) }
        return .object(object)
    }
}
