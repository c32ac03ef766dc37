import WinnowHTML

/// Cleaning by markup: what mail clients wrap their quotes and signatures in.
extension ReplyCleaner {
    /// Cleans an HTML message element: quote containers and signature elements are taken out by their markup,
    /// then the visible text is cleaned as plain text, so header blocks written as text (`<b>From:</b> ...
    /// <b>Sent:</b>`) and reply headers above a removed quote (`On ... wrote:`, Mail.ru's `... от Name <a@b>:`) go
    /// too.
    ///
    /// Quote containers (removed where they stand; text around them, an inline reply, stays): `blockquote`
    /// (Apple Mail's `type=cite`, Yandex, Mail.ru; not one citing a web page, `cite="https://..."`), classes
    /// naming a quote (Gmail `gmail_quote`, `gmail_attr`, Yahoo `yahoo_quoted`, Thunderbird `moz-cite-prefix`),
    /// Gmail's `gmail_extra` around a quote, Outlook for Mac's `OLK_SRC_BODY_SECTION`. Starts of quoted history (removed with everything after them): Outlook's
    /// `divRplyFwdMsg` and `appendonsend`, a reply header `div` with a solid top border
    /// (`border:none;border-top:solid #E1E1E1 1.0pt`), Hotmail's `<hr id="stopSpelling">`. Signatures: classes or
    /// ids naming a signature (`gmail_signature`, `moz-signature`, `AppleMailSignature`), Windows Mail's
    /// `data-signatureblock`. A mail gateway's banner, a block (a coloured `table` or `div`) opening or closing
    /// the message whose text is one, is set apart as paragraphs of its own, which the text pass takes out.
    public func clean(element: HTMLElement) -> CleanedReply {
        var containers: [String] = []
        var signatures: [String] = []
        let marked = ReplyCleaner.marking(
            ReplyCleaner.isolatingBanners(
                in: ReplyCleaner.isolatingBanners(in: element, fromEnd: false), fromEnd: true),
            containers: &containers, signatures: &signatures)
        var reader = ReplyLines(text: marked.text, markers: true)
        var cleaned = reader.clean(options: options, signatureRemoved: !signatures.isEmpty, containers: containers)
        cleaned.signatures = signatures + cleaned.signatures
        cleaned.spans = []
        return cleaned
    }

    /// How many earlier messages the HTML message body `html` quotes, counted in its visible text
    /// (``quotedMessageCount(text:)``); nil when libxml2 cannot parse it.
    public static func quotedMessageCount(html: String) -> Int? {
        guard let document = try? HTMLDocument(bytes: Array(html.utf8), encoding: "UTF-8") else { return nil }
        let root = document.root
        return quotedMessageCount(text: (root.childElements.first { $0.name == "body" } ?? root).text)
    }

    /// `element` with quote containers replaced by marker lines, cut points preceded by one, and signatures
    /// removed; their texts are collected.
    private static func marking(_ element: HTMLElement, containers: inout [String], signatures: inout [String])
        -> HTMLElement
    {
        var copy = element
        var children: [HTMLNode] = []
        for child in element.children {
            guard case .element(let inner) = child, !inner.isHidden else {
                if case .text(let text) = child, text.contains(where: isMarkerCharacter) {
                    children.append(.text(String(text.filter { !isMarkerCharacter($0) })))
                } else {
                    children.append(child)
                }
                continue
            }
            if isSignature(inner) {
                let text = inner.text
                if !text.isEmpty { signatures.append(text) }
                continue
            }
            if isQuoteContainer(inner) {
                let text = inner.text
                guard !text.isEmpty else { continue }
                children.append(markerLine(ReplyLines.quoteMarker + String(containers.count), near: inner))
                containers.append(text)
                continue
            }
            if isCutPoint(inner) { children.append(markerLine(ReplyLines.cutMarker, near: inner)) }
            children.append(.element(marking(inner, containers: &containers, signatures: &signatures)))
        }
        copy.children = children
        return copy
    }

    /// `element` with the gateway banners opening it (or closing it, `fromEnd`) replaced by paragraphs of their text:
    /// the blocks before (after) which nothing is visible, down through the first (last) block with text, whose text
    /// is banners and their labels and rules (``GatewayBanner``), at most three. A banner written in a block of its
    /// own (`<div style="background:#FFEB9C">CAUTION: ...</div><div>Hi Anna,</div>`) would otherwise run into the
    /// line under it.
    static func isolatingBanners(in element: HTMLElement, fromEnd: Bool, depth: Int = 0) -> HTMLElement {
        var children = element.children
        let step = fromEnd ? -1 : 1
        var position = fromEnd ? children.count - 1 : 0
        var found = 0
        while children.indices.contains(position), found < 3 {
            guard case .element(let inner) = children[position] else {
                if case .text(let text) = children[position], !MailText.trimmed(text).isEmpty { break }
                position += step
                continue
            }
            // Rendered only when short enough to be a banner: the blocks holding the whole message are not.
            let size = inner.isHidden ? 0 : textSize(of: inner, upTo: 2 * GatewayBanner.maximumBytes)
            if size == 0 {
                position += step
                continue
            }
            if isQuoteContainer(inner) || isSignature(inner) || isCutPoint(inner) { break }
            if size <= 2 * GatewayBanner.maximumBytes, let paragraphs = bannerParagraphs(inner.text) {
                let replacement = paragraphs.map { paragraph in
                    HTMLNode.element(HTMLElement(name: "p", children: [.text(paragraph)], path: inner.path))
                }
                children.replaceSubrange(position...position, with: replacement)
                position += fromEnd ? -1 : replacement.count
                found += 1
                continue
            }
            if depth < 8, !inner.childElements.isEmpty {
                children[position] = .element(isolatingBanners(in: inner, fromEnd: fromEnd, depth: depth + 1))
            }
            break
        }
        var copy = element
        copy.children = children
        return copy
    }

