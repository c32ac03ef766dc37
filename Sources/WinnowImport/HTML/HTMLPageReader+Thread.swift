import Foundation
import WinnowCore
import WinnowHTML
import WinnowMail

extension HTMLPageReader {
    /// The page as one ticket thread: messages told apart by markup, else by `From:` header blocks heading sibling
    /// elements, else by an issue tracker's structure (a description and comments, see ``trackerThread()``); a page
    /// that is none of these is one e-mail (see ``readMessage(notes:)``). When the only messages marked are
    /// internal notes (a tracker marking its private comments and nothing else), the page is a tracker's thread
    /// when it reads as one, else one e-mail without them. Marked messages whose times (see ``messageTime(of:)``,
    /// ``runsNewestFirst(_:)``) run newest first, as FreeScout and Help Scout show them, are read oldest first, with
    /// a note saying so.
    func readThread(_ emit: (ImportEvent) throws -> Void) throws {
        var record = ThreadRecord()
        let container: HTMLElement
        let excluded: [String]
        var emailSubject: String?
        // A printed mail thread's title is its subject (a `#` in it is an order or invoice number, no ticket id).
        var isMailPrint = false
        var marked = markedMessages()
        let onlyNotes = !marked.isEmpty && marked.allSatisfy { $0.author == .internalNote }
        if onlyNotes, let tracker = trackerThread() {
            record.turns = tracker.turns
            container = tracker.container
            excluded = tracker.excluded
            record.metadata["layout"] = "tracker"
        } else if onlyNotes {
            try emit(readMessage(notes: marked.map(\.element)))
            return
        } else if !marked.isEmpty {
            if HTMLPageReader.runsNewestFirst(marked) {
                marked.reverse()
                record.metadata["page_order"] = "newest_first"
                try emit(
                    .note(
                        "\(file): the page shows its \(marked.count) messages newest first; they are read oldest first,"
                            + " by the times they carry"))
            }
            let cleaner = messageCleaner
            record.turns = marked.map { message in
                // A microdata post is read from its text alone, without its byline and its likes.
                let text = message.element.childElements.first(where: HTMLPageReader.isMicrodataText) ?? message.element
                return ThreadTurn(author: message.author, cleaned: cleaner.clean(text, agent: message.author == .agent))
            }
            container = commonParent(of: marked.map(\.element))
            excluded = marked.map(\.element.path)
            record.metadata["layout"] = "thread"
        } else if let view = mailPrintView() {
            record.turns = mailPrintTurns(view)
            let blocks = view.mails.map(\.element)
            container = commonParent(of: blocks)
            excluded = blocks.map(\.path)
            record.metadata["layout"] = "mail_print"
            if let mailbox = view.mailbox { record.metadata["mailbox"] = .string(mailbox.address) }
            isMailPrint = true
        } else if isHeaderThread() {
            let cleans = messageCleaner.cleans
            let (withoutQuotes, quotes) = body.removingDescendants { cleans && ReplyCleaner.isQuoteContainer($0) }
            let (cleanBody, signatures) = withoutQuotes.removingDescendants { cleans && ReplyCleaner.isSignature($0) }
            let parts = EmailThreadSplitter().split(cleanBody.text).parts
            record.turns = emailTurns(parts)
            let quoted = quotes.map(\.text).filter { !$0.isEmpty }
            // The history the first answer quotes: a quote container's, else what cleaning took out of its text.
            if !record.turns.contains(where: { $0.author == .customer }),
                record.turns.contains(where: { $0.author == .agent }),
                let quote = quoted.first ?? record.turns.first?.cleaned.quoted.first,
                let question = QuotedMessage.question(
                    in: quote, recipients: MailAddress.list(parts.first?.headers["to"] ?? ""),
                    roles: options.mailRoles)
            {
                // A saved answer alone: the question it quotes is the customer's turn.
                record.turns.insert(
                    ThreadTurn(author: .customer, cleaned: messageCleaner.clean(text: question, agent: false)), at: 0)
                record.metadata["question_from_quote"] =
                    "the customer's message is not on the page; the question is the one the answer quotes"
            }
            record.removed = CleanedReply(
                text: "", quoted: quoted, signatures: signatures.map(\.text).filter { !$0.isEmpty })
            emailSubject = parts.first?.headers["subject"]
            container = body
            excluded = []
            record.metadata["layout"] = "email"
        } else if let tracker = trackerThread() {
            record.turns = tracker.turns
            container = tracker.container
            excluded = tracker.excluded
            record.metadata["layout"] = "tracker"
        } else {
            try emit(readMessage())
            return
        }
        let facts = PageFacts(root: root, container: container.path, excluding: excluded)
        let title = document.title
        record.subject = subject(facts: facts, excluding: excluded, title: title, emailSubject: emailSubject)
        record.label = facts.value(named: PageFacts.labelNames)
        record.ticketID = ticketID(facts: facts, title: isMailPrint ? nil : title)
        if let title { record.metadata["title"] = .string(title) }
        try emit(event(record.draft(file: file, locator: .element(container.path), snippet: container.text)))
    }

