import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore

/// `winnow review policy [NAME|FILE]`: print a policy.
struct ReviewPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Print a review policy: the built-in default as YAML, or a file's rules.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A built-in policy name or a policy file.")
    var policy = "default"

    func run() throws {
        try reportingFailures {
            let loaded = try DecisionRun.policy(policy)
            let json: JSONValue = [
                "name": .string(loaded.name), "origin": .string(loaded.origin),
                "description": .string(loaded.description),
                "rules": .array(
                    loaded.rules.map { rule in
                        [
                            "id": .string(rule.id), "action": .string(rule.action.rawValue),
                            "description": .string(rule.description), "when": .string(rule.conditions),
                        ]
                    }),
            ]
            global.emit(json) {
                if let text = ReviewPolicy.builtIn[policy], loaded.origin == "built-in" { return text }
                return (try? String(contentsOfFile: policy, encoding: .utf8)) ?? ""
            }
        }
    }
}
