/// Disjoint sets over `0..<count` with path halving and union by size: near-constant time per operation.
public struct UnionFind: Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    /// `count` singleton sets.
    public init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = Array(repeating: 1, count: count)
    }

    /// The representative element of `element`'s set.
    public mutating func find(_ element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current {
            let grandparent = parent[Int(parent[current])]
            parent[current] = grandparent
            current = Int(grandparent)
        }
        return current
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var rootA = find(a)
        var rootB = find(b)
        guard rootA != rootB else { return false }
        if size[rootA] < size[rootB] { swap(&rootA, &rootB) }
        parent[rootB] = Int32(rootA)
        size[rootA] += size[rootB]
        return true
    }

    /// The sets with more than one element, each sorted, ordered by their smallest element.
    public mutating func groups() -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for element in parent.indices { byRoot[find(element), default: []].append(element) }
        return byRoot.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    }
}
