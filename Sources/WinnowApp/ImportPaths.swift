import Foundation
import WinnowCore
import WinnowImport
import WinnowMail

/// The files an import reads: the paths given, each folder replaced by the files under it.
///
/// A folder is read whole, sub-folders included, in path order: a folder of `.eml` files saved from a mail client,
/// a Maildir (`cur/` and `new/`; its `tmp/`, where messages still being delivered sit, is left out) with its
/// Maildir++ folders (`.Sent`), a mail client's mailboxes (Thunderbird's `Inbox` and `Sent` files and `NAME.sbd/`
/// folders), a folder of exports; drafts, trash and junk are left out wherever a client keeps them (by name, as
/// ``isUnsentOrDiscarded(_:)`` reads it), and so are empty files. Other hidden entries
/// (`.DS_Store`, `.git`) are left out, and so is a file whose format neither its name nor
/// its content tells (an index, a note, an attachment saved beside the mail), which the report lists by name; a file
/// named on its own is never left out (it is imported, or refused with its error). A pipe, socket or device under a
/// folder is left out and listed (reading a pipe waits for a writer). A page saved "complete" by a browser leaves
/// its images, styles, scripts and frames in a `NAME_files` folder beside `NAME.html`: every file in it is left out
/// and listed as the page's resource, and so is a style sheet, script, image or font anywhere. A Slack export's
/// folder (``SlackExport``) is noted, and its lists of users and channels left out; so are a Dialogflow agent's
/// settings, intent definitions and entities, beside its training phrases. With a forced format every other
/// file under the folder is read in it. A zip or tar archive, given or under a folder, is unpacked and read as a
/// folder (``ArchiveCopy``), its files shown under the archive's path.
public struct ImportPaths: Sendable, Equatable {
    /// A file or folder under a folder given that is not imported, and why.
    public struct LeftOut: Sendable, Equatable {
        /// Its path, the folder given joined with its place under it.
        public var path: String
        /// Why it is not imported.
        public var reason: String

        /// An entry.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        /// `{"path": ..., "reason": ...}`.
        public var json: JSONValue { ["path": .string(path), "reason": .string(reason)] }
    }

    /// The files to import, in order: the paths given, each folder's files in their place.
    public var files: [String] = []
    /// What was found under the folders and is not imported (hidden entries are only counted).
    public var leftOut: [LeftOut] = []
    /// Hidden files and folders under the folders given, left out.
    public var hidden = 0
    /// The label each file under a folder given takes from the sub-folder it is in (``folderLabel(of:under:)``).
    public var folderLabels: [String: String] = [:]
    /// Slack exports found under the folders given (``SlackExport``), whose day files are read as threads.
    public var slackExports: [String] = []
    /// The files of the store the import writes to (its database, write-ahead log, shared memory and journal),
    /// resolved: left out of a folder that holds them.
    var storeFiles: Set<String> = []
    /// Archives unpacked to be read as folders (``ArchiveCopy``): their files are among ``files`` by their
    /// unpacked paths, shown under the archive's (``shown(_:)``). ``removeArchives()`` lets go of them.
    public var archives: [ArchiveCopy] = []

    /// `path` as the user knows it: a file unpacked from an archive under the archive's path.
    public func shown(_ path: String) -> String { ArchiveCopy.show(path, in: archives) }

    /// Removes the folders archives were unpacked into.
    public func removeArchives() { for archive in archives { archive.remove() } }

    /// Nothing yet.
    public init() {}

    /// The reason given for a file whose format cannot be told.
    public static let unknownFormat = "neither its name nor its content tells its format (pass --format to read it)"

