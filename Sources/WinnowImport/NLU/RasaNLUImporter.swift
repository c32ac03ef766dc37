import Foundation
import WinnowCore

/// Imports Rasa's NLU training data: one example per record, its intent the label, placed by its line.
///
/// Rasa 2 and 3 write YAML (``RasaYAMLReader``), Rasa 1 wrote Markdown (``RasaMarkdownReader``); the extension tells
/// which (`.yml`, `.yaml`, `.md`), else the content (`## intent:` headings are Markdown). Entity annotations are
/// unwrapped to their words (``EntityAnnotations``); synonym, regex and lookup parts are no examples and a note
/// counts them. The file is small beside a support log, so it is read whole; a file holding no intent at all is
/// refused, naming the file.
struct RasaNLUImporter: Importer {
    /// How a file writes its training data.
    enum Syntax {
        case yaml
        case markdown
        /// Bot Framework's `.lu` files (LUIS's and Composer's): Markdown with `# NAME` headings.
        case lu
    }

    func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let whole = try file.readWhole()
        let text = try RasaNLUImporter.text(of: whole.bytes, displayPath: file.displayPath)
        let reader: ((ImportEvent) throws -> Void) throws -> Void
        let syntax = RasaNLUImporter.syntax(path: file.url.path, prefix: file.prefix)
        switch syntax {
        case .yaml:
            let document = try RasaYAMLReader(text: text, displayPath: file.displayPath)
            reader = { try document.read($0) }
        case .markdown, .lu:
            let document = try RasaMarkdownReader(text: text, displayPath: file.displayPath, isLU: syntax == .lu)
            reader = { try document.read($0) }
        }
        return OpenedFile(digest: whole.digest, records: .stream(RecordStream(reader)))
    }

    /// The syntax of the file at `path`: by its extension, else Markdown when its first lines hold a Rasa heading.
    static func syntax(path: String, prefix: [UInt8]) -> Syntax {
        switch (path as NSString).pathExtension.lowercased() {
        case "yml", "yaml": return .yaml
        case "md", "markdown": return .markdown
        case "lu": return .lu
        default: return looksLikeMarkdown(prefix) ? .markdown : .yaml
        }
    }

    /// The file's text, without a byte order mark; bytes that are not UTF-8 (as Rasa reads its data) throw an error
    /// naming the line.
    static func text(of bytes: [UInt8], displayPath: String) throws -> String {
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        if let text = String(validating: content, as: UTF8.self) { return text }
        var validator = UTF8Validator()
        _ = content.withUnsafeBytes { validator.feed($0) }
        throw ImportError(
            kind: .invalidEncoding, file: displayPath, locator: .line(validator.line),
            message: "Rasa training data is UTF-8 text; this line is not")
    }

    /// Whether the first bytes of a YAML file hold Rasa's NLU training data: a top-level `nlu:` key.
    static func holdsYAMLExamples(_ prefix: [UInt8]) -> Bool { topLevelKeys(prefix).contains("nlu") }

    /// The keys of a YAML file's top-level mapping that its first bytes hold: lines opening at the first column with
    /// a key, then a colon that ends the line or comes before a space.
    static func topLevelKeys(_ prefix: [UInt8]) -> [String] {
        var keys: [String] = []
        for line in String(decoding: prefix, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = line.drop { $0 == "\u{FEFF}" }
            guard let first = line.first, first.isLetter || first == "_" || first == "\"" || first == "'",
                let colon = line.firstIndex(of: ":")
            else { continue }
            let after = line.index(after: colon)
            guard after == line.endIndex || line[after].isWhitespace else { continue }
            let key = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            if !key.isEmpty, !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// What a YAML file without an `nlu:` list is, naming the top-level parts it holds instead (`keys`), which are
    /// not imported: `a YAML file holding no NLU examples (...)`.
    static func yamlWithoutExamples(keys: [String]) -> String {
        let others = keys.filter { $0 != "version" }
        let holds = others.isEmpty ? "" : "; its \(others.map { "\($0):" }.joined(separator: ", ")) are not imported"
        return "a YAML file holding no NLU examples (no top-level `nlu:` list\(holds)): import the NLU training data"
            + " (a Rasa project's data/nlu.yml)"
    }

    /// Whether a text's first lines hold Rasa 1's Markdown training data: a `## intent:NAME` heading.
    static func looksLikeMarkdown(_ prefix: [UInt8]) -> Bool {
        String(decoding: prefix, as: UTF8.self).split(whereSeparator: \.isNewline).prefix(500).contains {
            RasaMarkdownReader.heading($0)?.kind == "intent"
        }
    }
}
