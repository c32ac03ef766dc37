import Foundation
import WinnowCore

/// Where the terminal review loop reads keys and writes screens: a raw-mode terminal, or lines on a pipe.
public protocol ReviewConsole: AnyObject {
    /// Whether keys arrive one at a time on a terminal (colours, single keys, an editor for edits).
    var isTerminal: Bool { get }
    /// The next command: one key on a terminal, one line otherwise; nil at the end of input.
    func readCommand() -> String?
    /// A line of text typed after `prompt` (nil at the end of input).
    func readLine(prompt: String) -> String?
    /// `text` edited by the user (in `$VISUAL`/`$EDITOR` on a terminal); nil when cancelled or unavailable.
    func edit(_ text: String) -> String?
    /// Writes `text`, its control characters shown rather than obeyed (``TerminalText``).
    func write(_ text: String)
    /// Clears the screen, on a terminal.
    func clearScreen()
}

extension ReviewConsole {
    /// Nothing to clear but a terminal's screen.
    public func clearScreen() {}
}

/// Commands as lines from a non-terminal input (a pipe, a file, a test): `a`, `r`, `l LABEL`, `e input TEXT`,
/// `s`, `u`, `q`, `?`. Output goes to `output` without colours.
public final class LineConsole: ReviewConsole {
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private var ended = false

    /// A console reading lines from `input` and writing to `output`.
    public init(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        self.input = input
        self.output = output
    }

    public var isTerminal: Bool { false }

    public func readCommand() -> String? { nextLine() }

    public func readLine(prompt: String) -> String? {
        write(prompt)
        return nextLine()
    }

    public func edit(_ text: String) -> String? { nil }

    public func write(_ text: String) { output.write(Data(TerminalText.safe(text).utf8)) }

    private func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                var text = String(decoding: line, as: UTF8.self)
                if text.hasSuffix("\r") { text.removeLast() }
                return text
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                let text = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return text
            }
            let chunk = input.availableData
            if chunk.isEmpty { ended = true } else { buffer.append(chunk) }
        }
    }
}
