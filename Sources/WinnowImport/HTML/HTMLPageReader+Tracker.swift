import Foundation
import WinnowHTML

extension HTMLPageReader {
    /// The thread of an issue tracker's page (GitHub's issue timeline, Redmine's journal, Request Tracker's ticket
    /// history, Jira's activity): messages told apart by structure, not by role.
    struct TrackerThread {
        /// The description (when the page shows one apart) and the comments, in page order.
        var turns: [ThreadTurn]
        /// The deepest element holding the description and every comment.
        var container: HTMLElement
        /// The description's and the comments' paths: nothing in them is a fact about the ticket.
        var excluded: [String]
    }

    /// One comment of a tracker's page: an element with an author's name and a body apart from it.
    struct TrackerEntry {
        /// The whole comment, byline included.
        var element: HTMLElement
        /// The part holding what was said.
        var body: HTMLElement
        /// The author's name as the page shows it, compared without case or a leading `@`.
        var author: String
        /// Whether the page marks the comment as internal or private.
        var isInternal: Bool
    }

    /// The page read as an issue tracker's thread, or nil when it is not one.
    ///
    /// The comments are the largest group of sibling elements sharing a class, each holding an author's name (an
    /// element classed `author`, `user`, `creator`, `reporter`... or marked `itemprop="author"`, outside the body)
    /// and a body with text (a part classed `...body`, `...content`, `...text` or `wiki`); status changes without
    /// a body are left out. The issue's description is an element classed or with an id naming a `description`
    /// before the first comment, outside the page's navigation, header, sidebar and footer; its author is the
    /// name beside it (Redmine's `Added by`), else a reporter or requester the page names by class or id (Jira's
    /// `#reporter-val`). The one who opened the issue (the description's author, else the first comment's, when
    /// the page shows no description apart) is the customer, with every later comment of theirs; every other
    /// author answers. When the description's author is nowhere on the page, the description is the customer's
    /// and every comment answers it. A comment the page marks as internal is an internal note: classed so
    /// (Redmine's `private-notes`) or with a data attribute saying so, a lock or `Restricted to` in its byline
    /// (Jira's restricted comments), or a byline saying `Comments added` (Request Tracker's comments, as opposed to
    /// its correspondence). Nil unless there are two comments and two authors.
    func trackerThread() -> TrackerThread? {
        let entries = trackerEntries()
        guard entries.count >= 2, let first = entries.first else { return nil }
        let description = trackerDescription(before: first.element)
        let openerName: String?
        if let description {
            openerName = descriptionAuthor(of: description, before: first.element) ?? reporterName()
        } else {
            openerName = first.author
        }
        let opener = openerName.map(HTMLPageReader.personKey)
        let authors = Set(entries.map { HTMLPageReader.personKey($0.author) } + (opener.map { [$0] } ?? []))
        guard authors.count >= 2 || (description != nil && opener == nil) else { return nil }
        let cleaner = messageCleaner
        var turns: [ThreadTurn] = []
        var elements: [HTMLElement] = []
        if let description {
            let text = description.first { $0.path != description.path && HTMLPageReader.isTrackerBody($0) }
            turns.append(ThreadTurn(author: .customer, cleaned: cleaner.clean(text ?? description)))
            elements.append(description)
        }
        for entry in entries {
            let author: ThreadTurn.Author
            if entry.isInternal {
                author = .internalNote
            } else if let opener, HTMLPageReader.personKey(entry.author) == opener {
                author = .customer
            } else {
                author = .agent
            }
            turns.append(ThreadTurn(author: author, cleaned: cleaner.clean(entry.body, agent: author == .agent)))
            elements.append(entry.element)
        }
        return TrackerThread(turns: turns, container: commonParent(of: elements), excluded: elements.map(\.path))
    }

