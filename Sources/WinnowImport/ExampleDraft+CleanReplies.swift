import WinnowCore
import WinnowMail

extension ExampleDraft {
    /// The draft with its input and response cleaned as e-mail (``ReplyCleaner``): the input as the customer's
    /// message (closing lines stay), the response as an agent's reply (closing lines go too). What was removed is
    /// added to metadata (`removed_quotes`, `removed_forwarded`, `removed_signatures`, `removed_disclaimers`,
    /// `removed_banners`, and `reply_kept_whole` when a field would have been left empty and was kept as it was).
    func cleaningReplies() -> ExampleDraft {
        var draft = self
        var removed = CleanedReply(text: "")
        var keptWhole = false
        let inputCleaned = ExampleDraft.customerCleaner.clean(text: input)
        keptWhole = keptWhole || inputCleaned.keptWhole
        if !inputCleaned.keptWhole {
            draft.input = inputCleaned.text
            removed = removed.merged(with: inputCleaned)
        }
        if let response, !response.isEmpty {
            let responseCleaned = ExampleDraft.agentCleaner.clean(text: response)
            keptWhole = keptWhole || responseCleaned.keptWhole
            if !responseCleaned.keptWhole {
                draft.response = responseCleaned.text
                removed = removed.merged(with: responseCleaned)
            }
        }
        for (key, value) in removed.metadata { draft.metadata[key] = value }
        if keptWhole { draft.metadata["reply_kept_whole"] = .bool(true) }
        return draft
    }

    /// One message of a conversation cleaned as e-mail: a customer's as an input is, an agent's as a response is.
    static func cleanedMessage(_ text: String, fromAgent: Bool) -> CleanedReply {
        (fromAgent ? agentCleaner : customerCleaner).clean(text: text)
    }

    private static let customerCleaner = ReplyCleaner()
    private static let agentCleaner = ReplyCleaner(options: ReplyCleaner.Options(removesClosingLines: true))
}
