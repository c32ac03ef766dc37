/// Who wrote one turn of a support thread.
public enum MessageRole: String, Sendable, Codable, CaseIterable {
    case system
    case user
    case assistant
}

/// One turn of a support thread.
public struct Message: Sendable, Equatable, Hashable, Codable {
    /// Who wrote it.
    public var role: MessageRole
    /// The turn's text, cleaned of quoted history and signatures where the importer could tell them apart.
    public var content: String

    /// A turn by `role` with `content`.
    public init(role: MessageRole, content: String) {
        self.role = role
        self.content = content
    }

    /// The turn as a JSON object `{"role": ..., "content": ...}`.
    public var json: JSONValue { ["role": .string(role.rawValue), "content": .string(content)] }

    /// Decodes a list of turns stored by `json`; unknown roles are skipped.
    public static func list(from value: JSONValue?) -> [Message] {
        guard let items = value?.arrayValue else { return [] }
        return items.compactMap { item in
            guard let role = item.value(atPath: "role")?.scalarText.flatMap(MessageRole.init(rawValue:)),
                let content = item.value(atPath: "content")?.scalarText
            else { return nil }
            return Message(role: role, content: content)
        }
    }
}

/// Review state of an example.
public enum ReviewStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case approved
    case rejected
}

/// A training record as an importer produces it, before it has an id in the store.
public struct ExampleDraft: Sendable, Equatable {
    /// What the customer wrote (subject and body joined by a blank line).
    public var input: String
    /// The agent's answer.
    public var response: String?
    /// Intent, category or queue.
    public var label: String?
    /// The capability or weakness the example teaches; defaults to the label when nil.
    public var trainingPoint: String?
    /// The ticket or thread identifier in the source system.
    public var ticketID: String?
    /// The whole thread as role/content turns (empty when the source has no thread).
    public var messages: [Message]
    /// Every other source field.
    public var metadata: JSONObject
    /// Where in the source file the record came from.
    public var locator: Locator

    /// A draft with the given fields.
    public init(
        input: String, response: String? = nil, label: String? = nil, trainingPoint: String? = nil,
        ticketID: String? = nil, messages: [Message] = [], metadata: JSONObject = JSONObject(), locator: Locator
    ) {
        self.input = input
        self.response = response
        self.label = label
        self.trainingPoint = trainingPoint
        self.ticketID = ticketID
        self.messages = messages
        self.metadata = metadata
        self.locator = locator
    }

    /// The content hash identifying this record in the store (see ``ContentHash``).
    public var contentHash: String { ContentHash.of(input: input, response: response, label: label) }
}

/// A stored training record with its provenance and review state.
public struct Example: Sendable, Equatable, Identifiable {
    /// Row id in the store.
    public var id: Int64
    /// What the customer wrote.
    public var input: String
    /// The agent's answer.
    public var response: String?
    /// The label as imported.
    public var label: String?
    /// The training point as imported (nil: the label is the training point).
    public var trainingPoint: String?
    /// Ticket identifier in the source system.
    public var ticketID: String?
    /// The thread.
    public var messages: [Message]
    /// Other source fields.
    public var metadata: JSONObject
    /// Source file path as given at import.
    public var sourcePath: String
    /// Where in the source file.
    public var locator: Locator
    /// Review state.
    public var status: ReviewStatus
    /// A reviewer's label, replacing `label` in exports.
    public var labelOverride: String?
    /// Hash over normalised input, response and label.
    public var contentHash: String
    /// A reviewer's corrected input, kept beside the original (exports use it).
    public var editedInput: String?
    /// A reviewer's corrected response, kept beside the original (exports use it).
    public var editedResponse: String?
    /// Incremented by every decision; a decision names the version it was made against.
    public var version: Int

    /// A stored example.
    public init(
        id: Int64, input: String, response: String?, label: String?, trainingPoint: String?, ticketID: String?,
        messages: [Message], metadata: JSONObject, sourcePath: String, locator: Locator, status: ReviewStatus,
        labelOverride: String?, contentHash: String, editedInput: String? = nil, editedResponse: String? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.input = input
        self.response = response
        self.label = label
        self.trainingPoint = trainingPoint
        self.ticketID = ticketID
        self.messages = messages
        self.metadata = metadata
        self.sourcePath = sourcePath
        self.locator = locator
        self.status = status
        self.labelOverride = labelOverride
        self.contentHash = contentHash
        self.editedInput = editedInput
        self.editedResponse = editedResponse
        self.version = version
    }

    /// The label exports use: the reviewer's override, else the imported label.
    public var effectiveLabel: String? { labelOverride ?? label }
    /// The training point: the imported one, else the effective label.
    public var effectiveTrainingPoint: String? { trainingPoint ?? effectiveLabel }
    /// The input exports use: the reviewer's edit, else the imported input.
    public var effectiveInput: String { editedInput ?? input }
    /// The response exports use: the reviewer's edit, else the imported response.
    public var effectiveResponse: String? { editedResponse ?? response }
}
