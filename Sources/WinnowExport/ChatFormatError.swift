/// The format errors OpenAI's data-preparation guide checks for; any of them makes the fine-tuning API reject
/// the file.
public enum ChatFormatError: String, Sendable, CaseIterable {
    /// A line that is not JSON.
    case invalidJSON = "invalid_json"
    /// An example (or a message) that is not a JSON object.
    case dataType = "data_type"
    /// No `messages` list, or an empty one.
    case missingMessagesList = "missing_messages_list"
    /// A message without `role` or `content`.
    case messageMissingKey = "message_missing_key"
    /// A message key other than `role`, `content`, `name`, `function_call` and `weight`.
    case messageUnrecognizedKey = "message_unrecognized_key"
    /// A role other than `system`, `user`, `assistant` and `function`.
    case unrecognizedRole = "unrecognized_role"
    /// A content that is not a string, or is empty without a function call.
    case missingContent = "missing_content"
    /// An example without an assistant message.
    case exampleMissingAssistantMessage = "example_missing_assistant_message"
}
