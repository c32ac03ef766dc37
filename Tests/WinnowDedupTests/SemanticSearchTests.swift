import Testing
import WinnowCore
import WinnowDedup
import WinnowLinalg

@Suite("Semantic search")
struct SemanticSearchTests {
    /// `count` random unit vectors of `dimension`, with `planted` rows replaced by noisy copies of others.
    static func vectors(count: Int, dimension: Int, planted: Int, seed: UInt64) -> Matrix {
        var random = SeededRandom(seed: seed)
        var matrix = Matrix(
            rows: count, columns: dimension,
            elements: (0..<count * dimension).map { _ in Float.random(in: -1...1, using: &random) })
        for pair in 0..<planted {
            let (source, target) = (pair * 7 % count, (pair * 7 + 3) % count)
            for column in 0..<dimension {
                matrix[target, column] = matrix[source, column] + Float.random(in: -0.08...0.08, using: &random)
            }
        }
        matrix.normalizeRows()
        return matrix
    }

    static func bruteForce(_ vectors: Matrix, threshold: Float) -> Set<[Int]> {
        var pairs = Set<[Int]>()
        for a in 0..<vectors.rows {
            for b in (a + 1)..<vectors.rows {
                var dot: Float = 0
                for column in 0..<vectors.columns { dot += vectors[a, column] * vectors[b, column] }
                if dot >= threshold { pairs.insert([a, b]) }
            }
        }
        return pairs
    }

    @Test("blocked search equals brute force, across block edges", arguments: [(300, 64), (257, 128), (129, 512)])
    func blockedEqualsBruteForce(count: Int, blockSize: Int) {
        let vectors = Self.vectors(count: count, dimension: 24, planted: 40, seed: UInt64(count))
        for threshold: Float in [0.9, 0.5] {
            let expected = Self.bruteForce(vectors, threshold: threshold)
            let found = SemanticSearch(threshold: threshold, blockSize: blockSize, maximumPerRow: count)
                .pairs(vectors)
            #expect(Set(found.map { [$0.first, $0.second] }) == expected)
            #expect(found.count == expected.count)
        }
    }

    @Test("nearest rows equal a full sort of the dot products")
    func nearestRows() {
        let vectors = Self.vectors(count: 150, dimension: 16, planted: 10, seed: 3)
        let nearest = vectors.nearestRows(of: vectors, count: 5, excludingSameIndex: true)
        for row in [0, 63, 64, 149] {
            var scores: [(Int, Float)] = []
            for other in 0..<vectors.rows where other != row {
                var dot: Float = 0
                for column in 0..<vectors.columns { dot += vectors[row, column] * vectors[other, column] }
                scores.append((other, dot))
            }
            scores.sort { $0.1 > $1.1 }
            #expect(nearest[row].map(\.index) == scores.prefix(5).map(\.0))
        }
    }

    @Test("the bucket index finds the planted near-duplicates")
    func bucketIndex() {
        let vectors = Self.vectors(count: 2000, dimension: 32, planted: 60, seed: 9)
        let exact = Set(SemanticSearch(threshold: 0.95).pairs(vectors).map { [$0.first, $0.second] })
        #expect(exact.count >= 55)
        let index = BucketIndex(vectors: vectors, bucketCount: 40, probes: 4, seed: 1)
        let approximate = Set(index.pairs(vectors, threshold: 0.95).map { [$0.first, $0.second] })
        #expect(approximate.isSubset(of: exact))
        #expect(Double(approximate.count) / Double(exact.count) >= 0.95)
    }
}
