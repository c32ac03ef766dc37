import Foundation
import WinnowCore

/// A compact index of a file's message rows, grouped into conversations once the whole file is read.
///
/// Rows of one conversation are spread over the file, so nothing can be emitted before the end. The index keeps,
/// per row, about 30 bytes (place in the file, time, role, where its record lies in the spill file) plus the
/// conversation keys (`--conversation-by`) or the message and parent ids (`--reply-link`); the texts wait in the
/// spill file.
struct ConversationIndex {
    let grouping: ConversationOptions.Grouping
    /// The silence that cuts a customer's rows into conversations (``ConversationOptions/sessionGap``).
    let sessionGap: Double
    /// Whether `--order-by` was given.
    let isOrdered: Bool

    /// Per row, in file order.
    private var ordinals: [Int32] = []
    private var times: [Double] = []
    private var roles: [TurnRole] = []
    /// Per row, its speaker (numbered by ``speakerNumbers``; -1 for none), where roles go by who opens a conversation.
    private var speakers: [Int32] = []
    private var speakerNumbers: [String: Int32] = [:]
    private var offsets: [Int64] = []
    private var lengths: [Int32] = []

    /// `--conversation-by`: each row's conversation number, and the conversations' keys in order of first row.
    private var conversationOfRow: [Int32] = []
    private var conversationKeys: [String] = []
    private var conversationNumbers: [String: Int32] = [:]

    /// `--reply-link`: each row's parent id, and the row of each message id (its first row).
    private var parentKeys: [String] = []
    private var rowOfID: [String: Int32] = [:]

    /// Rows whose message id repeats an earlier row's (`--reply-link`).
    private(set) var repeatedIDs = 0
    /// Chains whose first present row names a parent that is not in the file.
    private(set) var brokenChains = 0
    /// Reply cycles broken at their earliest row.
    private(set) var cycles = 0
    /// Reply trees in which a message has several replies, and the paths from their roots to their last replies.
    private(set) var branchingTrees = 0
    private(set) var branchPaths = 0
    /// Rows left out as deleted (``TurnRole/deleted``).
    private(set) var deletedRows = 0
    /// Replies left out with a deleted message they answer (reply chains only: a conversation grouped by a field
    /// keeps its other rows, which name no message they answer).
    private(set) var repliesToDeleted = 0
    /// Rows left out as notices (``TurnRole/notice``), by the kind their export gives.
    private(set) var noticeKinds: [String: Int] = [:]
    /// Rows left out as notices.
    var noticeRows: Int { noticeKinds.values.reduce(0, +) }
    /// Conversations ordered by file order because an `--order-by` value could not be read, and one such value.
    private(set) var unorderedConversations = 0
    private(set) var unreadableTimeExample: (value: String, row: Int)?

    init(
        grouping: ConversationOptions.Grouping, isOrdered: Bool,
        sessionGap: Double = ConversationOptions.defaultSessionGap
    ) {
        self.grouping = grouping
        self.sessionGap = sessionGap
        self.isOrdered = isOrdered
    }

    /// Number of rows.
    var count: Int { ordinals.count }

    /// The conversation keys (`--conversation-by`), in order of first row; empty for reply chains.
    var conversationKeysSeen: [String] { conversationKeys }

