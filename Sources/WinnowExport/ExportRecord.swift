import WinnowCore

/// One example as it is written out: texts already redacted and edited, the label already overridden.
public struct ExportRecord: Sendable, Equatable {
    /// The example id in the store.
    public var id: Int64
    /// The part it belongs to.
    public var part: SplitPart
    /// What the customer wrote (the edited input when a reviewer edited it).
    public var input: String
    /// The agent's answer (the edited response when a reviewer edited it).
    public var response: String?
    /// The effective label.
    public var label: String?
    /// The effective training point.
    public var trainingPoint: String?
    /// The ticket id in the source system.
    public var ticketID: String?
    /// The thread to write in chat files (empty: write the input and response as one exchange).
    public var messages: [Message]
    /// The source file path as given at import.
    public var source: String
    /// Where in the source file (`line 12`, `row 5 (line 7)`, `element /html/...`).
    public var locator: String
    /// Other source fields, written only when asked for.
    public var metadata: JSONObject?
    /// The tools a thread that calls tools was given (a chat file's `tools` and `parallel_tool_calls`), written
    /// beside its messages in chat files.
    public var tools: JSONObject

    /// A record with the given fields.
    public init(
        id: Int64, part: SplitPart, input: String, response: String?, label: String?, trainingPoint: String?,
        ticketID: String?, messages: [Message] = [], source: String, locator: String, metadata: JSONObject? = nil,
        tools: JSONObject = JSONObject()
    ) {
        self.tools = tools
        self.id = id
        self.part = part
        self.input = input
        self.response = response
        self.label = label
        self.trainingPoint = trainingPoint
        self.ticketID = ticketID
        self.messages = messages
        self.source = source
        self.locator = locator
        self.metadata = metadata
    }
}
