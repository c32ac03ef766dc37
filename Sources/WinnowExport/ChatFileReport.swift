import WinnowCore

/// What OpenAI's data-preparation checks found in one chat file.
public struct ChatFileReport: Sendable, Equatable {
    /// The file's name.
    public var file: String
    /// Lines checked (one example per line).
    public var examples = 0
    /// Occurrences per format error (several per example when several messages are at fault).
    public var errorCounts: [ChatFormatError: Int] = [:]
    /// The first lines (1-based) showing each error.
    public var errorLines: [ChatFormatError: [Int]] = [:]
    /// Examples without a system message (a warning).
    public var missingSystem = 0
    /// Examples without a user message (a warning).
    public var missingUser = 0
    /// Messages per well-formed example.
    public var messageCounts: [Int] = []
    /// Estimated tokens per well-formed example.
    public var tokenCounts: [Int] = []
    /// Estimated tokens in the assistant messages per well-formed example.
    public var assistantTokenCounts: [Int] = []
    /// Examples over each token limit (they would be truncated).
    public var overLimit: [Int: Int] = [:]

    /// A report on `file` with nothing counted yet.
    public init(file: String) {
        self.file = file
    }

    /// Whether the fine-tuning API would reject the file.
    public var hasFormatErrors: Bool { !errorCounts.isEmpty }

    /// The guide's default number of epochs for a training file of this size: 3, raised so that small files see
    /// at least 100 examples (at most 25 epochs), lowered so that large ones see at most 25,000 (at least 1).
    public var defaultEpochs: Int {
        let count = tokenCounts.count
        guard count > 0 else { return 0 }
        if count * 3 < 100 { return min(25, 100 / count) }
        if count * 3 > 25_000 { return max(1, 25_000 / count) }
        return 3
    }

    /// Estimated tokens billed per epoch: each example's tokens, capped at the 16,385 limit.
    public var billingTokens: Int { tokenCounts.reduce(0) { $0 + min($1, ChatFileCheck.tokenLimits[0]) } }

    /// The report as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["file"] = .string(file)
        object["examples"] = .number(Double(examples))
        object["format_errors"] = .object(
            JSONObject(
                ChatFormatError.allCases.compactMap { error in
                    errorCounts[error].map { count in
                        (
                            error.rawValue,
                            JSONValue.object(
                                JSONObject([
                                    ("count", .number(Double(count))),
                                    ("lines", .array((errorLines[error] ?? []).map { .number(Double($0)) })),
                                ]))
                        )
                    }
                }))
        object["missing_system"] = .number(Double(missingSystem))
        object["missing_user"] = .number(Double(missingUser))
        object["messages_per_example"] = Distribution(messageCounts)?.json ?? .null
        object["tokens_per_example"] = Distribution(tokenCounts)?.json ?? .null
        object["assistant_tokens_per_example"] = Distribution(assistantTokenCounts)?.json ?? .null
        object["over_token_limit"] = .object(
            JSONObject(ChatFileCheck.tokenLimits.map { (String($0), .number(Double(overLimit[$0] ?? 0))) }))
        object["tokens_estimated_by"] = .string("cl100k-like estimate (TokenEstimator), not the tokenizer itself")
        object["billing_tokens_per_epoch"] = .number(Double(billingTokens))
        object["default_epochs"] = .number(Double(defaultEpochs))
        object["billing_tokens"] = .number(Double(billingTokens * defaultEpochs))
        return .object(object)
    }
}
