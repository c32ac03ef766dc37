import Foundation
import WinnowCore
import WinnowStore

/// A store in a fresh temporary directory (removed when the value goes away), or in memory.
final class TestStore {
    enum Kind: String, CaseIterable, Sendable {
        case memory
        case file
    }

    let store: Store
    let directory: URL?

    init(_ kind: Kind = .memory) throws {
        switch kind {
        case .memory:
            store = try Store()
            directory = nil
        case .file:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-store-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            self.directory = directory
            store = try Store(path: directory.appendingPathComponent("winnow.db").path)
        }
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Registers a source with a sha256 made from `path`.
    func source(_ path: String, format: SourceFormat = .jsonl) throws -> SourceInfo {
        try store.registerSource(path: path, sha256: SHA256.hex(path), format: format, size: 100)
    }
}

/// A prepared example for `input` at JSONL line `line`, with ticket id `ticket` (by default `T-` and the line).
func prepared(
    _ input: String, response: String? = nil, label: String? = nil, line: Int = 1, ticket: String? = nil,
    trainingPoint: String? = nil, messages: [Message] = [], metadata: JSONObject = JSONObject()
) -> PreparedExample {
    PreparedExample(
        ExampleDraft(
            input: input, response: response, label: label, trainingPoint: trainingPoint,
            ticketID: ticket ?? "T-\(line)",
            messages: messages, metadata: metadata, locator: .line(line)))
}

/// A quarantined JSONL line.
func failure(line: Int?, kind: RecordFailure.Kind = .invalidJSON, column: Int? = nil) -> RecordFailure {
    RecordFailure(
        kind: kind, file: "in.jsonl", locator: line.map { Locator.line($0) }, column: column, message: "bad line",
        snippet: "{oops")
}
