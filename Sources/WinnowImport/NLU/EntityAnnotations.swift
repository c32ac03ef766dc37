import Foundation
import WinnowCore

/// Entity annotations inside an example's text, unwrapped to the words they mark:
///
/// - `[savings](account)`, and Rasa 1's `[savings](account:savings_account)` naming the value too;
/// - `[credit card]{"entity": "account", "value": "credit"}` (also with `role` and `group`);
/// - `[Berlin][{"entity": "city"}, {"entity": "location"}]`, one span holding several entities;
/// - Bot Framework's `.lu` files' `{@city=Seattle}` (`{city=Seattle}` in older files).
///
/// Brackets that open no annotation (`[sic]`, a `[` never closed, braces that hold no JSON object) stay as written.
enum EntityAnnotations {
    /// `text` with each annotation replaced by the words it marks, and the entities marked, in order: each an object
    /// with the words as `text`, the `entity`, and the `value`, `role` or `group` the annotation gives.
    static func unwrap(_ text: String) -> (text: String, entities: [JSONValue]) {
        guard text.contains("[") || text.contains("{") else { return (text, []) }
        var plain = ""
        var entities: [JSONValue] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "{", let found = labelledSpan(in: text, at: index) {
                plain += found.words
                entities.append(found.entity)
                index = found.end
            } else if text[index] == "[", let found = annotation(in: text, at: index) {
                plain += found.words
                entities += found.entities
                index = found.end
            } else {
                plain.append(text[index])
                index = text.index(after: index)
            }
        }
        return (plain, entities)
    }

    /// The annotation of Bot Framework's `.lu` files opening at `start` (a `{`): `{@city=Seattle}` or
    /// `{city=Seattle}`, the words after the `=`; nil when the brace opens none (a name without `=`, a space in it).
    private static func labelledSpan(in text: String, at start: String.Index) -> (
        words: String, entity: JSONValue, end: String.Index
    )? {
        let inner = text.index(after: start)
        guard let close = text[inner...].firstIndex(of: "}"),
            let equals = text[inner..<close].firstIndex(of: "=")
        else { return nil }
        let name = text[inner..<equals].drop { $0 == "@" }
        let words = String(text[text.index(after: equals)..<close])
        guard !name.isEmpty, !name.contains(where: \.isWhitespace), !words.isEmpty else { return nil }
        let entity = JSONValue.object(
            JSONObject(membersWithDistinctKeys: [("text", .string(words)), ("entity", .string(String(name)))]))
        return (words, entity, text.index(after: close))
    }

    /// The annotation opening at `start` (a `[`): the words it marks, its entities, and where it ends; nil when the
    /// bracket opens none.
    private static func annotation(in text: String, at start: String.Index) -> (
        words: String, entities: [JSONValue], end: String.Index
    )? {
        let wordsStart = text.index(after: start)
        guard let close = text[wordsStart...].firstIndex(of: "]"), close > wordsStart else { return nil }
        let words = String(text[wordsStart..<close])
        let after = text.index(after: close)
        guard after < text.endIndex else { return nil }
        let closer: Character
        switch text[after] {
        case "(": closer = ")"
        case "{": closer = "}"
        case "[": closer = "]"
        default: return nil
        }
        let innerStart = text.index(after: after)
        guard let end = text[innerStart...].firstIndex(of: closer), end > innerStart else { return nil }
        let inner = text[innerStart..<end]
        let details: [JSONObject]
        if closer == ")" {
            // `entity` or `entity:value`.
            let parts = inner.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let entity = parts.first, !entity.isEmpty, !entity.contains("(") else { return nil }
            var object = JSONObject()
            object["entity"] = .string(entity)
            if parts.count == 2, !parts[1].isEmpty { object["value"] = .string(parts[1]) }
            details = [object]
        } else {
            guard let parsed = try? JSONParser.parse(String(text[after...end])) else { return nil }
            switch parsed {
            case .object(let object): details = [object]
            case .array(let items): details = items.compactMap(\.objectValue)
            default: return nil
            }
            guard !details.isEmpty, details.allSatisfy({ $0["entity"]?.scalarText?.isEmpty == false }) else {
                return nil
            }
        }
        let entities = details.map { detail -> JSONValue in
            var object = JSONObject()
            object["text"] = .string(words)
            for (key, value) in detail { object[key] = value }
            return .object(object)
        }
        return (words, entities, text.index(after: end))
    }
}
