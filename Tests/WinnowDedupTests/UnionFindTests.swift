import Testing
import WinnowCore
import WinnowDedup

@Suite("Union-find and representatives")
struct UnionFindTests {
    @Test("unions make connected groups; singletons are not groups")
    func groups() {
        var sets = UnionFind(count: 8)
        #expect(sets.union(0, 3))
        #expect(sets.union(3, 5))
        #expect(!sets.union(5, 0))
        #expect(sets.union(6, 7))
        #expect(sets.groups() == [[0, 3, 5], [6, 7]])
        #expect(sets.find(5) == sets.find(0))
        #expect(sets.find(1) != sets.find(0))
    }

    @Test("representative: approved first, then fewest flags, then with a response, then the longest response")
    func representativeRules() {
        func facts(_ id: Int64, _ status: ReviewStatus = .pending, flags: Int = 0, response: Int? = nil)
            -> RepresentativeFacts
        {
            RepresentativeFacts(id: id, status: status, flagCount: flags, responseLength: response)
        }
        // Approved wins over everything else.
        #expect(RepresentativeFacts.choose([facts(1, flags: 0, response: 500), facts(2, .approved, flags: 3)]) == 1)
        // Then fewer flags.
        #expect(RepresentativeFacts.choose([facts(1, flags: 2, response: 500), facts(2, flags: 1)]) == 1)
        // Then having a response (an empty one counts as none).
        #expect(RepresentativeFacts.choose([facts(1, response: 0), facts(2, response: 10)]) == 1)
        #expect(RepresentativeFacts.choose([facts(1), facts(2, response: 10)]) == 1)
        // Then the longest response.
        #expect(
            RepresentativeFacts.choose([facts(1, response: 10), facts(2, response: 30), facts(3, response: 20)]) == 1)
        // Then the smallest id.
        #expect(RepresentativeFacts.choose([facts(5, response: 10), facts(3, response: 10)]) == 1)
    }
}
