import Foundation

/// XPath expressions describing an HTML layout the built-in heuristics do not know (`--html-profile FILE.yml`).
public struct HTMLProfile: Sendable, Equatable {
    /// Where the profile was loaded from.
    public var file: String

    /// A profile read from `file`.
    public init(file: String) {
        self.file = file
    }
}

extension HTMLProfile {
    /// Reads a profile file.
    public static func load(from url: URL) throws -> HTMLProfile {
        HTMLProfile(file: url.path)
    }
}
