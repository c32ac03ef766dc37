import Foundation
import WinnowCore
import Yams

extension RuleSet {
    /// Loads every `*.yml` / `*.yaml` file of each directory, in name order. A rule in a later directory whose id
    /// is already defined overrides it: the keys it gives replace the earlier ones (a new `kind` drops the earlier
    /// kind's parameters), so `- id: shouting-input` with `enabled: false` switches a default off.
    /// Everything is checked before anything runs; the first mistake is thrown with its file, line and column.
    ///
    /// With `builtIn`, the shipped rules compiled into the binary (``BuiltInRules``) come first, as a directory would.
    public static func load(directories: [URL], builtIn: Bool = false) throws(RuleError) -> RuleSet {
        var definitions: [String: RawRule] = [:]
        var order: [String] = []
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var sources: [(directory: URL, files: [(display: String, text: String)])] = []
        if builtIn {
            sources.append((current, BuiltInRules.files.map { (display: "built-in Rules/" + $0.name, text: $0.text) }))
        }
        for directory in directories {
            var files: [(display: String, text: String)] = []
            for file in try ruleFiles(in: directory) {
                do {
                    files.append((display(file), try String(contentsOf: file, encoding: .utf8)))
                } catch {
                    throw RuleError(file: display(file), message: "cannot read the rule file: \(error)")
                }
            }
            sources.append((directory, files))
        }
        for (directory, files) in sources {
            var seenHere: [String: RawRule] = [:]
            for (file, text) in files {
                for raw in try RawRule.parseFile(text, file: file, directory: directory) {
                    if let first = seenHere[raw.id] {
                        throw RuleError(
                            ruleID: raw.id, file: raw.file, line: raw.origin.line, column: raw.origin.column,
                            message: "duplicate rule id; first defined at \(first.origin)")
                    }
                    seenHere[raw.id] = raw
                    if let base = definitions[raw.id] {
                        definitions[raw.id] = base.overridden(by: raw)
                    } else {
                        definitions[raw.id] = raw
                        order.append(raw.id)
                    }
                }
            }
        }
        var rules: [Rule] = []
        for id in order {
            guard let raw = definitions[id] else { continue }
            rules.append(try raw.compile())
        }
        return RuleSet(rules: rules)
    }

    /// Parses one rule file's text (named `file` in errors; paths inside it are relative to `directory`).
    public static func parse(yaml: String, file: String, directory: URL) throws(RuleError) -> RuleSet {
        var rules: [Rule] = []
        var seen: [String: RuleOrigin] = [:]
        for raw in try RawRule.parseFile(yaml, file: file, directory: directory) {
            if let first = seen[raw.id] {
                throw RuleError(
                    ruleID: raw.id, file: file, line: raw.origin.line, column: raw.origin.column,
                    message: "duplicate rule id; first defined at \(first)")
            }
            seen[raw.id] = raw.origin
            rules.append(try raw.compile())
        }
        return RuleSet(rules: rules)
    }

    private static func ruleFiles(in directory: URL) throws(RuleError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw RuleError(file: display(directory), message: "no such rule directory")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RuleError(file: display(directory), message: "cannot list the rule directory: \(error)")
        }
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// A path as users wrote it: relative to the current directory when inside it.
    static func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
