/// A JSON value: what source fields, metadata and evidence hold.
///
/// Objects keep their keys in source order so that round trips and displays stay stable.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string form of a scalar (numbers without a trailing `.0` when integral); nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let value): return JSONValue.format(number: value)
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    /// The text a field mapping takes from this value: scalars as text, rich text's runs joined (``runText``),
    /// other arrays of scalars joined with ", ", a body object with its content type (Microsoft Graph's
    /// `{"contentType": "html", "content": "..."}`, Matrix's `{"msgtype": "m.text", "body": "..."}`, Gladly's
    /// `{"type": "CHAT_MESSAGE", "content": "..."}`, Dixa's `{"_type": "Text", "value": "..."}`), alone or wrapped
    /// in an object of one member (Vonage's `{"content": {"type": "text", "text": "..."}}`), or a text alone in one
    /// (MessageBird's `{"text": "..."}`), as its text (a Matrix reply's without the quote of the message it answers,
    /// ``droppingReplyFallback(_:)``).
    public var fieldText: String? {
        switch self {
        case .array(let items):
            if let runs = runText { return runs.isEmpty ? nil : runs }
            let parts = items.compactMap(\.scalarText)
            if parts.isEmpty, let paragraphs = partText { return paragraphs }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        case .object(let object):
            if let document = JSONValue.documentText(object) { return document.isEmpty ? nil : document }
            // A wrapper of one body object (Vonage's `"message": {"content": {"type": "text", "text": ...}}`), or of
            // the text alone (MessageBird's `"content": {"text": ...}`).
            if object.count == 1, let only = object.members.first {
                if case .object = only.value { return only.value.fieldText }
                // Not a `content` alone: LivePerson's card is `{"content": "{\"type\": \"vertical\", ...}"}`.
                if case .string(let text) = only.value, only.key == "text" || only.key == "body" { return text }
            }
            guard object.keys.contains(where: JSONValue.contentKindKeys.contains) else { return nil }
            for key in JSONValue.contentTextKeys {
                if case .string(let text)? = object[key] {
                    return object["m.relates_to"]?.objectValue?["m.in_reply_to"] != nil
                        ? JSONValue.droppingReplyFallback(text) : text
                }
            }
            return nil
        default: return scalarText
        }
    }

    /// A Matrix reply's text without the fallback its client writes above it (`> <@ann:example.org> the question`
    /// lines, then a blank line), which quotes the message answered: the text when it has none.
    static func droppingReplyFallback(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix("> <") == true else { return text }
        var index = 0
        while index < lines.count, lines[index].hasPrefix(">") { index += 1 }
        guard index < lines.count, lines[index].allSatisfy(\.isWhitespace) else { return text }
        let rest = lines[(index + 1)...].joined(separator: "\n")
        return rest.isEmpty ? text : rest
    }

    /// A message's content written as parts, one paragraph each: a chat format's `{"type": "text", "text": "..."}`
    /// (OpenAI's `output_text` with its `annotations`) or Freshchat's `{"text": {"content": "..."}}`, beside parts
    /// of other kinds that hold no text (an image, a file: one member, or a `type` and the member it names); nil for
    /// any other array, or one of no text.
    var partText: String? {
        guard case .array(let items) = self else { return nil }
        let partTypes: Set<String> = ["text", "input_text", "output_text"]
        var paragraphs: [String] = []
        for item in items {
            guard let part = item.objectValue else { return nil }
            let type = part["type"]?.scalarText
            if let text = part["text"], type == nil || partTypes.contains(type ?? ""),
                part.keys.allSatisfy({ ["text", "type", "annotations"].contains($0) })
            {
                guard let words = text.scalarText ?? text.objectValue?["content"]?.scalarText else { return nil }
                paragraphs.append(words)
            } else {
                // An image's or a file's part: its one member, or its `type` and the member that names.
                let media = part.count == 1 || part.count == 2 && type.map { part[$0] != nil } == true
                guard part["text"] == nil, media else { return nil }
            }
        }
        let text = paragraphs.filter { !$0.isEmpty }.joined(separator: "\n")
        return text.isEmpty ? nil : text
    }

    /// The text of a rich-text document written as nodes, Atlassian's document format (Jira's and Confluence's
    /// `{"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "..."}]}]}`): its
    /// blocks one paragraph each, a list's items and a hard break one line each, a mention or an emoji by its text;
    /// nil for any other object.
    static func documentText(_ object: JSONObject) -> String? {
        guard object["type"]?.scalarText == "doc", case .array(let content)? = object["content"] else { return nil }
        return blocks(content).joined(separator: "\n\n")
    }

    /// Nodes that hold inline content: their children's text joined as it runs.
    static let inlineContainers: Set<String> = ["paragraph", "heading", "codeBlock", "caption"]

    /// The text of each block among `nodes`.
    private static func blocks(_ nodes: [JSONValue]) -> [String] {
        var texts: [String] = []
        for node in nodes {
            guard let object = node.objectValue else { continue }
            let type = object["type"]?.scalarText ?? ""
            let children = object["content"]?.arrayValue ?? []
            if inlineContainers.contains(type) {
                let line = children.map(inlineText).joined()
                if line.contains(where: { !$0.isWhitespace }) { texts.append(line) }
            } else if !children.isEmpty {
                // A list, a quote, a panel, a table: its blocks one line each.
                let inner = blocks(children).joined(separator: "\n")
                if !inner.isEmpty { texts.append(inner) }
            } else if case let text = inlineText(node), !text.isEmpty {
                texts.append(text)
            }
        }
        return texts
    }

    /// The text of an inline node: a text's `text`, a hard break's line break, a mention's or an emoji's `text`
    /// (`@Kim`, `:smile:`), a card's `url`.
    private static func inlineText(_ node: JSONValue) -> String {
        guard let object = node.objectValue else { return node.scalarText ?? "" }
        switch object["type"]?.scalarText {
        case "text": return object["text"]?.scalarText ?? ""
        case "hardBreak": return "\n"
        default:
            let attributes = object["attrs"]?.objectValue
            return (attributes?["text"] ?? attributes?["shortName"] ?? attributes?["url"])?.scalarText
                ?? (object["content"]?.arrayValue ?? []).map(inlineText).joined()
        }
    }

    /// Members of a body object naming the kind of its content.
    static let contentKindKeys: Set<String> = [
        "contentType", "content_type", "msgtype", "type", "_type", "format", "mimeType", "mime_type",
    ]
    /// Members of a body object holding its text, in order of preference (Matrix's plain `body` before its
    /// `formatted_body`).
    static let contentTextKeys = ["content", "body", "value", "text"]

    /// Rich text written as runs, the texts one after the other: Telegram's `["My order ", {"type": "bold",
    /// "text": "A1234"}, " is late"]`, strings beside objects with a `text`, or objects of other types than a chat
    /// format's text parts (`{"type": "text", "text": ...}`, which are paragraphs); nil for any other value.
    public var runText: String? {
        guard case .array(let items) = self else { return nil }
        let partTypes: Set<String> = ["text", "input_text", "output_text"]
        let runObjects = items.compactMap(\.objectValue).filter { $0["text"]?.scalarText != nil }
        guard !runObjects.isEmpty,
            items.contains(where: { $0.scalarText != nil })
                || runObjects.contains(where: { !partTypes.contains($0["type"]?.scalarText ?? "text") })
        else { return nil }
        return items.map { $0.scalarText ?? $0.objectValue?["text"]?.scalarText ?? "" }.joined()
    }

    /// This value with every string that is UTF-8 read as Latin-1 (`"RenÃ©"`, as Facebook's and Instagram's data
    /// exports write every non-ASCII character: each byte of its UTF-8 as a `\u00XX` escape) read as the UTF-8 it
    /// is (`"René"`); `count` grows by the strings repaired. A string is repaired only when every character is
    /// below U+0100 and their bytes are valid UTF-8 with a character of two bytes or more, which text written in
    /// Latin-1 is not (`"café"` stays).
    public func repairingUTF8ReadAsLatin1(count: inout Int) -> JSONValue {
        guard mayHoldUTF8ReadAsLatin1 else { return self }
        switch self {
        case .string(let text):
            guard let fixed = JSONValue.utf8ReadAsLatin1(text) else { return self }
            count += 1
            return .string(fixed)
        case .array(let items):
            var changed = false
            let fixed = items.map { item -> JSONValue in
                let before = count
                let value = item.repairingUTF8ReadAsLatin1(count: &count)
                if count != before { changed = true }
                return value
            }
            return changed ? .array(fixed) : self
        case .object(let object):
            var changed = false
            let members = object.members.map { member -> (key: String, value: JSONValue) in
                let before = count
                let value = member.value.repairingUTF8ReadAsLatin1(count: &count)
                if count != before { changed = true }
                return (key: member.key, value: value)
            }
            return changed ? .object(JSONObject(members)) : self
        default: return self
        }
    }

    /// Whether a string of this value holds U+00C2 to U+00FF (whose UTF-8 starts with 0xC3): a quick test before
    /// ``repairingUTF8ReadAsLatin1(count:)`` builds anything.
    private var mayHoldUTF8ReadAsLatin1: Bool {
        switch self {
        case .string(let text): return text.utf8.contains(0xC3)
        case .array(let items): return items.contains { $0.mayHoldUTF8ReadAsLatin1 }
        case .object(let object): return object.members.contains { $0.value.mayHoldUTF8ReadAsLatin1 }
        default: return false
        }
    }

    /// `text` read as UTF-8 when it is UTF-8 read as Latin-1 (see ``repairingUTF8ReadAsLatin1(count:)``), else nil.
    static func utf8ReadAsLatin1(_ text: String) -> String? {
        // Such text holds U+00C2 to U+00F4 (a lead byte), whose UTF-8 starts with 0xC3.
        guard text.utf8.contains(0xC3) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard scalar.value < 0x100 else { return nil }
            bytes.append(UInt8(scalar.value))
        }
        guard let decoded = String(validating: bytes, as: UTF8.self), decoded != text else { return nil }
        return decoded
    }

    /// The object's members, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Looks up a dotted path (`customer.email`, `messages.0.content`) through objects and arrays.
    public func value(atPath path: String) -> JSONValue? {
        var current = self
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let object):
                guard let next = object[String(component)] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(component), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    static func format(number value: Double) -> String {
        if value.rounded() == value, abs(value) < 9e18 {
            return String(Int64(value))
        }
        return String(value)
    }
}

/// A JSON object whose members keep their insertion order.
public struct JSONObject: Sendable, Equatable, Hashable, Sequence {
    /// Members in order.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// An object with the given members (a repeated key keeps its last value, in the first key's place).
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = []
        for member in members { self[member.key] = member.value }
    }

    /// The member named `key`; setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// An object from members whose keys are already known to be distinct.
    init(uncheckedMembers: [(key: String, value: JSONValue)]) { self.members = uncheckedMembers }

    /// An object from members the caller knows to have distinct keys (such as a CSV header's names), without the
    /// check ``init(_:)`` makes for each member. Debug builds verify the promise.
    public init(membersWithDistinctKeys members: [(key: String, value: JSONValue)]) {
        assert(Set(members.map(\.key)).count == members.count, "member keys must be distinct")
        self.members = members
    }

    /// The member names in order.
    public var keys: [String] { members.map(\.key) }
    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }
    /// The number of members.
    public var count: Int { members.count }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}
