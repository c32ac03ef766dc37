/// Why a policy file was refused: the file, the line and column of the offending YAML node, and what was expected.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The policy file (or name) as given.
    public var file: String
    /// 1-based line (0 when the whole file is at fault).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// What is wrong and what is expected.
    public var message: String

    /// An error at `file:line:column`.
    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `policy.yml:4:13: unknown action "aprove"; expected approve, reject or relabel`.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0, column > 0 { text += ":\(column)" }
        return text + ": " + message
    }
}
