/// How semantic neighbours are searched.
public enum SemanticSearchMode: String, Sendable, CaseIterable {
    /// Exact blocked search up to ``DedupParameters/exactSearchLimit`` vectors, the bucket index beyond.
    case automatic = "auto"
    /// Always the exact blocked search (every pair is compared).
    case exact
    /// Always the bucket index (``BucketIndex``).
    case approximate
}

/// The settings of one dedup run.
public struct DedupParameters: Sendable, Equatable {
    /// Cosine of the input embeddings at or above which two examples are semantic near-duplicates.
    public var semanticThreshold: Float = 0.95
    /// Jaccard similarity of the shingles at or above which two examples are lexical near-duplicates.
    public var lexicalThreshold: Double = 0.8
    /// The shingles; nil chooses by length (``automaticShingle(medianWords:)``).
    public var shingle: ShingleKind?
    /// MinHash hash functions.
    public var permutations = 128
    /// What the exact and lexical tiers ignore beyond case, whitespace and punctuation.
    public var normalization = NormalizationOptions()
    /// Exact or approximate semantic search.
    public var semanticSearch = SemanticSearchMode.automatic
    /// The largest number of vectors searched exactly in automatic mode.
    public var exactSearchLimit = 50_000
    /// Buckets of the approximate index (nil: twice the square root of the number of vectors).
    public var bucketCount: Int?
    /// Buckets each vector is compared with in the approximate index.
    public var probes = 8
    /// Responses shared (exactly or lexically) by at least this many examples are reported as canned replies.
    public var cannedReplyMinimum = 5
    /// Seed of the MinHash functions and of the bucket index's sample.
    public var seed: UInt64 = 0x5EED_0F_D3D0_0F

    /// The defaults: cosine 0.95, Jaccard 0.8, automatic shingles, 128 permutations.
    public init() {}

    /// Character 3-grams when the median compared text has fewer than 100 words (intent data, short tickets:
    /// tolerant of typos and swapped words), 5-word shingles otherwise. One kind for the whole run, so every pair
    /// is comparable.
    public static func automaticShingle(medianWords: Int) -> ShingleKind {
        medianWords < 100 ? .characters(3) : .words(5)
    }
}
