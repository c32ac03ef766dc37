/// The examples newer than the last merge into `content_keys`: full content hash to example id, in an
/// open-addressing table (the hashes are already uniformly spread, so a word of them is the slot; no hashing).
struct RecentExamples {
    private var digests: [ContentDigest]
    /// Example ids; 0 marks an empty slot (ids start at 1).
    private var ids: [Int64]
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

    /// The ids of every example with this exact hash (distinct tickets may share their text), in insertion order.
    func ids(of digest: ContentDigest) -> [Int64] {
        let mask = ids.count - 1
        var slot = Int(truncatingIfNeeded: digest.word1) & mask
        var found: [Int64] = []
        while ids[slot] != 0 {
            if digests[slot] == digest { found.append(ids[slot]) }
            slot = (slot + 1) & mask
        }
        return found.sorted()
    }

    /// Records `id` for `digest` (another example with the same hash keeps its own entry).
    mutating func insert(_ digest: ContentDigest, id: Int64) {
        precondition(id > 0, "example ids start at 1")
        if 2 * (count + 1) > ids.count { grow() }
        let mask = ids.count - 1
        var slot = Int(truncatingIfNeeded: digest.word1) & mask
        while ids[slot] != 0 {
            if digests[slot] == digest, ids[slot] == id { return }
            slot = (slot + 1) & mask
        }
        digests[slot] = digest
        ids[slot] = id
        count += 1
    }

    /// Every example held, as (key, id), in no particular order.
    var keysAndIDs: [(key: Int64, id: Int64)] {
        var entries: [(key: Int64, id: Int64)] = []
        entries.reserveCapacity(count)
        for (slot, id) in ids.enumerated() where id != 0 { entries.append((digests[slot].storedKey, id)) }
        return entries
    }

    /// Empties the table, keeping its room.
    mutating func removeAll() {
        for slot in ids.indices { ids[slot] = 0 }
        count = 0
    }

    private mutating func grow() {
        var larger = RecentExamples(capacity: ids.count)
        for (slot, id) in ids.enumerated() where id != 0 { larger.insert(digests[slot], id: id) }
        self = larger
    }
}
