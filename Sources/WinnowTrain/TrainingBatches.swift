import WinnowCore

/// How training examples are grouped into batches each epoch.
public enum BatchOrder: String, Sendable, Codable, CaseIterable {
    /// Examples of similar length together (ties broken at random each epoch), batches in random order: the
    /// padding-free grouping a padded trainer needs to be fast (`group_by_length`).
    case lengthSorted = "length-sorted"
    /// Examples shuffled, then cut into batches.
    case shuffled
}

/// The batches of one epoch: lists of example indices.
enum TrainingBatches {
    /// Cuts `lengths.count` examples into batches of at most `size`, in `order`, drawing from `generator`.
    static func make(lengths: [Int], size: Int, order: BatchOrder, generator: inout SeededRandom) -> [[Int]] {
        precondition(size > 0, "batch size must be positive")
        var indices = Array(lengths.indices)
        indices.shuffle(using: &generator)
        if order == .lengthSorted {
            let position = Dictionary(uniqueKeysWithValues: indices.enumerated().map { ($1, $0) })
            indices.sort { (lengths[$0], position[$0] ?? 0) < (lengths[$1], position[$1] ?? 0) }
        }
        var batches = stride(from: 0, to: indices.count, by: size).map {
            Array(indices[$0..<min($0 + size, indices.count)])
        }
        if order == .lengthSorted { batches.shuffle(using: &generator) }
        return batches
    }
}
