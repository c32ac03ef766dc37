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

    /// The text a field mapping takes from this value: scalars as text, arrays of scalars joined with ", ".
    public var fieldText: String? {
        switch self {
        case .array(let items):
            let parts = items.compactMap(\.scalarText)
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        case .object: return nil
        default: return scalarText
        }
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
