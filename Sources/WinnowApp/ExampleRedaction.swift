import WinnowCore
import WinnowRules

/// The texts of an example as exports write them, redacted by the flags of `redact` rules. `show` displays the
/// same texts, so what a reviewer sees is what an export writes.
public enum ExampleRedaction {
    /// The redactions the flags ask for (flags of rules whose action is `redact`, with a span).
    public static func spans(in flags: [Flag]) -> [RedactionSpan] {
        flags.compactMap(RedactionSpan.init)
    }

    /// The input, response, thread turns and metadata texts of `example` (keyed `input`, `response`, `messages.N`,
    /// `messages.N.call.M` for a tool call's arguments, `metadata.KEY`, `metadata.KEY.N`: ``MetadataTexts``) with every flagged span replaced by its placeholder,
    /// numbered consistently across the fields.
    ///
    /// Edited texts replace the originals. The flags' spans were found in the original text, so in an edited
    /// text each flagged value is redacted wherever it still occurs.
    public static func texts(
        of example: Example, flags: [Flag], editedInput: String? = nil, editedResponse: String? = nil
    ) -> [String: String] {
        var texts = ["input": editedInput ?? example.input]
        if let response = editedResponse ?? example.response { texts["response"] = response }
        for (index, message) in example.messages.enumerated() {
            for (name, text) in message.texts(at: index) { texts[name] = text }
        }
        for (name, text) in MetadataTexts.texts(of: example.metadata) { texts[name] = text }
        var spans = spans(in: flags)
        for (field, edited, original) in [
            ("input", editedInput, example.input), ("response", editedResponse, example.response),
        ] {
            guard let edited, let original, edited != original else { continue }
            let found = spans.filter { $0.field == field }
            spans.removeAll { $0.field == field }
            spans += relocate(found, from: original, to: edited)
        }
        return Redactor.redact(texts: texts, spans: spans)
    }

    /// The spans of `text` where the values flagged in `original` occur.
    static func relocate(_ spans: [RedactionSpan], from original: String, to text: String) -> [RedactionSpan] {
        let source = Array(original)
        let target = Array(text)
        var relocated: [RedactionSpan] = []
        for span in spans where span.span.start >= 0 && span.span.end <= source.count && span.span.start < span.span.end
        {
            let value = source[span.span.start..<span.span.end]
            var index = 0
            while index + value.count <= target.count {
                if target[index..<(index + value.count)].elementsEqual(value) {
                    relocated.append(
                        RedactionSpan(
                            field: span.field, span: TextSpan(start: index, end: index + value.count), type: span.type))
                    index += value.count
                } else {
                    index += 1
                }
            }
        }
        return relocated
    }
}
