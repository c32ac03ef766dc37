/// Where a rule was defined: its rule file and the position of its `id`.
public struct RuleOrigin: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The rule file as given.
    public var file: String
    /// 1-based line of the rule's `id`.
    public var line: Int
    /// 1-based column of the rule's `id`.
    public var column: Int

    /// An origin at `file:line:column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `Rules/pii.yml:12:7`.
    public var description: String { "\(file):\(line):\(column)" }
}
