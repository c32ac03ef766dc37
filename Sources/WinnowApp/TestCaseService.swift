import Foundation
import WinnowCore
import WinnowDedup
import WinnowImport
import WinnowStore

/// What `winnow cases import` did.
public struct TestCaseImportReport: Sendable {
    /// The cases stored.
    public var cases: [TestCase]
    /// Records that could not become a case, with file and line or row.
    public var failures: [RecordFailure]
    /// Cases that copy a training example (after the duplicate check over every active case).
    public var duplicates: Int
}

/// Test cases: kept apart from training data, checked against it for copies, promoted from reviewed examples.
public struct TestCaseService: Sendable {
    /// Jaccard similarity (character 3-grams of the normalised words) from which a case counts as a near copy.
    public var nearThreshold: Double

    /// A service.
    public init(nearThreshold: Double = 0.8) {
        self.nearThreshold = nearThreshold
    }

    /// Reads cases from a JSONL, JSON or CSV file: the text from the usual input fields (or `--map input=...`),
    /// the expected label from `expected_label`, `expected` or the usual label fields, the training point from
    /// `training_point`, a note from `note`. A record without text or expected label is reported, not stored.
    public func importCases(
        path: String, format: SourceFormat?, mapping: FieldMapping, store: Store, actor: String
    ) throws -> TestCaseImportReport {
        let url = URL(fileURLWithPath: path)
        let chosen = try format ?? detectedFormat(of: url, path: path)
        let importer = ImporterRegistry.importer(for: chosen)
        var drafts: [TestCaseDraft] = []
        var failures: [RecordFailure] = []
        try importer.read(url, displayPath: path, options: ImportOptions(mapping: mapping)) { event in
            switch event {
            case .record(let record):
                let expected =
                    [record.metadata["expected_label"], record.metadata["expected"]]
                    .compactMap { $0?.scalarText }.first { !$0.isEmpty } ?? record.label
                let input = record.input.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let expected, !expected.isEmpty, !input.isEmpty else {
                    failures.append(
                        RecordFailure(
                            kind: .noInput, file: path, locator: record.locator,
                            message: input.isEmpty
                                ? "no text for the case" : "no expected label (expected_label, expected or label)"))
                    return
                }
                drafts.append(
                    TestCaseDraft(
                        input: input, expectedLabel: expected, trainingPoint: record.trainingPoint,
                        note: record.metadata["note"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 },
                        provenance: "\(path), \(record.locator)"))
            case .failure(let error): failures.append(error)
            default: break
            }
        }
        let stored = try store.addTestCases(drafts, origin: .imported, actor: actor)
        let duplicates = try checkDuplicates(store: store, actor: actor)
        let ids = Set(stored.map(\.id))
        return TestCaseImportReport(
            cases: try stored.map { try store.testCase(id: $0.id) }, failures: failures,
            duplicates: duplicates.keys.filter(ids.contains).count)
    }

    /// Adds one case and checks it for copies among the training examples.
    public func add(_ draft: TestCaseDraft, store: Store, actor: String) throws -> TestCase {
        guard let stored = try store.addTestCases([draft], origin: .added, actor: actor).first else {
            throw TestCaseServiceError.empty
        }
        _ = try checkDuplicates(store: store, actor: actor)
        return try store.testCase(id: stored.id)
    }

    /// Turns examples into cases: the edited input and effective label become the case; the example leaves every
    /// split's train and validation parts from then on. An example without a label, or rejected, is refused.
    public func promote(_ ids: [Int64], store: Store, actor: String) throws -> [TestCase] {
        let examples = try store.examples(ids: ids)
        let byID = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) })
        let drafts = try ids.map { id -> TestCaseDraft in
            guard let example = byID[id] else { throw TestCaseServiceError.noExample(id) }
            guard example.status != .rejected else { throw TestCaseServiceError.rejected(id) }
            guard let label = example.effectiveLabel, !label.isEmpty else { throw TestCaseServiceError.noLabel(id) }
            return TestCaseDraft(
                input: example.effectiveInput, expectedLabel: label, trainingPoint: example.trainingPoint,
                exampleID: id)
        }
        let stored = try store.addTestCases(drafts, origin: .promoted, actor: actor)
        _ = try checkDuplicates(store: store, actor: actor)
        return try stored.map { try store.testCase(id: $0.id) }
    }

    /// Compares every active case with the examples that are not rejected (a promoted case not with its own
    /// example): the same normalised text is an exact copy, Jaccard similarity of character 3-grams at or above
    /// ``nearThreshold`` a near copy. Stores the closest copy per case (clearing ones that no longer hold) and
    /// returns the cases that copy an example.
    public func checkDuplicates(store: Store, actor: String) throws -> [Int64: TestCaseDuplicate] {
        let cases = try store.testCases()
        guard !cases.isEmpty else { return [:] }
        let promoted = Set(cases.compactMap(\.exampleID))
        let examples = try store.examples().filter { $0.status != .rejected && !promoted.contains($0.id) }

        let exampleKeys = examples.map { TextNormalizer.normalize($0.effectiveInput) }
        var exactIndex: [String: Int64] = [:]
        for (example, key) in zip(examples, exampleKeys) where exactIndex[key] == nil && !key.isEmpty {
            exactIndex[key] = example.id
        }
        var found: [Int64: TestCaseDuplicate] = [:]
        for testCase in cases {
            let key = TextNormalizer.normalize(testCase.input)
            if !key.isEmpty, let example = exactIndex[key] {
                found[testCase.id] = TestCaseDuplicate(exampleID: example, tier: "exact", similarity: 1)
            }
        }

        let shingleKind = ShingleKind.characters(3)
        let shingles =
            examples.map { shingleKind.shingles(of: TextNormalizer.words($0.effectiveInput)) }
            + cases.map { shingleKind.shingles(of: TextNormalizer.words($0.input)) }
        let pairs = LexicalSearch(threshold: nearThreshold).pairs(shingles: shingles)
        for pair in pairs {
            // Pairs come as (lower, higher) positions: examples first, then cases.
            guard pair.first < examples.count, pair.second >= examples.count else { continue }
            let testCase = cases[pair.second - examples.count]
            let candidate = TestCaseDuplicate(
                exampleID: examples[pair.first].id, tier: "lexical", similarity: pair.similarity)
            if let known = found[testCase.id], known.similarity >= candidate.similarity { continue }
            found[testCase.id] = candidate
        }
        var updates: [Int64: TestCaseDuplicate?] = [:]
        for testCase in cases { updates[testCase.id] = found[testCase.id] }
        try store.setTestCaseDuplicates(updates, actor: actor)
        return found
    }

    private func detectedFormat(of url: URL, path: String) throws -> SourceFormat {
        let format = try SourceFile(url: url, displayPath: path).format(forced: nil)
        guard [.jsonl, .json, .csv].contains(format) else {
            throw ImportError(
                kind: .unreadableFile, file: path,
                message: "test cases are read from JSONL, JSON or CSV files; give --format jsonl|json|csv")
        }
        return format
    }
}

/// A test case request that cannot be done.
public enum TestCaseServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case noExample(Int64)
    case rejected(Int64)
    case noLabel(Int64)

    public var description: String {
        switch self {
        case .empty: return "nothing to add"
        case .noExample(let id): return "no example #\(id)"
        case .rejected(let id): return "example #\(id) is rejected: a rejected example cannot be a test case"
        case .noLabel(let id): return "example #\(id) has no label to expect: relabel it first"
        }
    }
}
