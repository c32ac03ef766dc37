import WinnowCore

/// The parts of an example that rules read: its fields, thread, metadata and source file.
public struct RuleSubject: Sendable, Equatable {
    /// What the customer wrote.
    public var input: String
    /// The agent's answer.
    public var response: String?
    /// The label.
    public var label: String?
    /// The thread's turns.
    public var messages: [Message]
    /// Other source fields.
    public var metadata: JSONObject
    /// The source file path as given at import (nil when unknown).
    public var sourcePath: String?

    /// A subject with the given parts.
    public init(
        input: String, response: String? = nil, label: String? = nil, messages: [Message] = [],
        metadata: JSONObject = JSONObject(), sourcePath: String? = nil
    ) {
        self.input = input
        self.response = response
        self.label = label
        self.messages = messages
        self.metadata = metadata
        self.sourcePath = sourcePath
    }

    /// The subject of an imported draft from `sourcePath`.
    public init(_ draft: ExampleDraft, sourcePath: String? = nil) {
        self.init(
            input: draft.input, response: draft.response, label: draft.label, messages: draft.messages,
            metadata: draft.metadata, sourcePath: sourcePath)
    }

    /// The subject of a stored example. The label is the effective one (a reviewer's relabel, else the imported
    /// label), so a re-run no longer flags a label that review has fixed.
    public init(_ example: Example) {
        self.init(
            input: example.input, response: example.response, label: example.effectiveLabel, messages: example.messages,
            metadata: example.metadata, sourcePath: example.sourcePath)
    }

    /// The text of a single-text field (nil when the subject lacks it). `messages` has one text per turn and gives
    /// nil here.
    func text(of field: RuleField) -> String? {
        switch field {
        case .input: return input
        case .response: return response
        case .label: return label
        case .subject: return metadata["subject"]?.fieldText
        case .messages, .metadataTexts: return nil
        case .metadata(let path):
            if let direct = metadata[path] { return direct.fieldText }
            return JSONValue.object(metadata).value(atPath: path)?.fieldText
        }
    }
}
