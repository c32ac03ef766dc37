import Testing
import WinnowCore

@Suite("Locator and ImportError")
struct LocatorTests {
    @Test(arguments: [
        (Locator.line(1), "line:1", "line 1"),
        (.line(123_456), "line:123456", "line 123456"),
        (.row(5, line: 7), "row:5:7", "row 5 (line 7)"),
        (.element("/html/body/div[2]"), "element:/html/body/div[2]", "element /html/body/div[2]"),
        (.element("/html/body/x:y[1]"), "element:/html/body/x:y[1]", "element /html/body/x:y[1]"),
        (.record(17), "record:17", "record 17"),
        (.conversation("T-7", rows: [3, 9, 14]), "conversation:3,9,14:T-7", "conversation T-7 rows 3,9,14"),
        (.conversation("a:b,c#2", rows: [5]), "conversation:5:a:b,c#2", "conversation a:b,c#2 row 5"),
        (.part("train", .record(3)), "part:5:trainrecord:3", "record 3 of train"),
        (
            .part("sheet Zu tun: 2", .row(1, line: 4)), "part:15:sheet Zu tun: 2row:1:4",
            "row 1 (line 4) of sheet Zu tun: 2"
        ),
        (.part("données", .record(1)), "part:8:donnéesrecord:1", "record 1 of données"),
    ])
    func encodesAndDecodes(locator: Locator, encoded: String, description: String) {
        #expect(locator.encoded == encoded)
        #expect(Locator(encoded: encoded) == locator)
        #expect(Locator(encoded: locator.encoded) == locator)
        #expect(locator.description == description)
    }

    @Test(arguments: [
        "", "line:", "line:x", "line:1:2", "row:1", "row:1:2:3", "row:a:2", "row::2", "file", "col:3", "record:",
        "record:x", "conversation:3", "conversation:x:id", "part:", "part:9:train", "part:5:trainrecord:x",
        "part:x:trainrecord:1",
    ])
    func rejectsMalformedEncodings(encoded: String) {
        #expect(Locator(encoded: encoded) == nil)
    }

    @Test func ordinalsOrderRecords() {
        #expect(Locator.line(9).ordinal == 9)
        #expect(Locator.row(4, line: 12).ordinal == 4)
        #expect(Locator.element("/a").ordinal == 0)
        #expect(Locator.record(3).ordinal == 3)
        #expect(Locator.conversation("c", rows: [7, 2]).ordinal == 7)
        #expect(Locator.part("test", .record(5)).ordinal == 5)
    }

    @Test func importErrorDescribesPlaceAndClipsSnippet() {
        let error = ImportError(
            kind: .raggedRow, file: "export.csv", locator: .row(2, line: 3), column: 4, message: "bad",
            snippet: String(repeating: "x", count: 500))
        #expect(error.description == "export.csv, row 2 (line 3), column 4: bad")
        #expect(error.snippet.count == 301)
        #expect(error.snippet.hasSuffix("…"))
        #expect(ImportError(kind: .noInput, file: "f", message: "m").description == "f: m")
        #expect(ImportError.Kind(rawValue: "unterminated_quote") == .unterminatedQuote)
    }
}
