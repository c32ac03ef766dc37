import Foundation
import WinnowCore

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal's settings before raw mode, for the SIGINT handler (a C function pointer cannot capture state).
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var terminalIsRaw = false

/// SIGINT while the loop runs: the terminal's settings back, then exit 130 (only async-signal-safe calls).
private func restoreTerminalAndExit(_ signal: Int32) {
    if terminalIsRaw { tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal) }
    let message: StaticString = "\r\ninterrupted\r\n"
    _ = Glibc.write(STDOUT_FILENO, message.utf8Start, message.utf8CodeUnitCount)
    _exit(130)
}

/// A terminal in raw mode (no echo, one key at a time) for the review loop. The original settings come back when
/// the console is closed, and on SIGINT before the process exits with status 130.
public final class TerminalConsole: ReviewConsole {
    private let output = FileHandle.standardOutput

    /// Whether standard input and output are both terminals.
    public static var isAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Puts the terminal in raw mode.
    public init() {
        tcgetattr(STDIN_FILENO, &savedTerminal)
        signal(SIGINT, restoreTerminalAndExit)
        enterRawMode()
    }

    deinit { close() }

    /// Restores the terminal's original settings.
    public func close() {
        if terminalIsRaw {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal)
            terminalIsRaw = false
        }
    }

    private func enterRawMode() {
        var raw = savedTerminal
        // No echo, no line buffering; keep ISIG so that Ctrl-C raises SIGINT (handled above).
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        terminalIsRaw = true
    }

    public var isTerminal: Bool { true }

    public func readCommand() -> String? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { break }
            if count < 0, errno == EINTR { continue }
            return nil
        }
        if byte == 4 { return "q" }  // Ctrl-D
        if byte == 0x1B { return "" }  // escape sequences (arrows) are ignored
        return String(decoding: [byte], as: UTF8.self)
    }

    public func readLine(prompt: String) -> String? {
        close()
        defer { enterRawMode() }
        write(prompt)
        return Swift.readLine()
    }

    public func edit(_ text: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = environment["VISUAL"] ?? environment["EDITOR"] ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-edit-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            return nil
        }
        close()
        defer { enterRawMode() }
        // posix_spawn rather than Process: the editor must stay in this terminal's session and foreground group.
        let arguments = ["/bin/sh", "-c", "$0 \"$1\"", editor, file.path]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Ctrl-C belongs to the editor while it runs.
        signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, restoreTerminalAndExit) }
        var child: pid_t = 0
        guard posix_spawn(&child, "/bin/sh", nil, nil, argv, environ) == 0 else {
            write("cannot start the editor \(editor)\n")
            return nil
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status >> 8) & 0xFF
        guard status & 0x7F == 0, exitStatus == 0 else {
            write("the editor \(editor) exited with status \(exitStatus): nothing changed\n")
            return nil
        }
        guard let data = try? Data(contentsOf: file) else { return nil }
        var edited = String(decoding: data, as: UTF8.self)
        if edited.hasSuffix("\n"), !text.hasSuffix("\n") { edited.removeLast() }
        return edited
    }

    public func clearScreen() { output.write(Data("\u{1B}[2J\u{1B}[H".utf8)) }

    public func write(_ text: String) {
        // Raw mode turns off output newline translation only when OPOST is cleared; it is kept, so "\n" works.
        output.write(Data(TerminalText.safe(text).utf8))
    }
}
