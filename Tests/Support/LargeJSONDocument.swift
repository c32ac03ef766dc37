import Foundation

/// A JSON document of tickets with long bodies, as large ticket exports are: an object whose `tickets` member is the
/// array of records, written in pieces so that the test itself stays small in memory.
public enum LargeJSONDocument {
    /// Writes about `megabytes` MB to `url` and returns the number of records.
    @discardableResult
    public static func write(to url: URL, megabytes: Int) throws -> Int {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let filler = String(repeating: "lorem ipsum ", count: 160)
        var written = 0
        var records = 0
        var piece = "{\"export\": {\"version\": 2}, \"tickets\": [\n"
        while written < megabytes * 1_000_000 {
            if records > 0 { piece += ",\n" }
            piece +=
                #"{"ticket_id": "T-\#(records)", "subject": "Order \#(records)", "body": "\#(filler)", "#
                + #""category": "Billing", "agent_reply": "Refunded.", "tags": ["a", "b"]}"#
            records += 1
            if piece.utf8.count > 1 << 20 {
                written += piece.utf8.count
                handle.write(Data(piece.utf8))
                piece = ""
            }
        }
        handle.write(Data((piece + "\n]}\n").utf8))
        return records
    }
}
