import Foundation
import WinnowCore
import WinnowDedup
import WinnowImport
import WinnowStore

/// One ticket stored more than once with different content: a helpdesk exported again after the ticket got another
/// answer, its description was edited or its queue changed; a conversation export taken a week later; a mail thread
/// imported first from the inbox alone, then with the sent folder beside it.
///
/// The import stores each version (nothing is lost), then keeps only the latest one in play: the earlier ones are
/// rejected by `import` with a note naming the version that supersedes them, in their history like any decision (a
/// person can approve one again). Which version is the latest: the one that holds the other's turns and more (a
/// thread never loses whole messages); else the one updated later, where both carry the time they were last changed
/// (``FieldMapping/updateNames``: `updated_at`, `LastModifiedDate`, `sys_updated_on`...) and the times differ; else
/// the one whose text continues the other's (a thread that grew: the earlier version's turns, whitespace aside, begin
/// the later one's); else the one imported last.
///
/// Ticket ids are not unique across systems (ticket 7 of one helpdesk and ticket 7 of another), so two examples with
/// the same ticket id are taken as versions of one ticket only when their texts show it: one's text begins the
/// other's, or they share most of their character 3-grams (at least ``sameTicketSimilarity``), or they open with
/// the same message of some length (``sameOpeningLength`` characters; a greeting is not enough). A ticket id held by
/// more than ``mostVersions`` examples, or a placeholder (``isPlaceholder(_:)``), is no ticket's.
public enum TicketVersions {
    /// The character 3-gram Jaccard similarity of their whole texts above which two examples with the same ticket
    /// id are versions of one ticket. Unrelated tickets that share an id share a few common words' pieces (0.1-0.3).
    public static let sameTicketSimilarity = 0.5
    /// The length (characters, whitespace collapsed) from which an equal first message alone makes two examples with
    /// the same ticket id versions of one ticket.
    public static let sameOpeningLength = 40

    /// An earlier version and what supersedes it.
    public struct Superseded: Sendable, Equatable {
        /// The ticket id.
        public var ticket: String
        /// The earlier version.
        public var earlier: Int64
        /// The latest version.
        public var latest: Int64
        /// Why the latest version is the later one.
        public var why: Reason
        /// The two versions' update times as written (the latest's, then the earlier one's), when `why` is
        /// ``Reason/updatedLater``.
        public var updated: [String] = []

        /// Why one version is taken as later than another.
        public enum Reason: String, Sendable, Equatable {
            /// It was updated later (both carry an update time).
            case updatedLater = "updated later"
            /// Its text continues the other's.
            case continues
            /// It was imported after the other.
            case importedLater = "imported later"
        }

        /// The note recorded with the rejection.
        public var note: String {
            "superseded by #\(latest), a later version of ticket \(ticket) (\(because(other: "this one")))"
        }

        /// Why, in words, naming the earlier version `other`: `updated 2024-03-02 09:00 against 2024-03-01 12:00`,
        /// `its text continues this one's`, `imported after it`.
        public func because(other: String) -> String {
            switch why {
            case .updatedLater where updated.count == 2: "updated \(updated[0]) against \(updated[1])"
            case .updatedLater: "updated later"
            case .continues: "its text continues \(other == "this one" ? "this one's" : other)"
            case .importedLater: "imported after \(other)"
            }
        }

        /// `{"ticket":..., "example":N, "superseded_by":N, "why":"updated later"|"continues"|"imported later"}`,
        /// with `"updated":[latest, earlier]` when the update times decided.
        public var json: JSONValue {
            var object = JSONObject([
                ("ticket", .string(ticket)), ("example", .number(Double(earlier))),
                ("superseded_by", .number(Double(latest))), ("why", .string(why.rawValue)),
            ])
            if !updated.isEmpty { object["updated"] = .array(updated.map { .string($0) }) }
            return .object(object)
        }
    }

    /// A person's (or a policy's) label on an earlier version, given to the latest version because its imported
    /// label is still the one that was corrected.
    public struct CarriedLabel: Sendable, Equatable {
        /// The earlier version the label was set on.
        public var from: Int64
        /// The latest version.
        public var to: Int64
        /// The label.
        public var label: String

        /// `{"from":N, "to":N, "label":"..."}`.
        public var json: JSONValue {
            ["from": .number(Double(from)), "to": .number(Double(to)), "label": .string(label)]
        }
    }

