import Foundation
import WinnowLinalg

/// A pending example that could be labelled next.
public struct SuggestionCandidate: Sendable, Equatable {
    /// The example id.
    public var id: Int64
    /// Its training point when it has one (nil: the adapter's top label stands for it).
    public var trainingPoint: String?
    /// Its duplicate cluster (the representative's id), when it is in one: one suggestion per cluster.
    public var cluster: Int64?

    public init(id: Int64, trainingPoint: String?, cluster: Int64?) {
        self.id = id
        self.trainingPoint = trainingPoint
        self.cluster = cluster
    }
}

/// A test case the adapter gets wrong, as the ranker sees it.
public struct FailingCase: Sendable, Equatable {
    /// The case's text, for the reason line.
    public var text: String
    /// Its training point.
    public var trainingPoint: String

    public init(text: String, trainingPoint: String) {
        self.text = text
        self.trainingPoint = trainingPoint
    }
}

/// One suggestion, with why.
public struct Suggestion: Sendable, Equatable {
    public var id: Int64
    /// Higher first.
    public var score: Double
    /// The training point it should help.
    public var trainingPoint: String
    /// Probability of the adapter's first label minus its second's (small: the adapter cannot decide).
    public var margin: Double
    /// The adapter's two most probable labels.
    public var topLabels: [String]
    /// Cosine similarity to the closest failing case, and that case's index in the failing list.
    public var closeness: Double
    public var nearestFailing: Int?
    /// The reasons, in words.
    public var reasons: [String]
}

/// Ranks pending examples by how much labelling them should help the weakest training points: the adapter's
/// uncertainty (the margin between its top two labels), closeness to test cases it fails, and the weakness of the
/// point; then picks a diverse set: never two from one duplicate cluster, none within ``sameMeaning`` cosine of one
/// already picked (while others are left), and spread across points in proportion to their weakness.
public enum SuggestionRanker {
    /// Candidates at least this close (cosine of the adapted embeddings) to one already picked say nearly the same
    /// thing: a reviewer's label on the first teaches the adapter most of what the second would, so the second is
    /// taken only when the budget cannot be filled otherwise.
    public static let sameMeaning: Float = 0.9

    /// `probabilities` is `[candidates, labels]`; `vectors` and `failingVectors` are unit rows (the adapted
    /// embeddings) of the candidates and of the failing cases; `weakness` is one minus each point's accuracy on the
    /// cases (points not in it count as the mean weakness).
    public static func rank(
        candidates: [SuggestionCandidate], labels: [String], probabilities: Matrix, vectors: Matrix,
        failing: [FailingCase], failingVectors: Matrix, weakness: [String: Double], budget: Int
    ) -> [Suggestion] {
        guard !candidates.isEmpty, budget > 0 else { return [] }
        let meanWeakness = weakness.isEmpty ? 0.5 : weakness.values.reduce(0, +) / Double(weakness.count)
        let strongest = max(weakness.values.max() ?? meanWeakness, meanWeakness)
        let similarities =
            failing.isEmpty || failingVectors.rows == 0
            ? nil : Matrix.product(vectors, by: failingVectors, .transposed)

        var scored: [Suggestion] = []
        for (row, candidate) in candidates.enumerated() {
            let order = (0..<labels.count).sorted { probabilities[row, $0] > probabilities[row, $1] }
            let first = Double(order.first.map { probabilities[row, $0] } ?? 0)
            let second = Double(order.count > 1 ? probabilities[row, order[1]] : 0)
            let margin = first - second
            let point = candidate.trainingPoint ?? order.first.map { labels[$0] } ?? ""
            var closeness = 0.0
            var nearest: Int?
            if let similarities {
                for column in 0..<failing.count where Double(similarities[row, column]) > closeness {
                    closeness = Double(similarities[row, column])
                    nearest = column
                }
            }
            let pointWeakness = weakness[point] ?? meanWeakness
            // A point with no failing case still gets some weight, so that ties are broken by uncertainty.
            let weight = (pointWeakness + 0.05) / (strongest + 0.05)
            let score = weight * (0.5 * (1 - margin) + 0.5 * closeness)
            var reasons = [
                String(
                    format: "uncertain: '%@' %.2f vs '%@' %.2f (margin %.2f)", order.first.map { labels[$0] } ?? "",
                    first, order.count > 1 ? labels[order[1]] : "", second, margin)
            ]
            // Only a case that is close in meaning is worth naming as a reason.
            if let nearest, closeness >= 0.3 {
                let text = failing[nearest].text.replacingOccurrences(of: "\n", with: " ")
                reasons.append(
                    String(
                        format: "close to a failing test case of '%@' (cosine %.2f): %@",
                        failing[nearest].trainingPoint,
                        closeness, String(text.prefix(60))))
            }
            reasons.append(
                weakness[point].map { String(format: "point '%@' is %.0f%% right on its cases", point, (1 - $0) * 100) }
                    ?? "point '\(point)' has no test cases yet")
            scored.append(
                Suggestion(
                    id: candidate.id, score: score, trainingPoint: point, margin: margin,
                    topLabels: order.prefix(2).map { labels[$0] }, closeness: closeness, nearestFailing: nearest,
                    reasons: reasons))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }

        // Quotas per point in proportion to weakness, over the points that have candidates.
        let points = Set(scored.map(\.trainingPoint))
        let weights = Dictionary(uniqueKeysWithValues: points.map { ($0, (weakness[$0] ?? meanWeakness) + 0.05) })
        let total = weights.values.reduce(0, +)
        let quotas = weights.mapValues { max(1, Int((Double(budget) * $0 / total).rounded(.up))) }
        var taken: [Suggestion] = []
        var takenRows: [Int] = []
        var usedClusters = Set<Int64>()
        var perPoint: [String: Int] = [:]
        let clusterOf = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0.cluster) })
        let rowOf = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1.id, $0) })
        func closeToTaken(_ row: Int) -> Bool {
            vectors.withUnsafeBufferPointer { values in
                let width = vectors.columns
                return takenRows.contains { other in
                    var dot: Float = 0
                    for column in 0..<width { dot += values[row * width + column] * values[other * width + column] }
                    return dot >= sameMeaning
                }
            }
        }
        var chosen = Set<Int64>()
        // First within the quotas and apart in meaning, then apart in meaning, then within the quotas, then
        // whatever fills the budget.
        for (respectQuotas, keepApart) in [(true, true), (false, true), (true, false), (false, false)] {
            for suggestion in scored where taken.count < budget && !chosen.contains(suggestion.id) {
                if let cluster = clusterOf[suggestion.id] ?? nil, usedClusters.contains(cluster) { continue }
                if respectQuotas,
                    perPoint[suggestion.trainingPoint, default: 0] >= quotas[suggestion.trainingPoint] ?? 1
                {
                    continue
                }
                let row = rowOf[suggestion.id] ?? 0
                if keepApart, vectors.rows == candidates.count, closeToTaken(row) { continue }
                taken.append(suggestion)
                takenRows.append(row)
                chosen.insert(suggestion.id)
                perPoint[suggestion.trainingPoint, default: 0] += 1
                if let cluster = clusterOf[suggestion.id] ?? nil { usedClusters.insert(cluster) }
            }
        }
        return taken.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
    }
}
