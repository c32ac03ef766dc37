/// The settings of one label audit.
public struct AuditParameters: Sendable, Equatable {
    /// Folds of the out-of-fold probabilities.
    public var folds = 5
    /// Nearest labelled neighbours per example.
    public var neighbours = 10
    /// L2 strength of the softmax regression (on standardised embeddings, mean cross-entropy).
    public var regularization = 0.01
    /// L-BFGS iterations at most per fold.
    public var maximumIterations = 50
    /// Weight of the regression in the probabilities confident learning ranks by; the rest is the neighbours'
    /// label distribution (each neighbour weighted by `exp(cosine / neighbourTemperature)`).
    public var modelWeight = 0.5
    /// Temperature of the neighbour weights: smaller trusts the closest neighbours more.
    public var neighbourTemperature = 0.05
    /// How confident learning picks issues.
    public var selection = ConfidentLearning.Selection.lowestSelfConfidence
    /// An example whose neighbours carry its label with at most this (weighted) share, and one other label with at
    /// least `neighbourMajority`, disagrees with its neighbours.
    public var neighbourGivenShare = 0.1
    /// See `neighbourGivenShare`.
    public var neighbourMajority = 0.8
    /// Labels with fewer examples than this cannot be learned (taxonomy finding; their examples are not ranked).
    public var minimumExamples = 5
    /// Label pairs whose overlap (``LabelTaxonomy/Overlap/overlap``) reaches this are merge candidates.
    public var mergeOverlap = 0.3
    /// Seed of the folds.
    public var seed: UInt64 = 5
    /// Whether to estimate the precision of the suggested labels (``FixPrecisionEstimator``).
    public var measuresFixPrecision = true

    /// The defaults: 5 folds, 10 neighbours.
    public init() {}
}