    /// Whether `messages` carry times that run from newest to oldest: every customer and agent message carries one
    /// (internal notes, which some helpdesks show with no time, may not), at least two do, the first is later than
    /// the last, and none is later than the one before it.
    static func runsNewestFirst(_ messages: [(element: HTMLElement, author: ThreadTurn.Author)]) -> Bool {
        var times: [Double] = []
        for message in messages {
            if let time = messageTime(of: message.element) {
                times.append(time)
            } else if message.author != .internalNote {
                return false
            }
        }
        guard times.count >= 2, let first = times.first, let last = times.last, first > last else { return false }
        return zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// The time a message element carries, in seconds since 1970: the first, in document order at or below it, of a
    /// `datetime` attribute (`<time datetime>`, GitHub's `<relative-time>`), a `data-time`, `data-timestamp`,
    /// `data-datetime` or `data-created-at` attribute (ISO 8601, RFC 2822 or Unix time), a `title` attribute
    /// holding a date (a tooltip: `2026-03-09T10:00:00Z`, `Mar 10, 2026 11:20`, `10 Mar 2026 11:20`,
    /// `2026-03-10 11:20`, see ``humanTime(_:)``), or the text of a `<time>` element or of one classed as a date or
    /// time that reads as such a date; nil when there is none. Times without a zone are read as UTC: they only order
    /// the messages of one page.
    static func messageTime(of message: HTMLElement) -> Double? {
        var found: Double?
        _ = message.first { element in
            for attribute in element.attributes {
                if timeAttributes.contains(attribute.name), let time = MessageTimestamp.seconds(from: attribute.value) {
                    found = time
                    return true
                }
                if attribute.name == "title", let time = humanTime(attribute.value) {
                    found = time
                    return true
                }
            }
            if isTimeElement(element), let time = humanTime(element.text) {
                found = time
                return true
            }
            return false
        }
        return found
    }

    /// Whether `element` shows a time as its text: a `<time>`, or an element classed `date`, `time`, `timestamp`
    /// (`thread-date`, `comment-time`).
    private static func isTimeElement(_ element: HTMLElement) -> Bool {
        if element.name == "time" { return true }
        return element.classes.contains { token in
            token.split { $0 == "-" || $0 == "_" }.contains { ["date", "time", "timestamp", "datetime"].contains($0) }
        }
    }

    /// The instant a date written for people names, in seconds since 1970: ISO 8601 (`2026-03-10 11:20`), a month
    /// named in words (`Mar 10, 2026 11:20`, `10 Mar 2026 11:20`, `Tue, 10 March 2026 at 11:20 AM`), or day,
    /// month and year in numbers when their order is certain (`25/03/2026`, `03/25/2026`; not `10/03/2026`, which
    /// reads either way). Nil for anything else: relative times (`2 hours ago`), numbers, words.
    static func humanTime(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 8, trimmed.count <= 48, !trimmed.contains("\n"),
            trimmed.range(of: #"\b(19|20)\d\d\b"#, options: .regularExpression) != nil
        else { return nil }
        if isISODate(trimmed) {
            return MessageTimestamp.seconds(from: trimmed) ?? MailDate(parsing: trimmed).map(seconds)
        }
        let numeric = #"^(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)\b(.*)$"#
        if let match = trimmed.range(of: numeric, options: .regularExpression) {
            let parts = trimmed[match].split(whereSeparator: { "./-".contains($0) }).prefix(2).compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            let (first, second) = (parts[0], parts[1])
            guard (first > 12) != (second > 12), max(first, second) <= 31 else { return nil }
            // Written as day first (25/03/2026) or month first (03/25/2026): rewritten year first for the parser.
            let (day, month) = first > 12 ? (first, second) : (second, first)
            guard let yearRange = trimmed.range(of: #"(19|20)\d\d"#, options: .regularExpression) else { return nil }
            let rest = trimmed[yearRange.upperBound...]
            return MailDate(parsing: "\(trimmed[yearRange])-\(month)-\(day)\(rest)").map(seconds)
        }
        let words = trimmed.lowercased().split { !$0.isLetter }
        guard words.contains(where: { HTMLPageReader.monthNames.contains(String($0.prefix(3))) }) else { return nil }
        return MailDate(parsing: trimmed).map(seconds)
    }

    private static func seconds(_ date: MailDate) -> Double { Double(date.secondsSince1970) }

    /// English month names' first three letters, and the other languages' that differ (`mär`, `mai`, `okt`, `déc`).
    private static let monthNames: Set<String> = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mär", "mrz", "mai", "okt",
        "dez", "fév", "fev", "avr", "jui", "aoû", "aou", "déc", "ene", "abr", "ago", "dic",
    ]

    /// Attributes whose value is a machine-readable time.
    static let timeAttributes: Set<String> = [
        "datetime", "data-time", "data-timestamp", "data-datetime", "data-created-at",
    ]

    /// Whether `text` starts as an ISO 8601 date does (`2026-03-09`), so that a `title` such as `2` or a sentence
    /// is never read as a time.
    private static func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8.prefix(10))
        guard bytes.count == 10 else { return false }
        return bytes.indices.allSatisfy { index in
            index == 4 || index == 7 ? bytes[index] == UInt8(ascii: "-") : (0x30...0x39).contains(bytes[index])
        }
    }

