import WinnowCore

/// One written part file: its name, size, hash and contents by label.
public struct ExportedFile: Sendable, Equatable {
    /// The part it holds.
    public var part: SplitPart
    /// The file name inside the export directory.
    public var name: String
    /// Examples (lines or CSV rows) in it.
    public var examples: Int
    /// Its size in bytes.
    public var bytes: Int
    /// The hex sha256 of its bytes.
    public var sha256: String
    /// Examples per effective label (`(none)` for unlabelled).
    public var labels: [String: Int]
    /// Examples per effective training point.
    public var trainingPoints: [String: Int]

    /// The entry as JSON (what the manifest lists).
    public var json: JSONValue {
        func counts(_ table: [String: Int]) -> JSONValue {
            .object(JSONObject(table.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
        }
        return .object(
            JSONObject([
                ("file", .string(name)), ("examples", .number(Double(examples))), ("bytes", .number(Double(bytes))),
                ("sha256", .string(sha256)), ("labels", counts(labels)), ("training_points", counts(trainingPoints)),
            ]))
    }
}
