extension JSONValue {
    /// Every value a dotted path reaches, in document order: like ``value(atPath:)``, except that a name met at an
    /// array is looked up in each of its elements (`turns.text` gives the text of every turn). A number met at an
    /// array still picks one element.
    public func values(atPath path: String) -> [JSONValue] {
        var current: [JSONValue] = [self]
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            var next: [JSONValue] = []
            for value in current { JSONValue.collect(component, in: value, into: &next) }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    private static func collect(_ component: Substring, in value: JSONValue, into result: inout [JSONValue]) {
        switch value {
        case .object(let object):
            if let member = object[String(component)] { result.append(member) }
        case .array(let items):
            if let index = Int(component) {
                if items.indices.contains(index) { result.append(items[index]) }
            } else {
                for item in items { collect(component, in: item, into: &result) }
            }
        default:
            break
        }
    }
}