    /// The comments: of every group of sibling elements sharing a class token, the one with the most elements that
    /// read as comments (see ``trackerEntry(_:)``); the first such group in page order wins a tie.
    func trackerEntries() -> [TrackerEntry] {
        var best: [TrackerEntry] = []
        func visit(_ element: HTMLElement) {
            let children = element.childElements.filter {
                !$0.isHidden && HTMLPageReader.canHoldMessage($0) && !HTMLPageReader.isTrackerChrome($0)
            }
            var groups: [String: [HTMLElement]] = [:]
            var order: [String] = []
            for child in children {
                for token in Set(child.classes) {
                    if groups[token] == nil { order.append(token) }
                    groups[token, default: []].append(child)
                }
            }
            var read: [String: TrackerEntry?] = [:]
            for token in order {
                guard let group = groups[token], group.count >= 2, group.count > best.count else { continue }
                let entries = group.compactMap { child -> TrackerEntry? in
                    if let known = read[child.path] { return known }
                    let entry = trackerEntry(child)
                    read[child.path] = entry
                    return entry
                }
                if entries.count >= 2, entries.count > best.count { best = entries }
            }
            for child in children { visit(child) }
        }
        visit(body)
        return best
    }

    /// `element` read as a comment: its body (the first part classed as one, see ``isTrackerBody(_:)``) must have
    /// text, and an author's name must stand outside it.
    func trackerEntry(_ element: HTMLElement) -> TrackerEntry? {
        guard let body = element.first(where: { $0.path != element.path && HTMLPageReader.isTrackerBody($0) }),
            !body.text.isEmpty,
            let author = HTMLPageReader.authorName(in: element, outside: body.path)
        else { return nil }
        let byline = element.removingDescendants { $0.path == body.path }.element
        return TrackerEntry(
            element: element, body: body, author: author, isInternal: HTMLPageReader.isInternalEntry(element, byline))
    }

    /// Whether the page marks a comment as internal: by its own classes or data attributes, by a lock or
    /// `Restricted to` in its `byline`, or by a byline saying `Comments added` (Request Tracker's comment).
    static func isInternalEntry(_ element: HTMLElement, _ byline: HTMLElement) -> Bool {
        if attributeAuthor(of: element) == .internalNote || ThreadTurn.Author(classes: element.classes) == .internalNote
        {
            return true
        }
        let lockWords: Set<String> = ["lock", "locked", "restricted"]
        if element.classes.contains(where: { classParts($0).contains(where: lockWords.contains) }) { return true }
        if byline.descendants.contains(where: {
            $0.classes.contains { classParts($0).contains(where: lockWords.contains) }
        }) {
            return true
        }
        let text = byline.text.lowercased()
        return text.contains("restricted to") || text.contains("comments added")
    }

    /// The issue's description: the first element before `firstEntry`, outside the page's chrome and not holding
    /// the comments, whose class or id has a part `description`, with text.
    func trackerDescription(before firstEntry: HTMLElement) -> HTMLElement? {
        var found: HTMLElement?
        var reachedEntries = false
        func visit(_ element: HTMLElement) {
            for child in element.childElements where found == nil && !reachedEntries {
                if child.path == firstEntry.path {
                    reachedEntries = true
                    return
                }
                guard !child.isHidden, !HTMLPageReader.isTrackerChrome(child) else { continue }
                let holdsEntries = firstEntry.path.hasPrefix(child.path + "/")
                if !holdsEntries, HTMLPageReader.canHoldMessage(child), HTMLPageReader.namesDescription(child),
                    !child.text.isEmpty
                {
                    found = child
                    return
                }
                visit(child)
            }
        }
        visit(body)
        return found
    }

    /// The name beside the description: an author's name in the largest element around it that does not hold the
    /// comments, outside the description itself.
    func descriptionAuthor(of description: HTMLElement, before firstEntry: HTMLElement) -> String? {
        var scope = description
        var path = HTMLPageReader.parentPath(of: description.path)
        while path != "/", path != body.path, !firstEntry.path.hasPrefix(path + "/") {
            if let element = root.first(where: { $0.path == path }) { scope = element }
            path = HTMLPageReader.parentPath(of: path)
        }
        return HTMLPageReader.authorName(in: scope, outside: description.path)
    }

