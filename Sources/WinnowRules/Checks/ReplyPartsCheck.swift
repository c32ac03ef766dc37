import WinnowCore
import WinnowMail

/// `reply_parts`: the parts of an e-mail that ``ReplyCleaner`` would remove (`parts`: quoted, forwarded,
/// signature, disclaimer, banner), one finding per removed block, pointing at its span. The rule and the importers'
/// `--clean-replies` use the same cleaner, so a text the importer would have cleaned is exactly what is flagged.
struct ReplyPartsCheck: RuleCheck {
    let parts: Set<CleanedReply.Part>
    let message: String?
    let cleaner = ReplyCleaner()

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        guard ReplyPartsCheck.mayHaveParts(text), cleaner.mayFindParts(text.text) else { return [] }
        let cleaned = text.cleanedReply(by: cleaner)
        return cleaned.spans.filter { parts.contains($0.part) }.map { span in
            let removed = String(decoding: text.bytes[span.bytes], as: UTF8.self)
            var evidence = JSONObject.evidence(["part": .string(span.part.rawValue), "removed": .string(removed)])
            if cleaned.keptWhole { evidence["kept_whole"] = .bool(true) }
            return Hit(
                range: span.bytes, message: message ?? "\(ReplyPartsCheck.describe(span.part)) left in the text",
                evidence: evidence)
        }
    }

    /// Whether the cleaner could find anything in `text`: it works on lines, so a text of one line finds nothing
    /// unless it is a `>` quote. Most tickets of intent data are one line; this keeps the rule from costing them a
    /// cleaner pass.
    static func mayHaveParts(_ text: FieldText) -> Bool {
        let bytes = text.bytes
        guard !bytes.isEmpty else { return false }
        if bytes.contains(ASCII.newline) { return true }
        return bytes.first { !ASCII.isSpace($0) } == UInt8(ascii: ">")
    }

    /// A part in words.
    static func describe(_ part: CleanedReply.Part) -> String {
        switch part {
        case .quoted: return "quoted e-mail history"
        case .forwarded: return "forwarded e-mail"
        case .signature: return "e-mail signature"
        case .disclaimer: return "e-mail disclaimer"
        case .banner: return "mail gateway banner"
        }
    }
}

/// A check that looks only at the newest text of an e-mail: hits inside quoted history or a forwarded message
/// (as ``ReplyCleaner`` finds them) are dropped. `bounce` uses it so that a genuine reply quoting a no-reply
/// address is not rejected.
struct NewestTextCheck: RuleCheck {
    let inner: any RuleCheck
    let cleaner = ReplyCleaner()

    var checksMissingFields: Bool { inner.checksMissingFields }
    var needsTokenCounter: Bool { inner.needsTokenCounter }

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        let hits = inner.hits(in: text, context: context)
        guard !hits.isEmpty, ReplyPartsCheck.mayHaveParts(text), cleaner.mayFindParts(text.text) else { return hits }
        let cleaned = text.cleanedReply(by: cleaner)
        let history = cleaned.spans.filter { $0.part == .quoted || $0.part == .forwarded }.map(\.bytes)
        guard !history.isEmpty, !cleaned.keptWhole else { return hits }
        return hits.filter { hit in
            guard let range = hit.range else { return true }
            return !history.contains { $0.overlaps(range) }
        }
    }
}
