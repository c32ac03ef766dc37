import WinnowStore

/// A review request that cannot be carried out, in words a reviewer can act on.
public enum ReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reviewer name cannot be used.
    case invalidReviewer(String, String)
    /// A relabel without a label.
    case emptyLabel
    /// An edit that would leave the input empty.
    case emptyInput
    /// An edit naming neither the input nor the response.
    case nothingToEdit
    /// Neither ids nor a filter.
    case noSelection
    /// The reviewer has no decision left to undo.
    case nothingToUndo(reviewer: String)
    /// Undoing `decision` would overwrite a later decision by someone else.
    case undoWouldOverwrite(decision: DecisionRecord, later: DecisionRecord)
    /// The decision was refused as stale.
    case stale(StaleDecision)

    public var description: String {
        switch self {
        case .invalidReviewer(let name, let reason): return "cannot record decisions as \"\(name)\": \(reason)"
        case .emptyLabel: return "relabel needs a label (--label L)"
        case .emptyInput: return "an edited input cannot be empty"
        case .nothingToEdit: return "edit needs --input TEXT or --response TEXT"
        case .noSelection: return "name example ids or a filter (--check, --label, --source, --status, ...)"
        case .nothingToUndo(let reviewer): return "\(reviewer) has no decision left to undo"
        case .undoWouldOverwrite(let decision, let later):
            return "cannot undo your \(decision.action) of example \(decision.exampleID) (decision \(decision.id)): "
                + "\(later.reviewer) decided on it afterwards (\(later.action), decision \(later.id)); "
                + "their decision is kept"
        case .stale(let stale): return stale.description
        }
    }
}
