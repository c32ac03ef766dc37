import Foundation
import WinnowCore

/// Imports labelled lines as fastText reads them (`__label__card_arrival My card has not arrived yet`), as
/// fastText's own data and many intent and classification dumps are written: one example per line, placed by it.
///
/// A word starting with `__label__` is a label wherever it stands (most lines open with theirs); the other words are
/// the input. A line with several labels takes the first as its label and keeps all in metadata as `labels`, which a
/// note says. Blank lines are skipped; a line with no label, labels and no text, or text that is not UTF-8 is
/// quarantined by its line. Lines are cut into chunks that parse independently.
struct FastTextImporter: Importer {
    /// How a label word opens.
    static let labelPrefix = "__label__"
    /// Bytes read from the file at a time (tests use small blocks to put lines across block edges).
    let blockSize: Int

    /// An importer.
    init() { blockSize = 1 << 20 }

    /// An importer reading `blockSize` bytes at a time.
    init(blockSize: Int) { self.blockSize = blockSize }

    func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        try LineRecords.open(file, blockSize: blockSize) { FastTextChunkParser(displayPath: $0.displayPath) }
    }

    /// Whether a text file's first lines are fastText's: of its first 30 lines with text, more than half open or end
    /// with a `__label__` word.
    static func looksLikeFastText(_ prefix: [UInt8]) -> Bool {
        var lines = 0
        var labelled = 0
        let text = String(decoding: prefix, as: UTF8.self)
        for line in text.drop(while: { $0 == "\u{FEFF}" }).split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: \.isWhitespace)
            guard let first = words.first, let last = words.last else { continue }
            lines += 1
            if isLabel(first) || isLabel(last) { labelled += 1 }
            if lines == 30 { break }
        }
        return labelled * 2 > lines
    }

    /// Whether `word` is a label word (`__label__` and a name).
    static func isLabel(_ word: Substring) -> Bool {
        word.hasPrefix(labelPrefix) && word.count > labelPrefix.count
    }

    /// The labels of `line` (the names after `__label__`, in order) and its text: the words between and around them,
    /// each run of text as written, runs joined by a space.
    static func split(_ line: Substring) -> (labels: [String], text: String) {
        var labels: [String] = []
        var runs: [Substring] = []
        var runStart = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            guard !line[index].isWhitespace else {
                index = line.index(after: index)
                continue
            }
            let wordEnd = line[index...].firstIndex(where: \.isWhitespace) ?? line.endIndex
            let word = line[index..<wordEnd]
            if word.hasPrefix(labelPrefix) {
                labels.append(String(word.dropFirst(labelPrefix.count)))
                runs.append(line[runStart..<index])
                runStart = wordEnd
            }
            index = wordEnd
        }
        runs.append(line[runStart...])
        let text = runs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (labels, text.joined(separator: " "))
    }
}

/// Parses chunks of fastText lines: each non-blank line's labels and text.
struct FastTextChunkParser: ChunkParser {
    let displayPath: String

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        var noted = false
        try chunk.bytes.withUnsafeBytes { raw in
            for span in chunk.records {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end])
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let event = record(bytes, line: span.line)
                if !noted, case .record(let draft) = event, draft.metadata["labels"] != nil {
                    noted = true
                    try body(
                        .note(
                            "\(displayPath): lines with several labels (`__label__a __label__b text`): the first is"
                                + " the example's label, all are in metadata as labels"))
                }
                try body(event)
            }
        }
    }

    /// The record of one line, or why it is none.
    private func record(_ bytes: UnsafeRawBufferPointer, line: Int) -> ImportEvent {
        let snippet = String(decoding: bytes.prefix(1200), as: UTF8.self)
        func failure(_ kind: RecordFailure.Kind, _ message: String) -> ImportEvent {
            .failure(
                RecordFailure(kind: kind, file: displayPath, locator: .line(line), message: message, snippet: snippet))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return failure(.invalidEncoding, "a line that is not UTF-8 text")
        }
        let (labels, input) = FastTextImporter.split(Substring(text))
        guard !labels.isEmpty else {
            return failure(.invalidExample, "no `__label__NAME` word: a fastText line names its labels so")
        }
        guard !labels.contains(where: \.isEmpty) else {
            return failure(.invalidExample, "a `__label__` word with no label after it")
        }
        guard !input.isEmpty else { return failure(.noInput, "labels with no text") }
        var metadata = JSONObject()
        if labels.count > 1 { metadata["labels"] = .array(labels.map(JSONValue.string)) }
        return .record(ExampleDraft(input: input, label: labels[0], metadata: metadata, locator: .line(line)))
    }
}
