import Foundation
import Testing

@testable import WinnowImport

/// The trimming of ids and role values in conversation imports removes what Foundation's `.whitespaces` does.
@Suite("Import: trimming spaces from ids and role values")
struct SpaceTrimmingTests {
    @Test(
        "trims spaces and tabs (also Unicode space separators) and keeps line breaks, like .whitespaces",
        arguments: [
            "", " ", "\t", "abc", " abc", "abc ", "\t a b \t", "\u{00A0}agent\u{3000}", "\u{2003}42\u{2009}",
            "\nline\n", " \r\n x \r\n ", "\u{2028}x\u{2029}", "\u{000B}v\u{000C}", "é ", " 客服 ", " \u{1F600} ",
            "a\u{0301} ", "  \u{0301}b",
        ])
    func matchesFoundation(_ text: String) {
        #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("a string with nothing to trim comes back as it is")
    func untouched() {
        let text = "1234567890"
        #expect(text.trimmingSpaces == text)
    }
}
