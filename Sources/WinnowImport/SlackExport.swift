import Foundation
import WinnowCore

/// A Slack workspace export, unpacked: `users.json` and `channels.json` (or `groups.json`, `dms.json`, `mpims.json`)
/// at its root, and a folder per channel holding a JSON file per day (`help/2024-03-01.json`), each an array of
/// messages.
///
/// Built before the import from every day file (``read(folder:)``); then each day file is imported on its own (its
/// source, counts and quarantine stay its own) and gives the threads that start in it, whatever day their replies
/// fall on. A thread is a message and the replies naming it in `thread_ts`; a message nobody answered in a thread is
/// one of its own, unless a message outside threads opening by naming its writer (`<@U02CUST01> yes, ...`) answers
/// it within a day. Who is the customer:
///
/// - where a channel's messages come from two workspaces or more (a Slack Connect channel shared with customers:
///   `user_team`, or the writer's `team_id` in `users.json`), the exporting workspace (the team most of `users.json` belongs to) is the support side and every
///   other the customers;
/// - otherwise (a community's help channel) the one who opened the thread is the customer and everyone else who
///   answers in it, bots included, the support side.
///
/// Joins, leaves, topic changes and other notices are no message: left out, and counted in a note per day file; an
/// element that is no message at all (no object, no `ts`) is quarantined. Slack's markup is read as Slack shows it:
/// `<@U123>` as `@Ann Lee`, `<#C1|help>` as `#help`, `<https://...|the guide>` as `the guide`, `&lt;` as `<`.
public struct SlackExport: Sendable {
    /// One message of the export.
    struct Message: Sendable {
        var file: Int
        /// 1-based place in its day file.
        var index: Int
        var ts: String
        var time: Double
        var user: String?
        var team: String?
        var isBot: Bool
        var text: String
    }

    /// The folder, as given.
    public let root: String
    /// The day files, display paths, in order.
    let files: [String]
    /// The index of each day file, by its absolute path (``key(_:)``).
    let fileIndex: [String: Int]
    /// Threads: their messages in time order, the first opening it.
    let threads: [[Message]]
    /// Channel of each thread (its folder's name).
    let channels: [String]
    /// The threads each file opens, in the order of their first message there.
    let threadsOfFile: [Int: [Int]]
    /// Display names by user id.
    let names: [String: String]
    /// Per channel, the support side's workspace, where the channel's messages come from two or more.
    let homeTeams: [String: String]
    /// Day files that are no JSON array of messages, with why.
    let unreadable: [Int: String]
    /// Per day file, the notices left out (joins, topic changes...), counted by subtype.
    var noticesOfFile: [Int: [String: Int]] = [:]
    /// Per day file, the elements that are no message (not an object, or without a readable `ts`): their 1-based
    /// place, why, and their JSON, quarantined.
    var strayOfFile: [Int: [(index: Int, reason: String, raw: String)]] = [:]

    /// The lists a Slack export holds beside its channels' folders: read for names, not imported.
    public static let listFiles: Set<String> = [
        "users.json", "channels.json", "groups.json", "dms.json", "mpims.json", "integration_logs.json",
        "canvases.json", "huddles.json", "org_users.json", "file_conversations.json",
    ]

    /// Message subtypes that are notices, not anyone's words.
    static let noticeSubtypes: Set<String> = [
        "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
        "channel_unarchive", "group_join", "group_leave", "group_topic", "group_purpose", "group_name",
        "pinned_item", "unpinned_item", "bot_add", "bot_remove", "reminder_add", "tombstone", "message_deleted",
        "joiner_notification", "channel_convert_to_private", "channel_convert_to_public", "sh_room_created",
        "huddle_thread",
    ]

    /// Whether `folder` is a Slack export: `users.json` and a list of channels at its root.
    public static func isExport(folder: String) -> Bool {
        let manager = FileManager.default
        func has(_ name: String) -> Bool {
            manager.fileExists(atPath: (folder as NSString).appendingPathComponent(name))
        }
        return has("users.json") && ["channels.json", "groups.json", "dms.json", "mpims.json"].contains(where: has)
    }

