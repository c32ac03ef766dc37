import Foundation
import WinnowCore

/// One turn of an assembled conversation.
struct ConversationTurn: Sendable, Equatable {
    var role: TurnRole
    /// The message text (empty when the row has none).
    var text: String
    /// The row's place in the file.
    var ordinal: Int
    var messageID: String?
}

/// Makes examples from one conversation's turns: one per conversation, or one per agent reply.
///
/// Consecutive turns by the same side form one input or one reply (support accounts often split an answer over
/// several messages). Internal notes stay out of inputs, responses and `messages`; they are kept in metadata
/// (`internal_notes`). Rows without text are named in the locator but make no turn.
struct ConversationAssembler {
    let unit: ConversationOptions.ExampleUnit
    let file: String

    /// What assembling one conversation made.
    struct Outcome {
        var results: [Result<ExampleDraft, RecordFailure>] = []
        /// The conversation has customer text but no agent reply: imported without a response.
        var hasNoReply = false
        /// Reply mode: customer turns after the last agent reply are in no example.
        var hasTrailingCustomerTurns = false
    }

    /// A run of consecutive turns by one side.
    private struct Run {
        var role: TurnRole
        var turns: [ConversationTurn]
        /// The position of the run's last turn among the conversation's turns.
        var end: Int
        var text: String { turns.map(\.text).joined(separator: "\n\n") }
    }

    /// Examples for the conversation `id`, whose first row gave `label` and `metadata`.
    func assemble(id: String, turns: [ConversationTurn], label: String?, metadata: JSONObject) -> Outcome {
        var outcome = Outcome()
        let spoken = turns.filter { $0.role != .note && !$0.text.isEmpty }
        var notes: [(position: Int, text: String)] = []
        var runs: [Run] = []
        for (position, turn) in turns.enumerated() where !turn.text.isEmpty {
            if turn.role == .note {
                notes.append((position, turn.text))
            } else if let last = runs.last, last.role == turn.role {
                runs[runs.count - 1].turns.append(turn)
                runs[runs.count - 1].end = position
            } else {
                runs.append(Run(role: turn.role, turns: [turn], end: position))
            }
        }
        var baseMetadata = metadata
        let messageIDs = turns.compactMap(\.messageID)
        if !messageIDs.isEmpty { baseMetadata["message_ids"] = .array(messageIDs.map(JSONValue.string)) }
        // Replies nested in a post are rows of the post's record: each record is named once; a turn from another
        // file (a ticket's description) has no row here.
        func distinct(_ rows: [Int]) -> [Int] {
            var seen = Set<Int>()
            return rows.filter { $0 >= 0 && seen.insert($0).inserted }
        }
        let allRows = distinct(turns.map(\.ordinal))

        func draft(
            ticketID: String, input: String, response: String?, upTo end: Int, rows: [Int], notesUpTo: Int?
        ) -> ExampleDraft {
            var exampleMetadata = baseMetadata
            let keptNotes = notes.filter { note in notesUpTo.map { note.position <= $0 } ?? true }
            if !keptNotes.isEmpty {
                exampleMetadata["internal_notes"] = .array(keptNotes.map { JSONValue.string($0.text) })
            }
            let messages = spoken.prefix(end).map {
                Message(role: $0.role == .agent ? .assistant : .user, content: $0.text)
            }
            return ExampleDraft(
                input: input, response: response, label: label, ticketID: ticketID, messages: messages,
                metadata: exampleMetadata, locator: .conversation(ticketID, rows: rows))
        }

        let customerText = runs.filter { $0.role == .customer }.map(\.text)
        guard !customerText.isEmpty else {
            let agentText = runs.map(\.text).joined(separator: "\n\n")
            outcome.results.append(
                .failure(
                    RecordFailure(
                        kind: .noInput, file: file, locator: .conversation(id, rows: allRows),
                        message: "conversation \(id) has no customer text (rows "
                            + allRows.map(String.init).joined(separator: ", ") + ")",
                        snippet: agentText)))
            return outcome
        }
        guard let lastReply = runs.lastIndex(where: { $0.role == .agent }),
            runs[..<lastReply].contains(where: { $0.role == .customer })
        else {
            outcome.hasNoReply = true
            outcome.results.append(
                .success(
                    draft(
                        ticketID: id, input: customerText.joined(separator: "\n\n"), response: nil,
                        upTo: spoken.count, rows: allRows, notesUpTo: nil)))
            return outcome
        }
        switch unit {
        case .conversation:
            let input = runs[..<lastReply].filter { $0.role == .customer }.map(\.text).joined(separator: "\n\n")
            outcome.results.append(
                .success(
                    draft(
                        ticketID: id, input: input, response: runs[lastReply].text, upTo: spoken.count,
                        rows: allRows, notesUpTo: nil)))
        case .reply:
            var spokenEnd = 0
            var number = 0
            for (index, run) in runs.enumerated() {
                spokenEnd += run.turns.count
                guard run.role == .agent, index > 0, runs[index - 1].role == .customer else { continue }
                number += 1
                let question = runs[index - 1]
                let ticketID = "\(id)#\(number)"
                outcome.results.append(
                    .success(
                        draft(
                            ticketID: ticketID, input: question.text, response: run.text, upTo: spokenEnd,
                            rows: distinct((question.turns + run.turns).map(\.ordinal)), notesUpTo: run.end)))
            }
            outcome.hasTrailingCustomerTurns = lastReply < runs.count - 1
        }
        return outcome
    }
}
