import WinnowLinalg

/// Findings about the label set itself rather than about one example.
public enum LabelTaxonomy {
    /// A label spelled differently from a more common label that means the same.
    public struct Variant: Sendable, Equatable {
        /// The less common spelling.
        public var label: String
        /// The most common spelling of the same normalised label.
        public var canonical: String
        /// Examples with `label`.
        public var count: Int
        /// Examples with `canonical`.
        public var canonicalCount: Int
    }

    /// Two labels the data cannot tell apart.
    public struct Overlap: Sendable, Equatable {
        /// One label (class index).
        public var first: Int
        /// The other label (class index).
        public var second: Int
        /// The share of the two labels' probability mass, over their examples, that the out-of-fold model puts on
        /// the other label of the pair: about 0 for well-separated labels, 0.5 for labels it cannot tell apart.
        public var overlap: Double
        /// Cosine of the two labels' mean embeddings.
        public var centroidCosine: Double
    }

    /// The label with case, spacing and punctuation removed: `Billing`, `billing ` and `BILLING!` agree.
    public static func normalizedLabel(_ label: String) -> String {
        String(
            label.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                .map(Character.init))
    }

    /// Labels that normalise to the same text as a more common label. Within a group the most frequent spelling
    /// (ties: the first in sort order) is canonical; every other spelling is a variant of it.
    public static func spellingVariants(counts: [String: Int]) -> [Variant] {
        var groups: [String: [(label: String, count: Int)]] = [:]
        for (label, count) in counts { groups[normalizedLabel(label), default: []].append((label, count)) }
        var variants: [Variant] = []
        for (_, members) in groups where members.count > 1 {
            let sorted = members.sorted { $0.count > $1.count || ($0.count == $1.count && $0.label < $1.label) }
            for member in sorted.dropFirst() {
                variants.append(
                    Variant(
                        label: member.label, canonical: sorted[0].label, count: member.count,
                        canonicalCount: sorted[0].count))
            }
        }
        return variants.sorted { $0.label < $1.label }
    }

    /// Labels with fewer than `minimum` examples, with their counts, rarest first.
    public static func rareLabels(counts: [String: Int], minimum: Int) -> [(label: String, count: Int)] {
        counts.filter { $0.value < minimum }.map { ($0.key, $0.value) }
            .sorted { $0.count < $1.count || ($0.count == $1.count && $0.label < $1.label) }
    }

    /// Label pairs whose examples overlap: for labels `a` and `b`, the probability the out-of-fold model gives
    /// `b` on `a`'s examples plus `a` on `b`'s, over the probability it gives either label on them. Pairs at or
    /// above `minimumOverlap` whose labels both have `minimumExamples` examples, largest first.
    ///
    /// Rows in `doubted` (the audit's suspected wrong labels) are left out of the probabilities: a wrong label is
    /// the other label's text, so with few labels the noise alone reads as overlap (BANKING77 mapped to two labels
    /// with 25% of them flipped: 0.40, a merge candidate; 0.29 without the doubted rows, 0.07 with the true labels).
    /// Labels given at random within one meaning still overlap: the model doubts every such row alike, so the rows
    /// left keep the even split. Centroids and counts are over all rows.
    public static func overlappingPairs(
        probabilities: Matrix, labels: [Int], vectors: Matrix, minimumOverlap: Double, minimumExamples: Int = 1,
        doubted: Set<Int> = []
    ) -> [Overlap] {
        let classCount = probabilities.columns
        // mass[a][b]: total probability of class b over the rows labelled a.
        var mass = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        probabilities.withUnsafeBufferPointer { values in
            for (row, label) in labels.enumerated() where !doubted.contains(row) {
                for column in 0..<classCount { mass[label][column] += Double(values[row * classCount + column]) }
            }
        }
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        var centroids = Matrix(rows: classCount, columns: vectors.columns)
        for (row, label) in labels.enumerated() {
            for column in 0..<vectors.columns { centroids[label, column] += vectors[row, column] }
        }
        centroids.normalizeRows()
        var pairs: [Overlap] = []
        for a in 0..<classCount where counts[a] >= minimumExamples {
            for b in (a + 1)..<max(a + 1, classCount) where counts[b] >= minimumExamples {
                let crossed = mass[a][b] + mass[b][a]
                let total = crossed + mass[a][a] + mass[b][b]
                guard total > 0 else { continue }
                let overlap = crossed / total
                guard overlap >= minimumOverlap else { continue }
                var cosine: Float = 0
                for column in 0..<vectors.columns { cosine += centroids[a, column] * centroids[b, column] }
                pairs.append(Overlap(first: a, second: b, overlap: overlap, centroidCosine: Double(cosine)))
            }
        }
        return pairs.sorted { $0.overlap > $1.overlap }
    }
}
