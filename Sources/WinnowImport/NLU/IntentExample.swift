import Foundation
import WinnowCore

/// One labelled example of an intent, as Rasa's training data writes it, made into a record: its text with the entity
/// annotations unwrapped (``EntityAnnotations``; the entities go to metadata as `entities`), the intent its label, its
/// line its place in the file.
struct IntentExample {
    /// The example as written, annotations and all.
    var text: String
    /// The intent, as written (a retrieval intent keeps its whole name, `faq/ask_name`).
    var intent: String
    /// 1-based line of the file the example is on.
    var line: Int
    /// Metadata the training data gives the example or its intent.
    var metadata = JSONObject()

    /// The record, or why the example is none (nothing left once its annotations are unwrapped).
    func event(file: String) -> ImportEvent {
        let unwrapped = EntityAnnotations.unwrap(text)
        let input = unwrapped.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else {
            return .failure(
                RecordFailure(
                    kind: .noInput, file: file, locator: .line(line),
                    message: "an empty example of intent \(intent)", snippet: text))
        }
        var metadata = metadata
        if !unwrapped.entities.isEmpty { metadata["entities"] = .array(unwrapped.entities) }
        return .record(ExampleDraft(input: input, label: intent, metadata: metadata, locator: .line(line)))
    }
}

/// The parts of Rasa's training data that are no examples (`synonym`, `regex` and `lookup` blocks or sections),
/// counted for a note: they are not imported, and not quarantined either.
struct NonExampleSections {
    /// The kinds of part, as the training data names them.
    static let kinds = ["synonym", "regex", "lookup", "question"]
    private var counts: [String: Int] = [:]

    /// Nothing counted.
    init() {}

    /// Counts one part of `kind`.
    mutating func add(_ kind: String) { counts[kind, default: 0] += 1 }

    /// `FILE: 2 synonym blocks, 1 lookup block: not examples, not imported`; nil when none was counted.
    func note(file: String, noun: String) -> String? {
        let parts = NonExampleSections.kinds.compactMap { kind -> String? in
            guard let count = counts[kind] else { return nil }
            return "\(count) \(kind) \(noun)\(count == 1 ? "" : "s")"
        }
        guard !parts.isEmpty else { return nil }
        return "\(file): \(parts.joined(separator: ", ")): not examples, not imported"
    }
}
