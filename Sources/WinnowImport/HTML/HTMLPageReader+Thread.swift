import Foundation
import WinnowCore
import WinnowHTML
import WinnowMail

extension HTMLPageReader {
    /// The page as one ticket thread: messages told apart by markup, else by `From:` header blocks.
    func readThread() -> ImportEvent {
        var record = ThreadRecord()
        let container: HTMLElement
        let excluded: [String]
        var emailSubject: String?
        let marked = markedMessages()
        if !marked.isEmpty {
            let cleaner = MessageElementCleaner()
            record.turns = marked.map { ThreadTurn(author: $0.author, cleaned: cleaner.clean($0.element)) }
            container = commonParent(of: marked.map(\.element))
            excluded = marked.map(\.element.path)
            record.metadata["layout"] = "thread"
        } else {
            let (withoutQuotes, quotes) = body.removingDescendants(where: MessageElementCleaner.isQuote)
            let (cleanBody, signatures) = withoutQuotes.removingDescendants(where: MessageElementCleaner.isSignature)
            let parts = EmailThreadSplitter().split(cleanBody.text).parts
            guard !parts.isEmpty else {
                let message =
                    "no ticket table (a header row naming the fields), no messages marked as customer or agent"
                    + " and no 'From:' header lines found in \(body.path); describe the layout with --html-profile"
                return .failure(
                    ImportError(
                        kind: .noInput, file: file, locator: .element(body.path), message: message,
                        snippet: body.text))
            }
            record.turns = emailTurns(parts)
            record.removedQuotes = quotes.map(\.text).filter { !$0.isEmpty }
            record.removedSignatures = signatures.map(\.text).filter { !$0.isEmpty }
            emailSubject = parts.first?.headers["subject"]
            container = body
            excluded = []
            record.metadata["layout"] = "email"
        }
        let facts = PageFacts(root: root, container: container.path, excluding: excluded)
        let title = document.title
        record.subject = subject(facts: facts, excluding: excluded, title: title, emailSubject: emailSubject)
        record.label = facts.value(named: PageFacts.labelNames)
        record.ticketID = ticketID(facts: facts, title: title)
        if let title { record.metadata["title"] = .string(title) }
        return event(record.draft(file: file, locator: .element(container.path), snippet: container.text))
    }

    /// Elements whose attributes or classes say who wrote them: the largest group of such siblings.
    func markedMessages() -> [(element: HTMLElement, author: ThreadTurn.Author)] {
        var byAttribute: [(element: HTMLElement, author: ThreadTurn.Author)] = []
        var byClass: [(element: HTMLElement, author: ThreadTurn.Author)] = []
        func visit(_ element: HTMLElement) {
            for child in element.childElements where !child.isHidden {
                if let author = HTMLPageReader.attributeAuthor(of: child) {
                    byAttribute.append((child, author))
                } else if let classes = child.attribute("class"), let author = ThreadTurn.Author(marker: classes) {
                    byClass.append((child, author))
                }
                visit(child)
            }
        }
        visit(body)
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
        return candidates.filter { candidate in
            !candidates.contains { $0.element.path.hasPrefix(candidate.element.path + "/") }
        }
    }

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

    /// Turns for e-mail parts: senders that look like a helpdesk are agents, and so is anyone other than the
    /// customer (the first sender that does not look like a helpdesk, or anyone writing to a helpdesk address).
    private func emailTurns(_ parts: [EmailThreadSplitter.Part]) -> [ThreadTurn] {
        func looksLikeHelpdesk(_ address: String?) -> Bool {
            address.map(MailAddress.looksLikeHelpdesk) ?? false
        }
        let customer = parts.first { !looksLikeHelpdesk($0.address("from")) }?.address("from")
        let cleaner = ThreadCleaner()
        return parts.map { part in
            let sender = part.address("from")
            let author: ThreadTurn.Author
            if looksLikeHelpdesk(sender) {
                author = .agent
            } else if looksLikeHelpdesk(part.address("to")) || sender == customer {
                author = .customer
            } else {
                author = .agent
            }
            return ThreadTurn(author: author, cleaned: cleaner.clean(part.body))
        }
    }

    /// The subject: a labelled value, an element classed as a subject, the first heading, the title, or the first
    /// e-mail's `Subject:`, without `Re:`/`Fwd:` prefixes.
    private func subject(facts: PageFacts, excluding excluded: [String], title: String?, emailSubject: String?)
        -> String?
    {
        let (outside, _) = body.removingDescendants { excluded.contains($0.path) }
        let classed = outside.first { element in element.classes.contains { $0.contains("subject") } }
        let heading = outside.first { $0.name == "h1" } ?? outside.first { $0.name == "h2" }
        let candidates = [
            facts.value(named: PageFacts.subjectNames), classed?.text, heading?.text, title, emailSubject,
        ]
        guard let found = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        return found.replacingOccurrences(
            of: #"^((re|fw|fwd|aw)\s*:\s*)+"#, with: "", options: [.regularExpression, .caseInsensitive])
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
    private func commonParent(of elements: [HTMLElement]) -> HTMLElement {
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
