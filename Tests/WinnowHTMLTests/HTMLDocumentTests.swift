import Testing
import WinnowHTML

@Suite struct HTMLDocumentTests {
    private func parse(_ html: String, encoding: String? = nil) throws -> HTMLDocument {
        try HTMLDocument(bytes: Array(html.utf8), encoding: encoding)
    }

    @Test func textSkipsHiddenContentAndDecodesEntities() throws {
        let document = try parse(
            """
            <html><head><title>T</title><style>p { color: red }</style></head><body>
            <p>Fish &amp; chips &lt;3 &eacute;t&eacute;</p>
            <script>alert("x")</script><noscript>enable js</noscript>
            <div hidden>secret one</div><div style="display: none">secret two</div>
            <span style="visibility:hidden">secret three</span><span aria-hidden="true">secret four</span>
            <template><p>secret five</p></template>
            <p>visible   text
               here</p>
            </body></html>
            """)
        let text = document.root.text
        #expect(text == "Fish & chips <3 été\n\nvisible text here")
    }

    @Test func blocksBecomeLineBreaksAndPreIsKept() throws {
        let document = try parse(
            """
            <body><div>one</div><div>two<br>three<br><br>four</div><ul><li>a</li><li>b</li></ul>
            <pre>  keep
              this</pre><span>in</span><b>line</b></body>
            """)
        #expect(document.root.text == "one\ntwo\nthree\n\nfour\n\na\nb\n\n  keep\n  this\n\ninline")
    }

    @Test func tableCellsAreSeparatedAndRowsArePaths() throws {
        let document = try parse(
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>")
        let rows = try document.select("//tr")
        #expect(rows.map(\.path) == ["/html/body/table/tr[1]", "/html/body/table/tr[2]", "/html/body/table/tr[3]"])
        #expect(rows[2].text == "3 4")
        #expect(document.root.text == "A B\n1 2\n3 4")
    }

    @Test func xpathRelativeToAnElement() throws {
        let document = try parse(
            """
            <body><div class="case" data-queue="Billing"><h2>First</h2></div>
            <div class="case" data-queue="Shipping"><h2>Second <em>one</em></h2></div></body>
            """)
        let cases = try document.select("//div[@class='case']")
        #expect(cases.count == 2)
        #expect(cases[1].path == "/html/body/div[2]")
        #expect(try document.strings("./@data-queue", from: cases[1]) == ["Shipping"])
        #expect(try document.strings(".//h2", from: cases[1]) == ["Second one"])
        #expect(try document.strings("string(.//h2)", from: cases[0]) == ["First"])
        #expect(try document.strings("count(//h2)") == ["2"])
        let heading = try #require(try document.select(".//h2", from: cases[0]).first)
        #expect(heading.path == "/html/body/div[1]/h2")
    }

    @Test func badXPathIsReportedNotPrinted() throws {
        let document = try parse("<p>x</p>")
        #expect(throws: HTMLError.self) { try document.select("//div[@class=") }
        #expect(throws: HTMLError.self) { try HTMLDocument.validateXPath("//div[") }
        try HTMLDocument.validateXPath(".//h2 | ./@data-x")
    }

    @Test func emptyInputIsUnparsable() {
        #expect(throws: HTMLError.self) { try HTMLDocument(bytes: []) }
        #expect(throws: HTMLError.self) { try HTMLDocument(bytes: Array("   \n".utf8)) }
    }

    @Test func brokenMarkupIsRecoveredWithDiagnostics() throws {
        let document = try parse("<body><div><p>open <b>bold</div></span><p>next</body>")
        #expect(document.root.text == "open bold\n\nnext")
        #expect(!document.diagnostics.isEmpty)
    }

    @Test func declaredCharsetIsHonoured() throws {
        let head = Array("<html><head><meta charset=\"windows-1252\"><title>x</title></head><body><p>".utf8)
        let bytes = head + [0x49, 0x92, 0x6D, 0x20, 0x63, 0x61, 0x66, 0xE9] + Array("</p></body></html>".utf8)
        let document = try HTMLDocument(bytes: bytes)
        #expect(document.root.text == "I\u{2019}m café")
        let httpEquiv =
            Array(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>"
                    .utf8) + [0xE9] + Array("</body></html>".utf8)
        #expect(try HTMLDocument(bytes: httpEquiv).root.text == "é")
    }

    @Test func callerEncodingOverridesTheDeclaration() throws {
        let bytes = Array("<meta charset=\"utf-8\"><p>".utf8) + [0xE9] + Array("</p>".utf8)
        #expect(try HTMLDocument(bytes: bytes, encoding: "iso-8859-1").root.text == "é")
    }

    @Test func removingDescendantsReturnsTheRemovedParts() throws {
        let document = try parse("<div><p>keep</p><blockquote>old <b>text</b></blockquote><p>also</p></div>")
        let division = try #require(try document.select("//div").first)
        let (cleaned, removed) = division.removingDescendants { $0.name == "blockquote" }
        #expect(cleaned.text == "keep\n\nalso")
        #expect(removed.map(\.text) == ["old text"])
    }

    @Test func titleAndAttributes() throws {
        let document = try parse("<title> Ticket  #42 </title><p class='A b' hidden>x</p>")
        #expect(document.title == "Ticket #42")
        let paragraph = try #require(try document.select("//p").first)
        #expect(paragraph.classes == ["a", "b"])
        #expect(paragraph.attribute("hidden") == "")
        #expect(paragraph.isHidden)
    }
}

extension HTMLDocumentTests {
    @Test func everyPathSelectsItsElement() throws {
        let document = try HTMLDocument(
            bytes: Array("<body><p>a<o:p>first</o:p><o:p>second</o:p></p><div><span>x</span><span>y</span></div>".utf8))
        for element in document.root.descendants {
            let found = try document.select(element.path)
            #expect(found.count == 1, "\(element.path)")
            #expect(found.first?.text == element.text)
        }
    }

    @Test func noExternalEntitiesOrFilesAreLoaded() throws {
        let html = """
            <!DOCTYPE html SYSTEM "file:///etc/passwd" [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
            <html><body><p>before &leak; after</p><img src="file:///etc/passwd"></body></html>
            """
        let document = try HTMLDocument(bytes: Array(html.utf8))
        #expect(!document.root.text.contains("root:"))
        #expect(document.root.text.contains("before"))
    }
}

extension HTMLDocumentTests {
    @Test func deepNestingIsFlattenedToText() throws {
        let html = String(repeating: "<div><span>", count: 115) + "bottom<script>x()</script> <b>text</b>"
        let document = try HTMLDocument(bytes: Array(html.utf8))
        let text = document.root.text
        #expect(text == "bottom text")
    }

    @Test func hostileNestingIsCutByTheParserAndReported() throws {
        let html = String(repeating: "<div><span>", count: 10_000) + "bottom"
        let document = try HTMLDocument(bytes: Array(html.utf8))
        #expect(document.root.text.isEmpty)
        #expect(document.diagnostics.contains { $0.message.contains("depth") })
    }
}

extension HTMLDocumentTests {
    @Test func byteOrderMarksDecide() throws {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<p>naïve</p>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try HTMLDocument(bytes: utf16).root.text == "naïve")
        let utf8: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<p>naïve</p>".utf8)
        #expect(try HTMLDocument(bytes: utf8).root.text == "naïve")
    }
}
