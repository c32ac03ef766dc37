import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowRules

/// `winnow rules`: the active rules and where each came from.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules (defaults plus --rules DIR) and where each was defined.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (adds rules or overrides by id).")
    var ruleDirectories: [String] = []

    func run() throws {
        try reportingFailures {
            let service = CheckService(extra: ruleDirectories.map { URL(fileURLWithPath: $0) })
            let ruleSet: RuleSet
            do {
                ruleSet = try service.loadRules()
            } catch let error as RuleError {
                throw Failure.input(error.description)
            }
            let rules = ruleSet.rules
            let json = JSONValue.array(
                rules.map { rule in
                    var entry = JSONObject()
                    entry["id"] = .string(rule.id)
                    entry["kind"] = .string(rule.kind.rawValue)
                    entry["severity"] = .string(rule.severity.rawValue)
                    entry["action"] = .string(rule.action.rawValue)
                    entry["enabled"] = .bool(rule.enabled)
                    entry["description"] = .string(rule.description)
                    entry["origin"] = .string(rule.origin.description)
                    entry["overrides"] = .array(rule.overrides.map { .string($0.description) })
                    return .object(entry)
                })
            global.emit(["rules": json]) {
                var lines: [String] = []
                for rule in rules {
                    let state = rule.enabled ? "" : " (disabled)"
                    lines.append(
                        "\(TextTable.cell(rule.id, 28)) \(TextTable.cell(rule.kind.rawValue, 18)) "
                            + "\(TextTable.cell(rule.severity.rawValue, 8)) \(TextTable.cell(rule.action.rawValue, 7)) "
                            + "\(rule.origin)\(state)")
                    for overridden in rule.overrides { lines.append("    overrides \(overridden)") }
                }
                lines.append("\(rules.filter(\.enabled).count) active rules of \(rules.count)")
                return lines.joined(separator: "\n")
            }
        }
    }
}
