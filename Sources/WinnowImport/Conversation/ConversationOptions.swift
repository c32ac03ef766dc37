import Foundation
import WinnowCore

/// How rows that each hold one message are joined into conversations (`--conversation-by`, `--reply-link`,
/// `--order-by`, `--role-by`, `--agent-values`, `--examples`).
public struct ConversationOptions: Sendable, Equatable {
    /// How rows find their conversation.
    public enum Grouping: Sendable, Equatable {
        /// Rows sharing the value of a field form one conversation.
        case field(String)
        /// Each row names its parent's id; a root row and its descendants form one conversation.
        case replyLink(id: String, parent: String)
        /// Every row of the file is one conversation's (`--one-conversation`: one chat's messages exported alone,
        /// with nothing naming the conversation).
        case file
        /// Rows naming their sender and recipient (an SMS or WhatsApp log: `From`, `To`) are the customer's
        /// conversation: the sender of a customer's message, the recipient of an agent's; or, where `from` and `to`
        /// are one field, the customer every row names (a chat widget's `visitorId`). A customer's rows form a new
        /// conversation after ``sessionGap`` of silence, where the rows give their times
        /// (`--conversation-by-party FROM:TO`, or `--conversation-by-party FIELD`; `--session-gap`).
        case party(from: String, to: String)

        /// Whether rows are joined by the customer they name (``party(from:to:)``).
        public var joinsByParty: Bool {
            if case .party = self { true } else { false }
        }
    }

    /// The silence after which a customer's next message opens a new conversation (``Grouping/party(from:to:)``)
    /// unless `--session-gap` says otherwise: a day, the window a messaging channel keeps a customer's conversation
    /// open in (WhatsApp's customer service window).
    public static let defaultSessionGap: Double = 24 * 3600

    /// The silence, in seconds, after which a customer's next message opens a new conversation
    /// (``Grouping/party(from:to:)``).
    public var sessionGap: Double = ConversationOptions.defaultSessionGap

    /// The silence of ``sessionGap`` in words: "a day's silence", "8 hours' silence", "30 minutes' silence".
    public var sessionGapWords: String { ConversationOptions.silenceWords(sessionGap) }

    /// `seconds` of silence in words, in the largest unit that divides it.
    static func silenceWords(_ seconds: Double) -> String {
        for (size, unit) in [(86_400.0, "day"), (3600, "hour"), (60, "minute"), (1, "second")] {
            let count = seconds / size
            guard count >= 1, count == count.rounded() else { continue }
            return count == 1 ? "a\(unit == "hour" ? "n" : "") \(unit)'s silence" : "\(Int(count)) \(unit)s' silence"
        }
        return "\(seconds) seconds' silence"
    }

