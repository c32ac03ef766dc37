/// The mailbox a file of mail was exported from, told by the mail itself: the address that takes part in most of
/// its threads (as sender, recipient, or the `Delivered-To`/`X-Original-To` the receiving server wrote).
///
/// A support mailbox exported to mbox, a Maildir or a folder of `.eml` files holds the threads of one address:
/// `support@shop.example`, or an agent's own `sam@shop.example`. Its mail is the support side's, and so, where
/// customers from elsewhere write, is mail from its domain: agents who answer from their own addresses. Nothing is
/// inferred from a mailing list's archive (its mail came through a list), from fewer than three threads, where two
/// addresses take part equally often, or where the most frequent address is in under 60% of the threads. The
/// domain rule needs outsiders writing in at least half the threads (a company's internal helpdesk, where everyone
/// shares the domain, keeps the owner alone), holds only in a thread where someone outside the domain writes (a
/// customer who shares it, writing alone, stays a customer), and is never taken for a public mail service's domain
/// (`gmail.com`).
public struct MailboxOwner: Sendable, Equatable {
    /// The owner's address, lower-cased.
    public var address: String
    /// The owner's domain, when its senders are the support side too.
    public var domain: String?
    /// The threads the owner takes part in.
    public var threads: Int
    /// The threads read (with a message that is not automatic).
    public var total: Int

    /// What the owner inference reads of one message.
    public struct Clue: Sendable {
        /// Its senders' addresses, lower-cased.
        public var senders: [String]
        /// Every address it names: senders, recipients, and the mailbox it was delivered to.
        public var addresses: Set<String>
        /// Whether it is automatic mail (an out-of-office notice, a bounce): not a person's turn.
        public var automatic: Bool
        /// Whether it came through a mailing list.
        public var listed: Bool

        /// The clue of the message with `headers`; `senders` and `participants` (its senders' and recipients'
        /// addresses), when they were read already for threading, save reading them again.
        public init(headers: MailHeaders, senders: [String]? = nil, participants: Set<String>? = nil) {
            func read(_ names: [String]) -> [String] {
                names.flatMap { headers.values($0) }.flatMap(MailAddress.list).map(\.address).filter { !$0.isEmpty }
            }
            let from = senders ?? read(["From"])
            let delivered = read(["Delivered-To", "X-Original-To"])
            self.senders = from
            self.addresses =
                participants.map { $0.union(from).union(delivered) } ?? Set(from + read(["To", "Cc"]) + delivered)
            automatic = AutomaticMail.reason(headers) != nil
            listed = headers.cameThroughList
        }
    }

    /// The owner of the mail whose messages are `clues` (by message number), threaded as `threads`, or nil when the
    /// mail does not tell one.
    public static func infer(_ clues: [Int: Clue], threads: [[Int]]) -> MailboxOwner? {
        var people: [[Clue]] = []
        var listed = 0
        var messages = 0
        for thread in threads {
            let personal = thread.compactMap { clues[$0] }.filter { !$0.automatic }
            guard !personal.isEmpty else { continue }
            people.append(personal)
            messages += personal.count
            listed += personal.filter(\.listed).count
        }
        let total = people.count
        guard total >= 3, listed * 2 < messages else { return nil }
        var counts: [String: Int] = [:]
        for thread in people {
            for address in thread.reduce(into: Set<String>(), { $0.formUnion($1.addresses) }) {
                counts[address, default: 0] += 1
            }
        }
        let ranked = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        guard let top = ranked.first, top.value * 10 >= total * 6 else { return nil }
        if ranked.count > 1, ranked[1].value == top.value { return nil }
        let domain = MailAddress(name: "", address: top.key).domain
        var domainRule: String?
        if !domain.isEmpty, !MailAddress.isPublicMailDomain(domain) {
            // Outsiders write in at least half the threads: a support mailbox's customers, not colleagues alone.
            let outsiders = people.filter { thread in
                thread.contains { clue in clue.senders.contains { !MailboxOwner.within($0, domain: domain) } }
            }
            if outsiders.count * 2 >= total { domainRule = domain }
        }
        return MailboxOwner(address: top.key, domain: domainRule, threads: top.value, total: total)
    }

    /// Whether `address` is at `domain` or one of its subdomains.
    static func within(_ address: String, domain: String) -> Bool {
        let own = MailAddress(name: "", address: address).domain
        return own == domain || own.hasSuffix("." + domain)
    }

    /// The owner as it reads a thread whose people write from `senders`: its domain counts only where someone
    /// outside it writes.
    public func inThread(senders: [MailAddress]) -> MailboxOwner {
        guard let domain else { return self }
        var owner = self
        let outsider = senders.contains { !$0.address.isEmpty && !MailboxOwner.within($0.address, domain: domain) }
        if !outsider { owner.domain = nil }
        return owner
    }

    /// Whether `sender` writes for the owner's side: the owner, or a sender at its domain when that counts.
    public func isSupport(_ sender: MailAddress) -> Bool {
        guard !sender.address.isEmpty else { return false }
        if sender.address == address { return true }
        guard let domain else { return false }
        return MailboxOwner.within(sender.address, domain: domain)
    }

    /// What `mail_roles` and the import's note say of it.
    public var description: String {
        let share = "in \(threads) of \(total) threads"
        guard let domain else { return "the mailbox is \(address)'s (\(share)): its mail is the support side's" }
        return "the mailbox is \(address)'s (\(share)): its mail and mail from \(domain) are the support side's"
    }
}