    /// Whether `name` is a day file's name (`2024-03-01.json`).
    public static func isDayFile(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[1] == "json" else { return false }
        let date = parts[0].split(separator: "-")
        return date.count == 3 && date.allSatisfy { $0.allSatisfy(\.isNumber) } && date[0].count == 4
    }

    /// Reads the export under `folder` (display paths joined to `folder` as given).
    public static func read(folder: String) throws -> SlackExport {
        let manager = FileManager.default
        func json(_ name: String) -> JSONValue? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path) else { return nil }
            return try? JSONParser.parse(String(decoding: data, as: UTF8.self))
        }
        var names: [String: String] = [:]
        var bots: Set<String> = []
        var teamCounts: [String: Int] = [:]
        var teamOfUser: [String: String] = [:]
        for user in json("users.json")?.arrayValue ?? [] {
            guard let object = user.objectValue, let id = object["id"]?.scalarText else { continue }
            let profile = object["profile"]?.objectValue
            let name = [
                profile?["display_name"]?.scalarText, profile?["real_name"]?.scalarText,
                object["real_name"]?.scalarText, object["name"]?.scalarText,
            ].compactMap { $0?.trimmingSpaces }.first { !$0.isEmpty }
            if let name { names[id] = name }
            if object["is_bot"]?.flagValue == true { bots.insert(id) }
            if let team = object["team_id"]?.scalarText {
                teamCounts[team, default: 0] += 1
                teamOfUser[id] = team
            }
        }
        var channelNames: [String: String] = [:]
        for list in ["channels.json", "groups.json", "mpims.json", "dms.json"] {
            for channel in json(list)?.arrayValue ?? [] {
                if let id = channel.objectValue?["id"]?.scalarText, let name = channel.objectValue?["name"]?.scalarText
                {
                    channelNames[id] = name
                }
            }
        }
        // Day files, channel by channel.
        var files: [String] = []
        let entries = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
        for entry in entries where !entry.hasPrefix(".") {
            let channelPath = (folder as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: channelPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let days = ((try? manager.contentsOfDirectory(atPath: channelPath)) ?? []).filter(isDayFile).sorted()
            files += days.map { (channelPath as NSString).appendingPathComponent($0) }
        }
        var messages: [Message] = []
        var unreadable: [Int: String] = [:]
        var keys: [String] = []
        var channelOfKey: [String: String] = [:]
        var messagesOfKey: [String: [Int]] = [:]
        var notices: [Int: [String: Int]] = [:]
        var stray: [Int: [(index: Int, reason: String, raw: String)]] = [:]
        // Per channel and user, the thread of their last message outside a thread, and its time.
        var lastUnanswered: [String: (key: String, time: Double)] = [:]
        /// The user a message opens by naming (`<@U02CUST01> yes, ...`).
        func mentionedFirst(_ text: String) -> String? {
            let trimmed = text.drop { $0 == " " }
            guard trimmed.hasPrefix("<@"), let close = trimmed.firstIndex(of: ">") else { return nil }
            let inner = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close]
            return inner.split(separator: "|").first.map(String.init)
        }
        for (number, path) in files.enumerated() {
            guard let data = manager.contents(atPath: path) else {
                unreadable[number] = "cannot read the file"
                continue
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(String(decoding: data, as: UTF8.self))
            } catch {
                unreadable[number] = "not JSON: \(error)"
                continue
            }
            guard let items = value.arrayValue else {
                unreadable[number] = "not an array of messages"
                continue
            }
            let channel = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue, let ts = object["ts"]?.scalarText,
                    let time = Double(ts)
                else {
                    let reason =
                        item.objectValue == nil
                        ? "not a message: an element of the day file that is no JSON object"
                        : "not a message: no readable ts, the time Slack places and threads a message by"
                    stray[number, default: []].append((index + 1, reason, item.serialized))
                    continue
                }
                if let subtype = object["subtype"]?.scalarText, noticeSubtypes.contains(subtype) {
                    notices[number, default: [:]][subtype, default: 0] += 1
                    continue
                }
                let user = object["user"]?.scalarText
                if let user, names[user] == nil, let profile = object["user_profile"]?.objectValue {
                    let name = [profile["display_name"]?.scalarText, profile["real_name"]?.scalarText]
                        .compactMap { $0?.trimmingSpaces }.first { !$0.isEmpty }
                    if let name { names[user] = name }
                }
                let text = object["text"]?.scalarText ?? ""
                let isBot =
                    object["bot_id"] != nil || object["subtype"]?.scalarText == "bot_message"
                    || user.map(bots.contains) == true
                let message = Message(
                    file: number, index: index + 1, ts: ts, time: time, user: user ?? object["bot_id"]?.scalarText,
                    team: object["user_team"]?.scalarText ?? object["team"]?.scalarText
                        ?? user.flatMap { teamOfUser[$0] },
                    isBot: isBot, text: text)
                var key = channel + "\u{1F}" + (object["thread_ts"]?.scalarText ?? ts)
                if object["thread_ts"] == nil, let answered = mentionedFirst(text),
                    let (earlier, time) = lastUnanswered[channel + "\u{1F}" + answered], message.time - time <= 86_400,
                    message.user != answered
                {
                    // A reply outside a thread that opens by naming someone who asked last in the channel, within a
                    // day, answers them.
                    key = earlier
                    lastUnanswered[channel + "\u{1F}" + answered] = nil
                } else if object["thread_ts"] == nil, let user {
                    lastUnanswered[channel + "\u{1F}" + user] = (key, message.time)
                }
                if messagesOfKey[key] == nil {
                    keys.append(key)
                    channelOfKey[key] = channel
                }
                messagesOfKey[key, default: []].append(messages.count)
                messages.append(message)
            }
        }
        // Per channel, the support side's workspace where its messages come from two or more: of theirs, the one
        // most of `users.json` belongs to.
        var teamsOfChannel: [String: Set<String>] = [:]
        for key in keys {
            for index in messagesOfKey[key] ?? [] {
                if let team = messages[index].team { teamsOfChannel[channelOfKey[key] ?? "", default: []].insert(team) }
            }
        }
        let homeTeams = teamsOfChannel.compactMapValues { teams -> String? in
            guard teams.count >= 2 else { return nil }
            return teams.max { (teamCounts[$0] ?? 0, $1) < (teamCounts[$1] ?? 0, $0) }
        }
        var threads: [[Message]] = []
        var channels: [String] = []
        var threadsOfFile: [Int: [Int]] = [:]
        for key in keys {
            let thread = (messagesOfKey[key] ?? []).map { messages[$0] }.sorted { ($0.time, $0.ts) < ($1.time, $1.ts) }
            guard let first = thread.first else { continue }
            threadsOfFile[first.file, default: []].append(threads.count)
            threads.append(thread)
            channels.append(channelOfKey[key] ?? "")
        }
        for (file, list) in threadsOfFile {
            threadsOfFile[file] = list.sorted { threads[$0][0].index < threads[$1][0].index }
        }
        var allNames = names
        for (id, name) in channelNames { allNames["#" + id] = name }
        var export = SlackExport(
            root: folder, files: files,
            fileIndex: Dictionary(files.enumerated().map { (SlackExport.key($1), $0) }) { first, _ in first },
            threads: threads, channels: channels, threadsOfFile: threadsOfFile, names: allNames, homeTeams: homeTeams,
            unreadable: unreadable)
        export.noticesOfFile = notices
        export.strayOfFile = stray
        return export
    }

    /// Whether `path` is one of the export's day files.
    public func holds(_ path: String) -> Bool { fileIndex[SlackExport.key(path)] != nil }

    /// A day file's path as ``fileIndex`` holds it: absolute and standardised, however the export was named.
    static func key(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The records of the threads the day file at `location` opens, each placed by its first message, or why the
    /// file cannot be read; `display` is the file's name in errors and notes, and `show` names the export's files as
    /// the user knows them (under the archive's path when it was unpacked from one).
    func events(
        of location: String, named display: String? = nil, mapping: FieldMapping, show: (String) -> String = { $0 }
    ) -> [ImportEvent] {
        guard let number = fileIndex[SlackExport.key(location)] else { return [] }
        let path = display ?? location
        if let reason = unreadable[number] {
            return [
                .failure(RecordFailure(kind: .unreadableFile, file: path, locator: .record(1), message: reason))
            ]
        }
        var events: [ImportEvent] = []
        if let notices = noticesOfFile[number] {
            let total = notices.values.reduce(0, +)
            let kinds = notices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            events.append(
                .note(
                    "\(path): \(total) message\(total == 1 ? "" : "s") left out as notices, nobody's words (\(kinds))"))
        }
        for item in strayOfFile[number] ?? [] {
            events.append(
                .failure(
                    RecordFailure(
                        kind: .notAMessage, file: path, locator: .record(item.index), message: item.reason,
                        snippet: item.raw)))
        }
        let resolved = mapping.resolve(keys: ["messages", "thread_id", "channel", "participants", "message_files"])
        for thread in threadsOfFile[number] ?? [] {
            var record = self.record(thread)
            if case .array(let files)? = record["message_files"] {
                record["message_files"] = .array(files.map { $0.scalarText.map { .string(show($0)) } ?? $0 })
            }
            let locator = Locator.record(threads[thread][0].index)
            switch resolved.draft(from: record, file: path, locator: locator, raw: JSONValue.object(record).serialized)
            {
            case .success(let draft): events.append(.record(draft))
            case .failure(let failure): events.append(.failure(failure))
            }
        }
        return events
    }

    /// Thread `number` as a chat record: its turns with their sides, the channel, the thread's id, who spoke, and
    /// the day files of its messages when they are several.
    func record(_ number: Int) -> JSONObject {
        let thread = threads[number]
        let opener = thread[0].user
        var turns: [JSONValue] = []
        var speakers: [String] = []
        for message in thread {
            let text = SlackExport.plainText(message.text, names: names)
            guard !text.isEmpty else { continue }
            let isAgent: Bool
            if let homeTeam = homeTeams[channels[number]], let team = message.team {
                isAgent = team == homeTeam
            } else {
                isAgent = message.isBot || message.user != opener
            }
            turns.append(["role": .string(isAgent ? "assistant" : "user"), "content": .string(text)])
            let speaker = message.user.flatMap { names[$0] } ?? message.user ?? "bot"
            if !speakers.contains(speaker) { speakers.append(speaker) }
        }
        var members: [(key: String, value: JSONValue)] = [
            ("messages", .array(turns)), ("thread_id", .string(thread[0].ts)), ("channel", .string(channels[number])),
            ("participants", .array(speakers.map(JSONValue.string))),
        ]
        let spanned = Set(thread.map(\.file))
        if spanned.count > 1 {
            members.append(("message_files", .array(spanned.sorted().map { .string(files[$0]) })))
        }
        return JSONObject(members)
    }

    /// Slack's markup as Slack shows it (see the type's description).
    static func plainText(_ text: String, names: [String: String]) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += rest[open...]
                rest = rest[rest.endIndex...]
                break
            }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1).map(String.init)
            let target = parts.first ?? ""
            let label = parts.count > 1 ? parts[1] : nil
            if target.hasPrefix("@") {
                out += "@" + (label ?? names[String(target.dropFirst())] ?? String(target.dropFirst()))
            } else if target.hasPrefix("#") {
                out += "#" + (label ?? names[target] ?? String(target.dropFirst()))
            } else if target.hasPrefix("!") {
                let word = label ?? String(target.dropFirst().split(separator: "^").first ?? "")
                out += word.hasPrefix("@") ? word : "@" + word
            } else {
                out += label ?? target.replacingOccurrences(of: "mailto:", with: "")
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return
            out
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Imports one day file of a Slack export (``SlackExport``): the threads it opens.
struct SlackDayImporter: Importer {
    let export: SlackExport

    func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        // Found by where the file is, named as the user knows it.
        let events = export.events(of: file.url.path, named: file.displayPath, mapping: options.mapping) {
            ArchiveCopy.show($0, in: options.archives)
        }
        return OpenedFile(
            records: .stream(
                RecordStream { body in
                    for event in events { try body(event) }
                }))
    }
}