    /// A duration written as a number and its unit (`90m`, `8h`, `2d`, `45s`, `1.5h`) in seconds; nil when it is
    /// not one or not above zero.
    public static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [
            ("seconds", 1), ("second", 1), ("sec", 1), ("s", 1), ("minutes", 60), ("minute", 60), ("min", 60),
            ("m", 60), ("hours", 3600), ("hour", 3600), ("h", 3600), ("days", 86_400), ("day", 86_400), ("d", 86_400),
        ]
        // The longest unit a text ends with is its unit (`hours`, not `s`).
        for (unit, size) in units.sorted(by: { $0.0.count > $1.0.count }) where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite, value > 0 else { return nil }
            return value * size
        }
        return nil
    }

    /// What one example is.
    public enum ExampleUnit: String, Sendable, Equatable, CaseIterable {
        /// One example per conversation: the customer's turns up to the last agent reply, and that reply.
        case conversation
        /// One example per agent reply: the customer's turns just before it, the earlier turns as context.
        case reply
    }

    /// How rows find their conversation.
    public var grouping: Grouping
    /// The field whose timestamps order a conversation's turns (nil: file order, or parent before reply).
    public var orderBy: String?
    /// The field telling agent turns from customer turns (nil: recognised from common column names).
    public var roleBy: String?
    /// Values of `roleBy` that mark an agent turn, compared case-insensitively (empty: the usual agent words).
    public var agentValues: [String]
    /// One example per conversation or per agent reply.
    public var examples: ExampleUnit
    /// The role rule the file's first records were read with when the options were detected from them: every
    /// record is read by it, one without its field too (an assignment, HubSpot's comment on a thread without a
    /// `direction`), not refused for naming no role field of its own. Not compared.
    var detectedRole: TurnRoleRule?

    public static func == (lhs: ConversationOptions, rhs: ConversationOptions) -> Bool {
        lhs.grouping == rhs.grouping && lhs.orderBy == rhs.orderBy && lhs.roleBy == rhs.roleBy
            && lhs.agentValues == rhs.agentValues && lhs.examples == rhs.examples && lhs.sessionGap == rhs.sessionGap
    }

    /// Options grouping rows by `grouping`.
    public init(
        grouping: Grouping, orderBy: String? = nil, roleBy: String? = nil, agentValues: [String] = [],
        examples: ExampleUnit = .conversation
    ) {
        self.grouping = grouping
        self.orderBy = orderBy
        self.roleBy = roleBy
        self.agentValues = agentValues
        self.examples = examples
    }

    /// Options from the command line's values, checked together: nil when no conversation option is given.
    ///
    /// Throws when the options contradict each other or are malformed (`--reply-link` without a colon,
    /// `--agent-values` without `--role-by`, an option that needs a grouping without one).
    public init?(
        conversationBy: String?, replyLink: String?, orderBy: String?, roleBy: String?, agentValues: String?,
        examples: ExampleUnit?, oneConversation: Bool = false, party: String? = nil, sessionGap: String? = nil
    ) throws(ConversationOptionError) {
        func named(_ value: String?, _ option: String) throws(ConversationOptionError) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ConversationOptionError("\(option) needs a field name") }
            return trimmed
        }
        let conversationField = try named(conversationBy, "--conversation-by")
        let link = try named(replyLink, "--reply-link")
        let parties = try named(party, "--conversation-by-party")
        var gap: Double?
        if let sessionGap {
            guard let seconds = ConversationOptions.duration(sessionGap) else {
                throw ConversationOptionError(
                    "--session-gap must be a time with its unit, for example 30m, 8h or 2d (got '\(sessionGap)')")
            }
            guard parties != nil || (conversationField == nil && link == nil && !oneConversation) else {
                throw ConversationOptionError(
                    "--session-gap applies to conversations joined by the customer (--conversation-by-party), not to"
                        + " rows that name their conversation or the whole file")
            }
            gap = seconds
        }
        guard conversationField != nil || link != nil || parties != nil || oneConversation else {
            let given = [
                ("--order-by", orderBy), ("--role-by", roleBy), ("--agent-values", agentValues),
                ("--examples", examples?.rawValue),
            ].filter { $0.1 != nil }.map(\.0)
            if let first = given.first {
                throw ConversationOptionError(
                    "\(first) applies to conversations: give --conversation-by FIELD or --reply-link ID:PARENT too")
            }
            return nil
        }
        if oneConversation, conversationField != nil || link != nil || parties != nil {
            throw ConversationOptionError(
                "give --one-conversation or --conversation-by/--reply-link/--conversation-by-party, not both: the"
                    + " whole file is one conversation, or its rows say which")
        }
        let grouping: Grouping
        switch (conversationField, link) {
        case (nil, nil) where parties != nil:
            let given = parties ?? ""
            let parts = given.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.allSatisfy({ !$0.isEmpty }) else {
                throw ConversationOptionError(
                    "--conversation-by-party must be FROM_FIELD:TO_FIELD (the sender and the recipient, for example"
                        + " From:To) or the one field naming the customer on every row (got '" + given + "')")
            }
            grouping = .party(from: parts[0], to: parts.count == 2 ? parts[1] : parts[0])
        case _ where parties != nil:
            throw ConversationOptionError(
                "give --conversation-by-party or --conversation-by/--reply-link, not both: a conversation is the"
                    + " customer's messages, the rows sharing a field, or a chain of replies")
        case (nil, nil): grouping = .file
        case (let field?, nil): grouping = .field(field)
        case (nil, let link?):
            let parts = link.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConversationOptionError(
                    "--reply-link must be ID_FIELD:PARENT_FIELD, for example tweet_id:in_response_to_tweet_id"
                        + " (got '\(link)')")
            }
            guard parts[0] != parts[1] else {
                throw ConversationOptionError("--reply-link names '\(parts[0])' as both the id and the parent")
            }
            grouping = .replyLink(id: parts[0], parent: parts[1])
        default:
            throw ConversationOptionError(
                "give --conversation-by or --reply-link, not both: a conversation is either the rows sharing a"
                    + " field or a chain of replies")
        }
        let role = try named(roleBy, "--role-by")
        var values: [String] = []
        if let agentValues {
            guard role != nil else {
                throw ConversationOptionError("--agent-values needs --role-by FIELD: the values are that field's")
            }
            values = agentValues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !values.isEmpty else { throw ConversationOptionError("--agent-values needs at least one value") }
        }
        self.init(
            grouping: grouping, orderBy: try named(orderBy, "--order-by"), roleBy: role, agentValues: values,
            examples: examples ?? .conversation)
        if let gap { self.sessionGap = gap }
    }

    /// The fields that steer the grouping, the order and the roles: they feed no example field.
    var controlFields: Set<String> {
        var fields: Set<String> = []
        switch grouping {
        case .field(let field): fields.insert(field)
        case .replyLink(let id, let parent): fields.formUnion([id, parent])
        case .party(let from, let to): fields.formUnion([from, to])
        case .file: break
        }
        if let orderBy { fields.insert(orderBy) }
        if let roleBy { fields.insert(roleBy) }
        return fields
    }
}

/// Conversation options that cannot be used together, or a malformed one.
public struct ConversationOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the options.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
