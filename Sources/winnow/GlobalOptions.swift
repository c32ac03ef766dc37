import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The project store (default: $WINNOW_DB or ./winnow.db).")
    var db: String?

    @ArgumentParser.Flag(name: .long, help: "Print one JSON object on stdout instead of text.")
    var json = false

    /// The store path in effect.
    var storePath: String { ProjectLocation.resolve(db) }

    /// Opens the store; a missing one is created only when `create` is true.
    func openStore(create: Bool = false) throws -> Store {
        do {
            return try ProjectLocation.open(storePath, create: create)
        } catch let error as StoreError {
            throw Failure.input(error.description)
        }
    }

    /// Prints `value` as JSON, or `text()` when not in JSON mode.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        if json {
            print(value().serialized)
        } else {
            let output = text()
            if !output.isEmpty { print(TerminalText.safe(output)) }
        }
    }
}

/// A command failure with the documented exit status.
enum Failure: Error, CustomStringConvertible {
    /// Bad usage or unreadable input: exit 2.
    case input(String)
    /// The work ran but found blocking problems: exit 1.
    case blocking(String)

    var description: String {
        switch self {
        case .input(let message), .blocking(let message): return message
        }
    }
}

extension ParsableCommand {
    /// Runs `body`, turning failures into a message on stderr and the documented exit status.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data(TerminalText.safe("error: \(failure.description)\n").utf8))
            switch failure {
            case .input: throw ExitCode(2)
            case .blocking: throw ExitCode(1)
            }
        } catch let error as ImportError {
            FileHandle.standardError.write(Data(TerminalText.safe("error: \(error.description)\n").utf8))
            throw ExitCode(2)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data(TerminalText.safe("error: \(error.description)\n").utf8))
            throw ExitCode(2)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            // A usage error found while running: reported with the usage, as before running.
            throw error
        } catch {
            FileHandle.standardError.write(Data(TerminalText.safe("error: \(error)\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// Text helpers for tables.
enum TextTable {
    /// Cuts `text` to at most `width` characters on one line, without padding.
    static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > width ? String(flat.prefix(max(0, width - 1))) + "…" : flat
    }

    /// `number` with commas between groups of three digits (`16,385`).
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }

    /// Pads or cuts `text` to `width` characters (one line).
    static func cell(_ text: String, _ width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        if flat.count > width { return String(flat.prefix(max(0, width - 1))) + "…" }
        return flat + String(repeating: " ", count: width - flat.count)
    }
}
