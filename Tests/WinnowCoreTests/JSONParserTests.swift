import Testing

@testable import WinnowCore

/// The syntax error `text` produces, or nil when it parses.
private func syntaxError(_ text: String) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite("JSONParser: valid documents")
struct JSONParserValidTests {
    @Test func parsesNestedDocument() throws {
        let value = try JSONParser.parse(#"{"a": 1, "b": [true, false, null], "c": {"d": "e", "f": []}, "g": {}}"#)
        let expected: JSONValue = ["a": 1, "b": [true, false, nil], "c": ["d": "e", "f": []], "g": [:]]
        #expect(value == expected)
        #expect(value.objectValue?.keys == ["a", "b", "c", "g"])
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""caf\u00e9""#, "café"),
        (#""\u20AC and \u20ac""#, "€ and €"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""\ud83d\ude00!""#, "😀!"),
        (#""raw é and 😀""#, "raw é and 😀"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""a\u0000b""#, "a\u{0}b"),
        (#""lone \uD800 high""#, "lone \u{FFFD} high"),
        (#""lone \uDC00 low""#, "lone \u{FFFD} low"),
        (#""\uD800""#, "\u{FFFD}"),
        (#""""#, ""),
    ])
    func parsesStrings(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
    }

    /// A high surrogate followed by an escape that is not a low surrogate: the second escape is a character of
    /// its own and must not be lost.
    @Test func highSurrogateFollowedByOrdinaryEscapeKeepsBoth() throws {
        #expect(try JSONParser.parse(#""\uD800\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", 0.0), ("7", 7), ("-12", -12), ("1.5", 1.5), ("-12.25e2", -1225), ("1E3", 1000),
        ("1e+2", 100), ("25e-2", 0.25), ("0.000001", 0.000001), ("123456789012", 123_456_789_012),
        ("1.7976931348623157e308", 1.7976931348623157e308),
    ])
    func parsesNumbers(text: String, expected: Double) throws {
        #expect(try JSONParser.parse(text) == .number(expected))
        #expect(try JSONParser.parse("[\(text)]") == .array([.number(expected)]))
    }

    @Test func parsesLiteralsAndWhitespace() throws {
        #expect(try JSONParser.parse(" \t\r\n true \n") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("{ }") == .object(JSONObject()))
        #expect(try JSONParser.parse("[ ]") == .array([]))
        #expect(try JSONParser.parse(" { \"a\" : [ 1 , 2 ] } ") == ["a": [1, 2]])
    }

    @Test func duplicateKeysKeepLastValueInFirstPlace() throws {
        let value = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        #expect(object["b"] == 2)
    }

    @Test func deepNestingUpToTheLimit() throws {
        let depth = 512
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == depth - 1)

        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = try #require(syntaxError(tooDeep))
        #expect(error.column == depth + 1)
        #expect(error.message.contains("nesting"))
    }

    @Test func parsesFromBytes() throws {
        let bytes: [UInt8] = Array(#"{"k":"v"}"#.utf8)
        let value = try bytes.withUnsafeBytes { try JSONParser.parse(bytes: $0) }
        #expect(value == ["k": "v"])
    }
}

@Suite("JSONParser: errors name the column")
struct JSONParserErrorTests {
    @Test(arguments: [
        // Truncated strings point at their opening quote.
        (#""abc"#, 1, "unterminated string"),
        (#"{"a": "abc"#, 7, "unterminated string"),
        (#""abc\"#, 1, "unterminated string"),
        (#"["ok", "trunc"#, 8, "unterminated string"),
        // Trailing commas point at the closing bracket.
        ("[1, 2,]", 7, "expected a value"),
        (#"{"a": 1,}"#, 9, "expected a quoted member name"),
        // Bad literals.
        ("tru", 1, "invalid literal"),
        ("trux", 4, "invalid literal"),
        ("[nulL]", 5, "invalid literal"),
        ("True", 1, "expected a value"),
        ("nan", 1, "invalid literal"),
        // Leading zeros and other bad numbers.
        ("01", 1, "leading zeros"),
        ("-01", 2, "leading zeros"),
        ("[1, 00]", 5, "leading zeros"),
        ("-", 2, "expected digits"),
        ("1.", 3, "expected digits after '.'"),
        ("1e", 3, "expected digits in exponent"),
        (".5", 1, "expected a value"),
        ("+1", 1, "expected a value"),
        // Control characters inside strings, on the fast and the escaped path.
        ("\"a\tb\"", 3, "control character"),
        ("\"a\nb\"", 3, "control character"),
        ("\"\\n\u{01}\"", 4, "control character"),
        // Trailing garbage.
        ("{} x", 4, "after the JSON value"),
        ("1 2", 3, "after the JSON value"),
        (#"{"a": 1}}"#, 9, "after the JSON value"),
        // Structure.
        ("", 1, "expected a value, found end of line"),
        ("   ", 4, "expected a value, found end of line"),
        ("[1 2]", 4, "expected ',' or ']'"),
        (#"{"a" 1}"#, 6, "expected ':'"),
        ("{a: 1}", 2, "expected a quoted member name"),
        (#"{"a": 1"#, 8, "unterminated object"),
        ("[1", 3, "unterminated array"),
        // Escapes.
        (#""\x""#, 2, "invalid escape"),
        (#""\u12G4""#, 6, "invalid hex digit"),
        (#""\u12""#, 4, "truncated"),
    ])
    func reportsColumn(text: String, column: Int, message: String) throws {
        let error = try #require(syntaxError(text))
        #expect(error.column == column)
        #expect(error.message.contains(message), "message was: \(error.message)")
        #expect(error.description.hasPrefix("column \(column): "))
    }

    @Test func invalidUTF8InStringIsAnError() throws {
        let inputs: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x5B, 0x22, 0x61, 0xC3, 0x22, 0x5D], [0x22, 0x5C, 0x6E, 0xE9, 0x22],
        ]
        for bytes in inputs {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(JSONSyntaxError) -> JSONValue in try JSONParser.parse(bytes: buffer) }
            }
            guard case .failure(let error) = result else {
                Issue.record("expected an error for \(bytes)")
                continue
            }
            #expect(error.message.contains("UTF-8"))
            #expect(error.column == (bytes[0] == 0x5B ? 2 : 1))
        }
    }
}
