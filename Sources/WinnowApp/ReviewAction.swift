import Foundation
import WinnowCore
import WinnowStore

/// A reviewer's action on one example.
public enum ReviewAction: Sendable, Equatable {
    /// Keep it for training.
    case approve
    /// Leave it out of exports.
    case reject
    /// Replace its label (the imported label is kept; naming it again removes the override).
    case relabel(String)
    /// Back to pending, with no override and no edits.
    case reset
    /// Correct the input and/or the response (the originals are kept; the original text again removes the edit).
    case edit(input: String?, response: String?)

    /// `approve`, `reject`, `relabel`, `reset`, `edit`: the name recorded in the history.
    public var name: String {
        switch self {
        case .approve: return "approve"
        case .reject: return "reject"
        case .relabel: return "relabel"
        case .reset: return "reset"
        case .edit: return "edit"
        }
    }

    /// `Approved`, `Rejected`, ...: for summaries.
    public var pastTense: String {
        switch self {
        case .approve: return "Approved"
        case .reject: return "Rejected"
        case .relabel: return "Relabelled"
        case .reset: return "Reset"
        case .edit: return "Edited"
        }
    }

    /// What follows the count in a summary (` as Billing` for a relabel).
    var summarySuffix: String {
        if case .relabel(let label) = self { return " as \(label)" }
        return ""
    }

    /// Refuses actions that cannot be right whatever the example (an empty label, an empty input).
    public func validate() throws(ReviewError) {
        switch self {
        case .relabel(let label):
            if label.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptyLabel }
        case .edit(let input, let response):
            if input == nil, response == nil { throw .nothingToEdit }
            if let input, input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptyInput }
        case .approve, .reject, .reset: break
        }
    }

    /// The state `example` has after this action.
    public func state(for example: Example) -> ReviewState {
        var state = ReviewState(of: example)
        switch self {
        case .approve: state.status = .approved
        case .reject: state.status = .rejected
        case .relabel(let label):
            let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
            state.labelOverride = trimmed == example.label ? nil : trimmed
        case .reset: state = ReviewState()
        case .edit(let input, let response):
            if let input { state.editedInput = input == example.input ? nil : input }
            // An empty response for an example without one is no edit.
            if let response { state.editedResponse = response == (example.response ?? "") ? nil : response }
        }
        return state
    }
}
