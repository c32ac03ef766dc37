import WinnowMail

/// One message of a support thread found on an HTML page, already cleaned of quotes and signatures.
struct ThreadTurn: Sendable, Equatable {
    /// Who wrote a turn, as the markup tells it.
    enum Author: Sendable, Equatable {
        case customer
        case agent
        /// A note agents leave for each other: never part of a response or the thread.
        case internalNote

        /// The author a marker names (an attribute value, a class list, a profile value), or nil.
        ///
        /// The marker is split into words at spaces, dashes and underscores; internal-note words win over agent
        /// words, which win over customer words (`comment agent internal` is an internal note). Helpdesk print pages
        /// name entries by kind (osTicket's `thread-entry message`, `thread-entry response`, `thread-entry note`): a
        /// `message` or `response` that is an entry of a thread is the customer's or the agent's.
        init?(marker: String) {
            let words = Set(
                marker.lowercased().split { $0.isWhitespace || $0 == "-" || $0 == "_" || $0 == "," }.map(String.init))
            if !words.isDisjoint(with: Author.internalWords) {
                self = .internalNote
            } else if !words.isDisjoint(with: Author.agentWords) {
                self = .agent
            } else if !words.isDisjoint(with: Author.customerWords) {
                self = .customer
            } else if !words.isDisjoint(with: Author.entryWords), words.contains("message") {
                self = .customer
            } else if !words.isDisjoint(with: Author.entryWords), words.contains("response") {
                self = .agent
            } else {
                return nil
            }
        }

        static let internalWords: Set<String> = ["internal", "note", "private", "whisper"]
        static let agentWords: Set<String> = [
            "agent", "staff", "support", "admin", "operator", "assistant", "representative", "rep", "employee",
        ]
        static let entryWords: Set<String> = ["entry", "thread"]
        static let customerWords: Set<String> = [
            "customer", "enduser", "user", "requester", "requestor", "client", "contact", "visitor",
        ]
    }

    /// Who wrote it.
    var author: Author
    /// Its text after cleaning, with the evidence of what was removed.
    var cleaned: CleanedReply
}
