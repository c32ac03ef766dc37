import Foundation
import WinnowMail
import Yams

extension RuleKind {
    /// The parameter keys the kind accepts.
    var parameterNames: [String] {
        switch self {
        case .regex:
            return [
                "pattern", "case_insensitive", "multiline", "dot_matches_newlines", "prefilter",
                "placeholder", "message",
            ]
        case .length: return ["min_chars", "max_chars", "min_words", "max_words"]
        case .tokenLength: return ["max_tokens", "reserved_tokens"]
        case .empty: return ["missing"]
        case .htmlRemnants, .mojibake: return []
        case .templateLeftover: return ["placeholders", "filler"]
        case .pii: return ["types"]
        case .autoReply: return ["categories", "extra_phrases", "newest_text_only"]
        case .internalNoteLeak: return ["categories", "extra_phrases"]
        case .replyParts: return ["parts", "message"]
        case .nonAnswer: return ["max_words", "repeat_similarity"]
        case .shouting: return ["min_letters", "max_uppercase_ratio"]
        case .repeatedChars: return ["min_run", "ignore"]
        case .labelAllowed: return ["labels_file", "labels"]
        }
    }

    /// Reads the kind's parameters from `reader` and builds its check.
    func makeCheck(_ reader: inout RuleReader, ruleID: String) throws(RuleError) -> any RuleCheck {
        switch self {
        case .regex: return try RuleKind.makeRegex(&reader, ruleID: ruleID)
        case .length:
            let check = LengthCheck(
                minCharacters: try reader.int("min_chars"), maxCharacters: try reader.int("max_chars"),
                minWords: try reader.int("min_words"), maxWords: try reader.int("max_words"))
            if check.minCharacters == nil, check.maxCharacters == nil, check.minWords == nil, check.maxWords == nil,
                let kind = reader.take("kind")
            {
                throw reader.error(
                    "kind length needs at least one of min_chars, max_chars, min_words, max_words", at: kind.value,
                    in: kind)
            }
            return check
        case .tokenLength:
            let maxTokens = try reader.int("max_tokens", in: 8...100_000) ?? 256
            let reserved = try reader.int("reserved_tokens", in: 0...16) ?? 2
            return TokenLengthCheck(maxTokens: maxTokens, reservedTokens: reserved)
        case .empty: return EmptyCheck(reportsMissing: try reader.bool("missing") ?? true)
        case .pii:
            var types: [PIIType] = PIIType.allCases
            if let (names, entry) = try reader.strings("types") {
                types = []
                for (name, node) in names {
                    guard let type = PIIType(rawValue: name) else {
                        let expected = PIIType.allCases.map(\.rawValue).joined(separator: ", ")
                        throw reader.error(
                            "unknown PII type \"\(name)\"; expected one of \(expected)", at: node, in: entry)
                    }
                    types.append(type)
                }
                if types.isEmpty { throw reader.error("\"types\" needs at least one type", at: entry.value, in: entry) }
            }
            return PIICheck(types: types)
        case .autoReply:
            let check = try RuleKind.makePhraseCheck(
                &reader, lists: AutoReplyPhrases.lists, describe: AutoReplyPhrases.describe)
            return try reader.bool("newest_text_only") == true ? NewestTextCheck(inner: check) : check
        case .replyParts: return try RuleKind.makeReplyParts(&reader)
        case .internalNoteLeak:
            return try RuleKind.makePhraseCheck(
                &reader, lists: InternalNotePhrases.lists, describe: InternalNotePhrases.describe)
        case .htmlRemnants: return HTMLRemnantsCheck()
        case .templateLeftover:
            let placeholders = try reader.bool("placeholders") ?? true
            let filler = try reader.bool("filler") ?? true
            let check = TemplateLeftoverCheck(findsPlaceholders: placeholders, findsFiller: filler)
            if !check.findsPlaceholders, !check.findsFiller, let kind = reader.take("kind") {
                throw reader.error(
                    "kind template_leftover with placeholders and filler both false finds nothing", at: kind.value,
                    in: kind)
            }
            return check
        case .mojibake: return MojibakeCheck()
        case .nonAnswer:
            return NonAnswerCheck(
                maxWords: try reader.int("max_words", in: 1...10_000) ?? 60,
                repeatSimilarity: try reader.number("repeat_similarity", in: 0.1...1) ?? 0.8)
        case .shouting:
            return ShoutingCheck(
                minLetters: try reader.int("min_letters", in: 1...100_000) ?? 20,
                maxUppercaseRatio: try reader.number("max_uppercase_ratio", in: 0...1) ?? 0.7)
        case .repeatedChars:
            let minRun = try reader.int("min_run", in: 2...1000) ?? 5
            let ignored = try reader.string("ignore").map { Set($0.0.utf8) } ?? []
            return RepeatedCharsCheck(minRun: minRun, ignored: ignored)
        case .labelAllowed: return try RuleKind.makeLabelAllowed(&reader)
        }
    }

