import WinnowMail

/// One message of a support thread found on an HTML page, already cleaned of quotes and signatures.
struct ThreadTurn: Sendable, Equatable {
    /// Who wrote a turn, as the markup tells it.
    enum Author: Sendable, Equatable {
        case customer
        case agent
        /// A note agents leave for each other: never part of a response or the thread.
        case internalNote

        /// The author an attribute value names (`data-author-role="end-user"`, a profile value), or nil.
        ///
        /// The marker is split into words at spaces, dashes and underscores; internal-note words win over agent
        /// words, which win over customer words (`comment agent internal` is an internal note).
        init?(marker: String) {
            let words = Set(
                marker.lowercased().split { $0.isWhitespace || $0 == "-" || $0 == "_" || $0 == "," }.map(String.init))
            guard let author = Author(words: words) else { return nil }
            self = author
        }

        /// The author an element's class list names, or nil.
        ///
        /// A class names a role only when every part of it (split at dashes and underscores) is a role word or a
        /// word saying what the element is or who wrote it: `agent`, `message-user`, `from-customer`,
        /// `msg--agent`, `is-internal` and `internal-note` name roles; `user-select-contain`, `user-hover`,
        /// `current-user`, `customer-name` and `internal-border` do not. Internal-note roles win over agent roles,
        /// which win over customer roles. Helpdesks that name entries by kind are read by kind: a `message` or
        /// `response` class beside a thread entry class is the customer's or the agent's (osTicket's
        /// `thread-entry message` and `thread-entry response`), while a class typing a thread as a message is an
        /// agent's reply: FreeScout and Help Scout type a thread `customer` (the customer's e-mail), `message` (a
        /// reply an agent wrote), `note` (an internal note) or `lineitem` (a change of status, no message), so
        /// `thread-type-message` is the agent's.
        init?(classes: [String]) {
            var words: Set<String> = []
            var isEntry = false
            for token in classes.map({ $0.lowercased() }) {
                let parts = token.split { $0 == "-" || $0 == "_" }.map(String.init)
                if parts.contains("entry") || parts.contains("thread") { isEntry = true }
                if let type = parts.firstIndex(of: "type"), type + 2 == parts.count,
                    Author.agentTypeWords.contains(parts[type + 1]),
                    parts[..<type].allSatisfy(Author.contextWords.contains)
                {
                    words.insert("agent")
                    continue
                }
                let roles = parts.filter(Author.roleWords.contains)
                guard !roles.isEmpty,
                    parts.allSatisfy({ Author.roleWords.contains($0) || Author.contextWords.contains($0) })
                else { continue }
                words.formUnion(roles)
            }
            if let author = Author(words: words) {
                self = author
            } else if isEntry, classes.contains("message") {
                self = .customer
            } else if isEntry, classes.contains("response") {
                self = .agent
            } else {
                return nil
            }
        }

        /// The author a set of role words names: internal-note words first, then agent words, then customer words.
        private init?(words: Set<String>) {
            if !words.isDisjoint(with: Author.internalWords) {
                self = .internalNote
            } else if !words.isDisjoint(with: Author.agentWords) {
                self = .agent
            } else if !words.isDisjoint(with: Author.customerWords) {
                self = .customer
            } else {
                return nil
            }
        }

        static let internalWords: Set<String> = ["internal", "note", "notes", "private", "whisper"]
        static let agentWords: Set<String> = [
            "agent", "staff", "support", "admin", "operator", "assistant", "representative", "rep", "employee",
        ]
        static let customerWords: Set<String> = [
            "customer", "enduser", "user", "requester", "requestor", "client", "contact", "visitor",
        ]
        /// Every word that names a role.
        static let roleWords = internalWords.union(agentWords).union(customerWords)
        /// Words that may stand beside a role word in a class naming a role: what the element is (a message, a
        /// comment, a thread entry) or how it relates to its author (`from`, `by`, `is`).
        static let contextWords: Set<String> = [
            "message", "messages", "msg", "comment", "reply", "response", "post", "entry", "thread", "turn", "item",
            "bubble", "chat", "article", "event", "from", "by", "is", "author", "role", "sender", "type", "side",
            "speaker", "written",
        ]
        /// Thread types that mean an agent's reply (`thread-type-message`).
        static let agentTypeWords: Set<String> = ["message"]
    }

    /// Who wrote it.
    var author: Author
    /// Its text after cleaning, with the evidence of what was removed.
    var cleaned: CleanedReply
}
