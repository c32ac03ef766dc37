/// Why a rule file was refused: the file, the line and column of the offending YAML node, and what was expected.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule the problem belongs to, when the problem is inside one.
    public var ruleID: String?
    /// The rule file (or directory) as given.
    public var file: String
    /// 1-based line (0 when the whole file or directory is at fault).
    public var line: Int
    /// 1-based column in Unicode scalars (0 when unknown).
    public var column: Int
    /// What is wrong and what is expected, in words.
    public var message: String

    /// An error at `file:line:column`.
    public init(ruleID: String? = nil, file: String, line: Int = 0, column: Int = 0, message: String) {
        self.ruleID = ruleID
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Rules/pii.yml:12:5: rule "pii-email": unknown kind "pi"; expected one of ...`.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0, column > 0 { text += ":\(column)" }
        text += ": "
        if let ruleID { text += "rule \"\(ruleID)\": " }
        return text + message
    }
}
