import Foundation

/// A project's allowed labels and where they came from.
public struct LabelList: Sendable, Equatable {
    /// The labels, in file order.
    public var labels: [String]
    /// Where they came from (the file's name), for messages.
    public var origin: String

    /// A list of `labels` from `origin`.
    public init(labels: [String], origin: String) {
        self.labels = labels
        self.origin = origin
    }

    /// Reads a labels file: one label per line, blank lines and `#` comments skipped.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        labels = LabelList.parse(text)
        origin = url.lastPathComponent
    }

    /// The labels of a labels file's text.
    static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let label = line.trimmingCharacters(in: .whitespaces)
            return label.isEmpty || label.hasPrefix("#") ? nil : label
        }
    }
}