    /// The name of the issue's reporter or requester, when an element's class or id names one (Jira's
    /// `#reporter-val`).
    func reporterName() -> String? {
        let words: Set<String> = ["reporter", "requester", "requestor", "requesters", "requestors", "opener"]
        guard
            let field = body.first(where: { element in
                !element.isHidden
                    && ((element.attribute("id").map { HTMLPageReader.classParts($0).contains(where: words.contains) }
                        ?? false)
                        || element.classes.contains { HTMLPageReader.classParts($0).contains(where: words.contains) })
            })
        else { return nil }
        return HTMLPageReader.authorName(in: field, outside: nil) ?? HTMLPageReader.shortName(field.text)
    }

    /// The first author's name in `scope` outside the element at `excluded`: the innermost element classed as an
    /// author or user (see ``isAuthorMark(_:)``) with a short text, holding no other such element.
    static func authorName(in scope: HTMLElement, outside excluded: String?) -> String? {
        var found: String?
        func visit(_ element: HTMLElement) -> Bool {
            for child in element.childElements where !child.isHidden {
                if let excluded, child.path == excluded || excluded.hasPrefix(child.path + "/") {
                    if child.path != excluded, visit(child) { return true }
                    continue
                }
                if visit(child) { return true }
                if isAuthorMark(child), let name = shortName(child.text) {
                    found = name
                    return true
                }
            }
            return false
        }
        _ = visit(scope)
        return found
    }

    /// A name: text of one line and at most 80 characters, or nil.
    static func shortName(_ text: String) -> String? {
        let name = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !name.isEmpty, name.count <= 80, !text.contains("\n") else { return nil }
        return name
    }

    /// A name compared with others: without case, spaces at either end or a leading `@`.
    static func personKey(_ name: String) -> String {
        var key = name.lowercased().trimmingCharacters(in: .whitespaces)
        if key.hasPrefix("@") { key.removeFirst() }
        return key
    }

    /// Whether `element` names a comment's author: `itemprop="author"`, `rel="author"`, or a class with a part
    /// `author`, `user`, `username`, `creator`, `reporter`, `requester`, `commenter` or `poster`.
    static func isAuthorMark(_ element: HTMLElement) -> Bool {
        if element.attribute("itemprop") == "author" || element.attribute("rel") == "author" { return true }
        let words: Set<String> = [
            "author", "user", "username", "creator", "reporter", "requester", "requestor", "commenter", "poster",
        ]
        return element.classes.contains { classParts($0).contains(where: words.contains) }
    }

    /// Whether `element` holds a comment's text apart from its byline: a class whose last part is `body`,
    /// `content` or `text` (`comment-body`, `action-body`), or `wiki` (Redmine's notes), and none naming a header,
    /// title or meta data (GitHub's `timeline-comment-header-text` is the byline).
    static func isTrackerBody(_ element: HTMLElement) -> Bool {
        let parts = element.classes.map(classParts)
        return parts.contains { $0.last.map { ["body", "content", "text", "wiki"].contains($0) } ?? false }
            && !parts.contains { $0.contains { ["header", "title", "meta", "metadata"].contains($0) } }
    }

    /// Whether `element`'s class or id has a part `description` (Redmine's `div.description`, Jira's
    /// `#description-val`).
    static func namesDescription(_ element: HTMLElement) -> Bool {
        let tokens = element.classes + (element.attribute("id").map { [$0] } ?? [])
        return tokens.contains { classParts($0).contains("description") }
    }

    /// Whether `element` is the page's navigation, header, sidebar or footer, whose links and names are no message.
    static func isTrackerChrome(_ element: HTMLElement) -> Bool {
        if ["nav", "header", "footer", "aside", "form", "script", "style", "template"].contains(element.name) {
            return true
        }
        let words: Set<String> = ["nav", "navigation", "sidebar", "footer", "breadcrumbs"]
        let tokens = element.classes + (element.attribute("id").map { [$0] } ?? [])
        return tokens.contains { classParts($0).contains(where: words.contains) }
    }

    /// The lowercased parts of a class or id, split at dashes and underscores.
    static func classParts(_ token: String) -> [String] {
        token.lowercased().split { $0 == "-" || $0 == "_" }.map(String.init)
    }
}
