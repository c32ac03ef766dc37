import Foundation
import WinnowLinalg

/// The labels of each example's nearest labelled neighbours in embedding space.
public struct NeighbourVotes: Sendable {
    /// One example's neighbourhood.
    public struct Vote: Sendable, Equatable {
        /// Share of the neighbours (weighted by cosine) carrying the example's own label.
        public var givenShare: Double
        /// The most frequent other label among the neighbours (nil when all agree).
        public var topOther: Int?
        /// Its share (weighted by cosine).
        public var topOtherShare: Double
        /// How many of the neighbours carry `topOther`.
        public var topOtherCount: Int
        /// Neighbours considered.
        public var neighbours: Int
    }

    /// One vote per row.
    public let votes: [Vote]
    /// The neighbour-based class distribution of each row (`[rows, classes]`, weighted by cosine, summing to 1):
    /// a second, model-free estimate of each row's class.
    public let distribution: Matrix

    /// Votes of the `k` nearest rows (cosine, never the row itself) for every row of `vectors` (unit length).
    ///
    /// Each neighbour votes with weight `exp(cosine / temperature)`: with a small temperature the closest
    /// neighbours decide. Every class keeps a floor of a thousandth of the average vote, so the distribution has
    /// no zeros.
    public init(vectors: Matrix, labels: [Int], classCount: Int, k: Int, temperature: Double = 0.05) {
        precondition(labels.count == vectors.rows, "one label per row")
        precondition(temperature > 0, "temperature must be positive")
        let neighbours =
            vectors.rows > 1
            ? vectors.nearestRows(of: vectors, count: min(k, vectors.rows - 1), excludingSameIndex: true)
            : Array(repeating: [], count: vectors.rows)
        var distribution = Matrix(rows: vectors.rows, columns: classCount)
        var votes: [Vote] = []
        votes.reserveCapacity(vectors.rows)
        for row in 0..<vectors.rows {
            var weights = [Double](repeating: 0, count: classCount)
            var counts = [Int](repeating: 0, count: classCount)
            var total = 0.0
            let closest = Double(neighbours[row].first?.score ?? 0)
            for neighbour in neighbours[row] {
                let weight = exp((Double(neighbour.score) - closest) / temperature)
                weights[labels[neighbour.index]] += weight
                counts[labels[neighbour.index]] += 1
                total += weight
            }
            if total > 0 {
                let floor = 1e-3 * total / Double(classCount)
                for label in 0..<classCount { weights[label] += floor }
                total += floor * Double(classCount)
            }
            var topOther: Int?
            for label in 0..<classCount where label != labels[row] && counts[label] > 0 {
                if topOther.map({ weights[label] > weights[$0] }) ?? true { topOther = label }
            }
            let share = { (label: Int) in total > 0 ? weights[label] / total : 0 }
            for label in 0..<classCount { distribution[row, label] = Float(share(label)) }
            votes.append(
                Vote(
                    givenShare: share(labels[row]), topOther: topOther, topOtherShare: topOther.map(share) ?? 0,
                    topOtherCount: topOther.map { counts[$0] } ?? 0, neighbours: neighbours[row].count))
        }
        self.votes = votes
        self.distribution = distribution
    }
}
