import WinnowCore

extension ExportRecord {
    /// The chat turns written for this record.
    ///
    /// With a thread: its turns up to the last assistant turn (the trailing turns teach nothing). Without one: the
    /// input as the user turn and the response as the assistant turn. With target `auto`, an example without a
    /// response (or a thread without an assistant turn) answers with its label; with `label`, every example does.
    /// A system prompt replaces the thread's own system turns.
    public func chatMessages(target: ChatTarget, systemPrompt: String?) -> [Message] {
        var turns: [Message]
        let labelAnswer = label.flatMap { $0.isBlank ? nil : Message(role: .assistant, content: $0) }
        if target == .label {
            turns = [Message(role: .user, content: input)] + (labelAnswer.map { [$0] } ?? [])
        } else if let last = messages.lastIndex(where: { $0.role == .assistant }) {
            turns = Array(messages[...last])
        } else {
            turns = [Message(role: .user, content: input)]
            if let response, !response.isBlank {
                turns.append(Message(role: .assistant, content: response))
            } else if target == .auto, let labelAnswer {
                turns.append(labelAnswer)
            }
        }
        if let systemPrompt {
            turns = [Message(role: .system, content: systemPrompt)] + turns.filter { $0.role != .system }
        }
        return turns
    }

    /// A chat file's tool definitions kept in an example's metadata: `tools` (or the older `functions`) and
    /// `parallel_tool_calls`.
    public static func tools(in metadata: JSONObject) -> JSONObject {
        var tools = JSONObject()
        for key in ["tools", "functions", "parallel_tool_calls"] {
            if let value = metadata[key], value != .null { tools[key] = value }
        }
        return tools
    }

    /// Whether the chat line answers with the label (target `label`, or `auto` without a response).
    public func answersWithLabel(target: ChatTarget) -> Bool {
        switch target {
        case .label: return true
        case .response: return false
        case .auto:
            return !messages.contains { $0.role == .assistant } && (response?.isBlank ?? true)
                && !(label?.isBlank ?? true)
        }
    }
}

extension String {
    /// Whether the text is empty or only whitespace.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
