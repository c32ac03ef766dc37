import CLibXML2

/// A parsed HTML document: owns libxml2's tree and frees it when the last reference goes.
///
/// Parsing never touches the network and never loads external entities: libxml2's HTML parser runs with
/// `HTML_PARSE_NONET` and `HTML_PARSE_RECOVER`, its error output silenced and captured into ``diagnostics``.
/// The character encoding is the caller's when given, else the one the document declares (`<meta charset>` or
/// `<meta http-equiv="Content-Type">`), else UTF-8.
///
/// Nodes come out as ``HTMLElement`` values; no libxml2 pointer leaves this type. The class is not `Sendable`:
/// libxml2 trees are not safe to read from two threads at once, so a document stays where it was made.
public final class HTMLDocument {
    private let document: htmlDocPtr

    /// The problems libxml2 recovered from while parsing, in source order.
    public let diagnostics: [HTMLDiagnostic]

    /// Parses `bytes`. `encoding` (an IANA name such as `windows-1252`) overrides the document's own declaration.
    ///
    /// Throws ``HTMLError`` of kind `unparsable` when libxml2 produces no document (for example, empty input).
    public init(bytes: [UInt8], encoding: String? = nil) throws(HTMLError) {
        HTMLDocument.initialiseLibrary
        guard bytes.count < Int(Int32.max) else {
            throw HTMLError(kind: .unparsable, message: "the document is larger than 2 GiB")
        }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        let capture = LibXMLErrorCapture()
        let parsed: htmlDocPtr? = capture.run {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    htmlReadMemory(characters.baseAddress, Int32(characters.count), nil, encoding, options)
                }
            }
        }
        guard let parsed else {
            let reason =
                bytes.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) })
                ? "the document is empty" : capture.firstMessage(or: "libxml2 could not parse the document")
            throw HTMLError(kind: .unparsable, message: reason)
        }
        guard xmlDocGetRootElement(parsed) != nil else {
            xmlFreeDoc(parsed)
            throw HTMLError(kind: .unparsable, message: "the document has no elements")
        }
        self.document = parsed
        self.diagnostics = capture.diagnostics
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element (normally `html`), with its whole subtree.
    public var root: HTMLElement {
        guard let node = xmlDocGetRootElement(document) else {
            return HTMLElement(name: "html", path: "/html")
        }
        return HTMLDocument.convert(node, path: HTMLDocument.path(of: node))
    }

    /// The `<title>` text, whitespace collapsed; nil when there is none or it is blank.
    public var title: String? {
        guard let element = try? select("/html/head/title | /html/body//title").first else { return nil }
        let text = element.text
        return text.isEmpty ? nil : text
    }

    /// The character encoding the document was decoded from, as libxml2 names it (nil: UTF-8 by default).
    public var encoding: String? {
        document.pointee.encoding.map { String(cString: $0) }
    }

    /// The elements `expression` selects, in document order; non-element results (text, attributes) are skipped.
    ///
    /// With `context`, the expression is evaluated relative to that element (`.//h2`, `./@data-queue`).
    public func select(_ expression: String, from context: HTMLElement? = nil) throws(HTMLError) -> [HTMLElement] {
        try evaluate(expression, from: context) { result in
            HTMLDocument.nodes(of: result).compactMap { node in
                guard node.pointee.type == XML_ELEMENT_NODE else { return nil }
                return HTMLDocument.convert(node, path: HTMLDocument.path(of: node))
            }
        }
    }

    /// The string values of what `expression` selects: an element's visible text (see ``HTMLElement/text``), an
    /// attribute's value, a text node's collapsed text, or the single value of a string, number or boolean
    /// expression (`string(.//h2)`, `count(.//p)`). Empty strings are dropped.
    public func strings(_ expression: String, from context: HTMLElement? = nil) throws(HTMLError) -> [String] {
        try evaluate(expression, from: context) { result -> [String] in
            switch result.pointee.type {
            case XPATH_NODESET:
                return HTMLDocument.nodes(of: result).map(HTMLDocument.stringValue).filter { !$0.isEmpty }
            case XPATH_STRING:
                let text = result.pointee.stringval.map { String(cString: $0) } ?? ""
                let collapsed = HTMLDocument.collapse(text)
                return collapsed.isEmpty ? [] : [collapsed]
            case XPATH_NUMBER:
                let value = result.pointee.floatval
                guard value.isFinite else { return [] }
                return [value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)]
            case XPATH_BOOLEAN:
                return [result.pointee.boolval != 0 ? "true" : "false"]
            default:
                return []
            }
        }
    }

    /// Checks that `expression` is a well-formed XPath 1.0 expression, without evaluating it.
    public static func validateXPath(_ expression: String) throws(HTMLError) {
        initialiseLibrary
        let capture = LibXMLErrorCapture()
        let compiled = capture.run { xmlXPathCompile(expression) }
        guard let compiled else {
            throw HTMLError(
                kind: .invalidXPath, message: capture.firstMessage(or: "invalid XPath expression"), subject: expression)
        }
        xmlXPathFreeCompExpr(compiled)
    }

    // MARK: - libxml2 access

    /// libxml2's global set-up, done once before the first parse (it is not safe to race).
    private static let initialiseLibrary: Void = xmlInitParser()

    private func evaluate<Result>(
        _ expression: String, from context: HTMLElement?, _ read: (xmlXPathObjectPtr) -> Result
    ) throws(HTMLError) -> Result {
        let capture = LibXMLErrorCapture()
        let outcome: Swift.Result<Result, HTMLError> = capture.run {
            guard let xpath = xmlXPathNewContext(document) else {
                return .failure(HTMLError(kind: .invalidXPath, message: "out of memory", subject: expression))
            }
            defer { xmlXPathFreeContext(xpath) }
            if let context {
                guard let node = contextNode(context.path, xpath: xpath) else {
                    return .failure(
                        HTMLError(
                            kind: .unknownElement, message: "the element is not in this document", subject: context.path
                        ))
                }
                xpath.pointee.node = node
            }
            guard let result = xmlXPathEvalExpression(expression, xpath) else {
                return .failure(
                    HTMLError(
                        kind: .invalidXPath, message: capture.firstMessage(or: "the XPath expression failed"),
                        subject: expression))
            }
            defer { xmlXPathFreeObject(result) }
            return .success(read(result))
        }
        return try outcome.get()
    }

    /// The node an element's path names.
    private func contextNode(_ path: String, xpath: xmlXPathContextPtr) -> xmlNodePtr? {
        xpath.pointee.node = nil
        guard let result = xmlXPathEvalExpression(path, xpath) else { return nil }
        defer { xmlXPathFreeObject(result) }
        return HTMLDocument.nodes(of: result).first
    }

    private static func nodes(of result: xmlXPathObjectPtr) -> [xmlNodePtr] {
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval,
            let table = set.pointee.nodeTab
        else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { table[$0] }
    }

    private static func stringValue(of node: xmlNodePtr) -> String {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            return convert(node, path: path(of: node)).text
        case XML_ATTRIBUTE_NODE:
            return collapse(attributeValue(node))
        default:
            return collapse(node.pointee.content.map { String(cString: $0) } ?? "")
        }
    }

    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// An attribute's value: the concatenated text of its children (libxml2 keeps it as text nodes).
    private static func attributeValue(_ node: xmlNodePtr) -> String {
        var value = ""
        var child = node.pointee.children
        while let current = child {
            if let content = current.pointee.content { value += String(cString: content) }
            child = current.pointee.next
        }
        return value
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// How deep element values nest. Below this depth an element's content becomes one run of its text, so that
    /// hostile pages (thousands of nested tags) cannot exhaust the stack of the recursive code that reads values.
    public static let maximumDepth = 200

    /// Copies `node` and its subtree into Swift values; `path` is the node's own path.
    static func convert(_ node: xmlNodePtr, path: String, depth: Int = 0) -> HTMLElement {
        var attributes: [(name: String, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            let value = current.withMemoryRebound(to: xmlNode.self, capacity: 1) { attributeValue($0) }
            attributes.append((name.lowercased(), value))
            attribute = current.pointee.next
        }
        guard depth < maximumDepth else {
            return HTMLElement(
                name: name(of: node), attributes: attributes, children: [.text(flattenedText(of: node))], path: path)
        }
        var nameCounts: [String: Int] = [:]
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { nameCounts[name(of: current), default: 0] += 1 }
            child = current.pointee.next
        }
        var seen: [String: Int] = [:]
        var children: [HTMLNode] = []
        child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let childName = name(of: current)
                seen[childName, default: 0] += 1
                let position = nameCounts[childName, default: 0] > 1 ? seen[childName, default: 1] : nil
                let childPath = path + "/" + step(childName, position: position)
                children.append(.element(convert(current, path: childPath, depth: depth + 1)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { children.append(.text(String(cString: content))) }
            default:
                break
            }
            child = current.pointee.next
        }
        return HTMLElement(name: name(of: node), attributes: attributes, children: children, path: path)
    }

    /// The text below `node`, gathered without recursion; non-rendered elements are skipped and every element
    /// boundary counts as a space.
    private static func flattenedText(of node: xmlNodePtr) -> String {
        var text = ""
        var next = node.pointee.children
        while let current = next {
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                text += String(cString: content)
            }
            if type == XML_ELEMENT_NODE {
                text += " "
                if !HTMLElement.nonRenderedNames.contains(name(of: current)), let first = current.pointee.children {
                    next = first
                    continue
                }
            }
            next = nil
            var climb: xmlNodePtr? = current
            while let ancestor = climb, ancestor != node {
                if let sibling = ancestor.pointee.next {
                    next = sibling
                    break
                }
                climb = ancestor.pointee.parent
            }
        }
        return text
    }

    /// One location step: the name, or `*[name()='o:p']` for names XPath would misread (prefixed, unusual
    /// characters), then the position among same-named siblings when there are several.
    private static func step(_ name: String, position: Int?) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
                        || scalar == "_" || scalar == ".")
            }
        let test = plain ? name : "*[name()='\(name.filter { $0 != "'" })']"
        return position.map { "\(test)[\($0)]" } ?? test
    }

    /// The XPath of an element node: one step per ancestor, with a position where same-named siblings exist.
    static func path(of node: xmlNodePtr) -> String {
        var steps: [String] = []
        var current: xmlNodePtr? = node
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            let elementName = name(of: element)
            var position = 1
            var total = 1
            var sibling = element.pointee.prev
            while let previous = sibling {
                if previous.pointee.type == XML_ELEMENT_NODE, name(of: previous) == elementName {
                    position += 1
                    total += 1
                }
                sibling = previous.pointee.prev
            }
            sibling = element.pointee.next
            while let next = sibling, total == position {
                if next.pointee.type == XML_ELEMENT_NODE, name(of: next) == elementName { total += 1 }
                sibling = next.pointee.next
            }
            steps.append(step(elementName, position: total > 1 ? position : nil))
            current = element.pointee.parent
        }
        return "/" + steps.reversed().joined(separator: "/")
    }
}