    /// Adds a row whose spill record starts at `spillBase + row.spillStart`.
    mutating func add(_ row: MessageRow, spillBase: Int64) {
        let index = Int32(ordinals.count)
        ordinals.append(Int32(clamping: row.ordinal))
        times.append(row.time ?? .nan)
        if let value = row.unreadableTime, unreadableTimeExample == nil {
            unreadableTimeExample = (value, row.ordinal)
        }
        roles.append(row.role)
        if row.role == .notice { noticeKinds[row.noticeKind ?? "notice", default: 0] += 1 }
        if let speaker = row.speaker {
            if speakers.count < ordinals.count - 1 {
                speakers += Array(repeating: -1, count: ordinals.count - 1 - speakers.count)
            }
            let number = speakerNumbers[speaker] ?? Int32(speakerNumbers.count)
            speakerNumbers[speaker] = number
            speakers.append(number)
        }
        offsets.append(spillBase + Int64(row.spillStart))
        lengths.append(Int32(row.spillLength))
        switch grouping {
        case .field, .file, .party:
            if let number = conversationNumbers[row.key] {
                conversationOfRow.append(number)
            } else {
                let number = Int32(conversationKeys.count)
                conversationNumbers[row.key] = number
                conversationKeys.append(row.key)
                conversationOfRow.append(number)
            }
        case .replyLink:
            parentKeys.append(row.parent)
            if rowOfID[row.key] == nil {
                rowOfID[row.key] = index
            } else {
                repeatedIDs += 1
            }
        }
    }

    /// One row of a conversation, as ``forEachConversation(_:)`` hands it out.
    struct Entry: Sendable, Equatable {
        /// The row's place in the file (CSV data row or JSONL line).
        var ordinal: Int
        var role: TurnRole
        /// Where the row's record lies in the spill file.
        var offset: Int64
        var length: Int
    }

    /// Groups the rows and calls `body` with each conversation, in the order of their first row in the file: its
    /// key (nil for a reply chain: its first row's message id names it) and its rows in conversation order. The
    /// index's per-id tables are released first.
    mutating func forEachConversation(_ body: (_ key: String?, _ rows: [Entry]) throws -> Void) rethrows {
        switch grouping {
        case .field, .file, .party:
            let keys = conversationKeys
            conversationNumbers = [:]
            conversationKeys = []
            let members = ConversationIndex.bucket(conversationOfRow, groups: keys.count)
            conversationOfRow = []
            for (number, key) in keys.enumerated() {
                var rows = ordered(Array(members.rows[members.starts[number]..<members.starts[number + 1]]))
                let kept = rows.count
                rows.removeAll { roles[Int($0)] == .deleted }
                deletedRows += kept - rows.count
                rows.removeAll { roles[Int($0)] == .notice }
                if rows.isEmpty { continue }
                guard case .party = grouping else {
                    try body(key, entries(rows))
                    continue
                }
                for session in sessions(rows) {
                    try body(key + session.suffix, entries(session.rows))
                }
            }
        case .replyLink:
            let (parents, roots) = resolveReplies()
            // Conversations numbered by their first row in the file.
            var numberOfRoot: [Int32: Int32] = [:]
            var rootOfNumber: [Int32] = []
            var numberOfRow = [Int32](repeating: 0, count: count)
            for row in 0..<count {
                let root = roots[row]
                if let number = numberOfRoot[root] {
                    numberOfRow[row] = number
                } else {
                    let number = Int32(rootOfNumber.count)
                    numberOfRoot[root] = number
                    rootOfNumber.append(root)
                    numberOfRow[row] = number
                }
            }
            let members = ConversationIndex.bucket(numberOfRow, groups: rootOfNumber.count)
            for (number, root) in rootOfNumber.enumerated() {
                let rows = Array(members.rows[members.starts[number]..<members.starts[number + 1]])
                let paths = branches(rows, root: root, parents: parents)
                if paths.count > 1 {
                    branchingTrees += 1
                    branchPaths += paths.count
                }
                for path in paths { try body(nil, entries(path)) }
            }
        }
    }

    private func entry(_ row: Int32) -> Entry {
        let index = Int(row)
        return Entry(
            ordinal: Int(ordinals[index]), role: roles[index], offset: offsets[index], length: Int(lengths[index]))
    }

