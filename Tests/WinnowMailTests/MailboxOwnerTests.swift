import Testing

@testable import WinnowMail

@Suite struct MailboxOwnerTests {
    /// A clue from header lines.
    func clue(_ lines: String) -> MailboxOwner.Clue {
        MailboxOwner.Clue(headers: MailHeaders.parse(Array((lines + "\n\n").utf8)[...]).0)
    }

    /// Threads of one message each, from `headers`, numbered in order.
    func infer(_ threads: [[String]]) -> MailboxOwner? {
        var clues: [Int: MailboxOwner.Clue] = [:]
        var numbered: [[Int]] = []
        for thread in threads {
            var numbers: [Int] = []
            for headers in thread {
                clues[clues.count] = clue(headers)
                numbers.append(clues.count - 1)
            }
            numbered.append(numbers)
        }
        return MailboxOwner.infer(clues, threads: numbered)
    }

    @Test func theAddressInMostThreadsOwnsTheMailboxAndItsDomainWhereOutsidersWrite() throws {
        let owner = try #require(
            infer([
                [
                    "From: ana@client.example\nTo: orders@shop.example",
                    "From: sam@shop.example\nTo: ana@client.example",
                ],
                ["From: bo@other.example\nTo: orders@shop.example"],
                ["From: kim@shop.example\nTo: dee@gmail.com\nCc: orders@shop.example"],
                ["From: eli@mail.example\nTo: sales@shop.example"],
            ]))
        #expect(owner.address == "orders@shop.example")
        #expect(owner.domain == "shop.example")
        #expect(owner.threads == 3 && owner.total == 4)
        #expect(owner.isSupport(MailAddress(name: "Sam", address: "sam@shop.example")))
        #expect(owner.isSupport(MailAddress(name: "", address: "kim@eu.shop.example")))
        #expect(!owner.isSupport(MailAddress(name: "", address: "ana@client.example")))
        #expect(!owner.isSupport(MailAddress(name: "", address: "sam@shop.example.net")))
        // The delivered-to address the receiving server wrote counts: a mailbox reached through an alias.
        let delivered = infer([
            ["From: a@one.example\nTo: help-alias@shop.example\nDelivered-To: jo@shop.example"],
            ["From: b@two.example\nTo: jo@shop.example"],
            ["From: c@three.example\nTo: other-alias@shop.example\nX-Original-To: jo@shop.example"],
        ])
        #expect(delivered?.address == "jo@shop.example")
    }

    @Test func nothingIsInferredWithoutEvidence() {
        // Under three threads.
        #expect(infer([["From: a@x.example\nTo: b@y.example"], ["From: c@z.example\nTo: b@y.example"]]) == nil)
        // Two addresses in every thread: no one owner.
        #expect(
            infer([
                ["From: a@x.example\nTo: b@y.example"], ["From: b@y.example\nTo: a@x.example"],
                ["From: a@x.example\nTo: b@y.example"],
            ]) == nil)
        // The most frequent address in under 60% of the threads.
        #expect(
            infer([
                ["From: a@x.example\nTo: o@y.example"], ["From: b@x.example\nTo: o@y.example"],
                ["From: c@x.example\nTo: p@y.example"], ["From: d@x.example\nTo: q@y.example"],
                ["From: e@x.example\nTo: r@y.example"],
            ]) == nil)
        // A mailing list's archive: the list's address is in every thread, and says nothing of sides.
        let list = "To: users@lists.example\nList-Id: <users.lists.example>"
        #expect(
            infer([["From: a@x.example\n" + list], ["From: b@x.example\n" + list], ["From: c@x.example\n" + list]])
                == nil)
        // Automatic mail is no one's thread.
        let bounce = "To: o@y.example\nAuto-Submitted: auto-replied"
        #expect(
            infer([
                ["From: a@x.example\nTo: o@y.example"], ["From: b@x.example\nTo: o@y.example"],
                ["From: mailer@x.example\n" + bounce], ["From: mailer@z.example\n" + bounce],
            ]) == nil)
    }

    @Test func theDomainCountsOnlyWhereOutsidersWriteAndNeverForAPublicService() throws {
        // An internal helpdesk: everyone shares the domain; the owner alone is the support side.
        let inHouse = try #require(
            infer([
                ["From: bob@corp.example\nTo: it-desk@corp.example"],
                ["From: it-desk@corp.example\nTo: bob@corp.example"],
                ["From: liz@corp.example\nTo: it-desk@corp.example"],
            ]))
        #expect(inHouse.address == "it-desk@corp.example" && inHouse.domain == nil)
        #expect(!inHouse.isSupport(MailAddress(name: "", address: "bob@corp.example")))
        // An agent's mailbox at a public service: other users of the service are customers.
        let personal = try #require(
            infer([
                ["From: a@gmail.com\nTo: sam.helps@gmail.com"], ["From: b@outlook.fr\nTo: sam.helps@gmail.com"],
                ["From: sam.helps@gmail.com\nTo: c@yahoo.co.uk"],
            ]))
        #expect(personal.address == "sam.helps@gmail.com" && personal.domain == nil)
        #expect(MailAddress.isPublicMailDomain("hotmail.co.uk") && MailAddress.isPublicMailDomain("yandex.com.tr"))
        #expect(!MailAddress.isPublicMailDomain("shop.example"))
    }
}
