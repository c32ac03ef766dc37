import Foundation
import WinnowLinalg

/// Evidence that a label may be wrong.
public enum EvidenceKind: String, Sendable, Equatable, CaseIterable {
    /// Confident learning ranks it among the estimated number of wrong labels.
    case confidentLearning = "confident-learning"
    /// Its nearest labelled neighbours mostly carry one other label.
    case neighbours
    /// Members of its duplicate cluster mostly carry another label.
    case clusterConflict = "cluster-conflict"
}

/// One example whose label looks wrong, with every piece of evidence that fired.
public struct LabelIssue: Sendable, Equatable {
    /// The row.
    public var row: Int
    /// The evidence that fired, strongest first.
    public var kinds: [EvidenceKind]
    /// The label suggested instead.
    public var suggestedLabel: String
    /// Confidence in the suggestion, in [0, 1]: the combined probability of the suggested label (for a cluster
    /// conflict alone, its average over the cluster's members).
    public var confidence: Double
    /// The combined probability of the given label.
    public var selfConfidence: Double
    /// The regression's out-of-fold probability of the given label.
    public var modelSelfConfidence: Double
    /// The neighbour vote.
    public var vote: NeighbourVotes.Vote
    /// 1-based rank among confident learning's issues (lowest self-confidence first), when it fired.
    public var rank: Int?
    /// The cluster conflict, when one fired.
    public var conflict: ClusterConflicts.Conflict?
    /// The label its duplicate cluster mostly carries, when a conflict fired.
    public var clusterLabel: String?

    /// Whether this is a `label-issue`: confident learning fired, or a copy of the same text (exact or lexical
    /// duplicate) carries another label. Otherwise (neighbours alone, or a paraphrase in its cluster labelled
    /// differently) it is a `label-doubt`: measured on BANKING77, such evidence alone is mostly ambiguous
    /// examples, not wrong labels.
    public var isStrong: Bool { kinds.contains(.confidentLearning) || conflict?.isCopy == true }
}

/// What a label audit found.
public struct AuditResult: Sendable {
    /// The classes the model learns: each label, with spelling variants folded into their canonical spelling.
    public var classNames: [String]
    /// The class of each row.
    public var labels: [Int]
    /// The label of each row as given (before folding spelling variants).
    public var givenLabels: [String]
    /// Examples with a suspect label, strongest evidence first, then by self-confidence.
    public var issues: [LabelIssue]
    /// Spelling variants of labels.
    public var variants: [LabelTaxonomy.Variant]
    /// Labels with too few examples, with their counts.
    public var rareLabels: [(label: String, count: Int)]
    /// Label pairs the data cannot tell apart (at or above the merge threshold).
    public var mergeCandidates: [LabelTaxonomy.Overlap]
    /// The most overlapping label pairs whatever their overlap (for the report).
    public var confusablePairs: [LabelTaxonomy.Overlap]
    /// Confident learning's estimate of the number of wrong labels.
    public var estimatedIssues: Int
    /// Confident learning's calibrated confident joint, `[given][true]` by class: its off-diagonal cells are the
    /// estimated wrong labels by the label given and the true one.
    public var noiseJoint: [[Int]]
    /// Out-of-fold accuracy of the regression against the given labels.
    public var modelAccuracy: Double
    /// L-BFGS iterations of each fold's regression.
    public var modelIterations: [Int]
    /// The combined probabilities (`[rows, classes]`).
    public var probabilities: Matrix
    /// The regression's out-of-fold probabilities alone.
    public var modelProbabilities: Matrix
    /// Seconds per stage, in order.
    public var stageSeconds: [(stage: String, seconds: Double)]
}

