import Foundation

/// Who is deciding: `--reviewer`, else `$USER`, else the login name.
public enum Reviewer {
    /// The reviewer name to record.
    public static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["USER"], !user.isEmpty { return user }
        if let login = getlogin() { return String(cString: login) }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// Refuses names a person may not decide under: empty, over 64 characters, control characters, or the names
    /// kept for automatic decisions (`rules`, `import`, `policy:NAME`), which policies treat differently.
    public static func validatePerson(_ name: String) throws(ReviewError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed == name, name.count <= 64,
            !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) })
        else {
            throw .invalidReviewer(name, "a reviewer name is 1 to 64 characters, without control characters")
        }
        if name == "rules" || name == TicketVersions.reviewer || name.hasPrefix("policy:") {
            throw .invalidReviewer(
                name, "\"rules\", \"\(TicketVersions.reviewer)\" and \"policy:...\" are kept for automatic decisions")
        }
    }
}
