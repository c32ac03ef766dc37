import Foundation
import WinnowCore
import WinnowHTML
import Yams

/// XPath expressions describing an HTML layout the built-in heuristics do not know (`--html-profile FILE.yml`).
///
/// ```yaml
/// tickets: //div[@class='case']          # one example per element selected
/// fields:                                # relative to the ticket element
///   subject: .//h2
///   input: .//div[@class='description']
///   response: .//div[@class='answer']
///   label: ./@data-queue
///   ticket_id: ./@data-case-id
///   priority: ./@data-priority           # any other name is kept in metadata
/// messages: .//div[@class='msg']         # optional: the thread, relative to the ticket element
/// message_text: .//div[@class='text']    # optional: a message's text, relative to the message (default: all of it)
/// role: ./@data-author-type              # relative to the message
/// customer_values: [customer, end-user]
/// agent_values: [agent]
/// internal: [note]
/// ```
/// Field and message text is cleaned like thread pages (quoted history and signatures removed, kept as evidence).
public struct HTMLProfile: Sendable, Equatable {
    /// One named field and the XPath that fills it.
    public struct Field: Sendable, Equatable {
        /// The field name: an example field (`subject`, `input`, `response`, `label`, `training_point`,
        /// `ticket_id`) or any other name, kept in metadata.
        public var name: String
        /// XPath relative to the ticket element.
        public var expression: String

        /// A field.
        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    /// Where the profile was loaded from (named in errors).
    public var file: String
    /// XPath selecting one element per ticket.
    public var tickets: String
    /// Fields read from each ticket element, in the profile's order.
    public var fields: [Field]
    /// XPath selecting the thread's messages within a ticket element.
    public var messages: String?
    /// XPath selecting a message's text within a message element; nil: the whole message.
    public var messageText: String?
    /// XPath giving a message's role marker within a message element.
    public var role: String?
    /// Role markers meaning the customer (compared case-insensitively).
    public var customerValues: [String]
    /// Role markers meaning an agent's customer-facing reply.
    public var agentValues: [String]
    /// Role markers meaning an internal note (kept out of responses and the thread).
    public var internalValues: [String]

    /// A profile with the given expressions.
    public init(
        file: String, tickets: String, fields: [Field] = [], messages: String? = nil, messageText: String? = nil,
        role: String? = nil, customerValues: [String] = ["customer", "end-user", "requester", "user"],
        agentValues: [String] = ["agent", "staff", "support"], internalValues: [String] = ["internal", "note"]
    ) {
        self.file = file
        self.tickets = tickets
        self.fields = fields
        self.messages = messages
        self.messageText = messageText
        self.role = role
        self.customerValues = customerValues
        self.agentValues = agentValues
        self.internalValues = internalValues
    }

    /// Reads and checks the profile at `url`; errors name `displayPath` (default: the file's path), the key and
    /// the line.
    public static func load(from url: URL, displayPath: String? = nil) throws(ImportError) -> HTMLProfile {
        let file = displayPath ?? url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ImportError(kind: .unreadableFile, file: file, message: "cannot read the HTML profile: \(error)")
        }
        return try parse(yaml: text, file: file)
    }

    /// Parses and checks profile text; `file` is the name errors use.
    public static func parse(yaml: String, file: String) throws(ImportError) -> HTMLProfile {
        var reader = HTMLProfileReader(file: file)
        return try reader.read(yaml)
    }

    /// The author a role marker means under this profile, or nil when it is none of the listed values.
    func author(forRole marker: String) -> ThreadTurn.Author? {
        let value = marker.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if internalValues.contains(where: { $0.lowercased() == value }) { return .internalNote }
        if agentValues.contains(where: { $0.lowercased() == value }) { return .agent }
        if customerValues.contains(where: { $0.lowercased() == value }) { return .customer }
        return nil
    }
}
