import Testing
import WinnowCore
import WinnowDedup

@Suite("Union-find and representatives")
struct UnionFindTests {
    @Test("unions make connected groups; singletons are not groups")
    func groups() {
        var sets = UnionFind(count: 8)
        let merged = [sets.union(0, 3), sets.union(3, 5), sets.union(5, 0), sets.union(6, 7)]
        #expect(merged == [true, true, false, true])
        let groups = sets.groups()
        #expect(groups == [[0, 3, 5], [6, 7]])
        let (five, zero, one) = (sets.find(5), sets.find(0), sets.find(1))
        #expect(five == zero && one != zero)
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
