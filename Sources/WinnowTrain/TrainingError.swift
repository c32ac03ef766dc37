/// Why a training run could not start or finish.
public struct TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Equatable {
        /// A parameter is out of range.
        case invalidParameters
        /// The examples cannot train a classifier (none, or a single label).
        case unusableData
        /// A validation example has a label the training examples do not have.
        case unknownLabel
        /// The run was stopped before the first epoch completed, so there is nothing to keep.
        case stoppedBeforeFirstEpoch
        /// An adapter directory is missing a file or holds something that cannot be read.
        case invalidAdapter
    }

    /// The kind of failure.
    public var kind: Kind
    /// What is wrong, in words.
    public var message: String

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
