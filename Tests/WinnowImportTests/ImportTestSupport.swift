import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// A directory under the system temporary directory, removed when the value goes away.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a file called `name` and returns its URL.
    func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` as UTF-8 to a file called `name` and returns its URL.
    func file(_ name: String, text: String) throws -> URL {
        try file(name, bytes: Array(text.utf8))
    }
}

/// Everything an importer reported for one file.
struct ImportRun {
    var events: [ImportEvent] = []

    var records: [ExampleDraft] {
        events.compactMap { if case .record(let draft) = $0 { draft } else { nil } }
    }
    var failures: [RecordFailure] {
        events.compactMap { if case .failure(let error) = $0 { error } else { nil } }
    }
    var notes: [String] {
        events.compactMap { if case .note(let note) = $0 { note } else { nil } }
    }
    var mappings: [ResolvedMapping] {
        events.compactMap { if case .mapping(let mapping) = $0 { mapping } else { nil } }
    }

    /// Reads `file` with `importer`, collecting its events.
    init(_ importer: any Importer, file: URL, options: ImportOptions = ImportOptions()) throws {
        try importer.read(file, displayPath: file.lastPathComponent, options: options) { events.append($0) }
    }

    /// Writes `text` into a fresh scratch file and reads it with `importer`.
    init(_ importer: any Importer, name: String, text: String, options: ImportOptions = ImportOptions()) throws {
        try self.init(importer, name: name, bytes: Array(text.utf8), options: options)
    }

    /// Writes `bytes` into a fresh scratch file and reads it with `importer`.
    init(_ importer: any Importer, name: String, bytes: [UInt8], options: ImportOptions = ImportOptions()) throws {
        let scratch = try ScratchDirectory()
        try self.init(importer, file: try scratch.file(name, bytes: bytes), options: options)
    }
}

extension ImportRun {
    /// Expects one failure: the `number`th message of `file` quarantined as mail that cannot be read, its reason
    /// holding `reason`.
    func expectOneInvalidMessage(
        file: String, number: Int, reason: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(failures.count == 1, sourceLocation: sourceLocation)
        guard let failure = failures.first else { return }
        #expect(failure.kind == .invalidMail, sourceLocation: sourceLocation)
        #expect(failure.file == file, sourceLocation: sourceLocation)
        if case .message(let found, _)? = failure.locator {
            #expect(found == number, sourceLocation: sourceLocation)
        } else {
            Issue.record("locator \(String(describing: failure.locator))", sourceLocation: sourceLocation)
        }
        #expect(failure.message.contains(reason), "\(failure.message)", sourceLocation: sourceLocation)
    }
}

/// The `Fixtures/` directory at the package root.
let fixturesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // WinnowImportTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("Fixtures")

/// Options with the given `--map` specifications.
func mappingOptions(_ specifications: String...) throws -> ImportOptions {
    ImportOptions(mapping: try FieldMapping(specifications: specifications))
}

/// The ImportError thrown by `body`, if any.
func thrownImportError(_ body: () throws -> Void) -> ImportError? {
    do {
        try body()
        return nil
    } catch let error as ImportError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

extension ExampleDraft {
    /// The thread as `customer: TEXT` and `agent: TEXT` lines (a system or tool turn reads as the agent's).
    var turnLines: [String] {
        messages.map { "\($0.role == .user ? "customer" : "agent"): \($0.content)" }
    }
}
