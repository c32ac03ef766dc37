/// Why a safetensors file could not be read or written, naming the file and, where one is at fault, the tensor.
public struct SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened, mapped or written.
        case unreadable
        /// The file is shorter than its header says.
        case truncated
        /// The header is not a well-formed safetensors JSON header.
        case invalidHeader
        /// A tensor's entry is inconsistent (offsets outside the data, size not matching shape × dtype, overlap).
        case invalidTensor
        /// A requested tensor is absent.
        case missingTensor
        /// A tensor's dtype cannot be converted to `Float`.
        case unsupportedType
        /// A tensor has a different shape than the caller expects.
        case shapeMismatch
    }

    /// The kind of failure.
    public var kind: Kind
    /// The file's path.
    public var file: String
    /// The tensor at fault, if any.
    public var tensor: String?
    /// What is wrong, in words.
    public var message: String

    /// An error of `kind` about `file` (and `tensor`).
    public init(_ kind: Kind, file: String, tensor: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.message = message
    }

    /// `file: tensor 'name': message`.
    public var description: String {
        if let tensor { return "\(file): tensor '\(tensor)': \(message)" }
        return "\(file): \(message)"
    }
}
