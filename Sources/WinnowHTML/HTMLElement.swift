/// An element of a parsed HTML document, copied out of libxml2 into plain Swift values.
///
/// Names are lower case as libxml2's HTML parser gives them. `path` is an XPath that selects exactly this element in
/// its document (`/html/body/table/tr[3]`): a position is written wherever the parent has other children of the same
/// name. Use it in locators, and to evaluate XPath relative to this element (``HTMLDocument/select(_:from:)``).
public struct HTMLElement: Sendable, Equatable {
    /// Lower-case tag name (`div`, `td`).
    public var name: String
    /// Attributes in source order; a valueless attribute (`hidden`) has the empty string as value.
    public var attributes: [(name: String, value: String)]
    /// Child elements and text, in document order.
    public var children: [HTMLNode]
    /// The XPath of this element in its document.
    public var path: String

    /// An element with the given parts.
    public init(
        name: String, attributes: [(name: String, value: String)] = [], children: [HTMLNode] = [], path: String
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.path = path
    }

    /// Elements are equal when name, path, attributes and children are.
    public static func == (lhs: HTMLElement, rhs: HTMLElement) -> Bool {
        lhs.name == rhs.name && lhs.path == rhs.path && lhs.children == rhs.children
            && lhs.attributes.elementsEqual(rhs.attributes) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The value of attribute `name` (lower case), or nil when the element does not have it.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The text a reader sees: hidden content left out, entities decoded, whitespace collapsed as a browser would
    /// (kept inside `<pre>`), block elements on their own lines and paragraphs separated by a blank line.
    public var text: String { HTMLTextRenderer.render(self) }

    /// ``text`` with each line inside a `<blockquote>` marked `> ` per level, as plain-text mail quotes.
    public var quotedText: String { HTMLTextRenderer.render(self, marksQuotes: true) }

    /// The whitespace-separated tokens of the `class` attribute, lower-cased.
    public var classes: [String] {
        guard let value = attribute("class") else { return [] }
        return value.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The child elements, without text.
    public var childElements: [HTMLElement] {
        children.compactMap { child in
            if case .element(let element) = child { return element }
            return nil
        }
    }

    /// Every element below this one in document order (depth first), not including this one.
    public var descendants: [HTMLElement] {
        var result: [HTMLElement] = []
        func walk(_ element: HTMLElement) {
            for child in element.childElements {
                result.append(child)
                walk(child)
            }
        }
        walk(self)
        return result
    }

    /// The first element at or below this one that satisfies `predicate`, in document order.
    public func first(where predicate: (HTMLElement) -> Bool) -> HTMLElement? {
        if predicate(self) { return self }
        for child in childElements {
            if let found = child.first(where: predicate) { return found }
        }
        return nil
    }

    /// Whether a browser would show nothing of this element: non-rendered elements (`script`, `style`, `noscript`,
    /// `template`, `head`, ...), the `hidden` attribute, `aria-hidden="true"`, an inline `display: none` or
    /// `visibility: hidden`, and `<input type="hidden">`.
    public var isHidden: Bool {
        if HTMLElement.nonRenderedNames.contains(name) { return true }
        if attribute("hidden") != nil { return true }
        if attribute("aria-hidden")?.lowercased() == "true" { return true }
        if name == "input", attribute("type")?.lowercased() == "hidden" { return true }
        if let style = attribute("style")?.lowercased().filter({ !$0.isWhitespace }) {
            if style.contains("display:none") || style.contains("visibility:hidden") { return true }
        }
        return false
    }

    /// The element with every descendant matching `predicate` taken out, and the removed elements in document
    /// order. A removed element's own descendants are not examined.
    public func removingDescendants(where predicate: (HTMLElement) -> Bool) -> (
        element: HTMLElement, removed: [HTMLElement]
    ) {
        var removed: [HTMLElement] = []
        func prune(_ element: HTMLElement) -> HTMLElement {
            var copy = element
            copy.children = element.children.compactMap { child in
                guard case .element(let inner) = child else { return child }
                if predicate(inner) {
                    removed.append(inner)
                    return nil
                }
                return .element(prune(inner))
            }
            return copy
        }
        let pruned = prune(self)
        return (pruned, removed)
    }

    /// Elements whose content a browser never renders.
    static let nonRenderedNames: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "iframe", "object",
    ]
}
