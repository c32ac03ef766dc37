import Foundation
import Testing
import WinnowCore

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

/// A record's text fields as the store keeps them: trimmed, line breaks folded to LF, NUL characters left out.
@Suite("Import: a text field cleaned")
struct TextFieldCleaningTests {
    @Test(
        "trims, folds CR LF and lone CR to LF, and leaves out NUL characters",
        arguments: [
            ("  a b  ", "a b"), ("a\r\nb\rc", "a\nb\nc"), ("before\u{0}after", "beforeafter"),
            ("\u{0}x\r\n\u{0}", "x"), ("é\u{0}客服", "é客服"), ("plain", "plain"),
        ])
    func cleaned(_ text: String, _ expected: String) {
        #expect(ResolvedMapping.clean(text) == expected)
    }

    @Test("a text of NUL characters and white space is no text", arguments: ["\u{0}", " \u{0} \u{0}\n", "\r\n"])
    func empty(_ text: String) {
        #expect(ResolvedMapping.clean(text) == nil)
    }

    @Test func aCSVCellHoldingNULCharactersIsImportedWithoutThemAndOneHoldingOnlyThatIsQuarantined() throws {
        let run = try ImportRun(
            CSVImporter(), name: "nul.csv",
            bytes: Array("id,body,answer\n1,\"a\u{0}b\",\"c\u{0}d\"\n2,\"\u{0}\",x\n".utf8))
        #expect(run.records.map(\.input) == ["ab"])
        #expect(run.records.map(\.response) == ["cd"])
        #expect(run.failures.map(\.kind) == [.noInput])
    }
}
