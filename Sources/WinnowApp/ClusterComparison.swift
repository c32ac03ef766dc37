import Foundation
import WinnowCore
import WinnowDedup
import WinnowStore

/// An example's duplicate cluster as `winnow show` presents it: the representative and every member, each member
/// compared word by word with the representative.
public struct ClusterComparison: Sendable {
    /// One member (not the representative) with its flag.
    public struct Member: Sendable {
        /// The example.
        public var example: Example
        /// Its duplicate flag.
        public var flag: Flag
        /// Word differences from the representative's input to this member's.
        public var inputDiff: [WordDiff.Segment]
        /// Word differences of the responses (nil when neither has one).
        public var responseDiff: [WordDiff.Segment]?
    }

    /// The cluster number.
    public var cluster: Int
    /// The example kept.
    public var representative: Example
    /// The others, in id order.
    public var members: [Member]

    /// The cluster of example `id` from the last dedup run, or nil when it is in none.
    public static func of(exampleID id: Int64, store: Store) throws -> ClusterComparison? {
        var number: Int64?
        for check in DedupService.checks {
            if let flag = try store.flags(check: check, exampleID: id).first,
                let value = flag.evidence["cluster"]?.scalarText.flatMap({ Int64($0) })
            {
                number = value
            }
        }
        if number == nil,
            let flag = try store.flags(checks: DedupService.checks, evidence: "representative", equals: id).first
        {
            number = flag.evidence["cluster"]?.scalarText.flatMap { Int64($0) }
        }
        guard let number else { return nil }
        let flags = try store.flags(checks: DedupService.checks, evidence: "cluster", equals: number)
        guard let representativeID = flags.first?.evidence["representative"]?.scalarText.flatMap({ Int64($0) })
        else { return nil }
        let representative = try store.example(id: representativeID)
        let members = try flags.map { flag in
            let example = try store.example(id: flag.exampleID)
            let responseDiff: [WordDiff.Segment]? =
                representative.response == nil && example.response == nil
                ? nil : WordDiff.segments(from: representative.response ?? "", to: example.response ?? "")
            return Member(
                example: example, flag: flag,
                inputDiff: WordDiff.segments(from: representative.input, to: example.input), responseDiff: responseDiff)
        }
        return ClusterComparison(cluster: Int(number), representative: representative, members: members)
    }

    /// The comparison as JSON: the cluster, the representative and, per member, its flag's numbers and the
    /// structured word diff (`[{"op": "equal"|"removed"|"added", "text": ...}]`) of input and response.
    public var json: JSONValue {
        func diff(_ segments: [WordDiff.Segment]) -> JSONValue {
            .array(segments.map { ["op": .string($0.kind.rawValue), "text": .string($0.text)] })
        }
        var object = JSONObject()
        object["cluster"] = .number(Double(cluster))
        object["representative"] = .number(Double(representative.id))
        object["size"] = .number(Double(members.count + 1))
        object["members"] = .array(
            members.map { member in
                var entry = JSONObject()
                entry["id"] = .number(Double(member.example.id))
                entry["check"] = .string(member.flag.check)
                entry["tier"] = member.flag.evidence["tier"] ?? .null
                entry["similarity"] = member.flag.evidence["similarity"] ?? .null
                entry["label"] = member.example.effectiveLabel.map(JSONValue.string) ?? .null
                entry["input_diff"] = diff(member.inputDiff)
                entry["response_diff"] = member.responseDiff.map(diff) ?? .null
                return .object(entry)
            })
        return .object(object)
    }

