import Foundation

/// Which character encoding to read text files in.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    /// UTF-8; when the bytes are not valid UTF-8, Windows-1252 (a superset of Latin-1's printable range), and say so.
    case automatic = "auto"
    /// UTF-8 only: invalid bytes are an error.
    case utf8 = "utf-8"
    /// Windows-1252 (cp1252).
    case windows1252 = "windows-1252"
    /// ISO 8859-1.
    case latin1 = "iso-8859-1"

    /// Parses a user-given name (`utf8`, `UTF-8`, `cp1252`, `latin1`, ...).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "auto", "automatic": self = .automatic
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "win1252", "windows1252": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1": self = .latin1
        default: return nil
        }
    }
}