    /// The UTF-8 bytes of the text nodes under `element` other than spaces, counted up to just past `limit`; hidden
    /// elements count too (a bound, not the visible text).
    private static func textSize(of element: HTMLElement, upTo limit: Int) -> Int {
        var size = 0
        for child in element.children {
            switch child {
            case .text(let text): size += text.utf8.count { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D) }
            case .element(let inner): size += textSize(of: inner, upTo: limit - size)
            }
            if size > limit { break }
        }
        return size
    }

    /// The paragraphs of `text` (lines joined) when it holds a gateway's banner and nothing but banners, their
    /// labels and rules; nil otherwise.
    private static func bannerParagraphs(_ text: String) -> [String]? {
        guard text.utf8.count <= 2 * GatewayBanner.maximumBytes, GatewayBanner.mayBeBanner(text) else { return nil }
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { MailText.trimmed(String($0)) }
            .split(separator: "").map { $0.joined(separator: " ") }
        let banners = paragraphs.filter(GatewayBanner.isBanner)
        guard !banners.isEmpty,
            paragraphs.allSatisfy({ GatewayBanner.isBanner($0) || GatewayBanner.isLeadIn($0) })
        else { return nil }
        return paragraphs.filter { !GatewayBanner.isDecoration($0) }
    }

    /// Whether `character` is one the marker lines use (kept out of the page's own text).
    private static func isMarkerCharacter(_ character: Character) -> Bool {
        character == "\u{E000}" || character == "\u{E001}"
    }

    /// A `div` holding one marker line, standing where `element` was.
    private static func markerLine(_ marker: String, near element: HTMLElement) -> HTMLNode {
        .element(HTMLElement(name: "div", children: [.text(marker)], path: element.path))
    }

    /// Whether `element` holds quoted history and nothing else (see ``clean(element:)`` for the markup known).
    public static func isQuoteContainer(_ element: HTMLElement) -> Bool {
        if element.name == "blockquote" {
            // One citing a web page (`cite="https://..."`) quotes the page, as the sender's own text does; mail
            // clients cite a message (`cite="mid:..."`) or nothing.
            let cite = (element.attribute("cite") ?? "").drop(while: \.isWhitespace).lowercased()
            return !(cite.hasPrefix("http://") || cite.hasPrefix("https://"))
        }
        if element.attribute("id")?.lowercased() == "olk_src_body_section" { return true }
        let classes = element.classes
        if classes.contains(where: { $0.contains("quote") || $0.contains("moz-cite-prefix") || $0 == "gmail_attr" }) {
            return true
        }
        if classes.contains("gmail_extra") {
            return element.descendants.contains { $0.classes.contains { $0.contains("gmail_quote") } }
        }
        return false
    }

    /// Whether the first line of `text` with anything on it is an e-mail header's sender line (`From:`, `Von:`,
    /// `De :`, `От:`, in bold or not).
    public static func startsWithSenderLabel(_ text: String) -> Bool {
        guard let first = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return false }
        return fromLabel.matches(String(first))
    }

    /// Whether quoted history starts at `element` and runs to the end of the message.
    static func isCutPoint(_ element: HTMLElement) -> Bool {
        if let id = element.attribute("id")?.lowercased(),
            id.hasSuffix("divrplyfwdmsg") || id.hasSuffix("appendonsend") || id == "stopspelling"
        {
            return true
        }
        guard element.name == "div", let style = element.attribute("style")?.lowercased() else { return false }
        let compact = style.filter { !$0.isWhitespace }
        guard compact.contains("border-top:solid") || compact.contains("border-top-style:solid") else { return false }
        let firstLine = element.text.split(separator: "\n").first.map(String.init) ?? ""
        return fromLabel.matches(firstLine) || dateLabel.matches(firstLine)
    }

    /// Whether `element` is a signature by its markup.
    public static func isSignature(_ element: HTMLElement) -> Bool {
        if element.classes.contains(where: { $0.contains("signature") }) { return true }
        if element.attribute("id")?.lowercased().contains("signature") == true { return true }
        if element.attribute("data-smartmail") == "gmail_signature" { return true }
        return element.attribute("data-signatureblock")?.lowercased() == "true"
    }
}
