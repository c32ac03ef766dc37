import WinnowCore
import WinnowMail

/// What an HTML page says about one ticket thread, turned into one example.
///
/// Input is the subject (see ``SubjectLine``) and the first customer message; the response is the first customer-facing agent reply
/// after it; the thread keeps every customer and agent turn in order. Internal notes go to metadata only.
struct ThreadRecord: Sendable {
    /// The ticket's subject, if the page shows one.
    var subject: String?
    /// The messages in page order.
    var turns: [ThreadTurn] = []
    /// Category, queue or intent, when the page names one.
    var label: String?
    /// The ticket identifier, when the page names one.
    var ticketID: String?
    /// Fields given directly (a profile's `input`, `response`, `training_point`): they win over the thread.
    var input: String?
    /// See `input`.
    var response: String?
    /// See `input`.
    var trainingPoint: String?
    /// Other facts to keep (`title`, `layout`, profile fields).
    var metadata = JSONObject()
    /// Parts removed outside the turns (from direct fields, or before a page was split).
    var removed = CleanedReply(text: "")
    /// What to add to a failure for want of customer text: why no message was the customer's and how to fix it.
    var noInputHint: String?

    /// The example, or a `noInput` failure naming `file` and `locator` when there is no customer text.
    func draft(file: String, locator: Locator, snippet: @autoclosure () -> String) -> Result<
        ExampleDraft, RecordFailure
    > {
        let visible = turns.filter { $0.author != .internalNote && !$0.cleaned.text.isEmpty }
        let firstCustomer = visible.firstIndex { $0.author == .customer }
        let body = input ?? firstCustomer.map { visible[$0].cleaned.text }
        guard let body, !body.isEmpty else {
            var reason = turns.isEmpty ? "no customer message found" : "no customer message with text after cleaning"
            if let noInputHint { reason += "; " + noInputHint }
            return .failure(
                RecordFailure(
                    kind: .noInput, file: file, locator: locator, message: "no input text: \(reason)",
                    snippet: snippet()))
        }
        let reply =
            response ?? visible.dropFirst(firstCustomer.map { $0 + 1 } ?? 0).first { $0.author == .agent }?.cleaned.text

        var metadata = self.metadata
        let notes = turns.filter { $0.author == .internalNote }.map(\.cleaned.text).filter { !$0.isEmpty }
        // The removed parts gathered in one pass (merging replies one by one would join their texts again and
        // again, a time growing with the square of the thread's length).
        let cleaned = [removed] + turns.map(\.cleaned).filter { !$0.keptWhole }
        let all = CleanedReply(
            text: "", quoted: cleaned.flatMap(\.quoted), forwarded: cleaned.flatMap(\.forwarded),
            signatures: cleaned.flatMap(\.signatures), disclaimers: cleaned.flatMap(\.disclaimers),
            banners: cleaned.flatMap(\.banners))
        metadata["removed_quotes"] = .array(all.quoted.map(JSONValue.string))
        metadata["removed_signatures"] = .array(all.signatures.map(JSONValue.string))
        if !all.forwarded.isEmpty { metadata["removed_forwarded"] = .array(all.forwarded.map(JSONValue.string)) }
        if !all.disclaimers.isEmpty {
            metadata["removed_disclaimers"] = .array(all.disclaimers.map(JSONValue.string))
        }
        if !all.banners.isEmpty { metadata["removed_banners"] = .array(all.banners.map(JSONValue.string)) }
        if turns.contains(where: \.cleaned.keptWhole) { metadata["reply_kept_whole"] = .bool(true) }
        metadata["internal_notes"] = .array(notes.map(JSONValue.string))
        let messages = visible.map { turn in
            Message(role: turn.author == .customer ? .user : .assistant, content: turn.cleaned.text)
        }
        return .success(
            ExampleDraft(
                input: SubjectLine.input(subject: subject, body: body),
                response: reply.flatMap { $0.isEmpty ? nil : $0 },
                label: label, trainingPoint: trainingPoint, ticketID: ticketID, messages: messages, metadata: metadata,
                locator: locator))
    }
}
