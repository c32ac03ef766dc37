import Foundation
import WinnowCore
import Yams

/// A rule as written, before its values are checked: its id and entries, possibly merged from several files.
struct RawRule {
    let id: String
    let file: String
    let origin: RuleOrigin
    let entries: [String: RuleEntry]
    let overrides: [RuleOrigin]

    static let ruleKeys: Set<String> = ["id", "description", "severity", "field", "kind", "action", "when", "enabled"]

    /// The rules of one file.
    static func parseFile(_ text: String, file: String, directory: URL) throws(RuleError) -> [RawRule] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuleError(yamlError: error, file: file)
        } catch {
            throw RuleError(file: file, message: "YAML: \(error)")
        }
        guard let root else { return [] }
        var items: [Node]
        if let sequence = root.sequence {
            items = Array(sequence)
        } else if let mapping = root.mapping, mapping.count == 1, let sequence = mapping["rules"]?.sequence {
            items = Array(sequence)
        } else {
            throw RuleError(
                file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1,
                message: "expected a list of rules (each a mapping with id, description, severity, field, kind)")
        }
        var rules: [RawRule] = []
        for item in items { rules.append(try parseRule(item, file: file, directory: directory)) }
        return rules
    }

    private static func parseRule(_ node: Node, file: String, directory: URL) throws(RuleError) -> RawRule {
        guard let mapping = node.mapping else {
            throw RuleError(
                file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                message: "expected a rule: a mapping with id, description, severity, field, kind")
        }
        var entries: [String: RuleEntry] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw RuleError(
                    file: file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0,
                    message: "expected a text key")
            }
            entries[name] = RuleEntry(key: name, keyNode: key, value: value, file: file, directory: directory)
        }
        guard let idEntry = entries["id"] else {
            throw RuleError(
                file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                message: "rule has no \"id\"")
        }
        guard let id = idEntry.value.scalar?.string, isValidID(id) else {
            throw RuleError(
                file: file, line: idEntry.value.mark?.line ?? 0, column: idEntry.value.mark?.column ?? 0,
                message: "\"id\" must be lower-case letters, digits, \"-\", \"_\" or \".\", starting with a letter")
        }
        let origin = RuleOrigin(
            file: file, line: idEntry.value.mark?.line ?? 0, column: idEntry.value.mark?.column ?? 0)
        return RawRule(id: id, file: file, origin: origin, entries: entries, overrides: [])
    }

    private static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, ASCII.isLower(first) else { return false }
        return id.utf8.allSatisfy { ASCII.isLower($0) || ASCII.isDigit($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// This rule with `later`'s entries laid over it.
    func overridden(by later: RawRule) -> RawRule {
        var merged = entries
        if let newKind = later.entries["kind"]?.value.scalar?.string,
            newKind != entries["kind"]?.value.scalar?.string
        {
            merged = merged.filter { RawRule.ruleKeys.contains($0.key) }
        }
        for (key, entry) in later.entries { merged[key] = entry }
        return RawRule(
            id: id, file: later.file, origin: later.origin, entries: merged, overrides: overrides + [origin])
    }

    /// Checks every value and compiles the rule.
    func compile() throws(RuleError) -> Rule {
        var reader = RuleReader(ruleID: id, entries: entries)
        _ = reader.take("id")
        let enabled = try reader.bool("enabled") ?? true
        guard let (description, _) = try reader.string("description") else { throw missing("description") }
        guard let (severityName, severityEntry) = try reader.string("severity") else { throw missing("severity") }
        guard let severity = Severity(rawValue: severityName) else {
            throw reader.error(
                "unknown severity \"\(severityName)\"; expected one of error, warning, info", at: severityEntry.value,
                in: severityEntry)
        }
        guard let (fieldNames, fieldEntry) = try reader.strings("field") else { throw missing("field") }
        var fields: [RuleField] = []
        for (name, node) in fieldNames {
            guard let field = RuleField(spelling: name) else {
                throw reader.error(
                    "unknown field \"\(name)\"; expected one of \(RuleField.spellings)", at: node, in: fieldEntry)
            }
            fields.append(field)
        }
        if fields.isEmpty {
            throw reader.error("\"field\" needs at least one field", at: fieldEntry.value, in: fieldEntry)
        }
        guard let (kindName, kindEntry) = try reader.string("kind") else { throw missing("kind") }
        guard let kind = RuleKind(rawValue: kindName) else {
            throw reader.error(
                "unknown kind \"\(kindName)\"; expected one of \(RuleKind.spellings)", at: kindEntry.value,
                in: kindEntry)
        }
        var action = RuleAction.flag
        if let (actionName, actionEntry) = try reader.string("action") {
            guard let parsed = RuleAction(rawValue: actionName) else {
                throw reader.error(
                    "unknown action \"\(actionName)\"; expected one of flag, redact, reject", at: actionEntry.value,
                    in: actionEntry)
            }
            if parsed == .redact, kind != .regex, kind != .pii {
                throw reader.error(
                    "action \"redact\" needs a kind that finds spans to replace: regex or pii", at: actionEntry.value,
                    in: actionEntry)
            }
            action = parsed
        }
        if kind == .nonAnswer, fields != [.response] {
            throw reader.error(
                "kind non_answer reads the response; expected field: response", at: fieldEntry.value, in: fieldEntry)
        }
        let conditions = try readConditions(&reader)
        let check = try kind.makeCheck(&reader, ruleID: id)
        if let unknown = reader.unread.first {
            let expected = (RawRule.ruleKeys.sorted() + kind.parameterNames).joined(separator: ", ")
            throw reader.error(
                "unknown key \"\(unknown.key)\" for kind \(kind.rawValue); expected one of \(expected)",
                at: unknown.keyNode, in: unknown)
        }
        return Rule(
            id: id, description: description, severity: severity, fields: fields, kind: kind, action: action,
            conditions: conditions, enabled: enabled, origin: origin, overrides: overrides, check: check)
    }

    private func missing(_ key: String) -> RuleError {
        RuleError(
            ruleID: id, file: file, line: origin.line, column: origin.column,
            message: "missing \"\(key)\"")
    }

    private func readConditions(_ reader: inout RuleReader) throws(RuleError) -> RuleConditions {
        guard let entry = reader.take("when") else { return RuleConditions() }
        guard let mapping = entry.value.mapping else {
            throw reader.error("\"when\" must be a mapping of conditions", at: entry.value, in: entry)
        }
        var conditions = RuleConditions()
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            switch name {
            case "has_response", "has_label":
                guard value.scalar?.style == .plain, let flag = value.bool else {
                    throw reader.error("\"\(name)\" must be true or false", at: value, in: entry)
                }
                if name == "has_response" { conditions.hasResponse = flag } else { conditions.hasLabel = flag }
            case "source":
                conditions.sources = try RuleReader.strings(of: value, key: name, entry: entry, reader: reader)
                    .map(\.0)
            case "label":
                conditions.labels = try RuleReader.strings(of: value, key: name, entry: entry, reader: reader)
                    .map(\.0)
            case "metadata":
                guard let pairs = value.mapping else {
                    throw reader.error("\"metadata\" must map keys to values", at: value, in: entry)
                }
                for (metadataKey, metadataValue) in pairs {
                    let values = try RuleReader.strings(
                        of: metadataValue, key: metadataKey.scalar?.string ?? "", entry: entry, reader: reader)
                    conditions.metadata.append((metadataKey.scalar?.string ?? "", values.map(\.0)))
                }
            default:
                throw reader.error(
                    "unknown condition \"\(name)\"; expected one of has_response, has_label, source, label, metadata",
                    at: key, in: entry)
            }
        }
        return conditions
    }
}

extension RuleError {
    /// A YAML syntax error at its mark.
    init(yamlError: YamlError, file: String) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            self.init(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in one mapping")
        default:
            self.init(file: file, message: "YAML: \(yamlError)")
        }
    }
}
