import Foundation
import WinnowCore
import WinnowLinalg

/// The three dedup tiers and the clusters they make.
///
/// 1. Exact: the SHA-256 of the normalised words (``TextNormalizer``) of input and response.
/// 2. Lexical: MinHash-LSH over shingles of the same words (``LexicalSearch``), one item per exact group.
/// 3. Semantic: cosine of the input embeddings (``SemanticSearch`` or ``BucketIndex``).
///
/// Every link from any tier joins two items in a union-find; each connected group is a cluster whose
/// representative is chosen by ``RepresentativeFacts``, and every other member is described by its strongest
/// direct relation to the representative (or, when it was reached through other members, by the link that brought
/// it in). Clusters are connected components, so a split that keeps clusters together keeps every linked pair
/// together.
public struct DuplicateDetector: Sendable {
    /// The settings.
    public var parameters: DedupParameters

    /// A detector with `parameters`.
    public init(parameters: DedupParameters = DedupParameters()) {
        self.parameters = parameters
    }

    /// Finds the duplicate clusters among `items`.
    ///
    /// - Parameters:
    ///   - vectors: unit-length input embeddings, one row per entry of `vectorItems` (nil: no semantic tier).
    ///   - vectorItems: the item index of each row of `vectors`.
    public func run(
        items: [DedupItem], vectors: Matrix? = nil, vectorItems: [Int] = [],
        progress: ((DedupProgress) -> Void)? = nil
    ) -> DedupResult {
        var stages: [(String, Double)] = []
        var clock = Date()
        func endStage(_ name: String) {
            stages.append((name, Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let options = parameters.normalization
        let words = Self.parallelMap(items) { item -> [String] in
            var words = TextNormalizer.words(item.input, options: options)
            if let response = item.response, !response.isEmpty {
                let responseWords = TextNormalizer.words(response, options: options)
                if !responseWords.isEmpty { words += ["|"] + responseWords }
            }
            return words
        }
        progress?(DedupProgress(stage: "normalise", done: items.count, total: items.count))

        // Exact tier.
        var groups: [String: [Int]] = [:]
        var exactKey = [String?](repeating: nil, count: items.count)
        for (index, itemWords) in words.enumerated() where !itemWords.isEmpty {
            var hasher = SHA256()
            hasher.update(Array(itemWords.joined(separator: " ").utf8))
            let key = hasher.finalize().hexString
            exactKey[index] = key
            groups[key, default: []].append(index)
        }
        var links: [DuplicateLink] = []
        var leaders = [Bool](repeating: false, count: items.count)
        var exactGroups = 0
        for group in groups.values {
            leaders[group[0]] = true
            guard group.count > 1 else { continue }
            exactGroups += 1
            for member in group.dropFirst() {
                links.append(DuplicateLink(group[0], member, tier: .exact, similarity: 1))
            }
        }
        endStage("exact")

        // Lexical tier.
        let wordCounts = words.map(\.count).sorted()
        let shingle =
            parameters.shingle
            ?? DedupParameters.automaticShingle(medianWords: wordCounts.isEmpty ? 0 : wordCounts[wordCounts.count / 2])
        let shingles = Self.parallelMap(words) { shingle.shingles(of: $0) }
        let lexical = LexicalSearch(
            threshold: parameters.lexicalThreshold, permutations: parameters.permutations, seed: parameters.seed)
        let lexicalPairs = lexical.pairs(shingles: shingles, include: leaders) { done, total in
            progress?(DedupProgress(stage: "lexical", done: done, total: total))
        }
        links += lexicalPairs.map { DuplicateLink($0.first, $0.second, tier: .lexical, similarity: $0.similarity) }
        // Copies the shingles miss (a greeting and a "please" added to a short text, another name in a template):
        // the same words once what ``CopyMatcher`` ignores is ignored.
        let copyKeys = Self.parallelMap(items) { CopyMatcher.key(input: $0.input, response: $0.response) }
        var firstOfKey: [[String]: Int] = [:]
        for (index, key) in copyKeys.enumerated() where !key.isEmpty && leaders[index] {
            if let first = firstOfKey[key] {
                let jaccard = ShingleKind.jaccard(shingles[first], shingles[index])
                if jaccard < parameters.lexicalThreshold {
                    links.append(DuplicateLink(first, index, tier: .lexical, similarity: jaccard))
                }
            } else {
                firstOfKey[key] = index
            }
        }
        endStage("lexical")

        // Semantic tier.
        var semanticPairs: [SimilarPair] = []
        var searchUsed = "none"
        var rowOfItem = [Int?](repeating: nil, count: items.count)
        if let vectors, vectors.rows > 1 {
            precondition(vectorItems.count == vectors.rows, "one item per vector row")
            for (row, item) in vectorItems.enumerated() { rowOfItem[item] = row }
            let report: (Int, Int) -> Void = { done, total in
                progress?(DedupProgress(stage: "semantic", done: done, total: total))
            }
            let approximate =
                parameters.semanticSearch == .approximate
                || (parameters.semanticSearch == .automatic && vectors.rows > parameters.exactSearchLimit)
            if approximate {
                let buckets = parameters.bucketCount ?? max(1, Int((2 * Double(vectors.rows).squareRoot()).rounded()))
                let index = BucketIndex(
                    vectors: vectors, bucketCount: buckets, probes: parameters.probes, seed: parameters.seed)
                semanticPairs = index.pairs(vectors, threshold: parameters.semanticThreshold, progress: report)
                searchUsed = "approximate"
            } else {
                semanticPairs = SemanticSearch(threshold: parameters.semanticThreshold).pairs(vectors, progress: report)
                searchUsed = "exact"
            }
            links += semanticPairs.map {
                DuplicateLink(vectorItems[$0.first], vectorItems[$0.second], tier: .semantic, similarity: $0.similarity)
            }
        }
        endStage("semantic")

        // Clusters.
        let relations = Relations(
            exactKey: exactKey, shingles: shingles, vectors: vectors, rowOfItem: rowOfItem,
            lexicalThreshold: parameters.lexicalThreshold, semanticThreshold: Double(parameters.semanticThreshold))
        let clusters = Self.markingCopies(
            Self.clusters(count: items.count, links: links, facts: items.map(\.facts), relations: relations),
            items: items)
        progress?(DedupProgress(stage: "clusters", done: clusters.count, total: clusters.count))
        let canned = cannedReplies(items: items, shingle: shingle)
        endStage("clusters")

        return DedupResult(
            clusters: clusters, exactGroups: exactGroups, lexicalPairs: lexicalPairs.count,
            semanticPairs: semanticPairs.count, shingle: shingle, bands: lexical.bands, semanticSearch: searchUsed,
            embeddedItems: vectors?.rows ?? 0, cannedReplies: canned, stageSeconds: stages)
    }

    /// Connected groups of `links`, each with its representative and its members' relations to it.
    static func clusters(
        count: Int, links: [DuplicateLink], facts: [RepresentativeFacts], relations: Relations
    ) -> [DuplicateCluster] {
        var sets = UnionFind(count: count)
        for link in links { sets.union(link.first, link.second) }
        let groups = sets.groups()
        var clusterOf = [Int](repeating: -1, count: count)
        for (number, group) in groups.enumerated() { for item in group { clusterOf[item] = number } }
        var linksByCluster = [[DuplicateLink]](repeating: [], count: groups.count)
        for link in links { linksByCluster[clusterOf[link.first]].append(link) }

        return groups.enumerated().map { number, group in
            let representative = group[RepresentativeFacts.choose(group.map { facts[$0] })]
            let parents = spanningTreeParents(root: representative, links: linksByCluster[number])
            let members = group.filter { $0 != representative }.map { item in
                relations.member(item, representative: representative, parent: parents[item])
            }
            return DuplicateCluster(number: number + 1, representative: representative, members: members)
        }
    }

    /// `clusters` with every member's ``ClusterMember/copyOf`` set (``CopyMatcher``): the representative is kept,
    /// then each member in turn is a copy of the first kept item it copies, or kept.
    static func markingCopies(_ clusters: [DuplicateCluster], items: [DedupItem]) -> [DuplicateCluster] {
        let clustered = clusters.flatMap { [$0.representative] + $0.members.map(\.item) }
        let keys = parallelMap(clustered) { CopyMatcher.key(input: items[$0].input, response: items[$0].response) }
        let keyOf = Dictionary(zip(clustered, keys), uniquingKeysWith: { first, _ in first })
        return clusters.map { cluster in
            var marked = cluster
            let copyOf = CopyMatcher.copies(order: [cluster.representative] + cluster.members.map(\.item), keys: keyOf)
            for index in marked.members.indices {
                let member = marked.members[index]
                // An exact duplicate is a copy even where case decides whether a word reads as a name.
                marked.members[index].copyOf =
                    copyOf[member.item] ?? (member.tier == .exact ? member.via ?? cluster.representative : nil)
            }
            return marked
        }
    }

    /// The parent of every node on the way to `root` in a maximum spanning tree of `links` (strongest links first),
    /// with the link to it.
    static func spanningTreeParents(root: Int, links: [DuplicateLink]) -> [Int: DuplicateLink] {
        let sorted = links.sorted { $0.isStronger(than: $1) }
        var nodes: [Int: Int] = [:]
        for link in sorted {
            for node in [link.first, link.second] where nodes[node] == nil { nodes[node] = nodes.count }
        }
        var forest = UnionFind(count: nodes.count)
        var adjacency: [Int: [DuplicateLink]] = [:]
        for link in sorted {
            guard let a = nodes[link.first], let b = nodes[link.second], forest.union(a, b) else { continue }
            adjacency[link.first, default: []].append(link)
            adjacency[link.second, default: []].append(link)
        }
        var parents: [Int: DuplicateLink] = [:]
        var queue = [root]
        var visited: Set<Int> = [root]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for link in adjacency[node] ?? [] {
                let next = link.first == node ? link.second : link.first
                guard visited.insert(next).inserted else { continue }
                parents[next] = link
                queue.append(next)
            }
        }
        return parents
    }

    /// Groups of items sharing a response (exactly or lexically, numbers and placeholders ignored), of at least
    /// ``DedupParameters/cannedReplyMinimum`` items, largest first.
    func cannedReplies(items: [DedupItem], shingle: ShingleKind) -> [CannedReply] {
        let options = NormalizationOptions(ignoreNumbers: true, ignorePlaceholders: true)
        let words = Self.parallelMap(items) { item in
            item.response.map { TextNormalizer.words($0, options: options) } ?? []
        }
        var sets = UnionFind(count: items.count)
        var firstOfText: [String: Int] = [:]
        var leaders = [Bool](repeating: false, count: items.count)
        for (index, responseWords) in words.enumerated() where !responseWords.isEmpty {
            let text = responseWords.joined(separator: " ")
            if let first = firstOfText[text] {
                sets.union(first, index)
            } else {
                firstOfText[text] = index
                leaders[index] = true
            }
        }
        let shingles = Self.parallelMap(words) { shingle.shingles(of: $0) }
        let search = LexicalSearch(
            threshold: parameters.lexicalThreshold, permutations: parameters.permutations, seed: parameters.seed)
        for pair in search.pairs(shingles: shingles, include: leaders) { sets.union(pair.first, pair.second) }
        return sets.groups().filter { $0.count >= parameters.cannedReplyMinimum }
            .map { group in
                CannedReply(
                    items: group, representative: group[RepresentativeFacts.choose(group.map { items[$0].facts })])
            }
            .sorted {
                $0.items.count > $1.items.count || ($0.items.count == $1.items.count && $0.items[0] < $1.items[0])
            }
    }

    /// `transform` over `elements` on the compute workers, in order.
    static func parallelMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let results = SharedBuffer<Result?>(count: elements.count, repeating: nil)
        Parallel.forEachRange(elements.count, minimumPerChunk: 256) { range in
            for index in range { results[index] = transform(elements[index]) }
        }
        return results.array.compactMap { $0 }
    }
}

/// Direct similarities between items, for describing a member's relation to its representative.
struct Relations {
    let exactKey: [String?]
    let shingles: [[UInt64]]
    let vectors: Matrix?
    let rowOfItem: [Int?]
    let lexicalThreshold: Double
    let semanticThreshold: Double

