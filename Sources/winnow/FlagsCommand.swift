import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow flags`: findings, with the flagged span in context.
struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags", abstract: "List flags (rule findings, duplicates, label issues) with their context.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this check (a rule id, near-duplicate, label-issue...).")
    var check: String?

    @Option(help: "Only this severity: error, warning or info.")
    var severity: String?

    @Option(help: "At most this many (0: all).")
    var limit: Int = 100

    func validate() throws {
        if let severity, Severity(rawValue: severity) == nil {
            throw ValidationError("--severity must be error, warning or info (got '\(severity)')")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            var flags = try store.flags(check: check)
            if let severity { flags = flags.filter { $0.severity.rawValue == severity } }
            let total = flags.count
            if limit > 0 { flags = Array(flags.prefix(limit)) }
            var cache: [Int64: Example] = [:]
            func example(_ id: Int64) -> Example? {
                if let known = cache[id] { return known }
                let loaded = try? store.example(id: id)
                cache[id] = loaded
                return loaded
            }
            global.emit(["total": .number(Double(total)), "flags": .array(flags.map(\.json))]) {
                var lines: [String] = []
                for flag in flags {
                    let field = flag.field.map { " \($0)" } ?? ""
                    lines.append(
                        "#\(flag.exampleID) [\(flag.severity.rawValue)] \(flag.check)\(field): \(flag.message)")
                    if let span = flag.span, let field = flag.field, let example = example(flag.exampleID),
                        let text = FlagContext.text(of: field, in: example)
                    {
                        lines.append("    " + FlagContext.excerpt(text, span: span))
                    }
                }
                lines.append("\(flags.count) of \(total) flags shown")
                return lines.joined(separator: "\n")
            }
        }
    }
}
