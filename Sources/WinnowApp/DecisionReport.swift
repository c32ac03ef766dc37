import Foundation
import WinnowCore
import WinnowStore

/// What one decision command did: applied, already in that state, refused as stale.
public struct DecisionReport: Sendable, Equatable {
    /// The action's name (`approve`, ..., `undo`).
    public var action: String
    /// Who decided.
    public var reviewer: String
    /// The decisions recorded.
    public var applied: [DecisionRecord] = []
    /// Examples already in the wanted state.
    public var unchanged: [Int64] = []
    /// Decisions refused because the example changed after the reviewer saw it.
    public var stale: [StaleDecision] = []

    /// A report with nothing in it yet.
    public init(action: String, reviewer: String) {
        self.action = action
        self.reviewer = reviewer
    }

    mutating func add(_ outcomes: [DecisionOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .applied(let record): applied.append(record)
            case .unchanged(let id): unchanged.append(id)
            case .stale(let stale): self.stale.append(stale)
            }
        }
    }

    /// The report as JSON: `{"action":..., "reviewer":..., "applied":[...], "unchanged":[ids], "stale":[...]}`.
    public var json: JSONValue {
        var object = JSONObject()
        object["action"] = .string(action)
        object["reviewer"] = .string(reviewer)
        object["applied"] = .array(
            applied.map { record in
                var entry = record.json.objectValue ?? JSONObject()
                entry["example"] = .number(Double(record.exampleID))
                return .object(entry)
            })
        object["unchanged"] = .array(unchanged.map { .number(Double($0)) })
        object["stale"] = .array(
            stale.map { stale in
                var entry = JSONObject()
                entry["example"] = .number(Double(stale.exampleID))
                entry["based_on"] = .number(Double(stale.basedOn))
                entry["current_version"] = .number(Double(stale.currentVersion))
                entry["message"] = .string(stale.description)
                return .object(entry)
            })
        return .object(object)
    }

    /// `Approved 3 examples: #1, #2, #5. 1 already in that state (#7). Refused: ...`.
    public func summary(for action: ReviewAction) -> String {
        var sentences: [String] = []
        let count = applied.count
        sentences.append(
            "\(action.pastTense) \(count) example\(count == 1 ? "" : "s")\(action.summarySuffix)"
                + (count == 0 ? "" : ": " + Self.list(applied.map(\.exampleID))) + ".")
        if !unchanged.isEmpty {
            sentences.append("\(unchanged.count) already in that state (\(Self.list(unchanged))).")
        }
        for refused in stale { sentences.append("Refused: \(refused.description).") }
        return sentences.joined(separator: " ")
    }

    /// For undos: `Undid decision 5 (edit) on #13; it is pending.`, one sentence per undo.
    public var undoSummary: String {
        applied.map { record in
            let what = record.note.map { $0.replacingOccurrences(of: "undo of ", with: "") } ?? "a decision"
            return "Undid \(what) on #\(record.exampleID); it is \(record.after["status"]?.scalarText ?? "?")."
        }.joined(separator: " ")
    }

    /// `#1, #2, #5` (at most 20, then `and N more`).
    public static func list(_ ids: [Int64]) -> String {
        let shown = ids.prefix(20).map { "#\($0)" }.joined(separator: ", ")
        return ids.count > 20 ? shown + " and \(ids.count - 20) more" : shown
    }
}
