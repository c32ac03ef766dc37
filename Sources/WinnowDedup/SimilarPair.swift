/// Two items found similar by one tier, by index (`first < second`), with their similarity.
public struct SimilarPair: Sendable, Equatable, Hashable {
    /// The smaller index.
    public var first: Int
    /// The larger index.
    public var second: Int
    /// Jaccard similarity (lexical) or cosine (semantic).
    public var similarity: Double

    /// A pair; the indices are put in order.
    public init(_ a: Int, _ b: Int, similarity: Double) {
        first = min(a, b)
        second = max(a, b)
        self.similarity = similarity
    }
}
