import Foundation
import WinnowHTML

/// A text field that holds HTML: helpdesk exports and APIs give a ticket's or a message's body as markup
/// (Freshdesk's `description`, Zendesk's `html_body`, Intercom's conversation parts), and training on it would
/// teach a model to write tags. Such a field is read through libxml2 into the text a reader sees (blocks as lines,
/// `<br>` as a line break, entities decoded, hidden parts and `<style>` left out), a `<blockquote>` marked `> ` as
/// plain-text mail quotes, so that `--clean-replies` takes quoted history out as it does from plain text.
///
/// A field counts as HTML when it holds markup, not when it mentions a tag: two or more tags of elements a message
/// body is written with (`<p>`, `</div>`, `<br/>`, `<blockquote class=...>`), or one when the field opens with it.
/// "My <div> is not centred" stays text, and the `html-remnants` rule still sees it. So does text with only inline
/// tags left in it (`<img src="cid:...">` lines from a mail client's text part) that breaks into paragraphs of its
/// own: markup without a block or a line break tag is HTML only when its line breaks are not its own.
///
/// Microsoft Teams writes its own elements into a message's HTML body (Microsoft Graph's `chatMessage`): a mention
/// `<at id="0">Ann Lee</at>`, an emoji `<emoji id="1f440_eyes" alt="👀" title="Eyes"></emoji>` (and
/// `<customemoji ... alt="name">`), a file card's place `<attachment id="..."></attachment>`, and a system event's
/// `<systemEventMessage/>`. They read as Teams shows them: the name, the emoji's `alt`, and nothing for a card
/// or an event (the file's name is in the message's `attachments`). Each is markup only as Teams writes it (a
/// mention or emoji closed in the field, an `id` attribute), so `<at>` in prose stays text, as `<name>` does.
enum HTMLFieldText {
    /// Elements a message body is written with.
    static let elements: Set<String> = [
        "p", "div", "br", "span", "b", "i", "u", "s", "strong", "em", "a", "ul", "ol", "li", "table", "tbody",
        "thead", "tr", "td", "th", "blockquote", "html", "body", "head", "font", "img", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "pre", "center", "section", "article", "header", "footer", "style", "meta", "small", "sup", "sub",
        "o:p", "wbr", "title",
    ]

    /// Microsoft Teams' elements in a message body (see the type's description).
    static let teamsElements: Set<String> = ["at", "emoji", "customemoji", "attachment", "systemeventmessage"]

