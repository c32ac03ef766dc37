import Foundation
import WinnowCore
import WinnowReview
import WinnowStore

/// Review decisions over the store: the one place the command line, the terminal loop and the web UI go through.
/// Every change is a recorded decision made against the version the reviewer saw; a stale one is refused.
public struct ReviewService: Sendable {
    /// The store.
    public let store: Store

    /// A service over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Applies `action` to the examples `ids` as `reviewer`. `versions` gives the version each example was seen
    /// at (the web page, the terminal loop); an example not in it is taken at its current version. Unknown ids
    /// fail the whole request before anything is written.
    public func decide(
        _ action: ReviewAction, ids: [Int64], reviewer: String, note: String? = nil, versions: [Int64: Int] = [:]
    ) throws -> DecisionReport {
        try Reviewer.validatePerson(reviewer)
        try action.validate()
        let examples = try store.examples(ids: ids)
        let found = Set(examples.map(\.id))
        if let missing = ids.first(where: { !found.contains($0) }) { throw StoreError.noSuchExample(missing) }
        let byID = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) })
        var seen = Set<Int64>()
        let requests = ids.compactMap { id -> DecisionRequest? in
            guard seen.insert(id).inserted, let example = byID[id] else { return nil }
            return DecisionRequest(
                exampleID: id, basedOn: versions[id] ?? example.version, action: action.name,
                after: action.state(for: example), note: note)
        }
        var report = DecisionReport(action: action.name, reviewer: reviewer)
        report.add(try store.record(requests, reviewer: reviewer))
        return report
    }

    /// Applies `action` to every example matching `filter`. With `notAfter` (the newest decision id when the
    /// reviewer looked), an example decided on since is refused as stale instead of overwritten.
    public func decide(
        _ action: ReviewAction, filter: ExampleFilter, reviewer: String, note: String? = nil, notAfter: Int64? = nil
    ) throws -> DecisionReport {
        try Reviewer.validatePerson(reviewer)
        try action.validate()
        let ids = try store.exampleIDs(filter)
        var report = DecisionReport(action: action.name, reviewer: reviewer)
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let examples = try store.examples(ids: Array(ids[start..<min(start + 1000, ids.count)]))
            let requests = examples.map { example in
                DecisionRequest(
                    exampleID: example.id, basedOn: example.version, action: action.name,
                    after: action.state(for: example), note: note)
            }
            report.add(try store.record(requests, reviewer: reviewer, notAfter: notAfter))
        }
        return report
    }

    /// Reverts `reviewer`'s last `count` decisions, newest first, each recorded as an `undo` decision by `actor`
    /// (default: `reviewer`; an admin undoing someone else's decisions is recorded as the admin). Stops at the
    /// first that would overwrite someone else's later decision on the same example.
    public func undo(reviewer: String, count: Int = 1, by actor: String? = nil) throws -> DecisionReport {
        let actor = actor ?? reviewer
        var report = DecisionReport(action: "undo", reviewer: actor)
        for _ in 0..<max(1, count) {
            guard let target = try store.undoableDecisions(reviewer: reviewer).first else {
                if report.applied.isEmpty { throw ReviewError.nothingToUndo(reviewer: reviewer) }
                break
            }
            if let later = try store.decisions(exampleID: target.exampleID, after: target.id)
                .first(where: { $0.reviewer != reviewer })
            {
                throw ReviewError.undoWouldOverwrite(decision: target, later: later)
            }
            let example = try store.example(id: target.exampleID)
            let restored = ReviewState(json: target.before, over: ReviewState(of: example))
            let request = DecisionRequest(
                exampleID: example.id, basedOn: example.version, action: "undo", after: restored,
                note: actor == reviewer
                    ? "undo of decision \(target.id) (\(target.action))"
                    : "undo of decision \(target.id) (\(target.action) by \(reviewer))",
                reverts: target.id)
            let outcomes = try store.record([request], reviewer: actor)
            if case .stale(let stale)? = outcomes.first { throw ReviewError.stale(stale) }
            report.add(outcomes)
        }
        return report
    }
}
