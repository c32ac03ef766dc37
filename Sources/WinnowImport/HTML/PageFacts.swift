import Foundation
import WinnowHTML

/// Labelled values a ticket page shows outside its messages: `<meta name=... content=...>`, `data-category` style
/// attributes on the ticket's container and its ancestors, `<dt>`/`<dd>` and two-cell `<th>`/`<td>` pairs, two
/// sibling elements classed `label` and `value`, and `Key: value` lines. Keys are compared after ``FieldMapping/normaliseKey(_:)``.
struct PageFacts: Sendable {
    /// Normalised key and value, in the order found (meta, attributes, pairs, lines).
    private(set) var pairs: [(key: String, value: String)] = []

    /// Facts from `root` (the whole document), ignoring anything inside the elements at `excludedPaths`; data
    /// attributes count only on the element at `container` and its ancestors (a link's `data-category` elsewhere on
    /// the page says nothing about the ticket).
    ///
    /// One walk of the tree that skips the excluded elements' subtrees, so that the time grows with the page, not
    /// with its size times its number of messages.
    init(root: HTMLElement, container: String, excluding excludedPaths: [String]) {
        let excluded = Set(excludedPaths)
        var elements: [HTMLElement] = []
        func walk(_ element: HTMLElement) {
            for child in element.childElements where !excluded.contains(child.path) {
                elements.append(child)
                walk(child)
            }
        }
        walk(root)
        for meta in elements where meta.name == "meta" {
            if let name = meta.attribute("name") ?? meta.attribute("property"),
                let content = meta.attribute("content")
            {
                add(name, content)
            }
        }
        for element in elements where element.path == container || container.hasPrefix(element.path + "/") {
            for attribute in element.attributes where attribute.name.hasPrefix("data-") {
                add(String(attribute.name.dropFirst(5)), attribute.value)
            }
        }
        for element in elements where !element.isHidden {
            let children = element.childElements.filter { !$0.isHidden }
            if element.name == "dl" {
                for (term, definition) in zip(children, children.dropFirst())
                where term.name == "dt" && definition.name == "dd" {
                    add(term.text, definition.text)
                }
            }
            // A label and its value in two sibling elements (Redmine's `div.label` / `div.value` attributes).
            if element.name != "tr", children.count == 2, children[0].classes.contains("label"),
                children[1].classes.contains("value"), children[0].text.hasSuffix(":")
            {
                add(children[0].text, children[1].text)
            }
            if element.name == "tr", children.count == 2, children[1].name == "td",
                children[0].name == "th" || children[0].text.hasSuffix(":")
            {
                add(children[0].text, children[1].text)
            }
        }
        let (visibleRoot, _) = root.removingDescendants { excluded.contains($0.path) }
        for line in visibleRoot.text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard key.split(separator: " ").count <= 3 else { continue }
            add(String(key), String(line[line.index(after: colon)...]))
        }
    }

    /// The first value whose key is one of `names`, in the order of `names`.
    func value(named names: [String]) -> String? {
        for name in names {
            if let pair = pairs.first(where: { $0.key == name }) { return pair.value }
        }
        return nil
    }

    private mutating func add(_ key: String, _ value: String) {
        let normalisedKey = FieldMapping.normaliseKey(key.trimmingCharacters(in: CharacterSet(charactersIn: ": ")))
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !normalisedKey.isEmpty, !trimmed.isEmpty, trimmed.count <= 200 else { return }
        pairs.append((normalisedKey, trimmed))
    }

    /// Keys that name a label, most specific first (Jira's `Component/s` last).
    static let labelNames = [
        "ticket_category", "category", "queue", "label", "intent", "topic", "issue_type", "component/s", "components",
    ]
    /// Keys that name a ticket identifier, most specific first.
    static let ticketIDNames = [
        "ticket_id", "ticketid", "ticket_number", "ticket", "case_id", "case", "conversation_id",
    ]
    /// Keys that name a subject.
    static let subjectNames = ["subject", "ticket_subject", "ticket_title"]
}
