/// The examples newer than the last merge into `content_keys`: full content hash to example id, in an
/// open-addressing table (the hashes are already uniformly spread, so a word of them is the slot; no hashing). The
/// table holds each text's first example; the later ones with the same text (distinct tickets sharing it) are listed
/// beside it, so that a text thousands of tickets share does not make one probe chain of thousands of slots.
struct RecentExamples {
    private var digests: [ContentDigest]
    /// Example ids; 0 marks an empty slot (ids start at 1).
    private var ids: [Int64]
    /// The examples after the first with each text, in insertion order.
    private var later: [ContentDigest: [Int64]] = [:]
    /// The number of texts in the table.
    private var filled = 0
    /// The number of examples held.
    private(set) var count = 0

    /// An empty table with room for `capacity` examples before it grows.
    init(capacity: Int = 1 << 10) {
        var slots = 16
        while slots < 2 * capacity { slots *= 2 }
        digests = Array(repeating: ContentDigest.zero, count: slots)
        ids = Array(repeating: 0, count: slots)
    }

    /// The id of the first example with this exact hash.
    subscript(digest: ContentDigest) -> Int64? {
        let mask = ids.count - 1
        var slot = Int(truncatingIfNeeded: digest.word1) & mask
        while ids[slot] != 0 {
            if digests[slot] == digest { return ids[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The ids of every example with this exact hash (distinct tickets may share their text), lowest first.
    func ids(of digest: ContentDigest) -> [Int64] {
        guard let first = self[digest] else { return [] }
        guard let others = later[digest] else { return [first] }
        let found = [first] + others
        return zip(found, found.dropFirst()).allSatisfy { $0 < $1 } ? found : found.sorted()
    }

    /// Records `id` for `digest` (another example with the same hash is listed beside the first).
    mutating func insert(_ digest: ContentDigest, id: Int64) {
        precondition(id > 0, "example ids start at 1")
        if 2 * (filled + 1) > ids.count { grow() }
        let mask = ids.count - 1
        var slot = Int(truncatingIfNeeded: digest.word1) & mask
        while ids[slot] != 0 {
            if digests[slot] == digest {
                guard ids[slot] != id else { return }
                // Ids come in increasing order: only one that does not may be there already.
                if let others = later[digest], let last = others.last, id <= last, others.contains(id) { return }
                later[digest, default: []].append(id)
                count += 1
                return
            }
            slot = (slot + 1) & mask
        }
        digests[slot] = digest
        ids[slot] = id
        filled += 1
        count += 1
    }

    /// Every example held, as (key, id), in no particular order.
    var keysAndIDs: [(key: Int64, id: Int64)] {
        var entries: [(key: Int64, id: Int64)] = []
        entries.reserveCapacity(count)
        for (slot, id) in ids.enumerated() where id != 0 { entries.append((digests[slot].storedKey, id)) }
        for (digest, others) in later {
            for id in others { entries.append((digest.storedKey, id)) }
        }
        return entries
    }

    /// Empties the table, keeping its room.
    mutating func removeAll() {
        for slot in ids.indices { ids[slot] = 0 }
        later.removeAll()
        filled = 0
        count = 0
    }

    private mutating func grow() {
        var larger = RecentExamples(capacity: ids.count)
        for (slot, id) in ids.enumerated() where id != 0 { larger.insert(digests[slot], id: id) }
        larger.later = later
        larger.count = count
        self = larger
    }
}