    /// The page as one e-mail (a mail client's or helpdesk's saved body): its sender is the customer, and the input
    /// is the newest message with quoted history, forwarded parts, signature and disclaimer taken out (kept in
    /// metadata). Header blocks inside it are quoted history, never the start of the input. The subject is the
    /// page's own (a `subject` meta tag, an element whose class or id says it is the subject, or the title without
    /// the application's name), never a quoted header's. The `notes` (internal notes marked
    /// on the page) are left out of the message and kept as internal notes.
    func readMessage(notes: [HTMLElement] = []) -> ImportEvent {
        let notePaths = Set(notes.map(\.path))
        let body = notePaths.isEmpty ? self.body : self.body.removingDescendants { notePaths.contains($0.path) }.element
        let cleaned = messageCleaner.cleans ? ReplyCleaner().clean(element: body) : CleanedReply(text: body.text)
        guard !cleaned.text.isEmpty else {
            let message =
                "no input text: the page has no readable text (no ticket table, no marked messages, no e-mail body)"
                + " in \(body.path); describe the layout with --html-profile if the text is hidden in markup"
            return .failure(
                RecordFailure(
                    kind: .noInput, file: file, locator: .element(body.path), message: message, snippet: body.text))
        }
        var record = ThreadRecord()
        record.turns =
            [ThreadTurn(author: .customer, cleaned: cleaned)]
            + notes.map { ThreadTurn(author: .internalNote, cleaned: messageCleaner.clean($0)) }
        record.metadata["layout"] = "message"
        let facts = PageFacts(root: root, container: root.path, excluding: [body.path])
        let title = document.title
        // An element the page marks as the subject (a tracker's issue page read as one message), else the title
        // without the application's name.
        let classed = PageSubject.classedElement(in: self.body)?.text
        let headings = self.body.descendants.filter { ["h1", "h2", "h3"].contains($0.name) }.map(\.text)
        let titleSubject = title.map { PageSubject.fromTitle($0, headings: headings) }
        record.subject = (facts.value(named: PageFacts.subjectNames) ?? classed ?? titleSubject).map(
            SubjectLine.withoutReplyPrefix)
        record.label = facts.value(named: PageFacts.labelNames)
        record.ticketID = ticketID(facts: facts, title: title)
        if let title { record.metadata["title"] = .string(title) }
        return event(record.draft(file: file, locator: .element(body.path), snippet: body.text))
    }