    func cosine(_ a: Int, _ b: Int) -> Double? {
        guard let vectors, let rowA = rowOfItem[a], let rowB = rowOfItem[b] else { return nil }
        var sum: Float = 0
        vectors.withUnsafeBufferPointer { values in
            let width = vectors.columns
            for column in 0..<width { sum += values[rowA * width + column] * values[rowB * width + column] }
        }
        return Double(sum)
    }

    func member(_ item: Int, representative: Int, parent: DuplicateLink?) -> ClusterMember {
        let jaccard = ShingleKind.jaccard(shingles[item], shingles[representative])
        let cosine = cosine(item, representative)
        if let key = exactKey[item], key == exactKey[representative] {
            return ClusterMember(item: item, tier: .exact, similarity: 1, jaccard: jaccard, cosine: cosine)
        }
        if jaccard >= lexicalThreshold {
            return ClusterMember(item: item, tier: .lexical, similarity: jaccard, jaccard: jaccard, cosine: cosine)
        }
        if let cosine, cosine >= semanticThreshold {
            return ClusterMember(item: item, tier: .semantic, similarity: cosine, jaccard: jaccard, cosine: cosine)
        }
        let via = parent.map { $0.first == item ? $0.second : $0.first }
        if let parent, via == representative {
            // Linked to the representative itself (the direct measure fell a rounding error short).
            return ClusterMember(
                item: item, tier: parent.tier, similarity: parent.similarity, jaccard: jaccard, cosine: cosine)
        }
        let tier = parent?.tier ?? .semantic
        let similarity: Double =
            switch tier {
            case .exact: 1
            case .lexical: jaccard
            case .semantic: cosine ?? 0
            }
        return ClusterMember(
            item: item, tier: tier, similarity: similarity, via: via, viaSimilarity: parent?.similarity,
            jaccard: jaccard, cosine: cosine)
    }
}
