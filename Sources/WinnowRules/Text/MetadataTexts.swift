import Foundation
import WinnowCore

/// The texts held in an example's metadata, as rules read them and exports redact them: each top-level string
/// value (named `metadata.KEY`) and each string in a top-level list (`metadata.KEY.N`, N from 0). Importers keep
/// contact details there (a message's `from` and `to`, the signatures and quotes the reply cleaner removed), and
/// `export --include-metadata` writes them out, so the personal-data rules read them too.
///
/// The identifiers the importers record (``identifierKeys``) and a helpdesk export's message-id columns
/// (``identifierColumns``) are not texts: a Message-ID has the shape of an e-mail address but names a message, not a
/// person, and an export must keep it to trace an example back to its messages.
public enum MetadataTexts {
    /// Metadata keys whose values are identifiers the importers record (the messages of a mail thread or of a
    /// conversation export), never read as texts.
    public static let identifierKeys: Set<String> = ["message_ids"]

    /// Column names of message identifiers in helpdesk and mail exports (`Message-ID`, `In-Reply-To`,
    /// `References`, Microsoft Graph's `internetMessageId`), compared in lower case without punctuation.
    static let identifierColumns: Set<String> = [
        "messageid", "messageids", "inreplyto", "references", "internetmessageid", "parentmessageid",
        "originalmessageid", "rfcmessageid",
    ]

    /// Whether the metadata key `key` holds identifiers rather than text.
    public static func isIdentifier(_ key: String) -> Bool {
        if identifierKeys.contains(key) { return true }
        let folded = String(key.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        return identifierColumns.contains(folded)
    }

    /// The texts of `metadata` with their field names, in the metadata's order, then position.
    public static func texts(of metadata: JSONObject) -> [(name: String, text: String)] {
        var texts: [(name: String, text: String)] = []
        for (key, value) in metadata where !isIdentifier(key) {
            switch value {
            case .string(let text):
                texts.append(("metadata.\(key)", text))
            case .array(let values):
                for (index, value) in values.enumerated() {
                    if case .string(let text) = value { texts.append(("metadata.\(key).\(index)", text)) }
                }
            default:
                continue
            }
        }
        return texts
    }

    /// `metadata` with each text named in `replacements` (by the names ``texts(of:)`` gives) replaced.
    public static func replacing(in metadata: JSONObject, with replacements: [String: String]) -> JSONObject {
        guard !replacements.isEmpty else { return metadata }
        var result = metadata
        for (key, value) in metadata {
            switch value {
            case .string:
                if let text = replacements["metadata.\(key)"] { result[key] = .string(text) }
            case .array(var values):
                var changed = false
                for index in values.indices {
                    if case .string = values[index], let text = replacements["metadata.\(key).\(index)"] {
                        values[index] = .string(text)
                        changed = true
                    }
                }
                if changed { result[key] = .array(values) }
            default:
                continue
            }
        }
        return result
    }
}
