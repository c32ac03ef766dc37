import Foundation
import WinnowCore
import WinnowRules
import WinnowStore

/// The project's label list, kept in the store (`winnow init --labels FILE`): what `label_allowed` rules without a
/// list of their own check against.
public enum ProjectLabels {
    /// The settings key.
    static let key = "labels"

    /// The stored list, nil when the project has none.
    public static func load(from store: Store) throws -> LabelList? {
        guard let object = try store.setting(key)?.objectValue,
            let labels = object["labels"]?.arrayValue?.compactMap(\.scalarText), !labels.isEmpty
        else { return nil }
        return LabelList(labels: labels, origin: object["origin"]?.scalarText ?? "the project's labels")
    }

    /// Stores `list` as the project's list.
    public static func save(_ list: LabelList, to store: Store) throws {
        var object = JSONObject()
        object["labels"] = .array(list.labels.map(JSONValue.string))
        object["origin"] = .string(list.origin)
        try store.setSetting(key, to: .object(object))
    }
}
