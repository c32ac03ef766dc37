import Foundation
import WinnowCore

/// Shows a flagged span inside its field's text.
public enum FlagContext {
    /// The text of a flag's field (`input`, `response`, `label`, `messages.N`, `messages.N.call.M`, `metadata.KEY`)
    /// in `example`.
    public static func text(of field: String, in example: Example) -> String? {
        switch field {
        case "input": return example.input
        case "response": return example.response
        case "label": return example.label
        default:
            if field.hasPrefix("messages.") {
                // `messages.N`, or `messages.N.call.M` for a tool call's arguments.
                let parts = field.split(separator: ".")
                guard parts.count == 2 || (parts.count == 4 && parts[2] == "call"), let index = Int(parts[1]),
                    example.messages.indices.contains(index)
                else { return nil }
                let call = parts.count == 4 ? Int(parts[3]) : nil
                if parts.count == 4, call == nil { return nil }
                return example.messages[index].text(ofCall: call)
            }
            if field.hasPrefix("metadata.") {
                return JSONValue.object(example.metadata).value(atPath: String(field.dropFirst("metadata.".count)))?
                    .fieldText
            }
            return nil
        }
    }

    /// About `radius` characters either side of `span`, on one line, with the span between `»` and `«`. A span
    /// longer than `4 × radius` characters shows its start and end around `…` (a 59,000-character run of `>` is
    /// not printed whole).
    public static func excerpt(_ text: String, span: TextSpan, radius: Int = 40) -> String {
        let characters = Array(text)
        let start = max(0, min(span.start, characters.count))
        let end = max(start, min(span.end, characters.count))
        let from = max(0, start - radius)
        let to = min(characters.count, end + radius)
        func flat(_ slice: ArraySlice<Character>) -> String {
            String(slice).replacingOccurrences(of: "\n", with: " ")
        }
        let inside =
            end - start > 4 * radius
            ? flat(characters[start..<start + 2 * radius]) + "…" + flat(characters[end - radius..<end])
            : flat(characters[start..<end])
        return (from > 0 ? "…" : "") + flat(characters[from..<start]) + "»" + inside + "«"
            + flat(characters[end..<to]) + (to < characters.count ? "…" : "")
    }
}

extension Flag {
    /// The flag as JSON (what `flags --json` prints).
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = id.map { .number(Double($0)) } ?? .null
        object["example"] = .number(Double(exampleID))
        object["check"] = .string(check)
        object["severity"] = .string(severity.rawValue)
        object["field"] = field.map(JSONValue.string) ?? .null
        object["message"] = .string(message)
        object["span"] = span.map { .array([.number(Double($0.start)), .number(Double($0.end))]) } ?? .null
        object["evidence"] = .object(evidence)
        object["run"] = runID.map { .number(Double($0)) } ?? .null
        return .object(object)
    }
}
