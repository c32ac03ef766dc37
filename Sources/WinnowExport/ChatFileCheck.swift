import WinnowCore

/// OpenAI's data-preparation checks for chat fine-tuning files ("Data preparation and analysis for chat model
/// fine-tuning", OpenAI Cookbook), fed one line at a time: format errors, missing system and user messages,
/// token estimates (``TokenEstimator``) with their distributions, over-long examples, and the default epochs
/// and billed tokens.
public struct ChatFileCheck: Sendable {
    /// Per-example token limits reported: gpt-3.5-turbo's 16,385 (the guide's) and gpt-4o / gpt-4o-mini's 65,536.
    public static let tokenLimits = [16_385, 65_536]
    /// Lines kept per error kind, to point at.
    public static let linesKept = 5

    private static let messageKeys: Set<String> = [
        "role", "content", "name", "function_call", "weight", "tool_calls", "tool_call_id",
    ]
    private static let roles: Set<String> = ["system", "user", "assistant", "function", "tool"]

    private var report: ChatFileReport

    /// A check of the file named `file` (the name appears in the report only).
    public init(file: String) {
        report = ChatFileReport(file: file)
    }

    /// Checks one line (1-based `number`).
    public mutating func check(line: String, number: Int) {
        report.examples += 1
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            note(.invalidJSON, line: number)
            return
        }
        guard case .object(let example) = value else {
            note(.dataType, line: number)
            return
        }
        guard case .array(let messages)? = example["messages"], !messages.isEmpty else {
            note(.missingMessagesList, line: number)
            return
        }
        var turns: [(role: String, content: String)] = []
        for message in messages {
            guard case .object(let fields) = message else {
                note(.dataType, line: number)
                continue
            }
            // An assistant turn that calls tools may have no content (null or left out).
            let calls = fields["tool_calls"]?.arrayValue ?? []
            let hasFunctionCall = !calls.isEmpty || (fields["function_call"].map { $0 != .null } ?? false)
            if fields["role"] == nil || (fields["content"] == nil && !hasFunctionCall) {
                note(.messageMissingKey, line: number)
            }
            if fields.keys.contains(where: { !Self.messageKeys.contains($0) }) {
                note(.messageUnrecognizedKey, line: number)
            }
            let role: String? = if case .string(let text)? = fields["role"] { text } else { nil }
            if !Self.roles.contains(role ?? "") { note(.unrecognizedRole, line: number) }
            let content: String? = if case .string(let text)? = fields["content"] { text } else { nil }
            if (content == nil || content?.isEmpty == true) && !hasFunctionCall {
                note(.missingContent, line: number)
            }
            // A call's name and arguments are tokens the model writes.
            let called = calls.compactMap(ToolCall.init(json:)).map(\.text).joined(separator: "\n")
            turns.append(
                (role: role ?? "", content: [content ?? "", called].filter { !$0.isEmpty }.joined(separator: "\n")))
        }
        if !turns.contains(where: { $0.role == "assistant" }) {
            note(.exampleMissingAssistantMessage, line: number)
        }
        if !turns.contains(where: { $0.role == "system" }) { report.missingSystem += 1 }
        if !turns.contains(where: { $0.role == "user" }) { report.missingUser += 1 }
        report.messageCounts.append(turns.count)
        let tokens = TokenEstimator.estimate(messages: turns)
        report.tokenCounts.append(tokens)
        report.assistantTokenCounts.append(
            turns.filter { $0.role == "assistant" }.reduce(0) { $0 + TokenEstimator.estimate($1.content) })
        for limit in Self.tokenLimits where tokens > limit { report.overLimit[limit, default: 0] += 1 }
    }

    private mutating func note(_ error: ChatFormatError, line: Int) {
        report.errorCounts[error, default: 0] += 1
        if report.errorLines[error, default: []].count < Self.linesKept,
            report.errorLines[error]?.last != line
        {
            report.errorLines[error, default: []].append(line)
        }
    }

    /// What the lines checked so far show.
    public var result: ChatFileReport { report }
}
