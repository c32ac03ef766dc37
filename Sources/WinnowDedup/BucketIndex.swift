import WinnowCore
import WinnowLinalg

/// An approximate index for semantic near-duplicates: spherical k-means buckets over unit vectors.
///
/// Every vector belongs to the bucket of its nearest centroid; a vector is compared only with the members of its
/// `probes` nearest buckets (one `sgemm` per bucket: the vectors probing it against its members). Near-duplicates
/// (cosine 0.95 and more) are nearly always in the same bucket or a neighbouring one, so a few probes find almost
/// all of them at a small fraction of the exact search's work; the benchmark measures the recall against exact
/// search.
public struct BucketIndex: Sendable {
    /// Centroids, one unit vector per row.
    public let centroids: Matrix
    /// For each vector, its buckets from nearest to farthest (`probes` of them).
    public let nearestBuckets: [[Int32]]

    /// Trains `bucketCount` centroids on a sample of `vectors` (at most `sampleSize` rows, drawn with `seed`) with
    /// `iterations` rounds of spherical k-means, then finds each vector's `probes` nearest buckets.
    public init(
        vectors: Matrix, bucketCount: Int, probes: Int, iterations: Int = 8, sampleSize: Int? = nil,
        seed: UInt64 = 17
    ) {
        precondition(bucketCount > 0 && probes > 0, "bucket count and probes must be positive")
        let buckets = min(bucketCount, max(1, vectors.rows))
        var random = SeededRandom(seed: seed)
        var sampleRows = Array(0..<vectors.rows)
        sampleRows.shuffle(using: &random)
        sampleRows = Array(sampleRows.prefix(max(buckets, sampleSize ?? buckets * 64)))
        let sample = vectors.rows(at: sampleRows)
        var centroids = sample.rows(0..<buckets)
        for _ in 0..<iterations {
            let assignment = Self.nearest(sample, centroids, count: 1).map { Int($0[0]) }
            var sums = Matrix(rows: buckets, columns: vectors.columns)
            var sizes = [Int](repeating: 0, count: buckets)
            sample.withUnsafeBufferPointer { source in
                sums.withUnsafeMutableBufferPointer { target in
                    for (row, bucket) in assignment.enumerated() {
                        sizes[bucket] += 1
                        for column in 0..<vectors.columns {
                            target[bucket * vectors.columns + column] += source[row * vectors.columns + column]
                        }
                    }
                }
            }
            for bucket in 0..<buckets where sizes[bucket] == 0 {
                // An empty bucket restarts from a random sample vector.
                let row = Int(random.next() % UInt64(sample.rows))
                for column in 0..<vectors.columns { sums[bucket, column] = sample[row, column] }
            }
            sums.normalizeRows()
            centroids = sums
        }
        self.centroids = centroids
        nearestBuckets = Self.nearest(vectors, centroids, count: min(probes, buckets))
    }

    /// The pairs of rows of `vectors` (the vectors the index was built on) with cosine at or above `threshold`
    /// among the buckets each vector probes, at most `maximumPerRow` partners per vector.
    public func pairs(
        _ vectors: Matrix, threshold: Float, maximumPerRow: Int = 64, progress: ((Int, Int) -> Void)? = nil
    ) -> [SimilarPair] {
        let bucketCount = centroids.rows
        var members = [[Int]](repeating: [], count: bucketCount)
        var probing = [[Int]](repeating: [], count: bucketCount)
        for (row, buckets) in nearestBuckets.enumerated() {
            guard let primary = buckets.first else { continue }
            members[Int(primary)].append(row)
            for bucket in buckets { probing[Int(bucket)].append(row) }
        }
        let (bucketMembers, bucketQueries) = (members, probing)
        let found = SharedBuffer<[SimilarPair]>(count: bucketCount, repeating: [])
        let counter = ProgressCounter(total: bucketCount, report: progress)
        Parallel.forEachRange(bucketCount) { range in
            for bucket in range {
                defer { counter.advance() }
                let memberRows = bucketMembers[bucket]
                let queryRows = bucketQueries[bucket]
                guard !memberRows.isEmpty, !queryRows.isEmpty else { continue }
                let scores = Matrix.product(
                    vectors.rows(at: queryRows), by: vectors.rows(at: memberRows), .transposed)
                var pairs: [SimilarPair] = []
                scores.withUnsafeBufferPointer { values in
                    for (queryIndex, query) in queryRows.enumerated() {
                        let row = values.baseAddress.map { $0 + queryIndex * memberRows.count }
                        guard let row else { continue }
                        for (memberIndex, member) in memberRows.enumerated()
                        where member != query && row[memberIndex] >= threshold {
                            pairs.append(SimilarPair(query, member, similarity: Double(row[memberIndex])))
                        }
                    }
                }
                found[bucket] = pairs
            }
        }
        // The same pair can be found from both ends: keep it once, then at most `maximumPerRow` per first row.
        var best: [Int: [SimilarPair]] = [:]
        var seen = Set<UInt64>()
        for pair in found.array.joined() where seen.insert(UInt64(pair.first) << 32 | UInt64(pair.second)).inserted {
            best[pair.first, default: []].append(pair)
        }
        var result: [SimilarPair] = []
        for (_, pairs) in best {
            result += pairs.sorted {
                $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.second < $1.second)
            }
            .prefix(maximumPerRow)
        }
        result.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return result
    }

    /// For each row of `vectors`, the indices of its `count` most similar rows of `centroids`, best first.
    static func nearest(_ vectors: Matrix, _ centroids: Matrix, count: Int) -> [[Int32]] {
        vectors.nearestRows(of: centroids, count: count).map { $0.map { Int32($0.index) } }
    }
}