    /// What settling the versions did.
    public struct Outcome: Sendable, Equatable {
        /// Earlier versions rejected, by ticket then example.
        public var superseded: [Superseded] = []
        /// Labels carried to the latest versions.
        public var carriedLabels: [CarriedLabel] = []
        /// Ticket ids held by several examples, one of them new, that were not read as one ticket's versions.
        public var unread: [Unread] = []
    }

    /// A ticket id held by several examples that is not read as one ticket's: a placeholder, or one held by more
    /// than ``mostVersions`` examples (a column of queues, customers or dates mapped as the ticket id).
    public struct Unread: Sendable, Equatable {
        /// The ticket id.
        public var ticket: String
        /// How many examples hold it.
        public var examples: Int
        /// Whether it is a placeholder (else it is held by too many examples).
        public var placeholder: Bool

        /// `{"ticket":..., "examples":N, "why":"placeholder"|"more than 50 examples"}`.
        public var json: JSONValue {
            [
                "ticket": .string(ticket), "examples": .number(Double(examples)),
                "why": .string(placeholder ? "placeholder" : "more than \(TicketVersions.mostVersions) examples"),
            ]
        }
    }

    /// The most examples one ticket id may hold and still be read as one ticket's versions: a column that holds a
    /// queue, a customer or a placeholder for every row is no ticket id, and the versions of one ticket are few.
    public static let mostVersions = 50

    /// The reviewer name the decisions are recorded under.
    public static let reviewer = "import"

