import Foundation
import Yams

/// One `key: value` of a rule mapping, with the file it was written in (overrides mix files).
struct RuleEntry {
    let key: String
    let keyNode: Node
    let value: Node
    let file: String
    /// The directory of `file`, for paths inside rule files.
    let directory: URL
}

/// Reads typed values out of one rule's entries, remembering which keys were read so that the rest can be reported
/// as unknown. Every error points at the offending node.
struct RuleReader {
    let ruleID: String?
    private let entries: [String: RuleEntry]
    private(set) var consumed: Set<String> = []

    init(ruleID: String?, entries: [String: RuleEntry]) {
        self.ruleID = ruleID
        self.entries = entries
    }

    /// An error at `node` of `entry`'s file.
    func error(_ message: String, at node: Node, in entry: RuleEntry) -> RuleError {
        RuleError(
            ruleID: ruleID, file: entry.file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
            message: message)
    }

    /// The entry for `key`, marked as read.
    mutating func take(_ key: String) -> RuleEntry? {
        consumed.insert(key)
        return entries[key]
    }

    /// Entries nobody read, in file order.
    var unread: [RuleEntry] {
        entries.values.filter { !consumed.contains($0.key) }
            .sorted {
                ($0.keyNode.mark?.line ?? 0, $0.keyNode.mark?.column ?? 0) < (
                    $1.keyNode.mark?.line ?? 0,
                    $1.keyNode.mark?.column ?? 0
                )
            }
    }

    /// A scalar read as text.
    mutating func string(_ key: String) throws(RuleError) -> (String, RuleEntry)? {
        guard let entry = take(key) else { return nil }
        guard let scalar = entry.value.scalar else {
            throw error("\"\(key)\" must be a text value", at: entry.value, in: entry)
        }
        return (scalar.string, entry)
    }

    /// A plain scalar read as an integer within `range`.
    mutating func int(_ key: String, in range: ClosedRange<Int> = 0...Int.max) throws(RuleError) -> Int? {
        try plainValue(key, in: range, expected: "an integer") { Int($0) }
    }

    /// A plain scalar read as a number within `range`.
    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(RuleError) -> Double? {
        try plainValue(key, in: range, expected: "a number") { Double($0) }
    }

    /// A plain (unquoted) scalar parsed by `parse` and checked against `range`.
    private mutating func plainValue<Value: Comparable>(
        _ key: String, in range: ClosedRange<Value>, expected: String, parse: (String) -> Value?
    ) throws(RuleError) -> Value? {
        guard let entry = take(key) else { return nil }
        guard let scalar = entry.value.scalar, scalar.style == .plain, let value = parse(scalar.string) else {
            throw error("\"\(key)\" must be \(expected); got \(describe(entry.value))", at: entry.value, in: entry)
        }
        guard range.contains(value) else {
            throw error(
                "\"\(key)\" must be between \(range.lowerBound) and \(range.upperBound); got \(value)",
                at: entry.value, in: entry)
        }
        return value
    }

    /// A plain scalar read as `true` or `false`.
    mutating func bool(_ key: String) throws(RuleError) -> Bool? {
        guard let entry = take(key) else { return nil }
        guard let scalar = entry.value.scalar, scalar.style == .plain, let value = entry.value.bool else {
            throw error("\"\(key)\" must be true or false; got \(describe(entry.value))", at: entry.value, in: entry)
        }
        return value
    }

    /// A scalar or a list of scalars, each with its node.
    mutating func strings(_ key: String) throws(RuleError) -> ([(String, Node)], RuleEntry)? {
        guard let entry = take(key) else { return nil }
        return (try Self.strings(of: entry.value, key: key, entry: entry, reader: self), entry)
    }

    /// The scalars of `node` (a scalar or a list of scalars).
    static func strings(of node: Node, key: String, entry: RuleEntry, reader: RuleReader) throws(RuleError)
        -> [(String, Node)]
    {
        if let scalar = node.scalar { return [(scalar.string, node)] }
        guard let sequence = node.sequence else {
            throw reader.error("\"\(key)\" must be a text or a list of texts", at: node, in: entry)
        }
        var values: [(String, Node)] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                throw reader.error("each item of \"\(key)\" must be a text", at: item, in: entry)
            }
            values.append((scalar.string, item))
        }
        return values
    }

    /// A node in words for an error message.
    func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return "\"\(scalar.string)\"" }
        if node.sequence != nil { return "a list" }
        return "a mapping"
    }
}