    /// Expands `paths`. A folder with nothing to import throws an error naming it; a path that is not a folder is
    /// kept as given. `store` is the path of the store the import writes to: a folder that holds it (`winnow import
    /// .` beside `winnow.db`) leaves it and its `-wal`, `-shm` and `-journal` files out, whatever `forced` says.
    ///
    /// `progress` hears how many files the folders have given so far (a folder of tens of thousands of messages
    /// takes seconds to walk), after each.
    public static func expand(
        _ paths: [String], forced: SourceFormat?, store: String? = nil, progress: ((_ files: Int) -> Void)? = nil
    ) throws -> ImportPaths {
        var expanded = ImportPaths()
        if let store {
            let resolved = URL(fileURLWithPath: store).resolvingSymlinksInPath().path
            expanded.storeFiles = Set(["", "-wal", "-shm", "-journal"].map { resolved + $0 })
        }
        for given in paths {
            var path = given
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue {
                // An archive is read as the folder it holds.
                guard let archive = try Self.archive(at: path) else {
                    expanded.files.append(path)
                    continue
                }
                expanded.archives.append(archive)
                expanded.leftOut += archive.skipped.map { LeftOut(path: given + "/" + $0.path, reason: $0.reason) }
                path = archive.folder
            }
            var folder = ImportPaths()
            folder.storeFiles = expanded.storeFiles
            var visited: Set<String> = []
            defer { expanded.archives += folder.archives }
            let before = expanded.files.count
            try folder.walk(path, forced: forced, visited: &visited) { progress?(before + $0) }
            for file in folder.files {
                if let label = Self.folderLabel(of: file, under: path) { expanded.folderLabels[file] = label }
            }
            if folder.files.isEmpty {
                let found = folder.leftOut.count + folder.hidden
                let example = folder.leftOut.first.map {
                    ", such as \(ArchiveCopy.show($0.path, in: expanded.archives + folder.archives)): \($0.reason)"
                }
                throw ImportError(
                    kind: .unreadableFile, file: given,
                    message: found == 0
                        ? "the \(path == given ? "folder" : "archive") holds no files"
                        : "no file in the \(path == given ? "folder" : "archive") is in a format Winnow reads (\(found)"
                            + " left out\(example ?? ""))")
            }
            expanded.files += folder.files
            expanded.leftOut += folder.leftOut
            expanded.hidden += folder.hidden
            expanded.slackExports += folder.slackExports
        }
        // What is left out of an archive is listed under the archive's path.
        expanded.leftOut = expanded.leftOut.map { LeftOut(path: expanded.shown($0.path), reason: $0.reason) }
        return expanded
    }

    /// The archive at `path` unpacked (``ArchiveCopy``), when it is one: a zip or tar archive, or a tar archive
    /// compressed with gzip (`.tar.gz`, `.tgz`).
    static func archive(at path: String, file: SourceFile? = nil) throws -> ArchiveCopy? {
        guard let file = file ?? (try? SourceFile(url: URL(fileURLWithPath: path), displayPath: path)) else {
            return nil
        }
        if ArchiveCopy.isArchive(path: path, prefix: file.prefix) {
            return try ArchiveCopy(of: path, tar: ArchiveCopy.isTar(file.prefix) ? file.url : nil)
        }
        guard GzipCopy.isGzip(file.prefix), let inner = GzipCopy.innerPrefix(url: file.url, limit: 512),
            ArchiveCopy.isTar(inner)
        else { return nil }
        let unpacked = try GzipCopy(of: file)
        defer { unpacked.remove() }
        return try ArchiveCopy(of: path, tar: unpacked.file.url)
    }

