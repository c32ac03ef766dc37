import WinnowCore

/// `token_length`: WordPiece tokens plus the model's special tokens against its limit (256 for MiniLM). Text beyond
/// the limit is cut off in training, so the example teaches from part of what it says.
///
/// Every WordPiece token covers at least one character, so a text with fewer UTF-8 bytes than the budget cannot
/// exceed it and the tokenizer is not called.
struct TokenLengthCheck: RuleCheck {
    let maxTokens: Int
    let reservedTokens: Int

    var needsTokenCounter: Bool { true }

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        let budget = maxTokens - reservedTokens
        guard text.bytes.count > budget, let counter = context.tokenCounter else { return [] }
        let tokens = counter(text.text)
        guard tokens > budget else { return [] }
        return [
            Hit(
                range: nil,
                message: "\(tokens) WordPiece tokens (+\(reservedTokens) special); "
                    + "the model reads \(maxTokens), the rest is cut off",
                evidence: .evidence(["tokens": .number(Double(tokens)), "max_tokens": .number(Double(maxTokens))]))
        ]
    }
}
