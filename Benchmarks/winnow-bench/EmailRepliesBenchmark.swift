import ArgumentParser
import Foundation
import WinnowCore
import WinnowImport
import WinnowMail

/// `winnow-bench email-replies --dir DIR`: public reply-parser fixtures (talon, github/email_reply_parser,
/// discourse/email_reply_trimmer) imported as a user would, the stored input compared word by word with the
/// expected reply.
///
/// - talon `*.html`: each page through the HTML importer, default options (reply cleaning on);
/// - github `*.txt`: each body as the `body` column of a CSV, imported with `cleanReplies` (`--clean-replies`);
///   these fixtures have no expected output, so only lost messages are counted (an empty or kept-whole input);
/// - discourse `emails/*.txt`: each body as the `body` field of a JSONL record with `cleanReplies`, against
///   `trimmed/` of the same name;
/// - talon `*.eml`: each file through the .eml importer, default options, against "Hello" or the text of
///   `NAME_reply_text` beside `NAME.eml`;
/// - talon `signature/emails`: the bodies of `stripped/` (expected signature in `NAME_signature`) and those of `P/`
///   whose signature lines are marked `#sig#` (the marks, and `#reply#` marks, taken out first), each as the `body`
///   field of a JSONL record with `cleanReplies`, against the body less its signature; and the signature the
///   cleaner removed against the expected one (`signatures` lines).
///
/// Similarity is the Ratcliff/Obershelp ratio (Python difflib's `SequenceMatcher.ratio()` without its junk
/// heuristics) over lower-cased whitespace-separated words: 2 × matched words / (stored words + expected words).
/// A message counts as lost when under half of the expected reply's words (its `>` lines and a signature it keeps
/// left out) are in the stored input (the input is quoted text, or empty). The speed figure is the cleaner alone over every fixture body, repeated.
struct EmailRepliesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email-replies", abstract: "Reply cleaning against public reply-parser fixtures.")

    @Option(help: "The email-replies dataset directory (talon, github, discourse folders).")
    var dir = "../shared/datasets/email-replies"

    @Option(help: "Seconds to spend on the cleaner speed measurement.")
    var speedSeconds = 3.0

    /// One fixture's outcome.
    struct Outcome {
        var file: String
        var stored: String
        var expected: String?
        var ratio: Double?
        var lost: Bool
    }

    func run() throws {
        let root = URL(fileURLWithPath: dir)
        print("machine: \(MachineDescription.current)")
        var folders: [(String, [Outcome])] = []
        folders.append(("talon html", try talonHTML(root.appendingPathComponent("talon"))))
        let eml = try talonEML(root.appendingPathComponent("talon"))
        folders.append(("talon eml", eml.map(\.stored)))
        folders.append(("talon eml, removed signature put back", eml.map(\.withSignature)))
        folders.append(("discourse", try discourse(root.appendingPathComponent("discourse"))))
        folders.append(("github", try github(root.appendingPathComponent("github"))))
        let signatures = try talonSignatures(root.appendingPathComponent("talon/signature/emails"))
        folders.append(("talon signatures (text less signature)", signatures.map(\.outcome)))
        print("")
        print("| folder | files | ≥ 0.8 | ≥ 0.9 | = 1.0 | lost |")
        print("|---|---:|---:|---:|---:|---:|")
        for (name, outcomes) in folders {
            let rated = outcomes.compactMap(\.ratio)
            let counts = [0.8, 0.9].map { threshold in rated.filter { $0 >= threshold }.count }
            let exact = rated.filter { $0 >= 1 }.count
            let compared = rated.isEmpty ? "-" : ""
            print(
                "| \(name) | \(outcomes.count) | \(compared.isEmpty ? String(counts[0]) : compared) | "
                    + "\(compared.isEmpty ? String(counts[1]) : compared) | \(compared.isEmpty ? String(exact) : compared) | "
                    + "\(outcomes.filter(\.lost).count) |")
        }
        for (name, outcomes) in folders {
            let low = outcomes.filter { ($0.ratio ?? 1) < 0.9 || $0.lost }
            guard !low.isEmpty else { continue }
            print("")
            print("\(name): below 0.9 or lost")
            for outcome in low {
                let ratio = outcome.ratio.map { String(format: "%.2f", $0) } ?? "-"
                let stored = outcome.stored.prefix(160).replacingOccurrences(of: "\n", with: "⏎")
                print("  \(outcome.file): \(ratio)\(outcome.lost ? " LOST" : "") stored: \(stored)")
            }
        }
        if !signatures.isEmpty {
            let found = signatures.filter(\.signatureMatches)
            print("")
            print("talon signatures: \(found.count) of \(signatures.count) removed exactly as expected")
            for item in signatures where !item.signatureMatches {
                let removed = item.removed.replacingOccurrences(of: "\n", with: "⏎")
                let expected = item.expectedSignature.replacingOccurrences(of: "\n", with: "⏎")
                print("  \(item.outcome.file): removed \"\(removed)\", expected \"\(expected)\"")
            }
        }
        try measureSpeed(root)
    }

    // MARK: - Folders

    private func talonHTML(_ talon: URL) throws -> [Outcome] {
        let reply = "Hi. I am fine.\nThanks,\nAlex"
        var files = try listing(talon.appendingPathComponent("html_replies"), extension: "html").map { ($0, reply) }
        // The two pages whose expected reply is "the text above the quoted part" (talon's README and tests).
        files.append((talon.appendingPathComponent("OLK_SRC_BODY_SECTION.html"), "Reply"))
        files.append((talon.appendingPathComponent("reply-separated-by-hr.html"), "Hi there Bob"))
        return try files.map { file, expected in
            let stored = try importedInputs(HTMLImporter(), file: file, options: ImportOptions()).first ?? ""
            return outcome(file.lastPathComponent, stored: stored, expected: expected)
        }
    }

    private func discourse(_ folder: URL) throws -> [Outcome] {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try listing(folder.appendingPathComponent("emails"), extension: "txt").map { file in
            let body = try String(contentsOf: file, encoding: .utf8)
            let record = JSONValue.object(JSONObject([(key: "body", value: .string(body))])).serialized
            let jsonl = scratch.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".jsonl")
            try Data((record + "\n").utf8).write(to: jsonl)
            let stored =
                try importedInputs(JSONLImporter(), file: jsonl, options: ImportOptions(cleanReplies: true)).first ?? ""
            let expected = try String(
                contentsOf: folder.appendingPathComponent("trimmed").appendingPathComponent(file.lastPathComponent),
                encoding: .utf8)
            return outcome(file.lastPathComponent, stored: stored, expected: expected)
        }
    }

    private func github(_ folder: URL) throws -> [Outcome] {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try listing(folder, extension: "txt").map { file in
            let body = try String(contentsOf: file, encoding: .utf8)
            let csv = scratch.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".csv")
            let quoted = "\"" + body.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            try Data(("id,body\n1," + quoted + "\n").utf8).write(to: csv)
            let drafts = try importedDrafts(CSVImporter(), file: csv, options: ImportOptions(cleanReplies: true))
            let stored = drafts.first?.input ?? ""
            let keptWhole = drafts.first?.metadata["reply_kept_whole"] == .bool(true)
            return Outcome(
                file: file.lastPathComponent, stored: stored, expected: nil, ratio: nil,
                lost: stored.isEmpty || keptWhole)
        }
    }

    /// The talon `.eml` replies: their expected reply is "Hello", or the text of `NAME_reply_text` beside
    /// `NAME.eml`; `reply-quotations-share-block.eml`'s is the text above its quote.
    ///
    /// The stored text compared is the customer's turns: the input without the subject line it opens with (the
    /// expected replies have no subject). talon's expected replies are the message with quotes removed, and some
    /// keep the signature or device footer ("Sent from my iPhone"), which Winnow moves to `removed_signatures`; so
    /// each file is also compared with its removed signatures put back under the stored text (`withSignature`).
    private func talonEML(_ talon: URL) throws -> [(stored: Outcome, withSignature: Outcome)] {
        let standard = try listing(talon.appendingPathComponent("standard_replies"), extension: "eml")
        var files: [(URL, String)] = standard.map { file in
            let beside = file.deletingPathExtension().path + "_reply_text"
            return (file, (try? String(contentsOfFile: beside, encoding: .utf8)) ?? "Hello")
        }
        let shared = talon.appendingPathComponent("reply-quotations-share-block.eml")
        if FileManager.default.fileExists(atPath: shared.path) {
            files.append((shared, Self.sharedBlockReply))
        }
        return try files.map { file, expected in
            let draft = try importedDrafts(EMLImporter(), file: file, options: ImportOptions()).first
            let stored = (draft?.messages ?? []).filter { $0.role == .user }.map(\.content).joined(separator: "\n\n")
            let signatures = (draft?.metadata["removed_signatures"]?.arrayValue ?? []).compactMap(\.scalarText)
            let withSignature = ([stored] + signatures).joined(separator: "\n")
            return (
                outcome(file.lastPathComponent, stored: stored, expected: expected),
                outcome(file.lastPathComponent, stored: withSignature, expected: expected)
            )
        }
    }

    /// One signature fixture: the text compared, the signature removed and the one expected.
    struct SignatureOutcome {
        var outcome: Outcome
        var removed: String
        var expectedSignature: String
        /// Whether the removed signature is the expected one, whitespace aside (none expected: none removed).
        var signatureMatches: Bool {
            EmailRepliesBenchmark.words(removed) == EmailRepliesBenchmark.words(expectedSignature)
        }
    }

    /// talon's signature fixtures: `stripped/NAME_body` with `NAME_signature` (the signature the body ends in, or
    /// empty), and the files of `P/` whose signature lines are marked `#sig#` (the marks, and the `#reply#` marks of
    /// quoted lines, taken out).
    private func talonSignatures(_ folder: URL) throws -> [SignatureOutcome] {
        var cases: [(name: String, body: String, signature: String, text: String?)] = []
        let stripped = folder.appendingPathComponent("stripped")
        let strippedNames = (try? FileManager.default.contentsOfDirectory(atPath: stripped.path)) ?? []
        for name in strippedNames.filter({ $0.hasSuffix("_body") }).sorted() {
            let stem = String(name.dropLast("_body".count))
            // One of these bodies keeps P/'s `#sig#` marks, in its expected signature too.
            let body = try String(contentsOf: stripped.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "#sig#", with: "")
            let signature = try String(
                contentsOf: stripped.appendingPathComponent(stem + "_signature"), encoding: .utf8
            )
            .replacingOccurrences(of: "#sig#", with: "")
            cases.append((stem, body, signature, nil))
        }
        let marked = folder.appendingPathComponent("P")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: marked.path) {
            // A file also in stripped/ is measured there.
            for name in names.sorted() where !strippedNames.contains(name) {
                let text = try String(contentsOf: marked.appendingPathComponent(name), encoding: .utf8)
                guard text.contains("#sig#") else { continue }
                var body: [Substring] = []
                var signature: [Substring] = []
                var reply: [Substring] = []
                // A file opening with the message's headers (`From:`, `Subject:`...) has its body after them.
                var fileLines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
                if fileLines.first?.hasPrefix("From:") == true, let blank = fileLines.firstIndex(of: "") {
                    fileLines = fileLines[(blank + 1)...]
                }
                for line in fileLines {
                    if line.hasPrefix("#sig#") {
                        body.append(line.dropFirst(5))
                        signature.append(line.dropFirst(5))
                    } else if line.hasPrefix("#reply#") {
                        body.append(line.dropFirst(7))
                    } else {
                        body.append(line)
                        reply.append(line)
                    }
                }
                cases.append(
                    (
                        "P/" + name, body.joined(separator: "\n"), signature.joined(separator: "\n"),
                        reply.joined(separator: "\n")
                    ))
            }
        }
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try cases.enumerated().map { index, item in
            let record = JSONValue.object(JSONObject([(key: "body", value: .string(item.body))])).serialized
            let jsonl = scratch.appendingPathComponent("\(index).jsonl")
            try Data((record + "\n").utf8).write(to: jsonl)
            let draft = try importedDrafts(JSONLImporter(), file: jsonl, options: ImportOptions(cleanReplies: true))
                .first
            let stored = draft?.input ?? ""
            let removed = (draft?.metadata["removed_signatures"]?.arrayValue ?? []).compactMap(\.scalarText)
                .joined(separator: "\n")
            // The expected text: the body less its signature (in `P/`, the lines marked neither signature nor
            // quote).
            var expectedText = item.text ?? item.body
            let signature = item.signature.trimmingCharacters(in: .whitespacesAndNewlines)
            if !signature.isEmpty, let range = expectedText.range(of: signature, options: .backwards) {
                expectedText = String(expectedText[..<range.lowerBound])
            }
            return SignatureOutcome(
                outcome: outcome(item.name, stored: stored, expected: expectedText), removed: removed,
                expectedSignature: signature)
        }
    }

    /// The text above the quote in `reply-quotations-share-block.eml` (its text/plain part, decoded).
    static let sharedBlockReply = """
        Hi Katharine. Sounds great. Are there and dietry restrictions or things your husband does/doesn't like to \
        eat? Would you like to do a few hors d oeuvres and then a 3 or 4 course dinner? Let me know what you think \
        will work best and I will start working on a menu and proposal. Thanks so much and look forward to hearing \
        from you soon.
        Joe XXX
        """

    // MARK: - Measuring

    private func outcome(_ file: String, stored: String, expected: String) -> Outcome {
        let storedWords = Self.words(stored)
        let expectedWords = Self.words(expected)
        let ratio = Self.ratio(storedWords, expectedWords)
        // The newest message is the expected reply without its `>` lines (some expected outputs keep a quote) and
        // without a signature some expected outputs keep (from a `--` line or a "Sent from/with ..." footer on).
        var lines: [Substring] = []
        for line in expected.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "--" || trimmed.hasPrefix("Sent from ") || trimmed.hasPrefix("Sent with ") { break }
            if !trimmed.hasPrefix(">") { lines.append(line) }
        }
        let newest = Self.words(lines.joined(separator: "\n"))
        let present = Set(storedWords)
        let recalled = newest.filter { present.contains($0) }.count
        let lost = storedWords.isEmpty || Double(recalled) < Double(newest.count) * 0.5
        return Outcome(file: file, stored: stored, expected: expected, ratio: ratio, lost: lost)
    }

    /// Lower-cased whitespace-separated words.
    static func words(_ text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: \.isWhitespace)
    }

    /// The Ratcliff/Obershelp similarity of two word sequences: the longest common run of words, then the same on
    /// each side of it, recursively; 2 × matched / total (1 when both are empty).
    static func ratio(_ a: [Substring], _ b: [Substring]) -> Double {
        let total = a.count + b.count
        guard total > 0 else { return 1 }
        return 2 * Double(matched(a[...], b[...])) / Double(total)
    }

    private static func matched(_ a: ArraySlice<Substring>, _ b: ArraySlice<Substring>) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        // Longest common run, earliest in `a` on ties (as difflib finds it).
        var best = (length: 0, aStart: a.startIndex, bStart: b.startIndex)
        var previous = [Int](repeating: 0, count: b.count + 1)
        for i in a.indices {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (offset, j) in b.indices.enumerated() where a[i] == b[j] {
                current[offset + 1] = previous[offset] + 1
                if current[offset + 1] > best.length {
                    best = (current[offset + 1], i - current[offset + 1] + 1, j - current[offset + 1] + 1)
                }
            }
            previous = current
        }
        guard best.length > 0 else { return 0 }
        return best.length + matched(a[..<best.aStart], b[..<best.bStart])
            + matched(a[(best.aStart + best.length)...], b[(best.bStart + best.length)...])
    }

    private func measureSpeed(_ root: URL) throws {
        var texts: [String] = []
        for folder in [root.appendingPathComponent("github"), root.appendingPathComponent("discourse/emails")] {
            for file in try listing(folder, extension: "txt") {
                texts.append(try String(contentsOf: file, encoding: .utf8))
            }
        }
        var pages: [String] = []
        let talon = root.appendingPathComponent("talon")
        for file in try listing(talon.appendingPathComponent("html_replies"), extension: "html") {
            pages.append(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        }
        let cleaner = ReplyCleaner()
        var messages = 0
        var kept = 0
        let start = Date()
        repeat {
            for text in texts { kept &+= cleaner.clean(text: text).text.utf8.count }
            for page in pages { kept &+= cleaner.clean(html: page).text.utf8.count }
            messages += texts.count + pages.count
        } while Date().timeIntervalSince(start) < speedSeconds
        let seconds = Date().timeIntervalSince(start)
        print("")
        print(
            String(
                format: "cleaner speed: %.0f messages/s (%d plain-text and %d HTML bodies, %d passes, %.1f s; "
                    + "kept %d bytes)", Double(messages) / seconds, texts.count, pages.count,
                messages / max(texts.count + pages.count, 1), seconds, kept))
    }

    // MARK: - Helpers

    private func importedDrafts(_ importer: any Importer, file: URL, options: ImportOptions) throws -> [ExampleDraft] {
        var drafts: [ExampleDraft] = []
        try importer.read(file, displayPath: file.lastPathComponent, options: options) { event in
            if case .record(let draft) = event { drafts.append(draft) }
        }
        return drafts
    }

    private func importedInputs(_ importer: any Importer, file: URL, options: ImportOptions) throws -> [String] {
        try importedDrafts(importer, file: file, options: options).map(\.input)
    }

    private func listing(_ folder: URL, extension wanted: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == wanted }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-replies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