    /// The label the sub-folder holding `file` gives it under the folder `root`: the first folder below the root
    /// (`Billing` for `root/Billing/2024/a.eml`), a Maildir++ folder without its dots (`.INBOX.Billing` is
    /// `Billing`), a mailbox folder without its extension (Apple Mail's `Billing.mbox/`, Thunderbird's
    /// `Billing.sbd/`), or, for a mailbox file right under the root, its own name (`Billing.mbox`); nil for another
    /// file right under the root, in a Maildir's own `cur`/`new`, or in a mailbox every client has (`Inbox`, `Sent`,
    /// `Archive`, in the languages Gmail names them; a sent-mail folder's messages join the threads of others).
    public static func folderLabel(of file: String, under root: String) -> String? {
        let rootParts = (root as NSString).standardizingPath.split(separator: "/")
        let parts = (file as NSString).standardizingPath.split(separator: "/")
        guard parts.count > rootParts.count, Array(parts.prefix(rootParts.count)) == rootParts else { return nil }
        var folder = String(parts[rootParts.count])
        let mailboxExtensions = ["mbox", "mbx", "sbd"]
        // Apple Mail's library (`V10/ACCOUNT-UUID/Billing.mbox/UUID/Data/Messages/1.emlx`): the innermost mailbox
        // folder names the messages, not the account's folder above it.
        if let mailbox = parts[rootParts.count..<(parts.count - 1)].last(where: {
            mailboxExtensions.contains(($0 as NSString).pathExtension.lowercased())
        }) {
            folder = String(mailbox)
        }
        if parts.count == rootParts.count + 1 {
            // A file right under the root names a mailbox only when it is one (`Billing.mbox`).
            guard mailboxExtensions.contains((folder as NSString).pathExtension.lowercased()) else { return nil }
        }
        if mailboxExtensions.contains((folder as NSString).pathExtension.lowercased()) {
            folder = (folder as NSString).deletingPathExtension
        }
        if ["cur", "new", "tmp"].contains(folder) { return nil }
        let name = folder.hasPrefix(".") ? String(folder.split(separator: ".").last ?? "") : folder
        guard !name.isEmpty, GmailLabels(name).kinds.isEmpty, !commonMailboxes.contains(name.lowercased()) else {
            return nil
        }
        return name
    }

    /// Mailboxes every mail client has besides Gmail's system labels: they say where a message is, not what it is
    /// about.
    static let commonMailboxes: Set<String> = [
        "inbox", "archive", "archives", "all mail", "sent items", "sent messages", "sent mail", "outbox",
        "local folders", "unsorted", "posteingang", "gesendet", "archiv", "boîte de réception", "envoyés",
        "bandeja de entrada", "enviados", "posta in arrivo", "inviata", "caixa de entrada",
    ]

    /// Mail folders left out of a folder: messages never sent, deleted, or sorted out as junk, by the name of a
    /// Maildir++ folder's last part, of a mailbox file (`Trash`, `Junk.mbox`) or of a client's folder of mailboxes
    /// (Apple Mail's `Deleted Messages.mbox/`, Thunderbird's `Trash.sbd/`), any case and in the languages of
    /// Gmail's labels (``GmailLabels/namesDiscardedMail(_:)``).
    static func isUnsentOrDiscarded(_ name: String) -> Bool {
        unsentOrDiscarded.contains(name.lowercased()) || GmailLabels.namesDiscardedMail(name)
    }

    /// Names of mail folders left out besides Gmail's: Outlook's and Thunderbird's.
    static let unsentOrDiscarded: Set<String> = [
        "junk e-mail", "junk email", "unsent messages", "templates",
    ]

    /// Why a mailbox or mail folder `name` under a folder (`Trash`, `Junk.mbox`, `Trash.sbd`) is left out, if it is.
    static func discardedMailbox(_ name: String) -> String? {
        let base =
            ["mbox", "sbd"].contains((name as NSString).pathExtension.lowercased())
            ? (name as NSString).deletingPathExtension : name
        return isUnsentOrDiscarded(base) ? "a mailbox of drafts, deleted or junk messages (name it to import it)" : nil
    }

    /// Whether `folder` is a Maildir: it holds `cur`, `new` and `tmp` folders.
    static func isMaildir(_ folder: String) -> Bool {
        ["cur", "new", "tmp"].allSatisfy { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// Whether a file that is not hidden lies anywhere under `folder` (an empty Maildir folder left out goes
    /// unmentioned).
    static func holdsFiles(_ folder: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return false }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let name = (relative as NSString).lastPathComponent
            if !name.hasPrefix("."),
                FileManager.default.fileExists(
                    atPath: (folder as NSString).appendingPathComponent(relative), isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return true
            }
        }
        return false
    }

