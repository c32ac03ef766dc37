import ArgumentParser
import Foundation
import WinnowImport

/// `winnow import`'s options for exports with one message per row.
struct ConversationArguments: ParsableArguments {
    @Option(
        name: .customLong("conversation-by"),
        help: ArgumentHelp(
            "Join rows sharing this field into one conversation.",
            valueName: "field"))
    var conversationBy: String?

    @Option(
        name: .customLong("reply-link"),
        help: ArgumentHelp(
            "Chain rows by reply: each row's PARENT_FIELD names the ID_FIELD of the row it answers.",
            valueName: "id_field:parent_field"))
    var replyLink: String?

    @Option(
        name: .customLong("conversation-by-party"),
        help: ArgumentHelp(
            "Join rows by the customer they name: the sender of a customer's message and the recipient of an"
                + " agent's (an SMS log's From:To), or one field naming the customer on every row; a new conversation"
                + " after a day's silence (--session-gap).",
            valueName: "from:to|field"))
    var conversationByParty: String?

    @Option(
        name: .customLong("session-gap"),
        help: ArgumentHelp(
            "Where rows are joined by the customer (given or found), the silence after which a customer's next message"
                + " opens a new conversation: 30m, 8h, 2d (default 1d).",
            valueName: "duration"))
    var sessionGap: String?

    @Flag(
        name: .customLong("one-conversation"),
        help: "Read every row of each file as one conversation's (one chat exported alone, nothing naming it).")
    var oneConversation = false

    @Option(
        name: .customLong("order-by"),
        help: ArgumentHelp(
            "Order a conversation's turns by this timestamp field (ISO 8601, RFC 2822, Unix time...; else file order).",
            valueName: "field"))
    var orderBy: String?

    @Option(
        name: .customLong("role-by"),
        help: ArgumentHelp(
            "The field telling agent turns from customer turns (default: role, author_type, sender, inbound...).",
            valueName: "field"))
    var roleBy: String?

    @Option(
        name: .customLong("agent-values"),
        help: ArgumentHelp(
            "Comma-separated values of --role-by that mark an agent turn; every other value is the customer.",
            valueName: "v1,v2"))
    var agentValues: String?

    @Option(help: "One example per conversation, or one per agent reply.")
    var examples: ConversationOptions.ExampleUnit?

    /// `--role-by` (with `--agent-values`) given without a conversation option: how the turns of each record's
    /// thread tell their authors.
    func turnRoles() throws -> FieldMapping.TurnRoles? {
        guard conversationBy == nil, replyLink == nil, conversationByParty == nil, !oneConversation, let roleBy else {
            return nil
        }
        let field = roleBy.trimmingCharacters(in: .whitespaces)
        guard !field.isEmpty else { throw ValidationError("--role-by needs a field name") }
        let values = (agentValues ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return FieldMapping.TurnRoles(field: field, agentValues: values)
    }

    /// `--session-gap` in seconds, checked as a time with its unit (``options()`` checks the grouping beside it);
    /// nil when not given.
    func sessionGapSeconds() throws -> Double? {
        guard let sessionGap else { return nil }
        guard let seconds = ConversationOptions.duration(sessionGap) else {
            throw ValidationError(
                "--session-gap must be a time with its unit, for example 30m, 8h or 2d (got '\(sessionGap)')")
        }
        return seconds
    }

    /// The conversation options given, checked together; nil when none is given (`--role-by` alone reads the turns
    /// of each record's thread: ``turnRoles()``).
    func options() throws -> ConversationOptions? {
        if try turnRoles() != nil {
            if orderBy != nil {
                throw ValidationError(
                    "--order-by applies to conversations: give --conversation-by FIELD or --reply-link ID:PARENT too")
            }
            if examples != nil {
                throw ValidationError(
                    "--examples applies to conversations: give --conversation-by FIELD or --reply-link ID:PARENT too")
            }
            return nil
        }
        do {
            return try ConversationOptions(
                conversationBy: conversationBy, replyLink: replyLink, orderBy: orderBy, roleBy: roleBy,
                agentValues: agentValues, examples: examples, oneConversation: oneConversation,
                party: conversationByParty, sessionGap: sessionGap)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

extension ConversationOptions.ExampleUnit: ExpressibleByArgument {}