    /// A conversation's entries, in order; where rows name their speakers (``TurnRoleRule/Reading/openerIsCustomer``),
    /// the first speaker's messages are the customer's and the others' the agent's (notes stay notes).
    private func entries(_ rows: [Int32]) -> [Entry] {
        var list = rows.map(entry)
        guard !speakers.isEmpty else { return list }
        func speaker(_ row: Int32) -> Int32 { Int(row) < speakers.count ? speakers[Int(row)] : -1 }
        guard let opener = rows.lazy.filter({ self.roles[Int($0)] == .customer }).map(speaker).first(where: { $0 >= 0 })
        else { return list }
        for (position, row) in rows.enumerated() where list[position].role == .customer {
            let who = speaker(row)
            list[position].role = who < 0 || who == opener ? .customer : .agent
        }
        return list
    }

    /// Rows bucketed by group, each bucket in file order: group `g`'s rows are `rows[starts[g]..<starts[g + 1]]`.
    private static func bucket(_ groupOfRow: [Int32], groups: Int) -> (rows: [Int32], starts: [Int]) {
        var starts = [Int](repeating: 0, count: groups + 1)
        for group in groupOfRow { starts[Int(group) + 1] += 1 }
        for group in 0..<groups { starts[group + 1] += starts[group] }
        var next = starts
        var rows = [Int32](repeating: 0, count: groupOfRow.count)
        for (row, group) in groupOfRow.enumerated() {
            rows[next[Int(group)]] = Int32(row)
            next[Int(group)] += 1
        }
        return (rows, starts)
    }

    /// Whether every row of `rows` has a readable time; counts the conversation when `--order-by` was given and
    /// some row has none.
    private mutating func timesReadable(_ rows: [Int32]) -> Bool {
        guard isOrdered else { return false }
        if rows.allSatisfy({ !times[Int($0)].isNaN }) { return true }
        unorderedConversations += 1
        return false
    }

    /// A customer's rows (in order) cut where they fall silent for ``sessionGap``, each part
    /// named by the day (UTC) its first row was written, or by its time to the second where the gap is shorter than
    /// a day (two of a customer's conversations may then begin on one day): a customer's conversations imported from
    /// later logs keep their own ids. Rows without readable times are one part, named by the customer alone.
    private func sessions(_ rows: [Int32]) -> [(suffix: String, rows: [Int32])] {
        guard isOrdered, rows.allSatisfy({ !times[Int($0)].isNaN }) else { return [("", rows)] }
        var parts: [[Int32]] = []
        var last = -Double.infinity
        for row in rows {
            let time = times[Int(row)]
            if parts.isEmpty || time - last > sessionGap {
                parts.append([row])
            } else {
                parts[parts.count - 1].append(row)
            }
            last = time
        }
        let utc = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        let style = sessionGap >= ConversationOptions.defaultSessionGap ? utc.year().month().day() : utc
        return parts.map { part in (" " + Date(timeIntervalSince1970: times[Int(part[0])]).formatted(style), part) }
    }

    /// A conversation's rows (in file order) ordered by time, ties and unreadable times in file order.
    private mutating func ordered(_ rows: [Int32]) -> [Int32] {
        guard timesReadable(rows) else { return rows }
        return rows.sorted { (times[Int($0)], $0) < (times[Int($1)], $1) }
    }

