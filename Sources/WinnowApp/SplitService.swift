import Foundation
import WinnowCore
import WinnowExport
import WinnowStore

/// Examples that did not take part in a split, by reason.
public struct SplitExclusions: Sendable, Equatable {
    /// Rejected examples (never split).
    public var rejected = 0
    /// Pending examples left out because `--include-pending` was not given.
    public var pending = 0
    /// Pending examples left out, even with `--include-pending`, because they carry a warning or error flag.
    public var pendingFlagged = 0
    /// Examples left out because an active test case was promoted from them or copies them (or a member of their
    /// duplicate cluster): they would put the case's text into training.
    public var testCases = 0
}

/// How the highest train-to-test similarity came out.
public struct LeakageCheck: Sendable, Equatable {
    /// The embedding model whose vectors were compared (nil when the store has none).
    public var model: String?
    /// The most similar train/test pair (nil when there was nothing to compare).
    public var pair: SimilarPair?
    /// Examples of the split with an embedding of `model`.
    public var embedded: Int
    /// Examples in the split.
    public var total: Int
}

/// What `winnow split` made.
public struct SplitReport: Sendable {
    /// The stored split.
    public var split: SplitInfo
    /// The plan it was made from.
    public var plan: SplitPlan
    /// Who did not take part.
    public var exclusions: SplitExclusions
    /// The train-to-test similarity left.
    public var leakage: LeakageCheck

    /// The summary stored with the split and printed by `--json`.
    public var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(split.name)
        object["id"] = .number(Double(split.id))
        object["run"] = split.runID.map { .number(Double($0)) } ?? .null
        object["parameters"] = .object(split.parameters)
        object["summary"] = .object(split.summary)
        return .object(object)
    }

    /// The summary of a plan, as stored with the split.
    static func summary(plan: SplitPlan, exclusions: SplitExclusions, leakage: LeakageCheck) -> JSONObject {
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        func partCounts(_ counts: [SplitPart: Int]) -> JSONValue {
            .object(JSONObject(SplitPart.allCases.map { ($0.rawValue, number(counts[$0] ?? 0)) }))
        }
        func table(_ rows: [PartCounts]) -> JSONValue {
            .object(JSONObject(rows.map { ($0.key ?? "(none)", partCounts($0.counts)) }))
        }
        var object = JSONObject()
        object["examples"] = number(plan.total)
        object["groups"] = number(plan.groups.count)
        object["largest_group"] = number(plan.largestGroup)
        object["grouped_examples"] = number(plan.groups.filter { $0.size > 1 }.reduce(0) { $0 + $1.size })
        object["parts"] = .object(
            JSONObject(
                SplitPart.allCases.map { part in
                    let size = plan.size(of: part)
                    return (
                        part.rawValue,
                        .object(
                            JSONObject([
                                ("examples", number(size)), ("target", number(plan.targets[part] ?? 0)),
                                (
                                    "fraction",
                                    .number(
                                        plan.total > 0 ? (Double(size) / Double(plan.total) * 1000).rounded() / 1000 : 0
                                    )
                                ),
                            ]))
                    )
                }))
        object["labels"] = table(plan.labels)
        object["training_points"] = table(plan.trainingPoints)
        object["coverage"] = .object(
            JSONObject([
                ("stratify", .string(plan.parameters.stratifyBy.rawValue)),
                ("min_test_groups", number(plan.parameters.minimumHeldOutGroups)),
                (
                    "train_only",
                    .array(plan.coverage.filter { $0.required == [.train] }.map { .string($0.stratum ?? "(none)") })
                ),
                (
                    "uncovered",
                    .array(
                        plan.uncovered.map { coverage in
                            .object(
                                JSONObject([
                                    ("stratum", .string(coverage.stratum ?? "(none)")),
                                    ("missing", .array(coverage.missing.map { .string($0.rawValue) })),
                                ]))
                        })
                ),
            ]))
        object["excluded"] = .object(
            JSONObject([
                ("rejected", number(exclusions.rejected)), ("pending", number(exclusions.pending)),
                ("pending_flagged", number(exclusions.pendingFlagged)),
                ("test_cases", number(exclusions.testCases)),
            ]))
        var similarity = JSONObject()
        similarity["model"] = leakage.model.map(JSONValue.string) ?? .null
        similarity["embedded"] = number(leakage.embedded)
        similarity["of"] = number(leakage.total)
        if let pair = leakage.pair {
            similarity["score"] = .number((Double(pair.score) * 10000).rounded() / 10000)
            similarity["train"] = .number(Double(pair.firstID))
            similarity["test"] = .number(Double(pair.secondID))
        } else {
            similarity["score"] = .null
            similarity["note"] = .string(
                leakage.model == nil
                    ? "no embeddings in the store: run `winnow embed` to measure train-to-test similarity"
                    : "train or test has no embedded example: run `winnow embed`")
        }
        object["highest_train_test_similarity"] = .object(similarity)
        return object
    }
}

