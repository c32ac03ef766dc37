/// Which senders are the support side of a mailbox.
///
/// Given domains (`example.com`, matching subdomains too) or addresses, exactly those senders are agents. Given
/// neither, a sender whose address looks like a helpdesk (``MailAddress/looksLikeHelpdesk``) is the agent, and so is
/// the side of the mailbox the mail was exported from, where its mail tells one (``MailboxOwner``).
public struct MailRoles: Sendable, Equatable {
    /// Domains whose senders are agents, lower-cased, without a leading `@`.
    public var agentDomains: [String]
    /// Addresses that are agents, lower-cased.
    public var agentAddresses: [String]
    /// The mailbox the mail came from, told by the mail, when the support side was not named.
    public var mailbox: MailboxOwner?

    /// Roles from the support side's domains and addresses.
    public init(agentDomains: [String] = [], agentAddresses: [String] = []) {
        self.agentDomains = agentDomains.map { MailText.trimmed(String($0.drop { $0 == "@" })).lowercased() }
        self.agentAddresses = agentAddresses.map { MailText.trimmed($0).lowercased() }
    }

    /// Whether the support side was named (domains or addresses); not named, helpdesk-like senders, the side of the
    /// mailbox the mail tells (``mailbox``) and the mailbox's own sent mail (Gmail's `Sent` label) are the support
    /// side.
    public var isNamed: Bool { !agentDomains.isEmpty || !agentAddresses.isEmpty }

    /// Whether `sender` writes for the support side.
    public func isAgent(_ sender: MailAddress) -> Bool {
        if agentDomains.isEmpty && agentAddresses.isEmpty {
            return sender.looksLikeHelpdesk || mailbox?.isSupport(sender) == true
        }
        if agentAddresses.contains(sender.address) { return true }
        let domain = sender.domain
        return agentDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }

    /// These roles as they read a thread whose people write from `senders` (``MailboxOwner/inThread(senders:)``).
    public func inThread(senders: [MailAddress]) -> MailRoles {
        var roles = self
        roles.mailbox = mailbox?.inThread(senders: senders)
        return roles
    }

    /// These roles with the mailbox `owner` the mail tells, unless the support side was named.
    public func withMailbox(_ owner: MailboxOwner?) -> MailRoles {
        var roles = self
        if !isNamed { roles.mailbox = owner }
        return roles
    }
}
