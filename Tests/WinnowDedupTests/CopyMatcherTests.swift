import Testing
import WinnowCore
import WinnowDedup
import WinnowLinalg

@Suite("Copies and paraphrases")
struct CopyMatcherTests {
    static func copies(_ first: String, _ second: String) -> Bool {
        CopyMatcher.isCopy(CopyMatcher.key(of: first), CopyMatcher.key(of: second))
    }

    @Test(
        "copies: greetings, politeness words, numbers, names after a greeting or an introduction, a typo",
        arguments: [
            ("My card has not arrived yet.", "Hi, my card has not arrived yet. Thanks!"),
            ("Please help me cancel a transaction.", "Help me cancel a transaction."),
            ("Why is there a €1 charge on my statement?", "Why is there a $2 charge on my statement?"),
            (
                "Hi Anna, your order 48213 has shipped and arrives Monday. Thanks, Tom",
                "Hello Maria, your order 99120 has shipped and arrives Monday. Thanks, Jo"
            ),
            ("My name is Anna and my card was declined", "My name is Peter and my card was declined"),
            ("I would like to change my adress", "I would like to change my address."),
            ("Good morning. I need a new PIN, thank you in advance", "i need a new pin"),
            (
                "Dear [NAME_1], the refund of [AMOUNT_1] is on its way",
                "Dear [NAME_2], the refund of [AMOUNT_3] is on its way"
            ),
        ])
    func knownCopies(_ pair: (String, String)) {
        #expect(Self.copies(pair.0, pair.1), "\(pair)")
    }

    @Test(
        "paraphrases: other words, another order, a sentence-initial word after a greeting",
        arguments: [
            ("My card has not arrived yet.", "My card hasn't arrived yet."),
            ("Why is my cash withdrawal pending?", "my cash withdrawal is pending, why?"),
            ("How can I exchange AUD for GBP?", "How can I exchange GBP for AUD?"),
            ("Hi. My card is lost", "Card is lost"),
            ("Can I receive payments in another currency?", "Can I get paid in another currency?"),
            ("Where is my card?", "Where is my cash?"),
        ])
    func knownParaphrases(_ pair: (String, String)) {
        #expect(!Self.copies(pair.0, pair.1), "\(pair)")
    }

    @Test("in a cluster, each member copies the first kept item it matches; paraphrases are kept")
    func clusterCopies() throws {
        let texts = [
            "My card has not arrived yet",
            "Hello! My card has not arrived yet, please",
            "Still no sign of the card you sent me",
            "Still no sign of the crad you sent me",
            "MY CARD HAS NOT ARRIVED YET",
        ]
        let items = texts.enumerated().map { index, text in
            DedupItem(
                input: text, response: nil,
                facts: RepresentativeFacts(id: Int64(index + 1), status: .pending, flagCount: 0, responseLength: nil))
        }
        // One meaning: every pair is a semantic near-duplicate.
        var vectors = Matrix(rows: items.count, columns: 4)
        for row in 0..<items.count { vectors[row, 0] = 1 }
        let result = DuplicateDetector().run(items: items, vectors: vectors, vectorItems: Array(items.indices))
        #expect(result.clusters.count == 1)
        let cluster = try #require(result.clusters.first)
        #expect(cluster.representative == 0)
        let copyOf = Dictionary(uniqueKeysWithValues: cluster.members.map { ($0.item, $0.copyOf) })
        #expect(copyOf[1] == .some(0))
        #expect(copyOf[2] == .some(nil))
        #expect(copyOf[3] == .some(2))
        #expect(copyOf[4] == .some(0))
    }
}
