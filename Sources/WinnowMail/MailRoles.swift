/// Which senders are the support side of a mailbox.
///
/// Given domains (`example.com`, matching subdomains too) or addresses, exactly those senders are agents. Given
/// neither, a sender whose address looks like a helpdesk (``MailAddress/looksLikeHelpdesk``) is the agent.
public struct MailRoles: Sendable, Equatable {
    /// Domains whose senders are agents, lower-cased, without a leading `@`.
    public var agentDomains: [String]
    /// Addresses that are agents, lower-cased.
    public var agentAddresses: [String]

    /// Roles from the support side's domains and addresses.
    public init(agentDomains: [String] = [], agentAddresses: [String] = []) {
        self.agentDomains = agentDomains.map { MailText.trimmed(String($0.drop { $0 == "@" })).lowercased() }
        self.agentAddresses = agentAddresses.map { MailText.trimmed($0).lowercased() }
    }

    /// Whether the support side was named (domains or addresses); not named, helpdesk-like senders and the
    /// mailbox's own sent mail (Gmail's `Sent` label) are the support side.
    public var isNamed: Bool { !agentDomains.isEmpty || !agentAddresses.isEmpty }

    /// Whether `sender` writes for the support side.
    public func isAgent(_ sender: MailAddress) -> Bool {
        if agentDomains.isEmpty && agentAddresses.isEmpty { return sender.looksLikeHelpdesk }
        if agentAddresses.contains(sender.address) { return true }
        let domain = sender.domain
        return agentDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }
}