    /// Whether `text` is markup (see the type's description).
    static func looksLikeHTML(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            guard bytes.contains(UInt8(ascii: "<")) else { return false }
            let opensWithTag = bytes.first { $0 > 0x20 } == UInt8(ascii: "<")
            var tags = 0
            var structural = false
            var index = 0
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                var cursor = index + 1
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "/") { cursor += 1 }
                let nameStart = cursor
                while cursor < bytes.count, Self.isNameByte(bytes[cursor]) { cursor += 1 }
                let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
                // A name then the tag's end, a space before attributes, or the slash of `<br/>`.
                // A Teams element counts as written by Teams: with an `id` (`<at id="0">`), or self-closed.
                let isTeamsTag =
                    teamsElements.contains(name)
                    && (bytes[cursor...].starts(with: Array(" id=".utf8)) || bytes[cursor...].starts(with: [0x2F]))
                if cursor > nameStart, cursor < bytes.count,
                    [0x3E, 0x20, 0x2F, 0x09, 0x0A, 0x0D].contains(bytes[cursor]),
                    elements.contains(name) || isTeamsTag
                {
                    tags += 1
                    structural = structural || Self.structuralElements.contains(name)
                    if structural, tags >= 2 || (tags == 1 && opensWithTag) { return true }
                }
                index = max(cursor, index + 1)
            }
            guard tags >= 2 || (tags == 1 && opensWithTag) else { return false }
            // Only inline tags (`<img src="cid:...">` lines a mail client left in a text body, `<b>`, `<a>`):
            // markup when nothing but the tags breaks its lines, text when it has paragraphs of its own.
            return !Self.hasParagraphs(bytes)
        }
    }

    /// Elements that lay a body out in blocks and lines: a body written in markup has at least one of them, where
    /// text with a few inline tags left in it breaks its own lines.
    static let structuralElements: Set<String> = [
        "p", "div", "br", "ul", "ol", "li", "table", "tbody", "thead", "tr", "td", "th", "blockquote", "html",
        "body", "head", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "center", "section", "article", "header",
        "footer", "style", "meta", "title",
    ]

    /// Whether `bytes` hold a blank line between two lines of text.
    private static func hasParagraphs(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawText = false
        var newlines = 0
        for byte in bytes {
            switch byte {
            case 0x0A: newlines += 1
            case 0x20, 0x09, 0x0D: continue
            default:
                if sawText, newlines >= 2 { return true }
                sawText = true
                newlines = 0
            }
        }
        return false
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: ":")
    }

    /// Every HTML element's name, void or not, old ones included.
    static let htmlElements: Set<String> = elements.union([
        "abbr", "address", "area", "aside", "audio", "base", "bdi", "bdo", "big", "button", "canvas", "caption",
        "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dl", "dt",
        "embed", "fieldset", "figcaption", "figure", "form", "iframe", "input", "ins", "kbd", "label", "legend",
        "link", "main", "map", "mark", "menu", "meter", "nav", "noscript", "object", "optgroup", "option", "output",
        "param", "picture", "progress", "q", "rp", "rt", "ruby", "samp", "script", "select", "source", "strike",
        "summary", "svg", "template", "textarea", "tfoot", "time", "track", "tt", "var", "video", "nobr", "xml",
    ])
    /// Elements written without a closing tag.
    static let voidElements: Set<String> = [
        "br", "img", "hr", "wbr", "input", "meta", "link", "col", "area", "base", "embed", "param", "source", "track",
    ]

    /// `html` with the `<` of every tag that is no element escaped, so that it stays text: a placeholder
    /// (`Dear <name>`, `call <tel_num>`), code (`#include <iostream>`, `vector<int>`), an element's name that is
    /// never closed (`<address>` as a placeholder). Void elements, names with a namespace (`o:p`), comments and
    /// declarations are markup, and so are Teams' elements closed in `html` (and `<systemEventMessage/>`).
    static func escapingNonElements(_ html: String) -> String {
        var keptTeams = false
        return escapingNonElements(html, keptTeams: &keptTeams)
    }

    /// ``escapingNonElements(_:)``; `keptTeams` is set when a Teams element stays markup.
    private static func escapingNonElements(_ html: String, keptTeams: inout Bool) -> String {
        let bytes = Array(html.utf8)
        var closed = Set<String>()
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            var cursor = open + 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "/") {
                cursor += 1
                let start = cursor
                while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
                closed.insert(String(decoding: bytes[start..<cursor], as: UTF8.self).lowercased())
            }
            index = cursor
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var start = 0
        index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            var cursor = open + 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "/") { cursor += 1 }
            let nameStart = cursor
            while cursor < bytes.count, isNameByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "_") { cursor += 1 }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
            let isTeams = teamsElements.contains(name) && (closed.contains(name) || name == "systemeventmessage")
            if isTeams { keptTeams = true }
            let isMarkup =
                name.isEmpty || name.contains(":") || isTeams
                || (htmlElements.contains(name) && (voidElements.contains(name) || closed.contains(name)))
            if !isMarkup {
                out.append(contentsOf: bytes[start..<open])
                out.append(contentsOf: Array("&lt;".utf8))
                start = open + 1
            }
            index = max(cursor, open + 1)
        }
        out.append(contentsOf: bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The visible text of the markup `html`; nil when libxml2 cannot read it (the field is then kept as it is).
    ///
    /// A Markdown code block fenced by three backticks over several lines (a chat answer that writes its prose
    /// with `<br>` and its code as Markdown) is kept as written: its line breaks and indentation are the code's,
    /// which reading it as HTML would fold into spaces. Inside it, a `<br>` is a line break and the five XML
    /// entities and `&nbsp;` are read.
    static func render(_ html: String) -> String? {
        let (masked, blocks) = maskingCodeFences(html)
        var hasTeams = false
        let html = escapingNonElements(masked, keptTeams: &hasTeams)
        guard let document = try? HTMLDocument(bytes: Array(html.utf8), encoding: "UTF-8") else { return nil }
        let root = document.root
        let body = root.name == "body" ? root : (root.childElements.first { $0.name == "body" } ?? root)
        var text = (hasTeams ? teamsShown(body) : body).quotedText
        for (index, block) in blocks.enumerated() {
            text = text.replacingOccurrences(of: fenceToken(index), with: codeText(block))
        }
        return text
    }

    /// `element` with Teams' elements as Teams shows them: an emoji as its `alt`, a card or event as nothing, a
    /// mention as the name it holds.
    static func teamsShown(_ element: HTMLElement) -> HTMLElement {
        var copy = element
        copy.children = element.children.compactMap { child in
            guard case .element(let inner) = child else { return child }
            switch inner.name {
            case "emoji", "customemoji": return .text(inner.attribute("alt") ?? "")
            case "attachment", "systemeventmessage": return nil
            default: return .element(teamsShown(inner))
            }
        }
        return copy
    }

    /// `html` with each code block fenced by three backticks over several lines replaced by a token of private-use
    /// characters, and the blocks in order.
    static func maskingCodeFences(_ html: String) -> (String, [String]) {
        guard html.contains("```") else { return (html, []) }
        var blocks: [String] = []
        var out = ""
        var rest = html[...]
        while let open = rest.range(of: "```"),
            let close = rest[open.upperBound...].range(of: "```")
        {
            let block = rest[open.lowerBound..<close.upperBound]
            out += rest[..<open.lowerBound]
            if block.contains("\n") {
                out += fenceToken(blocks.count)
                blocks.append(String(block))
            } else {
                out += block
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return (out, blocks)
    }

    /// The token standing for the code block numbered `index` while the rest is read as HTML.
    private static func fenceToken(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }

    /// A fenced block's text: `<br>` as a line break, entities read.
    private static func codeText(_ block: String) -> String {
        var text = block
        for tag in ["<br>", "<br/>", "<br />", "<BR>", "<BR/>", "<BR />"] {
            text = text.replacingOccurrences(of: tag, with: "\n")
        }
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", " "),
            ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// `text` as a reader sees it when it is markup, else `text`; `rendered` is set when it was markup.
    static func plain(_ text: String, rendered: inout Bool) -> String {
        guard looksLikeHTML(text), let plain = render(text) else { return text }
        rendered = true
        return plain
    }
}
