/// Turns an element tree into the text a reader sees, roughly as a browser's `innerText` does.
///
/// Hidden elements are skipped (see ``HTMLElement/isHidden``); runs of whitespace collapse to one space except inside
/// `<pre>`; block elements start and end lines, paragraph-like blocks leave a blank line; `<br>` is a line break (a
/// line of its own where a block's line has only begun, as in `<div><br></div>`);
/// table cells in a row are separated by a space. No-break spaces become plain spaces. At most one blank line is
/// kept between blocks, and the result is trimmed.
struct HTMLTextRenderer {
    private var output = ""
    /// Line breaks owed before the next visible character (blocks ask for 1 or 2, `<br>` adds 1 each).
    private var pendingBreaks = 0
    /// Line breaks asked for by `<br>` since the last visible character (they add up, unlike block breaks).
    private var forcedBreaks = 0
    private var pendingSpace = false
    /// Whether a `<blockquote>`'s lines are marked `> ` as a plain-text mail quotes (one mark per level).
    private var marksQuotes = false
    /// Blockquotes around the text being rendered.
    private var quoteDepth = 0
    /// Blockquotes around the last character written.
    private var lastQuoteDepth = 0

    /// The visible text of `element`'s content. The element itself is rendered even when it is hidden. With
    /// `marksQuotes`, each line inside a `<blockquote>` starts with `> ` per level, as plain-text mail shows a quote.
    static func render(_ element: HTMLElement, marksQuotes: Bool = false) -> String {
        var renderer = HTMLTextRenderer()
        renderer.marksQuotes = marksQuotes
        renderer.renderChildren(of: element, preformatted: element.name == "pre")
        return renderer.output
    }

    private mutating func renderChildren(of element: HTMLElement, preformatted: Bool) {
        var cellIndex = 0
        for child in element.children {
            switch child {
            case .text(let text):
                preformatted ? appendPreformatted(text) : appendFlowing(text)
            case .element(let inner):
                if inner.isHidden { continue }
                if inner.name == "td" || inner.name == "th" {
                    if cellIndex > 0 { pendingSpace = true }
                    cellIndex += 1
                }
                render(inner, preformatted: preformatted)
            }
        }
    }

    private mutating func render(_ element: HTMLElement, preformatted: Bool) {
        if element.name == "br" {
            // A `<br>` where a block's line has only begun (`<div><br></div>`, Gmail's empty line) is a line of
            // its own, as a browser shows it.
            forcedBreaks = max(forcedBreaks, pendingBreaks) + 1
            return
        }
        let breaks =
            HTMLTextRenderer.paragraphNames.contains(element.name)
            ? 2 : HTMLTextRenderer.blockNames.contains(element.name) ? 1 : 0
        requestBreaks(breaks)
        let quotes = marksQuotes && element.name == "blockquote"
        if quotes { quoteDepth += 1 }
        renderChildren(of: element, preformatted: preformatted || element.name == "pre")
        if quotes { quoteDepth -= 1 }
        requestBreaks(breaks)
    }

    private mutating func requestBreaks(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
    }

    private mutating func appendFlowing(_ text: String) {
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                emit(character)
            }
        }
    }

    private mutating func appendPreformatted(_ text: String) {
        for character in text {
            if character == "\n" || character == "\r\n" {
                forcedBreaks += 1
            } else {
                emit(character == "\u{A0}" ? " " : character)
            }
        }
    }

    private mutating func emit(_ character: Character) {
        let mark = quoteDepth > 0 ? String(repeating: ">", count: quoteDepth) + " " : ""
        if !output.isEmpty {
            let breaks = min(max(pendingBreaks, forcedBreaks), 2)
            if breaks > 0 {
                // A blank line between two quoted lines stays in the quote; one where a quote starts or ends does not.
                let blank = String(repeating: ">", count: min(lastQuoteDepth, quoteDepth))
                output.append("\n" + String(repeating: blank + "\n", count: breaks - 1) + mark)
            } else if pendingSpace, output.last != " " {
                output.append(" ")
            }
        } else {
            output.append(mark)
        }
        lastQuoteDepth = quoteDepth
        pendingBreaks = 0
        forcedBreaks = 0
        pendingSpace = false
        output.append(character)
    }

    /// Blocks that stand apart from their neighbours by a blank line.
    static let paragraphNames: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "hr", "figure",
    ]
    /// Blocks that start and end a line.
    static let blockNames: Set<String> = [
        "div", "li", "tr", "section", "article", "header", "footer", "nav", "aside", "main", "address", "dt", "dd",
        "form", "fieldset", "legend", "caption", "thead", "tbody", "tfoot", "details", "summary", "body", "html",
        "center", "figcaption", "option",
    ]
}
