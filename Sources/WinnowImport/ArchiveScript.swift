import Foundation
import WinnowCore

/// A data file of an X (Twitter) account archive: a script assigning one JSON document to a name
/// (`window.YTD.direct_messages.part0 = [ ... ]`), read as the document it assigns.
enum ArchiveScript {
    /// The archive's assignment, before the name of the data (`direct_messages`) and its part.
    static let namespace = Array("window.YTD.".utf8)

    /// Where the JSON document starts in a file whose first bytes (after a byte order mark and whitespace) are
    /// `window.YTD.NAME = `: the offset of its first byte after the `=` and whitespace; nil for any other file.
    static func jsonStart(_ prefix: [UInt8]) -> Int? {
        var index = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[index]) { index += 1 }
        guard prefix[index...].starts(with: namespace) else { return nil }
        index += namespace.count
        // The data's name and part: letters, digits, `_`, `.`, `$`.
        let nameStart = index
        while index < prefix.count, isNameByte(prefix[index]) { index += 1 }
        guard index > nameStart else { return nil }
        while index < prefix.count, [0x20, 0x09].contains(prefix[index]) { index += 1 }
        guard index < prefix.count, prefix[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[index]) { index += 1 }
        guard index < prefix.count, [UInt8(ascii: "["), UInt8(ascii: "{")].contains(prefix[index]) else { return nil }
        return index
    }

    /// The name the document is assigned to (`direct_messages.part0`), for notes.
    static func dataName(_ prefix: [UInt8]) -> String? {
        guard let start = jsonStart(prefix) else { return nil }
        let head = String(decoding: prefix[..<start], as: UTF8.self)
        guard let range = head.range(of: "window.YTD.") else { return nil }
        return head[range.upperBound...].prefix { $0 != "=" && $0 != " " && $0 != "\t" }.description
    }

    /// Why an archive's script is left out, empty for its direct messages (`direct_messages`,
    /// `direct_messages_group`), which are read; nil for any other script.
    static func reason(_ prefix: [UInt8]) -> String? {
        guard let name = dataName(prefix) else { return nil }
        if name.hasPrefix("direct_messages") && !name.hasPrefix("direct_messages_headers") { return "" }
        if name.hasPrefix("account.") {
            return "an X archive's account (read for the team's id beside its direct messages)"
        }
        return "an X archive's data other than its direct messages (\(name.split(separator: ".").first ?? ""))"
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$")
    }

    /// `file` as a JSON document: for an archive's script, a temporary copy whose assignment is blanked out with
    /// spaces (so every later byte keeps its offset and line), with a note; else `file` itself.
    ///
    /// `owner` is the account in every one of its conversations with one other account, where there are two such
    /// conversations or more (``ConversationIDs``): the archive's own.
    static func jsonSource(_ file: SourceFile) throws -> (
        file: SourceFile, copy: URL?, note: ImportEvent?, owner: (id: String, conversations: Int)?
    ) {
        guard let start = jsonStart(file.prefix) else { return (file, nil, nil, nil) }
        var ids = ConversationIDs()
        let bom = file.prefix.starts(with: [0xEF, 0xBB, 0xBF])
        let target = try TemporaryCopy.write(
            from: file.url, name: "script", displayPath: file.displayPath, what: "read the archive's script",
            transform: { block, first in
                var bytes = block
                if first {
                    // Kept: the byte order mark and line breaks (line numbers stay the file's).
                    for index in 0..<min(start, bytes.count) where ![0x0A, 0x0D].contains(bytes[index]) {
                        if index < 3, bom { continue }
                        bytes[index] = 0x20
                    }
                }
                ids.feed(bytes)
                return bytes
            })
        let name = dataName(file.prefix) ?? "a name"
        return (
            try SourceFile(url: target, displayPath: file.displayPath), target,
            .note("\(file.displayPath): an X archive's data, the JSON document assigned to window.YTD.\(name)"),
            ids.owner
        )
    }

    /// The `conversationId` values of a document fed in blocks, without parsing it: an archive's conversation with
    /// one other account is named by the two accounts' ids (`111-900`), so the id in every one of them is the
    /// archive's own account.
    struct ConversationIDs {
        private static let key = Array("\"conversationId\"".utf8)
        /// Bytes not yet looked through (a key or a value may run across blocks).
        private var pending: [UInt8] = []
        /// Conversations between two accounts, and how many of them each account is in.
        private(set) var pairs = 0
        private(set) var counts: [String: Int] = [:]

        /// Looks through the next block.
        mutating func feed(_ bytes: [UInt8]) {
            pending += bytes
            var index = 0
            var incompleteAt: Int?
            scan: while let match = find(from: index) {
                switch value(after: match + Self.key.count) {
                case .incomplete:
                    incompleteAt = match
                    break scan
                case .none: index = match + 1
                case .value(let text, let end):
                    add(text)
                    index = end
                }
            }
            // Kept: a key whose value is still to come, or the bytes that may start a key.
            let keep = incompleteAt ?? max(index, pending.count - (Self.key.count - 1))
            pending.removeFirst(min(max(0, keep), pending.count))
        }

        /// The account in every conversation between two accounts, when there are two or more; nil otherwise.
        var owner: (id: String, conversations: Int)? {
            guard pairs >= 2 else { return nil }
            let everywhere = counts.filter { $0.value == pairs }.map(\.key)
            return everywhere.count == 1 ? (everywhere[0], pairs) : nil
        }

        private mutating func add(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), parts[0] != parts[1]
            else { return }
            pairs += 1
            for part in parts { counts[String(part), default: 0] += 1 }
        }

        private func find(from start: Int) -> Int? {
            guard pending.count >= Self.key.count, start <= pending.count - Self.key.count else { return nil }
            var index = start
            while index <= pending.count - Self.key.count {
                if pending[index] == Self.key[0], pending[index..<(index + Self.key.count)].elementsEqual(Self.key) {
                    return index
                }
                index += 1
            }
            return nil
        }

        private enum Found {
            case value(String, end: Int)
            case incomplete
            case none
        }

        /// The string value after a key ending at `start`: `: "111-900"`.
        private func value(after start: Int) -> Found {
            var index = start
            func skipSpace() {
                while index < pending.count, [0x20, 0x09, 0x0A, 0x0D].contains(pending[index]) { index += 1 }
            }
            skipSpace()
            guard index < pending.count else { return .incomplete }
            guard pending[index] == UInt8(ascii: ":") else { return .none }
            index += 1
            skipSpace()
            guard index < pending.count else { return .incomplete }
            guard pending[index] == UInt8(ascii: "\"") else { return .none }
            let open = index + 1
            index = open
            while index < pending.count, pending[index] != UInt8(ascii: "\"") {
                if index - open > 100 { return .none }
                index += 1
            }
            guard index < pending.count else { return .incomplete }
            return .value(String(decoding: pending[open..<index], as: UTF8.self), end: index + 1)
        }
    }

    /// The archive's own account, from the `account.js` beside `file` (`window.YTD.account.part0 = [{"account":
    /// {"accountId": ..., "username": ...}}]`): its id and user name; nil when there is none or it holds no id.
    static func account(beside file: URL) -> (id: String, username: String?)? {
        let url = file.deletingLastPathComponent().appendingPathComponent("account.js")
        guard url != file, let data = FileManager.default.contents(atPath: url.path), data.count < 1 << 20 else {
            return nil
        }
        let bytes = [UInt8](data)
        guard let start = jsonStart(bytes),
            let document = try? bytes[start...].withUnsafeBytes({ try JSONParser.parse(bytes: $0) }),
            let account = document.arrayValue?.first?.objectValue?["account"]?.objectValue,
            let id = account["accountId"]?.scalarText?.trimmingSpaces, !id.isEmpty
        else { return nil }
        return (id, account["username"]?.scalarText)
    }

    /// Fields of an archive's message holding its sender's id.
    static let senderField = "senderId"
}
