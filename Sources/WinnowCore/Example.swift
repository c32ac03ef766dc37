/// Who wrote one turn of a support thread.
public enum MessageRole: String, Sendable, Codable, CaseIterable {
    case system
    case user
    case assistant
    /// A tool's result, answering an assistant turn's tool call (chat files of assistants that use tools).
    case tool
}

/// A call an assistant turn makes to a tool (OpenAI's `tool_calls`, the older `function_call`).
public struct ToolCall: Sendable, Equatable, Hashable, Codable {
    /// The call's id, which the tool's result names (`call_abc123`); nil for a `function_call`.
    public var id: String?
    /// The function called.
    public var name: String
    /// The arguments as the model wrote them: JSON text.
    public var arguments: String

    /// A call of `name` with `arguments`.
    public init(id: String?, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// `{"id": ..., "type": "function", "function": {"name": ..., "arguments": ...}}`, as OpenAI's chat format has it.
    public var json: JSONValue {
        var object = JSONObject()
        if let id { object["id"] = .string(id) }
        object["type"] = "function"
        object["function"] = ["name": .string(name), "arguments": .string(arguments)]
        return .object(object)
    }

    /// A call read from OpenAI's `tool_calls` item or a `function_call` object; nil without a function name.
    public init?(json value: JSONValue) {
        guard let object = value.objectValue,
            let function = object["function"]?.objectValue ?? (object["name"] != nil ? object : nil),
            let name = function["name"]?.scalarText, !name.isEmpty
        else { return nil }
        let arguments = function["arguments"].map { $0.scalarText ?? $0.serialized } ?? ""
        self.init(id: object["id"]?.scalarText, name: name, arguments: arguments)
    }

    /// The call as one line: `name(arguments)`.
    public var text: String { "\(name)(\(arguments))" }
}

/// One turn of a support thread.
public struct Message: Sendable, Equatable, Hashable, Codable {
    /// Who wrote it.
    public var role: MessageRole
    /// The turn's text, cleaned of quoted history and signatures where the importer could tell them apart.
    public var content: String
    /// The tools an assistant turn calls (its content may then be empty).
    public var toolCalls: [ToolCall]
    /// For a tool's result: the id of the call it answers.
    public var toolCallID: String?
    /// For a tool's result: the tool's name, where the file gives it.
    public var name: String?
    /// OpenAI's `weight` on an assistant turn of a chat file: 0 for a turn not to learn from, 1 for one to learn
    /// from; nil where the file gives none (every assistant turn is learnt from).
    public var weight: Int?

    /// A turn by `role` with `content`.
    public init(
        role: MessageRole, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil,
        name: String? = nil, weight: Int? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
        self.weight = weight
    }

    /// Whether the turn is in the older function-calling form: one call without an id (`function_call`), or a
    /// result naming no call (role `function`).
    var isFunctionForm: Bool {
        switch role {
        case .assistant: return toolCalls.count == 1 && toolCalls[0].id == nil
        case .tool: return toolCallID == nil && name != nil
        default: return false
        }
    }

    /// The turn as a JSON object `{"role": ..., "content": ...}`, with `tool_calls` (and an empty content as null),
    /// or `tool_call_id` and `name` for a tool's result, as OpenAI's chat format writes them; a call or result in the
    /// older form (no call id) as `function_call` and role `function`.
    public var json: JSONValue {
        let functionForm = isFunctionForm
        let roleName = role == .tool && functionForm ? "function" : role.rawValue
        var object = JSONObject([("role", .string(roleName))])
        if let name { object["name"] = .string(name) }
        object["content"] = toolCalls.isEmpty || !content.isEmpty ? .string(content) : .null
        if functionForm, let call = toolCalls.first {
            object["function_call"] = ["name": .string(call.name), "arguments": .string(call.arguments)]
        } else if !toolCalls.isEmpty {
            object["tool_calls"] = .array(toolCalls.map(\.json))
        }
        if let toolCallID { object["tool_call_id"] = .string(toolCallID) }
        if let weight { object["weight"] = .number(Double(weight)) }
        return .object(object)
    }

    /// The texts of this turn that rules read and redactions replace, named as the `index`th turn of a thread: its
    /// content as `messages.N`, and each tool call's arguments as `messages.N.call.M` (a call's arguments carry the
    /// customer's details as often as the words do).
    public func texts(at index: Int) -> [(name: String, text: String)] {
        var texts = [(name: "messages.\(index)", text: content)]
        for (call, toolCall) in toolCalls.enumerated() {
            texts.append((name: "messages.\(index).call.\(call)", text: toolCall.arguments))
        }
        return texts
    }

    /// This turn with the texts `replacements` holds (by the names ``texts(at:)`` gives) put in.
    public func replacingTexts(at index: Int, with replacements: [String: String]) -> Message {
        var message = self
        if let content = replacements["messages.\(index)"] { message.content = content }
        for call in message.toolCalls.indices {
            if let arguments = replacements["messages.\(index).call.\(call)"] {
                message.toolCalls[call].arguments = arguments
            }
        }
        return message
    }

    /// The text of the field a rule names `messages.N.call.M` (M) or `messages.N` (nil) in this turn.
    public func text(ofCall call: Int?) -> String? {
        guard let call else { return content }
        return toolCalls.indices.contains(call) ? toolCalls[call].arguments : nil
    }

    /// The turn as a person reads it: its content, then each tool call on a line of its own (`→ name(arguments)`).
    public var shownText: String {
        let calls = toolCalls.map { "→ " + $0.text }
        return ([content].filter { !$0.isEmpty } + calls).joined(separator: "\n")
    }

    /// Decodes a list of turns stored by `json`; unknown roles are skipped.
    public static func list(from value: JSONValue?) -> [Message] {
        guard let items = value?.arrayValue else { return [] }
        return items.compactMap { item in
            let roleName = item.value(atPath: "role")?.scalarText
            guard let role = roleName == "function" ? .tool : roleName.flatMap(MessageRole.init(rawValue:)) else {
                return nil
            }
            var calls = (item.value(atPath: "tool_calls")?.arrayValue ?? []).compactMap(ToolCall.init(json:))
            if let call = item.value(atPath: "function_call").flatMap(ToolCall.init(json:)) { calls.append(call) }
            guard let content = item.value(atPath: "content")?.scalarText ?? (calls.isEmpty ? nil : "") else {
                return nil
            }
            return Message(
                role: role, content: content, toolCalls: calls,
                toolCallID: item.value(atPath: "tool_call_id")?.scalarText,
                name: item.value(atPath: "name")?.scalarText,
                weight: item.value(atPath: "weight")?.weightValue)
        }
    }
}

extension JSONValue {
    /// A turn's `weight` as OpenAI's chat format gives it (0 or 1); nil for anything else.
    public var weightValue: Int? {
        guard case .number(let value) = self, value == 0 || value == 1 else { return nil }
        return Int(value)
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