    /// Whether the page holds a thread: messages whose markup names a customer or an agent, a mail client's print
    /// view of a thread, or e-mails split by header blocks.
    func hasThread() -> Bool {
        markedMessages().contains { $0.author != .internalNote } || mailPrintView() != nil || isHeaderThread()
    }

    /// Whether the page is a thread of e-mails split by header blocks: at least two sibling elements each start
    /// with one (a print view or export with one element per message), and nothing but page chrome (headings,
    /// rules, `Key: value` lines, elements classed as a header, title or toolbar) comes before the first of them.
    /// A single e-mail quoting older messages has its newest text before its header blocks.
    func isHeaderThread() -> Bool {
        let splitter = EmailThreadSplitter()
        func startsWithHeader(_ element: HTMLElement) -> Bool {
            guard !element.isHidden, !ReplyCleaner.isQuoteContainer(element) else { return false }
            let text = element.text
            guard ReplyCleaner.startsWithSenderLabel(text) else { return false }
            let split = splitter.split(text)
            return split.preamble.isEmpty && !split.parts.isEmpty
        }
        for element in [body] + body.descendants where !ReplyCleaner.isQuoteContainer(element) {
            let children = element.childElements
            let headed = children.indices.filter { startsWithHeader(children[$0]) }
            guard headed.count >= 2, let first = headed.first else { continue }
            let textBefore = element.children.prefix { node in
                if case .element(let child) = node { return child.path != children[first].path }
                return true
            }
            return textBefore.allSatisfy { node in
                switch node {
                case .text(let text): return text.allSatisfy(\.isWhitespace)
                case .element(let child): return child.isHidden || HTMLPageReader.isChrome(child)
                }
            }
        }
        return false
    }

    /// Whether `element` is page chrome rather than a message: a heading, a rule, an element classed as a header,
    /// title, toolbar or the like, or text made only of `Key: value` lines.
    static func isChrome(_ element: HTMLElement) -> Bool {
        if ["h1", "h2", "h3", "h4", "h5", "h6", "hr", "header", "nav", "title", "img", "br"].contains(element.name) {
            return true
        }
        let chromeWords: Set<String> = [
            "header", "title", "toolbar", "nav", "meta", "info", "banner", "logo", "subject",
        ]
        if element.classes.contains(where: { token in
            token.split { $0 == "-" || $0 == "_" }.contains { chromeWords.contains(String($0)) }
        }) {
            return true
        }
        let lines = element.text.split(whereSeparator: \.isNewline)
        return lines.allSatisfy { line in
            guard let colon = line.firstIndex(of: ":") else { return false }
            return line[..<colon].split(separator: " ").count <= 3
        }
    }