    private static func makeRegex(_ reader: inout RuleReader, ruleID: String) throws(RuleError) -> any RuleCheck {
        guard let (pattern, patternEntry) = try reader.string("pattern") else {
            let kind = reader.take("kind")
            throw RuleError(
                ruleID: ruleID, file: kind?.file ?? "", line: kind?.value.mark?.line ?? 0,
                column: kind?.value.mark?.column ?? 0, message: "kind regex needs a \"pattern\"")
        }
        var options: NSRegularExpression.Options = []
        if try reader.bool("case_insensitive") == true { options.insert(.caseInsensitive) }
        if try reader.bool("multiline") == true { options.insert(.anchorsMatchLines) }
        if try reader.bool("dot_matches_newlines") == true { options.insert(.dotMatchesLineSeparators) }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw reader.error(
                "invalid regular expression \"\(pattern)\"; expected ICU regular expression syntax",
                at: patternEntry.value, in: patternEntry)
        }
        var prefilter: PhraseMatcher?
        if let (literals, entry) = try reader.strings("prefilter") {
            for (literal, node) in literals where literal.utf8.count < 2 {
                throw reader.error("each prefilter literal needs at least two characters", at: node, in: entry)
            }
            prefilter = PhraseMatcher(literals.map { ("*" + $0.0 + "*", 0) })
        }
        let placeholder =
            try reader.string("placeholder")?.0 ?? ruleID.uppercased().replacingOccurrences(of: "-", with: "_")
        let message = try reader.string("message")?.0
        return RegexCheck(
            expression: RegularExpressionBox(regex: regex), prefilter: prefilter, placeholder: placeholder,
            message: message)
    }

    private static func makePhraseCheck(
        _ reader: inout RuleReader, lists: [(category: String, phrases: [String])],
        describe: @escaping @Sendable (String) -> String
    ) throws(RuleError) -> any RuleCheck {
        var selected = lists
        if let (names, entry) = try reader.strings("categories") {
            let known = lists.map(\.category)
            for (name, node) in names where !known.contains(name) {
                throw reader.error(
                    "unknown category \"\(name)\"; expected one of \(known.joined(separator: ", "))", at: node,
                    in: entry)
            }
            if names.isEmpty {
                throw reader.error("\"categories\" needs at least one category", at: entry.value, in: entry)
            }
            let wanted = Set(names.map(\.0))
            selected = lists.filter { wanted.contains($0.category) }
        }
        var extra: [String] = []
        if let (phrases, entry) = try reader.strings("extra_phrases") {
            for (phrase, node) in phrases where phrase.replacingOccurrences(of: "*", with: "").utf8.count < 2 {
                throw reader.error("each phrase needs at least two characters", at: node, in: entry)
            }
            extra = phrases.map(\.0)
        }
        return PhraseCheck(lists: selected, extra: extra, extraCategory: "custom", describe: describe)
    }

    private static func makeReplyParts(_ reader: inout RuleReader) throws(RuleError) -> any RuleCheck {
        var parts: Set<CleanedReply.Part> = [.quoted, .forwarded]
        if let (names, entry) = try reader.strings("parts") {
            parts = []
            for (name, node) in names {
                guard let part = CleanedReply.Part(rawValue: name) else {
                    let expected = CleanedReply.Part.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.error("unknown part \"\(name)\"; expected one of \(expected)", at: node, in: entry)
                }
                parts.insert(part)
            }
            if parts.isEmpty { throw reader.error("\"parts\" needs at least one part", at: entry.value, in: entry) }
        }
        return ReplyPartsCheck(parts: parts, message: try reader.string("message")?.0)
    }

    private static func makeLabelAllowed(_ reader: inout RuleReader) throws(RuleError) -> any RuleCheck {
        var labels: [String] = []
        var origins: [String] = []
        if let (inline, entry) = try reader.strings("labels") {
            labels += inline.map(\.0)
            origins.append("labels in \((entry.file as NSString).lastPathComponent)")
        }
        if let (path, entry) = try reader.string("labels_file") {
            origins.append(path)
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : entry.directory.appendingPathComponent(path)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw reader.error(
                    "cannot read labels file \"\(path)\" (looked for \(url.path)); expected one label per line",
                    at: entry.value, in: entry)
            }
            labels += LabelList.parse(text)
        }
        if labels.isEmpty, !origins.isEmpty, let kind = reader.take("kind") {
            throw reader.error(
                "kind label_allowed has an empty list (\(origins.joined(separator: ", ")))", at: kind.value, in: kind)
        }
        // No list: the project's (`winnow init --labels FILE`), given to the engine when the check runs.
        return LabelAllowedCheck(labels: labels, origin: origins.joined(separator: ", "))
    }
}
