import WinnowCore

/// Turns records into the lines of an export file.
public struct ExportEncoder: Sendable {
    /// The format written.
    public var format: ExportFormat
    /// The chat target (openai-chat only).
    public var target: ChatTarget
    /// The system prompt put first in every chat example (openai-chat only).
    public var systemPrompt: String?
    /// Whether JSONL and CSV rows carry the example's metadata.
    public var includeMetadata: Bool
    /// Whether CSV cells a spreadsheet would run as formulas get a `'` first (``CSVField/inert(_:)``).
    public var escapeFormulas: Bool

    /// An encoder for `format`.
    public init(
        format: ExportFormat, target: ChatTarget = .auto, systemPrompt: String? = nil, includeMetadata: Bool = false,
        escapeFormulas: Bool = false
    ) {
        self.format = format
        self.target = target
        self.systemPrompt = systemPrompt
        self.includeMetadata = includeMetadata
        self.escapeFormulas = escapeFormulas
    }

    /// The CSV columns, in order.
    public var csvColumns: [String] {
        ["id", "input", "response", "label", "training_point", "ticket_id", "split", "source", "locator"]
            + (includeMetadata ? ["metadata"] : [])
    }

    /// The first line of a file (the CSV header), or nil.
    public var header: String? {
        format == .csv ? csvColumns.map(CSVField.quoted).joined(separator: ",") + "\r\n" : nil
    }

    /// The record's line, with its line break (`\n` for JSONL, `\r\n` for CSV as RFC 4180 asks).
    public func line(for record: ExportRecord) -> String {
        switch format {
        case .openAIChat:
            let turns = record.chatMessages(target: target, systemPrompt: systemPrompt)
            var line = JSONObject([("messages", .array(turns.map(\.json)))])
            // The tools a thread calls go with it, as the fine-tuning format has them.
            if turns.contains(where: { !$0.toolCalls.isEmpty || $0.role == .tool }) {
                for member in record.tools { line[member.key] = member.value }
            }
            return JSONValue.object(line).serialized + "\n"
        case .jsonl:
            var object = JSONObject()
            object["id"] = .number(Double(record.id))
            object["input"] = .string(record.input)
            object["response"] = record.response.map(JSONValue.string) ?? .null
            object["label"] = record.label.map(JSONValue.string) ?? .null
            object["training_point"] = record.trainingPoint.map(JSONValue.string) ?? .null
            object["ticket_id"] = record.ticketID.map(JSONValue.string) ?? .null
            object["split"] = .string(record.part.rawValue)
            object["source"] = .string(record.source)
            object["locator"] = .string(record.locator)
            if includeMetadata { object["metadata"] = .object(record.metadata ?? JSONObject()) }
            return JSONValue.object(object).serialized + "\n"
        case .csv:
            var fields = [
                String(record.id), record.input, record.response ?? "", record.label ?? "",
                record.trainingPoint ?? "", record.ticketID ?? "", record.part.rawValue, record.source, record.locator,
            ]
            if includeMetadata { fields.append(JSONValue.object(record.metadata ?? JSONObject()).serialized) }
            return fields.map { CSVField.quoted(escapeFormulas ? CSVField.inert($0) : $0) }.joined(separator: ",")
                + "\r\n"
        }
    }
}
