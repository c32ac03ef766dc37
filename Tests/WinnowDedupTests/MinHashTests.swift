import Testing
import WinnowCore
import WinnowDedup

@Suite("MinHash and LSH")
struct MinHashTests {
    /// Two sets of `union` hashes sharing `shared` of them.
    static func sets(shared: Int, union: Int, seed: UInt64) -> ([UInt64], [UInt64]) {
        var random = SeededRandom(seed: seed)
        let common = (0..<shared).map { _ in random.next() }
        let onlyA = (0..<(union - shared) / 2).map { _ in random.next() }
        let onlyB = (0..<(union - shared - onlyA.count)).map { _ in random.next() }
        return ((common + onlyA).sorted(), (common + onlyB).sorted())
    }

    @Test("the signature agreement estimates the Jaccard similarity", arguments: [0.3, 0.5, 0.8, 0.95])
    func estimate(jaccard: Double) {
        let hasher = MinHasher(permutations: 128, seed: 11)
        var totalError = 0.0
        let trials = 40
        for trial in 0..<trials {
            let (a, b) = Self.sets(shared: Int(jaccard * 400), union: 400, seed: UInt64(trial))
            #expect(abs(ShingleKind.jaccard(a, b) - jaccard) < 0.003)
            let estimate = MinHasher.estimatedJaccard(hasher.signature(of: a), hasher.signature(of: b))
            // Standard error sqrt(J(1-J)/128) is at most 0.044: four of them bound a single estimate.
            #expect(abs(estimate - jaccard) < 0.18)
            totalError += estimate - jaccard
        }
        // Unbiased: the mean over the trials is much closer.
        #expect(abs(totalError / Double(trials)) < 0.03)
    }

    @Test("the band layout keeps pairs at the threshold and drops dissimilar ones")
    func bands() {
        let bands = LSHBands(threshold: 0.8, permutations: 128)
        #expect(bands.bands == 21 && bands.rows == 6)
        #expect(bands.candidateProbability(0.8) > 0.995)
        #expect(bands.candidateProbability(0.3) < 0.02)
    }

    @Test("LSH finds the planted near-duplicates among random texts and reports only verified pairs")
    func candidateRecall() {
        var random = SeededRandom(seed: 5)
        let vocabulary = (0..<400).map { "w\($0)" }
        func sentence(_ length: Int) -> [String] {
            (0..<length).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
        }
        var texts = (0..<300).map { _ in sentence(30) }
        var planted: [(Int, Int)] = []
        for original in 0..<100 {
            var copy = texts[original]
            copy[Int(random.next() % 30)] = "typo"  // one word changed
            texts.append(copy)
            planted.append((original, texts.count - 1))
        }
        let kind = ShingleKind.characters(4)
        let shingles = texts.map { kind.shingles(of: $0) }
        let pairs = LexicalSearch(threshold: 0.8).pairs(shingles: shingles)
        let found = Set(pairs.map { [$0.first, $0.second] })
        let expected = planted.filter { ShingleKind.jaccard(shingles[$0.0], shingles[$0.1]) >= 0.8 }
        #expect(expected.count > 90)
        let recovered = expected.filter { found.contains([$0.0, $0.1]) }.count
        #expect(Double(recovered) / Double(expected.count) >= 0.98)
        for pair in pairs { #expect(ShingleKind.jaccard(shingles[pair.first], shingles[pair.second]) >= 0.8) }
    }

    @Test("shingles: word runs and character runs of the normalised words")
    func shingleKinds() {
        let words = TextNormalizer.words("The cat sat on the mat")
        #expect(ShingleKind.words(5).shingles(of: words).count == 2)
        #expect(ShingleKind.words(10).shingles(of: words).count == 1)
        #expect(ShingleKind.characters(4).shingles(of: ["abcab"]).count == 2)  // abca, bcab
        #expect(ShingleKind(parsing: "chars:3") == .characters(3))
        #expect(ShingleKind(parsing: "words:5") == .words(5))
        #expect(ShingleKind(parsing: "lines:2") == nil)
    }
}
