/// Text bound for a terminal, made safe to print. Ticket text, file names inside an archive and quoted input are
/// untrusted, and a control character in them would act on the terminal instead of being read: an escape sequence
/// can set the window's title, write the clipboard, move the cursor or clear the screen, a carriage return can write
/// over what a line said. Each control character is shown as its Control Pictures symbol (`␛`, `␍`, `␇`; DEL as `␡`)
/// and a C1 control (U+0080–U+009F, which some terminals obey as `ESC [`) as U+FFFD, except line feeds, tabs, a
/// carriage return before a line feed, and the few styles Winnow itself writes (bold, its markers' colours, reverse
/// video and the reset).
public enum TerminalText {
    /// `text` with every control character but those shown as they are.
    public static func safe(_ text: String) -> String {
        guard needsCare(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x0A, 0x09:
                result.append(scalar)
            case 0x0D where index + 1 < scalars.count && scalars[index + 1].value == 0x0A:
                break
            case 0x1B:
                if let length = ownStyle(scalars, at: index) {
                    result.append(contentsOf: scalars[index..<index + length])
                    index += length
                    continue
                }
                result.append("\u{241B}")
            case 0x00..<0x20:
                result.append(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value)).picture)
            case 0x7F:
                result.append("\u{2421}")
            case 0x80..<0xA0:
                result.append("\u{FFFD}")
            default:
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// Whether `text` holds a byte that may be a control character other than a line feed or a tab.
    static func needsCare(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F
                    || (previous == 0xC2 && (0x80..<0xA0).contains(byte))
                {
                    return true
                }
                previous = byte
            }
            return false
        }
    }

    /// The styles Winnow writes: `ESC [` with these parameters and final characters.
    private static let ownStyles: Set<String> = ["0m", "1m", "1;31m", "1;32m", "31m", "32m", "33m", "36m", "7m"]

    /// The length of the escape sequence at `index` when it is one of ``ownStyles``.
    private static func ownStyle(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard index + 2 < scalars.count, scalars[index + 1] == "[" else { return nil }
        var end = index + 2
        var sequence = ""
        while end < scalars.count, end - index < 8 {
            let scalar = scalars[end]
            sequence.unicodeScalars.append(scalar)
            if scalar == "m" {
                return ownStyles.contains(sequence) ? end - index + 1 : nil
            }
            guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
            end += 1
        }
        return nil
    }
}

extension Unicode.Scalar {
    /// The Control Pictures symbol of a C0 control character (`␀` to `␟`).
    fileprivate var picture: Unicode.Scalar { Unicode.Scalar(0x2400 + value) ?? "\u{FFFD}" }
}