    /// Elements whose attributes or classes say who wrote them: the largest group of such siblings. Only elements
    /// that can hold a message's text count (see ``canHoldMessage(_:)``): a link or `<span>` classed `user` names
    /// someone, it is no message.
    func markedMessages() -> [(element: HTMLElement, author: ThreadTurn.Author)] {
        var byAttribute: [(element: HTMLElement, author: ThreadTurn.Author)] = []
        var byClass: [(element: HTMLElement, author: ThreadTurn.Author)] = []
        func visit(_ element: HTMLElement) {
            for child in element.childElements where !child.isHidden {
                if HTMLPageReader.canHoldMessage(child) {
                    if let author = HTMLPageReader.attributeAuthor(of: child) {
                        byAttribute.append((child, author))
                    } else if let author = ThreadTurn.Author(classes: child.classes) {
                        byClass.append((child, author))
                    }
                }
                visit(child)
            }
        }
        visit(body)
        if byAttribute.isEmpty && byClass.isEmpty { return microdataPosts() }
        let candidates = byAttribute.isEmpty ? byClass : byAttribute
        var groups: [String: Int] = [:]
        for candidate in candidates { groups[HTMLPageReader.parentPath(of: candidate.element.path), default: 0] += 1 }
        guard
            let best = candidates.map({ HTMLPageReader.parentPath(of: $0.element.path) })
                .max(by: { groups[$0, default: 0] < groups[$1, default: 0] })
        else { return [] }
        if groups[best, default: 0] > 1 {
            return candidates.filter { HTMLPageReader.parentPath(of: $0.element.path) == best }
        }
        // Only the innermost candidates: those that are no other candidate's ancestor.
        var ancestors: Set<String> = []
        for candidate in candidates {
            var path = HTMLPageReader.parentPath(of: candidate.element.path)
            while path != "/", ancestors.insert(path).inserted { path = HTMLPageReader.parentPath(of: path) }
        }
        return candidates.filter { !ancestors.contains($0.element.path) }
    }

    /// Posts marked with schema.org microdata, as forums and community sites mark them (Discourse's
    /// `DiscussionForumPosting` and `Comment`): an element with a child whose `itemprop` is `text` or `articleBody`
    /// and an `itemprop="author"` inside it. The first post's author opened the topic and is the customer, whose
    /// other posts are theirs too; everyone else answers. Empty unless there are two posts by two authors.
    func microdataPosts() -> [(element: HTMLElement, author: ThreadTurn.Author)] {
        var posts: [(element: HTMLElement, author: String)] = []
        func visit(_ element: HTMLElement) {
            for child in element.childElements where !child.isHidden {
                if child.childElements.contains(where: HTMLPageReader.isMicrodataText),
                    let author = child.first(where: { $0.attribute("itemprop") == "author" })
                {
                    posts.append((child, author.text))
                } else {
                    visit(child)
                }
            }
        }
        visit(body)
        guard posts.count >= 2, let opener = posts.first?.author, posts.contains(where: { $0.author != opener })
        else { return [] }
        return posts.map { ($0.element, $0.author == opener ? .customer : .agent) }
    }

    /// Whether `element` is a post's text in schema.org microdata (`itemprop="text"` or `"articleBody"`).
    static func isMicrodataText(_ element: HTMLElement) -> Bool {
        ["text", "articlebody"].contains(element.attribute("itemprop")?.lowercased())
    }

    /// Whether `element` can hold a message's text: any element but the inline ones that hold a name, a badge or a
    /// date inside a line (a link, `<span>`, `<strong>`, `<time>`, an image...).
    static func canHoldMessage(_ element: HTMLElement) -> Bool {
        !inlineNames.contains(element.name)
    }

