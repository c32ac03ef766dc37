import Foundation
import WinnowCore
import WinnowStore

extension DecisionRecord {
    /// What the decision changed, in words: `pending → approved; label override none → Billing; edited input set`.
    public var changeSummary: String {
        var parts: [String] = []
        for key in ["status", "label_override", "edited_input", "edited_response"] {
            let before = self.before[key]?.scalarText
            let after = self.after[key]?.scalarText
            guard before != after, self.after[key] != nil else { continue }
            let name = key == "status" ? "" : key.replacingOccurrences(of: "_", with: " ") + " "
            if key.hasPrefix("edited") {
                parts.append(name + (after == nil ? "removed" : "set"))
            } else {
                parts.append(name + "\(before ?? "none") → \(after ?? "none")")
            }
        }
        return parts.joined(separator: "; ")
    }
}
