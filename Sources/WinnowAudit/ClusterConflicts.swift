/// Different labels inside one duplicate cluster: the copies of one text cannot all be right.
public enum ClusterConflicts {
    /// A member whose label disagrees with its cluster's.
    public struct Conflict: Sendable, Equatable {
        /// The row.
        public var row: Int
        /// The cluster number (from dedup).
        public var cluster: Int
        /// The label the cluster is taken to carry (an index into the caller's label list).
        public var majorityLabel: Int
        /// The share of members carrying it.
        public var majorityShare: Double
        /// The average support (see ``find(clusters:labels:support:)``) for it over the members.
        public var support: Double
        /// Members in the cluster (with a label).
        public var size: Int
        /// Whether the row and a member carrying the cluster's label are copies of one text (each the
        /// representative or its exact or lexical duplicate), not only paraphrases.
        public var isCopy: Bool
    }

    /// A duplicate cluster as the audit sees it: rows (the first is the representative) and the cluster number.
    public struct Cluster: Sendable, Equatable {
        /// Cluster number from dedup.
        public var number: Int
        /// Rows; `rows[0]` is the representative.
        public var rows: [Int]
        /// The representative and the rows that are its exact or lexical duplicates (copies of its text).
        public var copies: Set<Int>

        /// A cluster; `copies` defaults to every row.
        public init(number: Int, rows: [Int], copies: Set<Int>? = nil) {
            self.number = number
            self.rows = rows
            self.copies = copies ?? Set(rows)
        }
    }

    /// The members of `clusters` whose label is not the cluster's label. `labels[row]` is nil for an unlabelled
    /// row, which takes no part.
    ///
    /// The cluster's label is, among the labels its members carry, the one with the largest total `support` over
    /// the members (for the audit: the blended probability of that label), then the one most members carry, then
    /// the representative's. Two copies of one text with different labels are thus settled by what the model and
    /// the neighbours say about the text, not by which copy was kept.
    public static func find(
        clusters: [Cluster], labels: [Int?], support: ((_ row: Int, _ label: Int) -> Double)? = nil
    ) -> [Conflict] {
        var conflicts: [Conflict] = []
        for cluster in clusters {
            let labelled = cluster.rows.filter { labels[$0] != nil }
            guard labelled.count > 1 else { continue }
            var counts: [Int: Int] = [:]
            for row in labelled { counts[labels[row] ?? -1, default: 0] += 1 }
            guard counts.count > 1 else { continue }
            let representativeLabel = labels[cluster.rows[0]] ?? -1
            var totals: [Int: Double] = [:]
            for label in counts.keys {
                totals[label] = labelled.reduce(0) { $0 + (support?($1, label) ?? 0) }
            }
            func isBetter(_ a: Int, than b: Int) -> Bool {
                let (totalA, totalB) = (totals[a] ?? 0, totals[b] ?? 0)
                if abs(totalA - totalB) > 1e-9 { return totalA > totalB }
                if counts[a] != counts[b] { return (counts[a] ?? 0) > (counts[b] ?? 0) }
                if (a == representativeLabel) != (b == representativeLabel) { return a == representativeLabel }
                return a < b
            }
            var chosen = -1
            for label in counts.keys where chosen < 0 || isBetter(label, than: chosen) { chosen = label }
            let copyCarriesChosen = labelled.contains { cluster.copies.contains($0) && labels[$0] == chosen }
            for row in labelled where labels[row] != chosen {
                conflicts.append(
                    Conflict(
                        row: row, cluster: cluster.number, majorityLabel: chosen,
                        majorityShare: Double(counts[chosen] ?? 0) / Double(labelled.count),
                        support: (totals[chosen] ?? 0) / Double(labelled.count), size: labelled.count,
                        isCopy: copyCarriesChosen && cluster.copies.contains(row)))
            }
        }
        return conflicts
    }
}
