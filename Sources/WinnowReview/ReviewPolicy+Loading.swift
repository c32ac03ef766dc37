import Foundation
import WinnowCore
import Yams

extension ReviewPolicy {
    /// The policy `nameOrPath` names: a built-in name (`default`), else a YAML file.
    public static func load(_ nameOrPath: String) throws(PolicyError) -> ReviewPolicy {
        if let text = builtIn[nameOrPath], !FileManager.default.fileExists(atPath: nameOrPath) {
            return try parse(text, file: "built-in policy \(nameOrPath)", origin: "built-in")
        }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw PolicyError(
                file: nameOrPath,
                message: "no such policy file, and no built-in policy of that name (built-in: "
                    + builtIn.keys.sorted().joined(separator: ", ") + ")")
        }
        let text: String
        do {
            text = try String(contentsOfFile: nameOrPath, encoding: .utf8)
        } catch {
            throw PolicyError(file: nameOrPath, message: "cannot read the file as UTF-8 text")
        }
        let fallbackName = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
        return try parse(text, file: nameOrPath, origin: nameOrPath, fallbackName: fallbackName)
    }

    /// Reads a policy from YAML text; every mistake is reported with `file`, line and column.
    public static func parse(_ text: String, file: String, origin: String, fallbackName: String = "policy")
        throws(PolicyError) -> ReviewPolicy
    {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PolicyError(file: file, message: "the file is empty; expected name, description and rules")
            }
            root = node
        } catch let error as PolicyError {
            throw error
        } catch let error as YamlError {
            throw PolicyError(file: file, message: "not valid YAML: \(error)")
        } catch {
            throw PolicyError(file: file, message: "not valid YAML: \(error)")
        }
        var reader = try PolicyNodeReader(root, file: file, context: "the policy")
        let name = try reader.string("name") ?? fallbackName
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw reader.error("\"name\" must be letters, digits, '-', '_' or '.'; got \"\(name)\"", at: root)
        }
        let description = try reader.string("description") ?? ""
        guard let rulesNode = reader.take("rules") else {
            throw reader.error("the policy has no \"rules\" list", at: root)
        }
        guard let sequence = rulesNode.sequence, !sequence.isEmpty else {
            throw reader.error("\"rules\" must be a non-empty list of rules", at: rulesNode)
        }
        try reader.finish()
        var rules: [PolicyRule] = []
        for node in sequence {
            let rule = try parseRule(node, file: file)
            if rules.contains(where: { $0.id == rule.id }) {
                throw PolicyError(
                    file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                    message: "rule id \"\(rule.id)\" is used twice")
            }
            rules.append(rule)
        }
        return ReviewPolicy(name: name, description: description, rules: rules, origin: origin)
    }

    private static func parseRule(_ node: Node, file: String) throws(PolicyError) -> PolicyRule {
        var reader = try PolicyNodeReader(node, file: file, context: "a rule")
        guard let id = try reader.string("id"), !id.isEmpty else {
            throw reader.error("every rule needs an \"id\"", at: node)
        }
        reader.context = "rule \"\(id)\""
        let actionNode = reader.peek("action")
        guard let actionName = try reader.string("action") else {
            throw reader.error("no \"action\"; expected approve, reject or relabel", at: node)
        }
        guard let action = PolicyAction(rawValue: actionName) else {
            throw reader.error(
                "unknown action \"\(actionName)\"; expected approve, reject or relabel", at: actionNode ?? node)
        }
        var rule = PolicyRule(id: id, description: try reader.string("description") ?? "", action: action)
        if let statuses = try reader.strings("status") {
            rule.statuses = []
            for (value, valueNode) in statuses {
                guard let status = ReviewStatus(rawValue: value) else {
                    throw reader.error(
                        "unknown status \"\(value)\"; expected pending, approved or rejected", at: valueNode)
                }
                rule.statuses.append(status)
            }
        }
        rule.checks = try reader.strings("checks")?.map(\.0) ?? []
        rule.onlyNonRepresentatives = try reader.bool("only_non_representatives") ?? false
        rule.copiesOnly = try reader.bool("copies_only") ?? false
        let capNode = reader.peek("over_represented")
        rule.overRepresented = try reader.number("over_represented")
        if let factor = rule.overRepresented, !(factor >= 1) {
            throw reader.error("\"over_represented\" must be at least 1; got \(factor)", at: capNode ?? node)
        }
        rule.approve = try reader.bool("approve") ?? false
        rule.unflagged = try reader.bool("unflagged") ?? false
        let precisionNode = reader.peek("min_estimated_precision")
        rule.minimumEstimatedPrecision = try reader.number("min_estimated_precision")
        if let precision = rule.minimumEstimatedPrecision, !(0...1).contains(precision) {
            throw reader.error(
                "\"min_estimated_precision\" must be between 0 and 1; got \(precision)", at: precisionNode ?? node)
        }
        let confidenceNode = reader.peek("confidence_above")
        rule.confidenceAbove = try reader.number("confidence_above")
        if let confidence = rule.confidenceAbove, !(0...1).contains(confidence) {
            throw reader.error(
                "\"confidence_above\" must be between 0 and 1; got \(confidence)", at: confidenceNode ?? node)
        }
        let severityNode = reader.peek("max_severity")
        if let severity = try reader.string("max_severity") {
            guard let value = Severity(rawValue: severity) else {
                throw reader.error(
                    "unknown severity \"\(severity)\"; expected info, warning or error", at: severityNode ?? node)
            }
            rule.maxSeverity = value
        }
        try reader.finish()
        if action == .relabel, rule.checks.isEmpty {
            throw reader.error("a relabel rule needs \"checks\": the flags whose suggested label it applies", at: node)
        }
        if rule.onlyNonRepresentatives || rule.copiesOnly || rule.overRepresented != nil
            || rule.confidenceAbove != nil || rule.minimumEstimatedPrecision != nil, rule.checks.isEmpty
        {
            throw reader.error(
                "\"only_non_representatives\", \"copies_only\", \"over_represented\", \"confidence_above\" and "
                    + "\"min_estimated_precision\" need \"checks\"", at: node)
        }
        if rule.approve, action != .relabel {
            throw reader.error("\"approve: true\" belongs to a relabel rule", at: node)
        }
        return rule
    }
}