    /// The comparison as text: for each member, the representative (left) and the member (right) side by side in
    /// columns of `width` characters, words only on the left marked removed and words only on the right marked
    /// added: in colour when `colour` (a terminal), else as `[-words-]` and `{+words+}`.
    public func text(width: Int, colour: Bool) -> String {
        let column = max(20, (width - 3) / 2)
        var lines = ["Duplicate cluster \(cluster): \(members.count + 1) examples, #\(representative.id) kept"]
        for member in members {
            let evidence = member.flag.evidence
            let tier = evidence["tier"]?.scalarText ?? "?"
            let similarity = evidence["similarity"]?.scalarText ?? "?"
            lines.append("")
            lines += SideBySide.rows(
                left: [.init("#\(representative.id) (kept), \(representative.effectiveLabel ?? "-")", .plain)],
                right: [
                    .init(
                        "#\(member.example.id) \(member.flag.check), \(tier) \(similarity), "
                            + "\(member.example.effectiveLabel ?? "-")", .plain)
                ],
                width: column, colour: false)
            lines.append(String(repeating: "-", count: column) + "-+-" + String(repeating: "-", count: column))
            lines += SideBySide.rows(diff: member.inputDiff, width: column, colour: colour)
            if let responseDiff = member.responseDiff {
                lines.append(String(repeating: " ", count: column) + " | ")
                lines += SideBySide.rows(diff: responseDiff, width: column, colour: colour)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Two texts laid out in two columns, word-wrapped, with styled words.
enum SideBySide {
    /// How a word is shown.
    enum Style {
        case plain
        case removed
        case added
    }

    /// A run of text with one style.
    struct Piece {
        var text: String
        var style: Style
        init(_ text: String, _ style: Style) {
            self.text = text
            self.style = style
        }
    }

    /// The rows of a word diff: the left column shows equal and removed words, the right equal and added ones.
    static func rows(diff: [WordDiff.Segment], width: Int, colour: Bool) -> [String] {
        var left: [Piece] = []
        var right: [Piece] = []
        for segment in diff {
            switch segment.kind {
            case .equal:
                left.append(Piece(segment.text, .plain))
                right.append(Piece(segment.text, .plain))
            case .removed: left.append(Piece(segment.text, .removed))
            case .added: right.append(Piece(segment.text, .added))
            }
        }
        return rows(left: left, right: right, width: width, colour: colour)
    }

    static func rows(left: [Piece], right: [Piece], width: Int, colour: Bool) -> [String] {
        let leftLines = wrap(left, width: width, colour: colour)
        let rightLines = wrap(right, width: width, colour: colour)
        return (0..<max(leftLines.count, rightLines.count)).map { index in
            let (text, visible) = index < leftLines.count ? leftLines[index] : ("", 0)
            let other = index < rightLines.count ? rightLines[index].text : ""
            return text + String(repeating: " ", count: max(0, width - visible)) + " | " + other
        }
    }

    /// Word-wraps styled pieces into lines of at most `width` visible characters (a longer word is cut). Without
    /// colour, each run of removed or added words on a line is wrapped in one pair of markers.
    static func wrap(_ pieces: [Piece], width: Int, colour: Bool) -> [(text: String, visible: Int)] {
        var lines: [[(word: Substring, style: Style)]] = []
        var line: [(word: Substring, style: Style)] = []
        var visible = 0
        for piece in pieces {
            for word in piece.text.split(separator: " ", omittingEmptySubsequences: true) {
                var rest = Substring(word)
                while !rest.isEmpty {
                    let opensRun = !colour && piece.style != .plain && line.last?.style != piece.style
                    let extra = (visible > 0 ? 1 : 0) + (opensRun ? 4 : 0)
                    if rest.count + extra > width - visible && visible > 0 {
                        lines.append(line)
                        (line, visible) = ([], 0)
                        continue
                    }
                    let chunk = rest.prefix(max(1, width - visible - extra))
                    rest = rest.dropFirst(chunk.count)
                    line.append((chunk, piece.style))
                    visible += chunk.count + extra
                }
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.map { words in
            var text = ""
            var visible = 0
            var index = 0
            while index < words.count {
                var end = index + 1
                while end < words.count && words[end].style == words[index].style { end += 1 }
                let run = words[index..<end].map { String($0.word) }.joined(separator: " ")
                if !text.isEmpty {
                    text += " "
                    visible += 1
                }
                text += styled(run, words[index].style, colour: colour)
                visible += run.count + (!colour && words[index].style != .plain ? 4 : 0)
                index = end
            }
            return (text, visible)
        }
    }

    static func styled(_ text: String, _ style: Style, colour: Bool) -> String {
        switch (style, colour) {
        case (.plain, _): return text
        case (.removed, true): return "\u{1B}[31m" + text + "\u{1B}[0m"
        case (.added, true): return "\u{1B}[32m" + text + "\u{1B}[0m"
        case (.removed, false): return "[-" + text + "-]"
        case (.added, false): return "{+" + text + "+}"
        }
    }
}