    /// A reply tree's paths from its root to each of its last replies, in order (replies to one message by time
    /// when every row has one, else file order): a message answered twice (two answers ranked against each other,
    /// two agents replying to one tweet) starts two conversations sharing what came before, instead of one whose
    /// turns answer different messages. Notices are left out of the paths, the replies to one answering what it
    /// answers (a pin notice that names the message pinned is no second answer to it).
    private mutating func branches(_ rows: [Int32], root: Int32, parents: [Int32]) -> [[Int32]] {
        let byTime = timesReadable(rows)
        var children: [Int32: [Int32]] = [:]
        for row in rows where row != root { children[parents[Int(row)], default: []].append(row) }
        // A deleted message goes with the replies to it (notices among them are counted as notices).
        func dropDeleted(_ top: Int32) {
            var below = [top]
            while let next = below.popLast() {
                switch roles[Int(next)] {
                case .deleted: deletedRows += 1
                case .notice: break
                default: repliesToDeleted += 1
                }
                below += children[next] ?? []
            }
        }
        if roles[Int(root)] == .deleted {
            dropDeleted(root)
            return []
        }
        // From the root down, so that a deleted reply below a deleted message is counted once, with it.
        var reached = [root]
        while let row = reached.popLast() {
            guard let replies = children[row] else { continue }
            let kept = replies.filter { roles[Int($0)] != .deleted }
            if kept.count < replies.count {
                for reply in replies where roles[Int(reply)] == .deleted { dropDeleted(reply) }
                children[row] = kept
            }
            reached += kept
        }
        var parentOf: [Int32: Int32] = [:]
        for row in rows where row != root { parentOf[row] = parents[Int(row)] }
        for notice in rows where notice != root && roles[Int(notice)] == .notice {
            guard let parent = parentOf[notice], children[parent]?.contains(notice) == true else { continue }
            let moved = children.removeValue(forKey: notice) ?? []
            children[parent] = (children[parent] ?? []).filter { $0 != notice } + moved
            for child in moved { parentOf[child] = parent }
        }
        var paths: [[Int32]] = []
        var path: [Int32] = []
        // Depth first without recursion (a chain may be thousands of replies long): each entry is a row and the
        // length of the path above it.
        var stack: [(row: Int32, depth: Int)] = [(root, 0)]
        while let (row, depth) = stack.popLast() {
            path.removeSubrange(depth...)
            path.append(row)
            guard var replies = children[row], !replies.isEmpty else {
                // Only the root can still be a notice.
                let spoken = path.filter { roles[Int($0)] != .notice }
                if !spoken.isEmpty { paths.append(spoken) }
                continue
            }
            if byTime { replies.sort { (times[Int($0)], $0) < (times[Int($1)], $1) } } else { replies.sort() }
            stack.append(contentsOf: replies.reversed().map { ($0, depth + 1) })
        }
        return paths
    }

    /// Links each row to its parent row and its root, breaking cycles at their earliest row; counts chains whose
    /// root names a parent not in the file. Returns each row's parent (-1 for none) and root.
    private mutating func resolveReplies() -> (parents: [Int32], roots: [Int32]) {
        var parents = [Int32](repeating: -1, count: count)
        var missingParent = [Bool](repeating: false, count: count)
        for row in 0..<count where !parentKeys[row].isEmpty {
            if let parent = rowOfID[parentKeys[row]] {
                parents[row] = parent
            } else {
                missingParent[row] = true
            }
        }
        parentKeys = []
        var roots = [Int32](repeating: -1, count: count)
        var onPath = [Bool](repeating: false, count: count)
        var path: [Int32] = []
        for start in 0..<count where roots[start] < 0 {
            path.removeAll(keepingCapacity: true)
            var row = Int32(start)
            var root: Int32
            while true {
                if roots[Int(row)] >= 0 {
                    root = roots[Int(row)]
                    break
                }
                if onPath[Int(row)] {
                    // A cycle: the rows of `path` from `row` on. Cut it at its earliest row, which becomes the root
                    // of every row on the path.
                    let cycleStart = path.lastIndex(of: row) ?? 0
                    root = path[cycleStart...].min() ?? row
                    parents[Int(root)] = -1
                    cycles += 1
                    break
                }
                onPath[Int(row)] = true
                path.append(row)
                let parent = parents[Int(row)]
                if parent < 0 {
                    root = row
                    break
                }
                row = parent
            }
            for member in path {
                roots[Int(member)] = root
                onPath[Int(member)] = false
            }
        }
        rowOfID = [:]
        // A notice naming what it is about (Discord's thread started, naming the thread) starts no chain.
        for row in 0..<count where roots[row] == Int32(row) && missingParent[row] && roles[row] != .notice {
            brokenChains += 1
        }
        return (parents, roots)
    }
}