    /// Inline elements: they mark up words within a line, never a whole message.
    static let inlineNames: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "button", "cite", "code", "data", "dfn", "em", "font", "i", "img", "input",
        "kbd", "label", "mark", "q", "s", "samp", "select", "small", "span", "strong", "sub", "sup", "svg", "time",
        "u", "var",
    ]

    /// The author a message element's data attributes name.
    static func attributeAuthor(of element: HTMLElement) -> ThreadTurn.Author? {
        let truthy = ["true", "1", "yes"]
        if let value = element.attribute("data-internal") ?? element.attribute("data-private"),
            truthy.contains(value.lowercased())
        {
            return .internalNote
        }
        if let value = element.attribute("data-public"), ["false", "0", "no"].contains(value.lowercased()) {
            return .internalNote
        }
        if let value = element.attribute("data-visibility"), ["internal", "private"].contains(value.lowercased()) {
            return .internalNote
        }
        for name in roleAttributes {
            if let value = element.attribute(name), let author = ThreadTurn.Author(marker: value) { return author }
        }
        return nil
    }

    /// Data attributes that name a message's author.
    static let roleAttributes = [
        "data-author-role", "data-author-type", "data-role", "data-sender-role", "data-sender-type", "data-user-type",
        "data-author", "data-sender", "data-from",
    ]

    /// Turns for e-mail parts: the support side's senders (named by `--agent-domain` or `--agent-address`, else
    /// those that look like a helpdesk) are agents, and so is anyone other than the customer (the first sender not
    /// on the support side, or anyone writing to the support side).
    private func emailTurns(_ parts: [EmailThreadSplitter.Part]) -> [ThreadTurn] {
        let roles = options.mailRoles
        func isAgent(_ address: String?) -> Bool {
            address.map { roles.isAgent(MailAddress(name: "", address: $0.lowercased())) } ?? false
        }
        let customer = parts.first { !isAgent($0.address("from")) }?.address("from")
        return parts.map { part in
            let sender = part.address("from")
            let author: ThreadTurn.Author
            if isAgent(sender) {
                author = .agent
            } else if isAgent(part.address("to")) || sender == customer {
                author = .customer
            } else {
                author = .agent
            }
            return ThreadTurn(author: author, cleaned: messageCleaner.clean(text: part.body, agent: author == .agent))
        }
    }

    /// The subject: a labelled value, an element whose class or id says it is the subject (see
    /// ``PageSubject/classedElement(in:)``), the first heading that is no logo and no bare ticket number, the title
    /// without the site's or application's name (see ``PageSubject/fromTitle(_:headings:)``), or the first e-mail's
    /// `Subject:`, without `Re:`/`Fwd:` prefixes.
    private func subject(facts: PageFacts, excluding excluded: [String], title: String?, emailSubject: String?)
        -> String?
    {
        let excludedSet = Set(excluded)
        let (outside, _) = body.removingDescendants { excludedSet.contains($0.path) }
        let classed = PageSubject.classedElement(in: outside)
        let heading = PageSubject.heading(in: outside)
        let headings = outside.descendants.filter { ["h1", "h2", "h3"].contains($0.name) }.map(\.text)
        let candidates = [
            facts.value(named: PageFacts.subjectNames), classed?.text, heading?.text,
            title.map { PageSubject.fromTitle($0, headings: headings) }, emailSubject,
        ]
        guard let found = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        return SubjectLine.withoutReplyPrefix(found)
    }

    /// A labelled ticket id, else a `#1234` or `Ticket 1234` number in the title.
    private func ticketID(facts: PageFacts, title: String?) -> String? {
        if let value = facts.value(named: PageFacts.ticketIDNames) {
            return value.hasPrefix("#") ? String(value.dropFirst()) : value
        }
        let pattern = #"(#|\bticket\s+#?)\s?[A-Za-z]*-?\d+"#
        guard let title, let range = title.range(of: pattern, options: [.regularExpression, .caseInsensitive]) else {
            return nil
        }
        return title[range].replacingOccurrences(
            of: #"^(#|ticket\s+#?)\s?"#, with: "", options: [.regularExpression, .caseInsensitive])
    }

    /// The deepest element containing all of `elements`.
    func commonParent(of elements: [HTMLElement]) -> HTMLElement {
        var prefix = elements.first.map { HTMLPageReader.parentPath(of: $0.path) } ?? body.path
        while !elements.allSatisfy({ $0.path.hasPrefix(prefix + "/") }) {
            prefix = HTMLPageReader.parentPath(of: prefix)
        }
        return root.first { $0.path == prefix } ?? body
    }

    /// The path of an element's parent.
    static func parentPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