    /// Whether `ticket` is a placeholder rather than an id (`N/A`, `none`, `0`, `-`): never read as one ticket.
    public static func isPlaceholder(_ ticket: String) -> Bool {
        let trimmed = ticket.trimmingCharacters(in: .whitespaces).lowercased()
        if !trimmed.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }) { return true }
        if trimmed.allSatisfy({ $0 == "0" }) { return true }
        return ["n/a", "na", "none", "null", "nil", "unknown", "undefined", "nan", "tbd"].contains(trimmed)
    }

    /// Settles the versions of the tickets the examples added after `lastBefore` belong to: in each group of
    /// versions of one ticket with a new member, the earlier versions still in play are rejected when the latest
    /// one is new; when the latest is an example stored before (an older export imported after a newer one), only
    /// the new earlier versions are. A label set on an earlier version is carried to a new latest version whose
    /// imported label is the one it corrected. The groups are read and decided on `examplesPerBatch` examples at a
    /// time (a whole group at least).
    public static func settle(store: Store, after lastBefore: Int64, examplesPerBatch: Int = 2_000) throws -> Outcome {
        var outcome = Outcome()
        let found = try store.ticketGroups(touchedAfter: lastBefore, atMost: mostVersions)
        outcome.unread = found.crowded.map {
            Unread(ticket: $0.ticket, examples: $0.examples, placeholder: isPlaceholder($0.ticket))
        }
        var groups = found.groups[...]
        // A few thousand examples read and decided at a time: a re-export of every ticket of a large store does not
        // hold all their texts at once.
        while !groups.isEmpty {
            var batch: [[Int64]] = []
            var count = 0
            while let ids = groups.first, batch.isEmpty || count + ids.count <= examplesPerBatch {
                batch.append(ids)
                count += ids.count
                groups.removeFirst()
            }
            var byID: [Int64: Example] = [:]
            for example in try store.examples(ids: batch.flatMap { $0 }) { byID[example.id] = example }
            var part = Outcome()
            var requests: [DecisionRequest] = []
            for ids in batch {
                let examples = ids.compactMap { byID[$0] }
                guard let ticket = examples.first?.ticketID else { continue }
                if isPlaceholder(ticket) {
                    outcome.unread.append(Unread(ticket: ticket, examples: ids.count, placeholder: true))
                    continue
                }
                let plan = self.plan(examples, newAfter: lastBefore)
                part.superseded += plan.superseded
                part.carriedLabels += plan.carriedLabels
                requests += plan.requests
            }
            guard !requests.isEmpty else { continue }
            // An example decided on by someone else between the read and the write keeps that decision.
            var refused = Set<Int64>()
            for case .stale(let stale) in try store.record(requests, reviewer: reviewer) {
                refused.insert(stale.exampleID)
            }
            outcome.superseded += part.superseded.filter { !refused.contains($0.earlier) }
            outcome.carriedLabels += part.carriedLabels.filter { !refused.contains($0.to) }
        }
        return outcome
    }

    /// What to do about one ticket id's examples (id order): the superseded versions, the labels carried and the
    /// decisions that record both.
    static func plan(_ examples: [Example], newAfter lastBefore: Int64) -> (
        superseded: [Superseded], carriedLabels: [CarriedLabel], requests: [DecisionRequest]
    ) {
        var superseded: [Superseded] = []
        var carried: [CarriedLabel] = []
        var requests: [DecisionRequest] = []
        let texts = examples.map(VersionText.init)
        for component in components(texts) where component.contains(where: { examples[$0].id > lastBefore }) {
            var latest = component[0]
            for index in component.dropFirst() where isLater(texts[index], than: texts[latest]) { latest = index }
            let latestIsNew = examples[latest].id > lastBefore
            var labelFrom: Example?
            for index in component where index != latest {
                let example = examples[index]
                guard example.status != .rejected, latestIsNew || example.id > lastBefore else { continue }
                let (why, updated) = texts[latest].reason(against: texts[index])
                let entry = Superseded(
                    ticket: example.ticketID ?? "", earlier: example.id, latest: examples[latest].id, why: why,
                    updated: updated)
                superseded.append(entry)
                var after = ReviewState(of: example)
                after.status = .rejected
                requests.append(
                    DecisionRequest(
                        exampleID: example.id, basedOn: example.version, action: "reject", after: after,
                        note: entry.note))
                if example.labelOverride != nil, example.label == examples[latest].label,
                    labelFrom.map({ $0.id < example.id }) ?? true
                {
                    labelFrom = example
                }
            }
            let target = examples[latest]
            if latestIsNew, target.labelOverride == nil, let from = labelFrom, let label = from.labelOverride {
                carried.append(CarriedLabel(from: from.id, to: target.id, label: label))
                var after = ReviewState(of: target)
                after.labelOverride = label
                requests.append(
                    DecisionRequest(
                        exampleID: target.id, basedOn: target.version, action: "relabel", after: after,
                        note: "label carried over from #\(from.id), an earlier version of ticket "
                            + "\(target.ticketID ?? "") relabelled '\(target.label ?? "")' -> '\(label)'"))
            }
        }
        return (superseded, carried, requests)
    }

    /// Whether `a` is a later version than `b`: it holds `b`'s turns and more; else it was updated later (both carry
    /// an update time, and they differ); else its text continues `b`'s; else (neither continuing the other, or both
    /// the same text) it was imported later.
    static func isLater(_ a: VersionText, than b: VersionText) -> Bool {
        // A thread never loses whole messages: the version that holds the other's messages and more is the later
        // one whatever the dates say (a summary export without the comments, updated since, is no later thread).
        if a.addsTurns(to: b) { return true }
        if b.addsTurns(to: a) { return false }
        if let mine = a.updated, let theirs = b.updated, mine.seconds != theirs.seconds {
            return mine.seconds > theirs.seconds
        }
        let order = a.order(against: b)
        return order != 0 ? order > 0 : a.id > b.id
    }

    /// The time `metadata` says its record was last changed: the first of ``FieldMapping/updateNames`` among its
    /// top-level members that holds a time (``MessageTimestamp``) after 1990, with the text it was read from.
    static func updateTime(_ metadata: JSONObject) -> (seconds: Double, text: String)? {
        guard !metadata.isEmpty else { return nil }
        var found: (rank: Int, seconds: Double, text: String)?
        for (key, value) in metadata {
            guard let rank = updateRanks[FieldMapping.matchingKey(key)], rank < found?.rank ?? .max,
                let text = value.scalarText?.trimmingCharacters(in: .whitespaces),
                let seconds = MessageTimestamp.seconds(from: text), seconds >= 631_152_000
            else { continue }
            found = (rank, seconds, text)
        }
        return found.map { ($0.seconds, $0.text) }
    }

    /// ``FieldMapping/updateNames`` as compared, with their places in that list.
    private static let updateRanks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (rank, name) in FieldMapping.updateNames.enumerated() where ranks[FieldMapping.matchingKey(name)] == nil {
            ranks[FieldMapping.matchingKey(name)] = rank
        }
        return ranks
    }()

    /// The groups of versions of one ticket among examples with one ticket id (indices, ascending): examples joined
    /// when their texts are related (``VersionText/isVersion(of:)``), transitively.
    static func components(_ texts: [VersionText]) -> [[Int]] {
        var sets = UnionFind(count: texts.count)
        for i in texts.indices {
            for j in texts.indices where j > i && texts[i].isVersion(of: texts[j]) { sets.union(i, j) }
        }
        return sets.groups()
    }

    /// An example's text as versions are compared: its turns (the thread, else input and response) joined by a line
    /// break, as stored and as dedup's exact tier reads words (whitespace, case and punctuation aside). The stored
    /// text is compared first; the normalised words and their 3-grams are made only when it does not decide (a
    /// thread that grew in one export begins with its earlier version as stored).
    final class VersionText {
        let id: Int64
        /// The trimmed turns that hold text.
        let turns: [String]
        /// `turns` joined by line breaks.
        let stored: String
        /// When the record says it was last changed (``TicketVersions/updateTime(_:)``).
        let updated: (seconds: Double, text: String)?

        init(_ example: Example) {
            id = example.id
            let all =
                example.messages.isEmpty
                ? [example.input, example.response ?? ""] : example.messages.map(\.content)
            // Stored texts are trimmed already (the import trims every text field).
            turns = all.filter { !$0.isEmpty }
            stored = turns.joined(separator: "\n")
            updated = TicketVersions.updateTime(example.metadata)
        }

        /// The normalised turns' words: each turn, the first and all joined.
        private(set) lazy var normalized: (turns: [String], opening: String, whole: String) = {
            let collapsed = turns.map { TextNormalizer.words($0).joined(separator: " ") }.filter { !$0.isEmpty }
            return (collapsed, collapsed.first ?? "", collapsed.joined(separator: "\n"))
        }()

        /// The character 3-grams of the normalised text.
        private(set) lazy var shingles: [UInt64] = ShingleKind.characters(3).shingles(
            of: TextNormalizer.words(normalized.whole))

        /// Whether `text` begins with `start` and goes on past a word's or turn's end (not inside a word).
        static func begins(_ text: String, with start: String) -> Bool {
            var text = text
            var start = start
            return text.withUTF8 { bytes in
                start.withUTF8 { head in
                    guard bytes.count > head.count else { return false }
                    if head.isEmpty { return true }
                    guard let text = bytes.baseAddress, let prefix = head.baseAddress else { return false }
                    guard memcmp(text, prefix, head.count) == 0 else { return false }
                    let next = bytes[head.count]
                    return next == UInt8(ascii: " ") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\t")
                }
            }
        }

        /// 1 when this text continues `other`'s (begins with it and goes on), -1 when `other` continues this one, 0
        /// when neither does: as stored first, normalised only when the stored texts do not tell.
        func order(against other: VersionText) -> Int {
            if Self.begins(stored, with: other.stored) { return 1 }
            if Self.begins(other.stored, with: stored) { return -1 }
            if stored == other.stored { return 0 }
            if Self.begins(normalized.whole, with: other.normalized.whole) { return 1 }
            if Self.begins(other.normalized.whole, with: normalized.whole) { return -1 }
            return 0
        }

        /// Whether this version holds `other`'s turns, as stored or normalised, and more turns after them.
        func addsTurns(to other: VersionText) -> Bool {
            guard turns.count > other.turns.count, !other.turns.isEmpty else { return false }
            if turns.starts(with: other.turns) { return true }
            return normalized.turns.count > other.normalized.turns.count
                && normalized.turns.starts(with: other.normalized.turns)
        }

        /// Whether this text continues `other`'s: begins with it (and is not the same), as stored or normalised.
        func continues(_ other: VersionText) -> Bool { order(against: other) == 1 }

        /// Why this version is later than `other` (``TicketVersions/isLater(_:than:)`` said it is), with the two
        /// update times as written when they decided.
        func reason(against other: VersionText) -> (Superseded.Reason, [String]) {
            if addsTurns(to: other) { return (.continues, []) }
            if let mine = updated, let theirs = other.updated, mine.seconds != theirs.seconds {
                return (.updatedLater, [mine.text, theirs.text])
            }
            return (continues(other) ? .continues : .importedLater, [])
        }

        /// Whether the two are versions of one ticket (given their equal ticket ids).
        func isVersion(of other: VersionText) -> Bool {
            if stored == other.stored || order(against: other) != 0 { return true }
            if normalized.whole == other.normalized.whole { return true }
            if normalized.opening == other.normalized.opening,
                normalized.opening.count >= TicketVersions.sameOpeningLength
            {
                return true
            }
            return ShingleKind.jaccard(shingles, other.shingles) >= TicketVersions.sameTicketSimilarity
        }
    }
}