    /// The page (`NAME.html` or `NAME.htm`, one of `names`) whose resources the folder `name` holds when it is a
    /// browser's `NAME_files` folder beside it; nil for any other folder. `pages` are the stems of the pages among
    /// `names`.
    static func savedPage(resources name: String, pages: Set<String>, names: [String]) -> String? {
        guard name.hasSuffix("_files") else { return nil }
        let stem = String(name.dropLast("_files".count))
        guard !stem.isEmpty, pages.contains(stem) else { return nil }
        return names.first { other in
            ["html", "htm"].contains((other as NSString).pathExtension.lowercased())
                && (other as NSString).deletingPathExtension == stem
        }
    }

    /// Lists every file under a saved page's resource folder as left out (hidden ones only counted).
    private mutating func leaveOutResources(_ folder: String, page: String) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                hidden += 1
            } else {
                found.append(path)
            }
        }
        for path in found.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            leftOut.append(
                LeftOut(
                    path: path, reason: "a resource of the saved page \(page) (its images, styles, scripts and frames)")
            )
        }
    }

    /// A folder of a Dialogflow (ES) agent's export: the agent's own folder (`agent.json`, `package.json`), its
    /// `intents` or its `entities`.
    enum DialogflowPart {
        case agent, intents, entities
    }

    /// Whether `folder` holds a Dialogflow agent's export: an `agent.json` and an `intents` folder of training
    /// phrases (`NAME_usersays_LANG.json`).
    static func isDialogflowAgent(_ folder: String) -> Bool {
        let intents = (folder as NSString).appendingPathComponent("intents")
        guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("agent.json")),
            let names = try? FileManager.default.contentsOfDirectory(atPath: intents)
        else { return false }
        return names.contains { UserSaysFile.intent(of: $0) != nil }
    }

    /// Which part of a Dialogflow agent's export `folder` is, if any.
    static func dialogflowPart(_ folder: String) -> DialogflowPart? {
        if isDialogflowAgent(folder) { return .agent }
        let name = (folder as NSString).lastPathComponent
        guard ["intents", "entities"].contains(name), isDialogflowAgent((folder as NSString).deletingLastPathComponent)
        else { return nil }
        return name == "intents" ? .intents : .entities
    }

    /// Why the file `name` in a part of a Dialogflow agent's export is not imported: the agent's settings, an
    /// intent's definition (its answers are the responses of the intent's phrases, read beside them) or an entity's
    /// values; nil for the training phrases and any other file.
    static func dialogflowReason(_ part: DialogflowPart, name: String) -> String? {
        switch part {
        case .agent:
            return ["agent.json", "package.json"].contains(name) ? "a Dialogflow agent's settings" : nil
        case .intents:
            guard (name as NSString).pathExtension.lowercased() == "json",
                UserSaysFile.intent(of: name) == nil
            else { return nil }
            return "a Dialogflow intent's definition (its text answers are read as the responses of its training "
                + "phrases)"
        case .entities:
            return "a Dialogflow entity's values (what its phrases' parameters may be, not phrases)"
        }
    }

    /// What `datasets`' `save_to_disk` writes beside a dataset's `.arrow` files: its description and state.
    static let savedDatasetFiles: Set<String> = ["dataset_info.json", "state.json"]

    /// Whether `folder` holds a Hugging Face dataset's `.arrow` files beside its description: a `state.json` naming
    /// its data files (`save_to_disk`), or a `dataset_info.json` giving its features (`save_to_disk`, and the
    /// `datasets` cache, whose folders hold `NAME-train.arrow` files).
    static func isSavedDataset(_ folder: String, names: [String]) -> Bool {
        guard names.contains(where: { $0.hasSuffix(".arrow") }) else { return false }
        for (name, key) in [("state.json", "\"_data_files\""), ("dataset_info.json", "\"features\"")]
        where names.contains(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 1 << 16)) ?? nil
            if String(decoding: head ?? Data(), as: UTF8.self).contains(key) { return true }
        }
        return false
    }

    /// Adds the files under `folder`, sorted by name, each sub-folder's in its place.
    private mutating func walk(
        _ folder: String, forced: SourceFormat?, visited: inout Set<String>, found: (_ files: Int) -> Void
    ) throws {
        // A link back to a folder already read (a loop) is read once.
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
        } catch {
            throw ImportError(kind: .unreadableFile, file: folder, message: "cannot list the folder")
        }
        let isMaildir = Self.isMaildir(folder)
        let storeNames = Set(storeFiles.map { ($0 as NSString).lastPathComponent })
        let dialogflow = Self.dialogflowPart(folder)
        let isSlackExport = SlackExport.isExport(folder: folder)
        let isSavedDataset = Self.isSavedDataset(folder, names: names)
        if isSlackExport { slackExports.append(folder) }
        let pages = Set(
            names.filter { ["html", "htm"].contains(($0 as NSString).pathExtension.lowercased()) }
                .map { ($0 as NSString).deletingPathExtension })
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            if name.hasPrefix(".") {
                // A Maildir++ folder (`.Sent`, `.INBOX.Support`) is a hidden Maildir inside the Maildir.
                guard isMaildir, name.count > 1, Self.isMaildir(path) else {
                    hidden += 1
                    continue
                }
                let leaf = name.split(separator: ".").last.map(String.init) ?? ""
                if Self.isUnsentOrDiscarded(leaf) {
                    guard Self.holdsFiles(path) else { continue }
                    leftOut.append(
                        LeftOut(
                            path: path,
                            reason: "a mail folder of drafts, deleted or junk messages (name it to import it)"))
                } else {
                    try walk(path, forced: forced, visited: &visited, found: found)
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                leftOut.append(LeftOut(path: path, reason: "a link to nothing"))
                continue
            }
            if isDirectory.boolValue {
                if let page = Self.savedPage(resources: name, pages: pages, names: names) {
                    leaveOutResources(path, page: page)
                } else if isMaildir, name == "tmp" {
                    guard Self.holdsFiles(path) else { continue }
                    leftOut.append(LeftOut(path: path, reason: "a Maildir's tmp/ holds messages still being delivered"))
                } else if name == "com.microsoft.__Attachments" {
                    // An Outlook for Mac archive's attachments: named in their messages, never imported; one entry
                    // for the folder, not one for each of thousands of files.
                    if Self.holdsFiles(path) {
                        leftOut.append(
                            LeftOut(
                                path: path,
                                reason: "the attachments of an Outlook for Mac archive's messages (never imported)"))
                    }
                } else if ["mbox", "sbd"].contains((name as NSString).pathExtension.lowercased())
                    || (folder as NSString).lastPathComponent == "com.microsoft.__Messages",
                    let reason = Self.discardedMailbox(name)
                {
                    // Apple Mail's `Junk.mbox/`, Thunderbird's `Trash.sbd/`, an Outlook for Mac archive's
                    // `Deleted Items/`.
                    if Self.holdsFiles(path) { leftOut.append(LeftOut(path: path, reason: reason)) }
                } else {
                    try walk(path, forced: forced, visited: &visited, found: found)
                }
                continue
            }
            // What the file is, from one `lstat` (a folder of thousands of messages is walked file by file); what a
            // link names, from the file it leads to.
            var type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            let isLink = type == .typeSymbolicLink
            if isLink {
                type =
                    (try? FileManager.default.attributesOfItem(
                        atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path))?[.type]
                    as? FileAttributeType
            }
            // The store is looked for by its name, or behind a link (a file reached through a linked folder keeps
            // its name): resolving every path read each folder above it.
            if !storeFiles.isEmpty, isLink || storeNames.contains(name),
                storeFiles.contains(URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            {
                leftOut.append(LeftOut(path: path, reason: "the store this import writes to (or its journal)"))
                continue
            }
            // A pipe, socket or device under a folder is no file to read: opening a pipe waits for a writer.
            if let type, type != .typeRegular {
                leftOut.append(LeftOut(path: path, reason: "not a regular file (a pipe, socket or device)"))
                continue
            }
            if isSlackExport, SlackExport.listFiles.contains(name) {
                leftOut.append(
                    LeftOut(path: path, reason: "a Slack export's list of users or channels (read for names)"))
                continue
            }
            if isSavedDataset, Self.savedDatasetFiles.contains(name) {
                leftOut.append(
                    LeftOut(
                        path: path, reason: "a Hugging Face dataset's description (its rows are in the .arrow files)"))
                continue
            }
            if let dialogflow, let reason = Self.dialogflowReason(dialogflow, name: name) {
                leftOut.append(LeftOut(path: path, reason: reason))
                continue
            }
            // A script's first bytes decide whether it is read (an X archive's direct messages), once.
            var script: SourceFile?
            if let resource = SourceFormat.webResourceReason(
                path: path,
                prefix: {
                    script = try? SourceFile(url: URL(fileURLWithPath: path), displayPath: path)
                    return script?.prefix ?? []
                })
            {
                leftOut.append(LeftOut(path: path, reason: resource))
                continue
            }
            // The file's first bytes, read once for what follows.
            let opened = script ?? (try? SourceFile(url: URL(fileURLWithPath: path), displayPath: path))
            let unpacked: ArchiveCopy?
            do {
                unpacked = try opened.flatMap { try Self.archive(at: path, file: $0) }
            } catch let error as ImportError where error.isTheFile {
                // An archive under a folder that cannot be unpacked (damaged, or more than there is room for) is
                // left out with why; the folder's other files are read.
                leftOut.append(LeftOut(path: path, reason: "an archive not unpacked: \(error.withinFile)"))
                continue
            }
            if let archive = unpacked {
                // An archive under a folder is read as a folder there.
                archives.append(archive)
                leftOut += archive.skipped.map { LeftOut(path: archive.folder + "/" + $0.path, reason: $0.reason) }
                try walk(archive.folder, forced: forced, visited: &visited, found: found)
                continue
            }
            if forced == nil {
                let file = try opened ?? SourceFile(url: URL(fileURLWithPath: path), displayPath: path)
                // A gzip file is told by what it holds.
                let (name, prefix) =
                    GzipCopy.isGzip(file.prefix)
                    ? (GzipCopy.innerName(path: path, prefix: file.prefix), GzipCopy.innerPrefix(url: file.url) ?? [])
                    : (path, file.prefix)
                guard let format = SourceFormat.detect(path: name, prefix: prefix) else {
                    let kind =
                        SourceFormat.unreadableKind(path: name, prefix: prefix)
                        ?? (name == path ? nil : "gzip data holding no file Winnow reads")
                    let reason = kind.map { "this is \($0)" } ?? (prefix.isEmpty ? "an empty file" : Self.unknownFormat)
                    leftOut.append(LeftOut(path: path, reason: reason))
                    continue
                }
                // A mail client's own trash, junk or drafts mailbox beside its Inbox and Sent; a file named `mbox` is
                // named by its folder (`readpst -r` writes `Deleted Items/mbox`), and so is an Outlook for Mac
                // archive's message (`Deleted Items/message_00000.xml`).
                let entry = (path as NSString).lastPathComponent
                let byFolder = entry.lowercased() == "mbox" || OutlookMacMessage.isMessage(prefix: prefix)
                let mailbox = byFolder ? (folder as NSString).lastPathComponent : entry
                if format == .mbox || (format == .eml && byFolder), let reason = Self.discardedMailbox(mailbox) {
                    leftOut.append(LeftOut(path: path, reason: reason))
                    continue
                }
            }
            files.append(path)
            found(files.count)
        }
    }
}
