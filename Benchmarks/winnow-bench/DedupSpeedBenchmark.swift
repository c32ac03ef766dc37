import ArgumentParser
import Foundation
import WinnowCore
import WinnowDedup
import WinnowLinalg

/// `winnow-bench dedup-speed`: semantic near-duplicates among many embeddings, exact blocked search against the
/// bucket index, with the index's recall measured against the exact pairs.
struct DedupSpeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup-speed",
        abstract: "Time exact and approximate semantic duplicate search on N embeddings; recall of the approximate one."
    )

    @Option(help: "Number of embeddings.")
    var count = 100_000

    @Option(
        help:
            "Float32 embeddings to start from (e.g. embeddings.f32 written by dedup-audit); random unit vectors without."
    )
    var embeddings: String?

    @Option(help: "Vector length (for random vectors, and to read --embeddings).")
    var dimension = 384

    @Option(help: "Near-duplicate pairs to plant (cosine about 0.97).")
    var nearDuplicates = 1000

    @Option(help: "Cosine threshold.")
    var threshold: Float = 0.95

    @Option(help: "Searches to run: exact, approximate or both.")
    var search = "both"

    @Option(help: "Buckets each vector probes in the approximate search.")
    var probes = 8

    @Option(help: "Rows and columns per block of the exact search.")
    var blockSize = 512

    @Option(help: "Compute threads.")
    var threads = 2

    @Option(help: "Seed.")
    var seed: UInt64 = 7

    func run() throws {
        ComputeThreads.configure(threads)
        print("machine: \(MachineDescription.current); threads \(threads)")
        print("OpenBLAS: \(ComputeThreads.blasDescription)")
        print(
            String(
                format: "ceiling: sgemm 1024×1024×1024 at %.1f GFLOP/s",
                EmbedBenchmark.sgemmRate(m: 1024, k: 1024, n: 1024)))
        let (vectors, planted) = try makeVectors()
        print("vectors: \(vectors.rows) × \(vectors.columns), \(planted.count) planted near-duplicate pairs")
        print("load average before the searches: \(MachineDescription.current)")

        var exactPairs: Set<UInt64>?
        if search == "exact" || search == "both" {
            let started = Date()
            let cpu = EmbedBenchmark.processCPUSeconds()
            let pairs = SemanticSearch(threshold: threshold, blockSize: blockSize).pairs(vectors)
            let seconds = Date().timeIntervalSince(started)
            let flops = Double(vectors.rows) * Double(vectors.rows + 1) * Double(vectors.columns)
            print(
                String(
                    format: "exact blocked search: %.2f s wall, %.2f s CPU, %d pairs at cosine >= %.2f, %.1f GFLOP/s "
                        + "(upper triangle)", seconds, EmbedBenchmark.processCPUSeconds() - cpu, pairs.count, threshold,
                    flops / seconds / 1e9))
            print("  planted pairs found: \(Self.found(planted, in: pairs)) of \(planted.count)")
            exactPairs = Set(pairs.map(Self.key))
        }
        if search == "approximate" || search == "both" {
            let started = Date()
            let cpu = EmbedBenchmark.processCPUSeconds()
            let buckets = max(1, Int((2 * Double(vectors.rows).squareRoot()).rounded()))
            let index = BucketIndex(vectors: vectors, bucketCount: buckets, probes: probes, seed: seed)
            let built = Date().timeIntervalSince(started)
            let pairs = index.pairs(vectors, threshold: threshold)
            let seconds = Date().timeIntervalSince(started)
            print(
                String(
                    format: "bucket index (%d buckets, %d probes): %.2f s wall (%.2f s to build), %.2f s CPU, %d pairs",
                    buckets, probes, seconds, built, EmbedBenchmark.processCPUSeconds() - cpu, pairs.count))
            print("  planted pairs found: \(Self.found(planted, in: pairs)) of \(planted.count)")
            if let exactPairs {
                let shared = pairs.filter { exactPairs.contains(Self.key($0)) }.count
                print(
                    String(
                        format: "  recall against exact search: %.4f (%d of %d pairs)",
                        exactPairs.isEmpty ? 1 : Double(shared) / Double(exactPairs.count), shared, exactPairs.count))
            }
        }
    }

    /// Base vectors (read or random), replicated with noise to `count` rows (cosine about 0.85 to their base: not
    /// duplicates), then `nearDuplicates` rows replaced by close copies (cosine about 0.97) of other rows.
    func makeVectors() throws -> (Matrix, [(Int, Int)]) {
        var random = SeededRandom(seed: seed)
        func gaussian() -> Float {
            let u = max(Double(random.next() >> 11) / Double(1 << 53), 1e-300)
            let v = Double(random.next() >> 11) / Double(1 << 53)
            return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
        var base: [Float]
        if let embeddings {
            let data = try Data(contentsOf: URL(fileURLWithPath: embeddings))
            base = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        } else {
            base = (0..<(min(count, 10_000) * dimension)).map { _ in gaussian() }
        }
        let baseRows = base.count / dimension
        precondition(baseRows > 0, "no base vectors")
        var values = [Float](repeating: 0, count: count * dimension)
        let replicaNoise: Float = 0.0316
        let duplicateNoise: Float = 0.0128
        for row in 0..<count {
            let source = row % baseRows
            let noise: Float = row < baseRows && embeddings != nil ? 0 : replicaNoise
            for column in 0..<dimension {
                values[row * dimension + column] = base[source * dimension + column] + noise * gaussian()
            }
        }
        var vectors = Matrix(rows: count, columns: dimension, elements: values)
        vectors.normalizeRows()
        var planted: [(Int, Int)] = []
        var rows = Array(0..<count)
        rows.shuffle(using: &random)
        for pair in 0..<min(nearDuplicates, count / 2) {
            let (original, copy) = (rows[2 * pair], rows[2 * pair + 1])
            for column in 0..<dimension {
                vectors[copy, column] = vectors[original, column] + duplicateNoise * gaussian()
            }
            planted.append((min(original, copy), max(original, copy)))
        }
        vectors.normalizeRows()
        return (vectors, planted)
    }

    static func key(_ pair: SimilarPair) -> UInt64 { UInt64(pair.first) << 32 | UInt64(pair.second) }

    static func found(_ planted: [(Int, Int)], in pairs: [SimilarPair]) -> Int {
        let keys = Set(pairs.map(key))
        return planted.filter { keys.contains(UInt64($0.0) << 32 | UInt64($0.1)) }.count
    }
}