/// Reads the members of one YAML mapping, reporting unknown keys and wrong types at their node.
struct PolicyNodeReader {
    let file: String
    var context: String
    private var members: [(key: String, keyNode: Node, value: Node)] = []
    private var consumed: [String] = []

    init(_ node: Node, file: String, context: String) throws(PolicyError) {
        self.file = file
        self.context = context
        guard let mapping = node.mapping else {
            throw PolicyError(
                file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                message: "\(context) must be a mapping of keys to values")
        }
        for (key, value) in mapping {
            members.append((key.scalar?.string ?? "", key, value))
        }
    }

    func error(_ message: String, at node: Node) -> PolicyError {
        PolicyError(
            file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: "\(context): \(message)")
    }

    func peek(_ key: String) -> Node? { members.first { $0.key == key }?.value }

    mutating func take(_ key: String) -> Node? {
        if !consumed.contains(key) { consumed.append(key) }
        return peek(key)
    }

    mutating func string(_ key: String) throws(PolicyError) -> String? {
        guard let node = take(key) else { return nil }
        guard let scalar = node.scalar else { throw error("\"\(key)\" must be a text value", at: node) }
        return scalar.string
    }

    mutating func strings(_ key: String) throws(PolicyError) -> [(String, Node)]? {
        guard let node = take(key) else { return nil }
        if let scalar = node.scalar { return [(scalar.string, node)] }
        guard let sequence = node.sequence else {
            throw error("\"\(key)\" must be a text or a list of texts", at: node)
        }
        var values: [(String, Node)] = []
        for item in sequence {
            guard let scalar = item.scalar else { throw error("each item of \"\(key)\" must be a text", at: item) }
            values.append((scalar.string, item))
        }
        return values
    }

    mutating func bool(_ key: String) throws(PolicyError) -> Bool? {
        guard let node = take(key) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain, let value = node.bool else {
            throw error("\"\(key)\" must be true or false", at: node)
        }
        return value
    }

    mutating func number(_ key: String) throws(PolicyError) -> Double? {
        guard let node = take(key) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.string) else {
            throw error("\"\(key)\" must be a number", at: node)
        }
        return value
    }

    /// Fails on the first key nobody read.
    func finish() throws(PolicyError) {
        if let unknown = members.first(where: { !consumed.contains($0.key) }) {
            throw error(
                "unknown key \"\(unknown.key)\" (known keys: \(consumed.joined(separator: ", ")))",
                at: unknown.keyNode)
        }
    }
}
