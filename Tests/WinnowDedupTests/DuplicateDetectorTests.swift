import Foundation
import Testing
import WinnowCore
import WinnowDedup
import WinnowLinalg

@Suite("Duplicate clusters")
struct DuplicateDetectorTests {
    static func item(_ id: Int64, _ input: String, _ status: ReviewStatus = .pending, response: String? = nil)
        -> DedupItem
    {
        DedupItem(
            input: input, response: response,
            facts: RepresentativeFacts(id: id, status: status, flagCount: 0, responseLength: response?.count))
    }

    @Test("the three tiers make clusters with the right representative, tier and similarity")
    func tiers() {
        let items = [
            Self.item(1, "Where is my parcel? It has not arrived."),
            Self.item(2, "WHERE IS MY PARCEL it has not arrived", .approved),
            Self.item(3, "I reset my password twice but the app still says my password is wrong on Android"),
            Self.item(4, "I reset my pasword twice but the app still says my password is wrong on Android"),
            Self.item(5, "How do I close my account?"),
            Self.item(6, "Please delete my account for me."),
            Self.item(7, "The invoice shows the wrong VAT number."),
        ]
        // Unit vectors: 5 and 6 nearly the same (cosine 0.98), the others far apart.
        var vectors = Matrix(rows: items.count, columns: 8)
        for row in 0..<items.count { vectors[row, row] = 1 }
        vectors[5, 4] = 5
        vectors.normalizeRows()
        let result = DuplicateDetector().run(items: items, vectors: vectors, vectorItems: Array(0..<items.count))
        #expect(result.clusters.count == 3)
        #expect(Set(result.clusters.map(\.number)) == [1, 2, 3])
        let byRepresentative = Dictionary(uniqueKeysWithValues: result.clusters.map { ($0.representative, $0) })

        // Exact: the approved copy is kept.
        let exact = byRepresentative[1]
        #expect(exact?.members.map(\.item) == [0])
        #expect(exact?.members.first?.tier == .exact)
        #expect(exact?.members.first?.similarity == 1)

        // Lexical: equal facts, so the smaller id is kept; the typo copy is flagged with its Jaccard.
        let lexical = byRepresentative[2]
        #expect(lexical?.members.map(\.item) == [3])
        #expect(lexical?.members.first?.tier == .lexical)
        #expect((lexical?.members.first?.similarity ?? 0) >= 0.8)

        // Semantic: only the embeddings are close.
        let semantic = byRepresentative[4]
        #expect(semantic?.members.map(\.item) == [5])
        #expect(semantic?.members.first?.tier == .semantic)
        #expect(abs((semantic?.members.first?.similarity ?? 0) - 0.98) < 0.01)
        #expect(DuplicateTier.exact.checkID == "exact-duplicate" && DuplicateTier.semantic.checkID == "near-duplicate")
    }

    @Test("a member reached through another one says through whom")
    func chains() {
        let items = (1...3).map { Self.item(Int64($0), "text \($0) " + String(repeating: "x", count: $0)) }
        // 0-1 and 1-2 at cosine 0.96, 0-2 at about 0.85.
        var vectors = Matrix(rows: 3, columns: 3)
        let angle = Float(0.2838)  // cos 0.96
        vectors[0, 0] = 1
        vectors[1, 0] = cos(angle)
        vectors[1, 1] = sin(angle)
        vectors[2, 0] = cos(2 * angle)
        vectors[2, 1] = sin(2 * angle)
        let result = DuplicateDetector().run(items: items, vectors: vectors, vectorItems: [0, 1, 2])
        #expect(result.clusters.count == 1)
        let cluster = result.clusters[0]
        #expect(cluster.representative == 0)
        let far = cluster.members.first { $0.item == 2 }
        #expect(far?.via == 1)
        #expect(far?.tier == .semantic)
        #expect((far?.similarity ?? 1) < 0.95)
        #expect(abs((far?.viaSimilarity ?? 0) - 0.96) < 0.005)
    }

    @Test("responses shared by many examples are reported as canned replies")
    func cannedReplies() {
        var items = (0..<6).map {
            Self.item(
                Int64($0 + 1), "question \($0) about something else entirely \($0 * 17)",
                response: "Thanks for reaching out! Your ticket \($0 + 100) is now closed.")
        }
        items.append(Self.item(7, "another question", response: "A different answer altogether."))
        let result = DuplicateDetector().run(items: items)
        #expect(result.cannedReplies.count == 1)
        #expect(result.cannedReplies.first?.items == [0, 1, 2, 3, 4, 5])
    }
}
