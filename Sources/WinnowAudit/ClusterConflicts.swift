/// Different labels inside one duplicate cluster: the copies of one text cannot all be right.
public enum ClusterConflicts {
    /// A member whose label disagrees with its cluster's.
    public struct Conflict: Sendable, Equatable {
        /// The row.
        public var row: Int
        /// The cluster number (from dedup).
        public var cluster: Int
        /// The label most members carry (ties: the representative's).
        public var majorityLabel: Int
        /// The share of members carrying it.
        public var majorityShare: Double
        /// Members in the cluster (with a label).
        public var size: Int
    }

    /// A duplicate cluster as the audit sees it: rows (the first is the representative) and the cluster number.
    public struct Cluster: Sendable, Equatable {
        /// Cluster number from dedup.
        public var number: Int
        /// Rows; `rows[0]` is the representative.
        public var rows: [Int]

        /// A cluster.
        public init(number: Int, rows: [Int]) {
            self.number = number
            self.rows = rows
        }
    }

    /// The members of `clusters` whose label is not the cluster's majority label. `labels[row]` is nil for an
    /// unlabelled row, which takes no part.
    public static func find(clusters: [Cluster], labels: [Int?]) -> [Conflict] {
        var conflicts: [Conflict] = []
        for cluster in clusters {
            let labelled = cluster.rows.filter { labels[$0] != nil }
            guard labelled.count > 1 else { continue }
            var counts: [Int: Int] = [:]
            for row in labelled { counts[labels[row] ?? -1, default: 0] += 1 }
            guard counts.count > 1 else { continue }
            let representativeLabel = labels[cluster.rows[0]] ?? -1
            let best = counts.max { a, b in
                if a.value != b.value { return a.value < b.value }
                if (a.key == representativeLabel) != (b.key == representativeLabel) {
                    return b.key == representativeLabel
                }
                return a.key > b.key
            }
            guard let majority = best else { continue }
            for row in labelled where labels[row] != majority.key {
                conflicts.append(
                    Conflict(
                        row: row, cluster: cluster.number, majorityLabel: majority.key,
                        majorityShare: Double(majority.value) / Double(labelled.count), size: labelled.count))
            }
        }
        return conflicts
    }
}
