import Testing

@testable import WinnowCore

@Suite("JSONValue: serialization and lookup")
struct JSONValueTests {
    static let documents = [
        #"{"b":1,"a":[true,null,"x"],"c":{"d":-1.5,"e":{}},"f":[]}"#,
        #"[1,2.5,-3,1e+20,"\"quoted\"","tab\tnew\nline"]"#,
        #""caf\u00e9 😀""#,
        #"{"z":{"y":{"x":[[["deep"]]]}}}"#,
        "0",
        "null",
    ]

    @Test(arguments: documents)
    func roundTripsThroughSerialization(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(value.serialized) == value)
        #expect(try JSONParser.parse(value.prettyPrinted) == value)
    }

    @Test func compactOutputKeepsMemberOrder() throws {
        let text = #"{"b":1,"a":[true,null,"x"],"c":{"d":-1.5,"e":{}},"f":[]}"#
        #expect(try JSONParser.parse(text).serialized == text)
    }

    @Test func prettyPrintIndentsByTwoSpaces() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(value.prettyPrinted == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote\" backslash\\ slash/", #""quote\" backslash\\ slash/""#),
        ("nl\n cr\r tab\t", #""nl\n cr\r tab\t""#),
        ("bs\u{08} ff\u{0C}", #""bs\b ff\f""#),
        ("nul\u{0} us\u{1F} esc\u{1B}", #""nul\u0000 us\u001f esc\u001b""#),
        ("é 😀 \u{7F}", "\"é 😀 \u{7F}\""),
    ])
    func escapesStrings(text: String, expected: String) throws {
        #expect(JSONValue.string(text).serialized == expected)
        #expect(try JSONParser.parse(expected) == .string(text))
    }

    @Test func escapesMemberNames() {
        let value: JSONValue = ["a\"b\n": 1]
        #expect(value.serialized == #"{"a\"b\n":1}"#)
    }

    @Test(arguments: [
        (1.0, "1"), (-0.0, "0"), (1.5, "1.5"), (-250.0, "-250"), (123_456_789_012.0, "123456789012"),
        (0.1, "0.1"), (1e20, "1e+20"), (Double.infinity, "null"), (-Double.infinity, "null"), (Double.nan, "null"),
    ])
    func formatsNumbers(value: Double, expected: String) {
        #expect(JSONValue.number(value).serialized == expected)
    }

    /// Integral numbers a Double holds exactly (ticket ids, order numbers) print as plain digits.
    @Test(arguments: [1_000_000_000_000_000.0, 1_234_567_890_123_456, 9_007_199_254_740_992])
    func largeExactIntegersPrintWithoutExponent(value: Double) {
        let digits = String(Int64(value))
        #expect(JSONValue.number(value).scalarText == digits)
        #expect(JSONValue.number(value).serialized == digits)
    }

    @Test func scalarAndFieldText() {
        #expect(JSONValue.number(3).scalarText == "3")
        #expect(JSONValue.number(2.5).scalarText == "2.5")
        #expect(JSONValue.bool(true).scalarText == "true")
        #expect(JSONValue.string("s").scalarText == "s")
        #expect(JSONValue.null.scalarText == nil)
        #expect(JSONValue.array(["a", 1, ["x": 1], true]).fieldText == "a, 1, true")
        #expect(JSONValue.array([["x": 1]]).fieldText == nil)
        #expect(JSONValue.object(JSONObject()).fieldText == nil)
        #expect(JSONValue.number(42).fieldText == "42")
    }

    @Test func aMatrixReplyLosesTheQuoteItsClientWritesAboveIt() throws {
        let reply =
            #"{"msgtype": "m.text", "body": "> <@ann:example.org> Is the API down?\n> It times out.\n\nNo, a deploy is running; back in five minutes.", "m.relates_to": {"m.in_reply_to": {"event_id": "$1"}}}"#
        #expect(try JSONParser.parse(reply).fieldText == "No, a deploy is running; back in five minutes.")
        // Not a reply: a quote the writer typed stays.
        let typed = #"{"msgtype": "m.text", "body": "> <@ann:example.org> said this\n\nand I agree"}"#
        #expect(try JSONParser.parse(typed).fieldText == "> <@ann:example.org> said this\n\nand I agree")
        // A reply whose body is only the quote keeps it.
        let bare = #"{"msgtype": "m.text", "body": "> <@ann:example.org> hi", "m.relates_to": {"m.in_reply_to": {}}}"#
        #expect(try JSONParser.parse(bare).fieldText == "> <@ann:example.org> hi")
    }

    static let lookupDocument: JSONValue = [
        "customer": ["email": "a@example.com", "tags": ["vip", "eu"]],
        "messages": [["role": "user", "content": "hi"], ["role": "assistant", "content": "hello"]],
        "count": 2,
    ]

    @Test(
        arguments: [
            ("customer.email", "a@example.com"),
            ("customer.tags.1", "eu"),
            ("messages.0.content", "hi"),
            ("messages.1.role", "assistant"),
            ("count", 2),
            ("customer", ["email": "a@example.com", "tags": ["vip", "eu"]]),
        ] as [(String, JSONValue)])
    func looksUpDottedPaths(path: String, expected: JSONValue) {
        #expect(Self.lookupDocument.value(atPath: path) == expected)
    }

    @Test(arguments: [
        "customer.phone", "customer.tags.2", "customer.tags.-1", "customer.tags.x", "messages.0.content.x",
        "count.value", "missing", "", "customer.", ".customer",
    ])
    func missingPathsAreNil(path: String) {
        #expect(Self.lookupDocument.value(atPath: path) == nil)
    }

    @Test func objectKeepsOrderAndRemovesOnNil() {
        var object = JSONObject([(key: "b", value: 1), (key: "a", value: 2), (key: "b", value: 3)])
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == 3)
        object["c"] = 4
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object.count == 2)
        let reordered = JSONObject([(key: "c", value: 4), (key: "a", value: 2)])
        #expect(object != reordered)
        #expect(object == JSONObject([(key: "a", value: 2), (key: "c", value: 4)]))
    }
}
