import WinnowCore

/// The file formats `winnow export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// OpenAI's chat fine-tuning format: `{"messages": [...]}` per line.
    case openAIChat = "openai-chat"
    /// One JSON object per example with its fields and provenance.
    case jsonl
    /// RFC 4180 CSV with a header row.
    case csv

    /// The file name of `part` (`train.jsonl`, `test.csv`): fixed names, never derived from data.
    public func fileName(for part: SplitPart) -> String {
        part.rawValue + (self == .csv ? ".csv" : ".jsonl")
    }
}

/// What the assistant turn of a chat example says.
public enum ChatTarget: String, Sendable, CaseIterable {
    /// The response when the example has one, else the label (intent data such as BANKING77 has no response).
    case auto
    /// Always the response (the thread's assistant turns); an example without one has no assistant turn.
    case response
    /// Always the effective label: the user's text in, the label out (a classification fine-tune).
    case label
}