/// A split that cannot be made.
public enum SplitServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameters are out of range.
    case badParameters(String)
    /// The name is empty, too long or has control characters.
    case badName(String)
    /// No example takes part.
    case nothingToSplit(SplitExclusions)

    public var description: String {
        switch self {
        case .badParameters(let problem): return problem
        case .badName(let name):
            return "--name \"\(name)\" is not usable: give 1 to 100 printable characters"
        case .nothingToSplit(let exclusions):
            var text = "no example to split: only approved examples take part"
            if exclusions.pending > 0 {
                text += " (\(exclusions.pending) pending ones would with --include-pending)"
            } else if exclusions.pendingFlagged > 0 {
                text += " (\(exclusions.pendingFlagged) pending ones have warning or error flags)"
            }
            return text + "; approve examples with `winnow review`"
        }
    }
}

/// Makes leak-free, stratified splits and stores them by name.
public struct SplitService: Sendable {
    /// A service.
    public init() {}

    /// Plans a split of the store's examples, measures the train-to-test similarity left, and stores it as `name`
    /// (default: the next free `split-N`). `preferredModel` is the installed model's id, used when the store has
    /// embeddings of it; otherwise the model with the most stored embeddings.
    public func run(
        store: Store, parameters: SplitParameters, name: String?, preferredModel: String? = nil
    ) throws -> SplitReport {
        if let problem = parameters.problem { throw SplitServiceError.badParameters(problem) }
        let name = try name ?? store.nextSplitName()
        guard (1...100).contains(name.count),
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw SplitServiceError.badName(name) }
        if (try? store.split(named: name)) != nil { throw SplitStoreError.nameTaken(name) }

        var exclusions = SplitExclusions()
        let storedLinks = try store.duplicateLinks()
        let bound = try store.examplesBoundToTestCases()
        let examples = try store.splitFacts().map { facts in
            var eligible: Bool
            switch facts.status {
            case .approved: eligible = true
            case .rejected:
                exclusions.rejected += 1
                eligible = false
            case .pending:
                if facts.hasWarning {
                    exclusions.pendingFlagged += 1
                } else if !parameters.includePending {
                    exclusions.pending += 1
                }
                eligible = parameters.includePending && !facts.hasWarning
            }
            if facts.status != .rejected, bound.contains(facts.id) {
                if eligible { exclusions.testCases += 1 }
                eligible = false
            }
            let ticket = facts.ticketID.flatMap { $0.isEmpty ? nil : $0 }
            return SplitExample(
                id: facts.id, label: facts.label, trainingPoint: facts.trainingPoint,
                threadKey: ticket.map { "\(facts.sourceID)\u{1F}\($0)" }, isEligible: eligible)
        }
        let links = storedLinks.map { SplitLink($0.exampleID, $0.representative) }
        let plan = SplitPlanner.plan(examples: examples, links: links, parameters: parameters)
        guard plan.total > 0 else { throw SplitServiceError.nothingToSplit(exclusions) }

        var runParameters = parameters.json
        runParameters["name"] = .string(name)
        let runID = try store.startRun(command: "split", parameters: runParameters)
        do {
            let leakage = try measureLeakage(store: store, plan: plan, preferredModel: preferredModel)
            let summary = SplitReport.summary(plan: plan, exclusions: exclusions, leakage: leakage)
            let split = try store.createSplit(
                name: name, parameters: parameters.json, summary: summary, runID: runID, members: plan.assignments)
            var runSummary = summary
            runSummary["name"] = .string(name)
            runSummary["split"] = .number(Double(split.id))
            try store.finishRun(runID, summary: runSummary)
            return SplitReport(split: split, plan: plan, exclusions: exclusions, leakage: leakage)
        } catch {
            try? store.finishRun(
                runID, summary: JSONObject([("error", .string(String(describing: error)))]), status: "failed")
            throw error
        }
    }

    func measureLeakage(store: Store, plan: SplitPlan, preferredModel: String?) throws -> LeakageCheck {
        let models = try store.embeddingModels()
        let model = models.first { $0.model == preferredModel }?.model ?? models.first?.model
        guard let model else { return LeakageCheck(model: nil, pair: nil, embedded: 0, total: plan.total) }
        let train = plan.members(of: .train)
        let test = plan.members(of: .test)
        let matrix = try store.embeddings(model: model, exampleIDs: train + test + plan.members(of: .validation))
        return LeakageCheck(
            model: model, pair: TrainTestSimilarity.highest(between: train, and: test, in: matrix),
            embedded: matrix.exampleIDs.count, total: plan.total)
    }
}
