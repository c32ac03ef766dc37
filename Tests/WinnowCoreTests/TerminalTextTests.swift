import Testing
import WinnowCore

/// Untrusted text printed on a terminal shows its control characters instead of obeying them.
@Suite("Terminal text")
struct TerminalTextTests {
    @Test func plainTextLineBreaksAndTabsAreLeftAsTheyAre() {
        let text = "My card has not arrived.\n\tOrder 1234 — café, 東京 🙂\r\nThanks"
        #expect(
            TerminalText.safe("My card has not arrived.\n\tOrder 1234 — café, 東京 🙂")
                == "My card has not arrived.\n\tOrder 1234 — café, 東京 🙂")
        // A carriage return before a line feed goes; alone it would write over the line, so it is shown.
        #expect(TerminalText.safe(text) == "My card has not arrived.\n\tOrder 1234 — café, 東京 🙂\nThanks")
        #expect(TerminalText.safe("Approved\rRejected") == "Approved␍Rejected")
    }

    @Test func escapeSequencesAndOtherControlsAreShownNotObeyed() {
        // A window title, a clipboard write (OSC 52), clearing the screen, moving the cursor, a bell.
        #expect(TerminalText.safe("\u{1B}]0;pwned\u{07}hi") == "␛]0;pwned␇hi")
        #expect(TerminalText.safe("\u{1B}]52;c;cm0gLXJmIH4=\u{07}") == "␛]52;c;cm0gLXJmIH4=␇")
        #expect(TerminalText.safe("a\u{1B}[2J\u{1B}[Hb") == "a␛[2J␛[Hb")
        #expect(TerminalText.safe("a\u{1B}[8mhidden\u{1B}[0m") == "a␛[8mhidden\u{1B}[0m")
        #expect(TerminalText.safe("\u{0}\u{8}\u{7F}") == "␀␈␡")
        // C1 controls (CSI as one character) are no text either.
        #expect(TerminalText.safe("x\u{9B}2Jy\u{85}z") == "x\u{FFFD}2Jy\u{FFFD}z")
    }

    @Test func theStylesWinnowWritesItselfAreKept() {
        for code in ["0", "1", "1;31", "1;32", "31", "32", "33", "36", "7"] {
            let styled = "\u{1B}[\(code)mflagged\u{1B}[0m"
            #expect(TerminalText.safe(styled) == styled)
        }
        // An escape cut short at the end is shown.
        #expect(TerminalText.safe("end\u{1B}[3") == "end␛[3")
        #expect(TerminalText.safe("end\u{1B}") == "end␛")
    }
}
