import Testing

@testable import WinnowMail

@Suite struct RTFBodyTests {
    func body(_ rtf: String) -> RTFBody { RTFBody(rtf: Array(rtf.utf8)) }

    @Test func plainRTFIsItsTextWithoutTablesPicturesOrFieldCodes() {
        let rtf = body(
            "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
                + "{\\stylesheet{\\s0 Normal;}}{\\info{\\author Tom}}{\\*\\generator Word;}\\pard Hello,\\par\r\n"
                + "see {\\field{\\*\\fldinst HYPERLINK \"https://x.example\"}{\\fldrslt the page}}\\tab now."
                + "{\\pict\\pngblip 89504e47}{\\*\\shppict{\\pict 00}}\\line Bye\\par}")
        #expect(rtf.kind == .text)
        #expect(rtf.text == "Hello,\nsee the page\tnow.\nBye\n")
    }

    @Test func charactersAreDecodedInTheirFontsCodePage() {
        // \'hh bytes in the code page of the font in use: Windows-1251 for a font of charset 204, the document's
        // Windows-1252 otherwise; \uN with its fallback characters skipped (\ucN of them), surrogate pairs joined.
        let rtf = body(
            "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset204 Arial Cyr;}}"
                + "\\f0 caf\\'e9 {\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2} \\'e9 \\u8364? \\uc2\\u20013\\'a4\\'a4 "
                + "\\uc1\\u-10179?\\u-8704? \\{x\\}\\\\}")
        #expect(rtf.text == "café Привет é € 中 😀 {x}\\")
        // Shift_JIS's two-byte characters stay together across escapes.
        let japanese = body("{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0\\'82\\'a2}")
        #expect(japanese.text == "あい")
    }

    @Test func encapsulatedHTMLAndTextAreTakenBack() {
        // [MS-OXRTFEX]: tags from {\*\htmltag} groups, the text between them, \htmlrtf runs left out.
        let html = body(
            "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\*\\htmltag64}"
                + "{\\*\\htmltag19 <p class=\"x\">}{\\htmlrtf \\f0 \\htmlrtf0 caf\\'e9 {\\*\\htmltag84 &amp;}"
                + "\\htmlrtf &\\htmlrtf0  tea{\\*\\htmltag </p>\\par}\\htmlrtf \\par \\htmlrtf0}"
                + "{\\*\\mhtmltag84 <img src=\"cid:1\">}{\\*\\htmltag84 <img src=\"a.png\">}}")
        #expect(html.kind == .html)
        #expect(html.text == "<p class=\"x\">café &amp; tea</p>\r\n<img src=\"a.png\">")
        let text = body(
            "{\\rtf1\\ansi\\fromtext \\deff0{\\fonttbl{\\f0 Courier;}}\\htmlrtf {\\f0 \\htmlrtf0 a\\par b}}")
        #expect(text.kind == .text)
        #expect(text.text == "a\nb")
    }

    @Test func brokenRTFNeverReadsPastItsEnd() {
        // Unbalanced groups, a cut escape, binary data longer than the rest, deep nesting: text, never a crash.
        for rtf in [
            "{\\rtf1 a}}}b", "{\\rtf1 a\\'4", "{\\rtf1 a\\", "{\\rtf1 \\bin99999 xyz}", "{\\rtf1 \\u", "}}}{{{",
            "{\\rtf1 \\uc9999999999999\\u65 abc}", String(repeating: "{", count: 5000) + "x",
        ] {
            _ = body(rtf)
        }
        #expect(body("{\\rtf1 a}}}b").text == "ab")
    }
}
