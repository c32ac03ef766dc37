import WinnowCore

/// What a split is stratified by: the effective label (a reviewer's override, else the imported label) or the
/// effective training point (the imported one, else the effective label).
public enum SplitStratum: String, Sendable, CaseIterable {
    case label
    case trainingPoint = "training_point"
}

/// How to split: the held-out fractions, the seed, what to stratify by and which examples take part.
public struct SplitParameters: Sendable, Equatable {
    /// Share of the examples for validation, in [0, 1).
    public var validationFraction: Double
    /// Share of the examples for test, in [0, 1).
    public var testFraction: Double
    /// The seed: the same seed and data give the same split on every machine.
    public var seed: UInt64
    /// What each part must represent.
    public var stratifyBy: SplitStratum
    /// Whether pending examples without a warning or error flag take part (approved ones always do).
    public var includePending: Bool
    /// How many groups a stratum needs for its place in the held-out parts to be guaranteed ("enough examples").
    public var minimumHeldOutGroups: Int

    /// Parameters; the defaults are 10% validation, 10% test, seed 42, stratified by label, approved only, and a
    /// held-out place guaranteed from 3 groups on.
    public init(
        validationFraction: Double = 0.1, testFraction: Double = 0.1, seed: UInt64 = 42,
        stratifyBy: SplitStratum = .label, includePending: Bool = false, minimumHeldOutGroups: Int = 3
    ) {
        self.validationFraction = validationFraction
        self.testFraction = testFraction
        self.seed = seed
        self.stratifyBy = stratifyBy
        self.includePending = includePending
        self.minimumHeldOutGroups = minimumHeldOutGroups
    }

    /// The fraction wanted for `part` (train takes what the held-out parts leave).
    public func fraction(of part: SplitPart) -> Double {
        switch part {
        case .train: return 1 - validationFraction - testFraction
        case .validation: return validationFraction
        case .test: return testFraction
        }
    }

    /// Why these parameters cannot make a split, or nil when they can.
    public var problem: String? {
        for (name, value) in [("--val", validationFraction), ("--test", testFraction)]
        where !(value >= 0 && value < 1) {
            return "\(name) must be at least 0 and below 1 (got \(value))"
        }
        if validationFraction + testFraction >= 1 {
            return "--val and --test together must leave something for train (got \(validationFraction + testFraction))"
        }
        if minimumHeldOutGroups < 2 {
            return "--min-test-groups must be at least 2: one group always stays in train"
        }
        return nil
    }

    /// The parameters as stored with the split.
    public var json: JSONObject {
        JSONObject([
            ("validation", .number(validationFraction)), ("test", .number(testFraction)),
            ("seed", .string(String(seed))), ("stratify", .string(stratifyBy.rawValue)),
            ("include_pending", .bool(includePending)), ("min_test_groups", .number(Double(minimumHeldOutGroups))),
        ])
    }
}
