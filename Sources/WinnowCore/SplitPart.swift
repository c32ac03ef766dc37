/// One part of a train/validation/test split.
public enum SplitPart: String, Sendable, Codable, CaseIterable, Comparable {
    case train
    case validation
    case test

    /// Position in the usual order (train, validation, test).
    public var order: Int {
        switch self {
        case .train: return 0
        case .validation: return 1
        case .test: return 2
        }
    }

    public static func < (lhs: SplitPart, rhs: SplitPart) -> Bool { lhs.order < rhs.order }
}
