import Foundation
import WinnowCore

/// A one-line progress display on a terminal (stderr), redrawn in place: done/total, rate and time left.
/// Prints nothing when stderr is not a terminal.
public final class ProgressLine: @unchecked Sendable {
    // @unchecked: `lastLength` is guarded by `lock`.
    private let lock = NSLock()
    private var lastLength = 0
    /// Whether anything is drawn.
    public let isEnabled: Bool

    /// A progress line; `enabled` defaults to whether stderr is a terminal.
    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        isEnabled = enabled
    }

    /// Redraws the line with `text`.
    public func update(_ text: String) {
        guard isEnabled else { return }
        let text = TerminalText.safe(text)
        lock.lock()
        defer { lock.unlock() }
        let padding = String(repeating: " ", count: max(0, lastLength - text.count))
        FileHandle.standardError.write(Data(("\r" + text + padding).utf8))
        lastLength = text.count
    }

    /// Clears the line.
    public func finish() {
        guard isEnabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if lastLength > 0 {
            FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastLength) + "\r").utf8))
        }
        lastLength = 0
    }

    /// `12,345/100,000 (12%) 4,321/s, 20s left` style text.
    public static func describe(done: Double, total: Double?, elapsed: Double, unit: String) -> String {
        let rate = elapsed > 0 ? done / elapsed : 0
        var text = "\(Int(done)) \(unit)"
        if let total, total > 0 {
            text = "\(Int(done))/\(Int(total)) \(unit) (\(Int(100 * done / total))%)"
            if rate > 0 { text += ", \(formatDuration((total - done) / rate)) left" }
        }
        text += String(format: ", %.0f/s", rate)
        return text
    }

    /// `1h02m`, `3m05s`, `12s`.
    public static func formatDuration(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        if total >= 3600 { return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60) }
        if total >= 60 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return "\(total)s"
    }
}