/// Label-consistency audits over embeddings: confident learning on out-of-fold softmax-regression
/// probabilities blended with the neighbours' labels, neighbour disagreement, conflicts inside duplicate
/// clusters, and taxonomy checks.
///
/// How the evidence combines (measured on BANKING77 with 10% of labels flipped; see BENCHMARKS.md): confident
/// learning ranks by the blend of the regression and the neighbour vote, which is better than either alone; a
/// copy of the same text with another label is evidence on its own. Neighbour disagreement alone, and a
/// paraphrase in the cluster labelled differently, are mostly ambiguous examples rather than wrong labels, so
/// they are reported separately (``LabelIssue/isStrong`` false) and never count as a `label-issue`.
public struct LabelAudit: Sendable {
    /// The settings.
    public var parameters: AuditParameters

    /// An audit with `parameters`.
    public init(parameters: AuditParameters = AuditParameters()) {
        self.parameters = parameters
    }

    /// Audits `labels` (one per row of `vectors`, unit-length embeddings). `clusters` are dedup's clusters in row
    /// terms.
    ///
    /// Spelling variants of one label (``LabelTaxonomy/spellingVariants(counts:)``) are one class for the model
    /// and the neighbours; they are reported as taxonomy findings, and a cluster whose members spell the label
    /// differently is still a conflict. A label with fewer than ``AuditParameters/minimumExamples`` examples is
    /// never suggested, and its examples are not ranked by confident learning.
    public func run(
        vectors: Matrix, labels givenLabels: [String], clusters: [ClusterConflicts.Cluster] = [],
        progress: ((String, Int, Int) -> Void)? = nil
    ) -> AuditResult {
        precondition(givenLabels.count == vectors.rows, "one label per row")
        let rows = vectors.rows
        var stages: [(String, Double)] = []
        var clock = Date()
        func endStage(_ name: String) {
            stages.append((name, Date().timeIntervalSince(clock)))
            clock = Date()
        }
        var givenCounts: [String: Int] = [:]
        for label in givenLabels { givenCounts[label, default: 0] += 1 }
        let variants = LabelTaxonomy.spellingVariants(counts: givenCounts)
        let canonical = Dictionary(uniqueKeysWithValues: variants.map { ($0.label, $0.canonical) })
        let classNames = Array(Set(givenLabels.map { canonical[$0] ?? $0 })).sorted()
        let classOf = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let labels = givenLabels.map { classOf[canonical[$0] ?? $0] ?? 0 }
        let classCount = classNames.count
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        let learnable = counts.map { $0 >= parameters.minimumExamples }

        // Out-of-fold probabilities (at least two folds, and no more than the largest class can fill).
        let folds = max(2, min(parameters.folds, max(2, counts.max() ?? 2)))
        var modelProbabilities = Matrix(rows: rows, columns: classCount, repeating: 1 / Float(max(classCount, 1)))
        var iterations: [Int] = []
        if classCount > 1 && rows >= folds {
            var solver = LBFGS()
            solver.maximumIterations = parameters.maximumIterations
            (modelProbabilities, iterations) = CrossValidation.outOfFoldProbabilities(
                features: vectors, labels: labels, classCount: classCount, folds: folds,
                regularization: parameters.regularization, seed: parameters.seed, solver: solver
            ) { done, total in progress?("model", done, total) }
        }
        endStage("model")

        let votes = NeighbourVotes(
            vectors: vectors, labels: labels, classCount: classCount, k: parameters.neighbours,
            temperature: parameters.neighbourTemperature)
        progress?("neighbours", rows, rows)
        endStage("neighbours")

        // Blend, then confident learning.
        var blended = modelProbabilities
        let weight = Float(parameters.modelWeight)
        blended.withUnsafeMutableBufferPointer { values in
            votes.distribution.withUnsafeBufferPointer { neighbours in
                for index in 0..<values.count {
                    values[index] = weight * values[index] + (1 - weight) * neighbours[index]
                }
            }
        }
        let eligible = labels.map { learnable[$0] }
        let learning = ConfidentLearning.findIssues(
            probabilities: blended, labels: labels, selection: parameters.selection, eligible: eligible)
        let rawNames = givenCounts.keys.sorted()
        let rawIndex = Dictionary(uniqueKeysWithValues: rawNames.enumerated().map { ($1, $0) })
        let classOfRaw = rawNames.map { classOf[canonical[$0] ?? $0] ?? 0 }
        let conflicts = ClusterConflicts.find(clusters: clusters, labels: givenLabels.map { rawIndex[$0] }) {
            row, label in Double(blended[row, classOfRaw[label]])
        }
        endStage("confident learning")

        var issues: [Int: LabelIssue] = [:]
        func suggestion(_ row: Int) -> (label: String, probability: Double) {
            var best = -1
            for column in 0..<classCount where column != labels[row] && learnable[column] {
                if best < 0 || blended[row, column] > blended[row, best] { best = column }
            }
            return best >= 0 ? (classNames[best], Double(blended[row, best])) : (classNames[labels[row]], 0)
        }
        func issue(_ row: Int) -> LabelIssue {
            if let known = issues[row] { return known }
            let suggested = suggestion(row)
            return LabelIssue(
                row: row, kinds: [], suggestedLabel: suggested.label, confidence: suggested.probability,
                selfConfidence: Double(blended[row, labels[row]]),
                modelSelfConfidence: Double(modelProbabilities[row, labels[row]]), vote: votes.votes[row])
        }
        for (rank, found) in learning.issues.enumerated() {
            var entry = issue(found.row)
            entry.kinds.append(.confidentLearning)
            entry.rank = rank + 1
            issues[found.row] = entry
        }
        for conflict in conflicts {
            var entry = issue(conflict.row)
            entry.kinds.append(.clusterConflict)
            entry.conflict = conflict
            entry.clusterLabel = rawNames[conflict.majorityLabel]
            if !entry.kinds.contains(.confidentLearning) {
                entry.suggestedLabel = rawNames[conflict.majorityLabel]
                entry.confidence = min(1, max(0, conflict.support))
            }
            issues[conflict.row] = entry
        }
        for (row, vote) in votes.votes.enumerated() where eligible[row] {
            guard let other = vote.topOther, learnable[other] else { continue }
            let disagrees =
                vote.givenShare <= parameters.neighbourGivenShare && vote.topOtherShare >= parameters.neighbourMajority
            let supports =
                issues[row] != nil && vote.topOtherShare > vote.givenShare
                && classNames[other] == issues[row]?.suggestedLabel
            guard disagrees || supports else { continue }
            var entry = issue(row)
            entry.kinds.append(.neighbours)
            if entry.kinds == [.neighbours] {
                entry.suggestedLabel = classNames[other]
                entry.confidence = Double(blended[row, other])
            }
            issues[row] = entry
        }
        let ordered = issues.values.sorted { a, b in
            if a.isStrong != b.isStrong { return a.isStrong }
            if a.selfConfidence != b.selfConfidence { return a.selfConfidence < b.selfConfidence }
            return a.row < b.row
        }

        let overlaps =
            classCount > 1
            ? LabelTaxonomy.overlappingPairs(
                probabilities: modelProbabilities, labels: labels, vectors: vectors, minimumOverlap: 0,
                minimumExamples: parameters.minimumExamples, doubted: Set(learning.issues.map(\.row))) : []
        var correct = 0
        for row in 0..<rows
        where ConfidentLearning.agreesWithGivenLabel(modelProbabilities, row: row, given: labels[row]) {
            correct += 1
        }
        endStage("taxonomy")
        return AuditResult(
            classNames: classNames, labels: labels, givenLabels: givenLabels, issues: ordered, variants: variants,
            rareLabels: LabelTaxonomy.rareLabels(
                counts: Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, counts[$0]) }),
                minimum: parameters.minimumExamples),
            mergeCandidates: overlaps.filter { $0.overlap >= parameters.mergeOverlap },
            confusablePairs: Array(overlaps.prefix(5)), estimatedIssues: learning.estimatedIssues,
            noiseJoint: learning.joint,
            modelAccuracy: rows > 0 ? Double(correct) / Double(rows) : 0, modelIterations: iterations,
            probabilities: blended,
            modelProbabilities: modelProbabilities, stageSeconds: stages)
    }
}
