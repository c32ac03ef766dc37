/// Outlook's compressed RTF ([MS-OXRTFCP]): the body a message keeps in `PR_RTF_COMPRESSED` when it keeps no text
/// or HTML body of its own.
///
/// The stream is a 16-byte header (compressed size, raw size, `LZFu` or `MELA`, a CRC) and, for `LZFu`, runs of
/// eight items each led by a control byte: a clear bit is a literal byte, a set bit a two-byte reference (12 bits of
/// offset, 4 of length less 2) into a 4 KiB ring that starts with a fixed RTF preamble. A reference to the current
/// write position ends the stream.
public enum CompressedRTF {
    /// The text the ring starts with (207 bytes).
    static let preset: [UInt8] = Array(
        ("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
            + "\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
            + "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    /// The RTF `bytes` hold; throws a ``MailError`` when they are not compressed RTF or end before their end marker.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= 16 else { throw MailError("compressed RTF body shorter than its header") }
        let compressedSize = Int(CompoundFile.le32(bytes, 0))
        let rawSize = Int(CompoundFile.le32(bytes, 4))
        let end = min(bytes.count, 4 + compressedSize)
        switch CompoundFile.le32(bytes, 8) {
        case 0x414C_454D:  // "MELA": stored as it is
            return Array(bytes[16..<min(bytes.count, 16 + rawSize)])
        case 0x7546_5A4C:  // "LZFu"
            break
        default:
            throw MailError("RTF body compressed in an unknown way")
        }
        var ring = [UInt8](repeating: 0, count: 4096)
        ring.replaceSubrange(0..<preset.count, with: preset)
        var write = preset.count
        var output: [UInt8] = []
        output.reserveCapacity(min(rawSize, 8 * bytes.count))
        var position = 16
        while position < end {
            let control = bytes[position]
            position += 1
            for bit in 0..<8 {
                guard position < end else { break }
                if control & (1 << bit) == 0 {
                    let byte = bytes[position]
                    position += 1
                    output.append(byte)
                    ring[write] = byte
                    write = (write + 1) & 0xFFF
                    continue
                }
                guard position + 1 < end else { throw MailError("compressed RTF body ends before its end marker") }
                let reference = Int(bytes[position]) << 8 | Int(bytes[position + 1])
                position += 2
                let offset = reference >> 4
                if offset == write { return rawSize > 0 && output.count > rawSize ? Array(output[..<rawSize]) : output }
                for step in 0..<((reference & 0xF) + 2) {
                    let byte = ring[(offset + step) & 0xFFF]
                    output.append(byte)
                    ring[write] = byte
                    write = (write + 1) & 0xFFF
                }
            }
        }
        throw MailError("compressed RTF body ends before its end marker")
    }
}

/// The body an RTF document stands for ([MS-OXRTFEX]): the HTML or text encapsulated in it (`\fromhtml1`,
/// `\fromtext`), else the text of the RTF itself (paragraphs as lines, the font table, pictures, field codes and
/// other destinations left out).
public struct RTFBody: Sendable, Equatable {
    /// What the body is.
    public enum Kind: Sendable, Equatable {
        /// HTML encapsulated by Outlook: the original page.
        case html
        /// Plain text: encapsulated, or the RTF's own text.
        case text
    }

    public var kind: Kind
    public var text: String

    /// The body of the RTF document `rtf`.
    public init(rtf: [UInt8]) {
        var reader = RTFReader(rtf)
        kind = reader.encapsulation == .html ? .html : .text
        text = reader.read()
    }
}

/// A single pass over RTF: groups, control words and text, decoded in the code page of the font in use.
struct RTFReader {
    enum Encapsulation { case html, text, none }

    /// What a group carries over from its parent and restores on leaving.
    struct State {
        /// Inside a destination whose text is not the body's (font table, pictures, `\*` groups...).
        var skipping = false
        /// Inside an encapsulated HTML tag (`{\*\htmltag...}`).
        var inTag = false
        /// Between `\htmlrtf` and `\htmlrtf0`: RTF written for RTF readers only.
        var suppressed = false
        /// Inside the font table.
        var fontTable = false
        /// The code page of the font in use.
        var codePage: Int
        /// How many characters follow a `\uN` as its fallback (`\ucN`).
        var fallback = 1
    }

    let bytes: [UInt8]
    let encapsulation: Encapsulation
    var defaultCodePage = 1252
    var fontCodePages: [Int: Int] = [:]
    var definingFont = 0
    var output = ""
    var pending: [UInt8] = []
    var pendingCodePage = 1252
    var highSurrogate: UInt16?

    /// Destinations whose text is not the body's, even without `\*`.
    static let ignoredDestinations: Set<String> = [
        "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl", "headerr", "headerf", "footer",
        "footerl", "footerr", "footerf", "fldinst", "themedata", "colorschememapping", "latentstyles", "datastore",
        "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "filetbl", "revtbl", "pntext",
        "pntxta", "pntxtb", "bkmkstart", "bkmkend", "txe", "xe", "tc", "objdata", "nonshppict", "mhtmltag",
    ]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        encapsulation = RTFReader.encapsulation(bytes)
    }

    /// Whether the header (the control words before the first group or text) says `\fromhtml` or `\fromtext`.
    static func encapsulation(_ bytes: [UInt8]) -> Encapsulation {
        var index = 0
        var depth = 0
        while index < bytes.count, index < 4096 {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                depth += 1
                if depth > 1 { return .none }
                index += 1
            case UInt8(ascii: "\\"):
                var end = index + 1
                while end < bytes.count, isLetter(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                if word == "fromhtml" { return .html }
                if word == "fromtext" { return .text }
                index = max(end, index + 2)
            case UInt8(ascii: "}"):
                return .none
            default:
                index += 1
            }
        }
        return .none
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The Windows code page of RTF character set `charset` (`\fcharsetN`), or nil for the document's own.
    static func codePage(charset: Int) -> Int? {
        switch charset {
        case 0: return 1252
        case 77: return 10000
        case 128: return 932
        case 129: return 949
        case 134: return 936
        case 136: return 950
        case 161: return 1253
        case 162: return 1254
        case 163: return 1258
        case 177: return 1255
        case 178: return 1256
        case 186: return 1257
        case 204: return 1251
        case 222: return 874
        case 238: return 1250
        default: return nil
        }
    }

    /// Whether text in `state` belongs to the body.
    func emits(_ state: State) -> Bool {
        if state.skipping || state.fontTable { return false }
        switch encapsulation {
        case .html: return state.inTag || !state.suppressed
        case .text: return !state.suppressed
        case .none: return true
        }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        output += MailCharset.decode(pending, charset: OutlookMessage.charset(codePage: pendingCodePage)).text
        pending.removeAll(keepingCapacity: true)
    }

    mutating func emit(byte: UInt8, _ state: State) {
        guard emits(state) else { return }
        if !pending.isEmpty, pendingCodePage != state.codePage { flush() }
        pendingCodePage = state.codePage
        pending.append(byte)
    }

    mutating func emit(_ text: String, _ state: State) {
        guard emits(state) else { return }
        flush()
        output += text
    }

    mutating func emit(unicode value: Int, _ state: State) {
        guard emits(state) else { return }
        let unit = UInt16(truncatingIfNeeded: value < 0 ? value + 65536 : value)
        if let high = highSurrogate {
            highSurrogate = nil
            if UTF16.isTrailSurrogate(unit) {
                flush()
                output += String(decoding: [high, unit], as: UTF16.self)
                return
            }
        }
        if UTF16.isLeadSurrogate(unit) {
            highSurrogate = unit
            return
        }
        flush()
        output += String(decoding: [unit], as: UTF16.self)
    }

    /// Reads the whole document.
    mutating func read() -> String {
        var state = State(codePage: defaultCodePage)
        var stack: [State] = []
        var index = 0
        // Characters still to skip after a `\uN` (its fallback for readers without Unicode).
        var skip = 0
        // The group just opened: its first control word may name a destination.
        var groupStart = false
        var starred = false
        let lineBreak = encapsulation == .html ? "\r\n" : "\n"
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                guard stack.count < 1000 else { return finish() }
                stack.append(state)
                groupStart = true
                starred = false
                skip = 0
                index += 1
                continue
            case UInt8(ascii: "}"):
                if let outer = stack.popLast() {
                    state = outer
                    if !outer.fontTable { definingFont = 0 }
                }
                groupStart = false
                starred = false
                skip = 0
                index += 1
                continue
            case 0x0D, 0x0A:
                index += 1
                continue
            case UInt8(ascii: "\\"):
                break
            default:
                groupStart = false
                if skip > 0 {
                    skip -= 1
                } else {
                    emit(byte: byte, state)
                }
                index += 1
                continue
            }
            // A control word or symbol.
            guard index + 1 < bytes.count else { break }
            let next = bytes[index + 1]
            if !RTFReader.isLetter(next) {
                index += 2
                let wasStart = groupStart
                groupStart = false
                switch next {
                case UInt8(ascii: "*"):
                    if wasStart {
                        starred = true
                        groupStart = true
                    }
                case UInt8(ascii: "'"):
                    guard index + 1 < bytes.count, let high = RTFReader.hex(bytes[index]),
                        let low = RTFReader.hex(bytes[index + 1])
                    else { continue }
                    index += 2
                    if skip > 0 {
                        skip -= 1
                    } else {
                        emit(byte: high << 4 | low, state)
                    }
                case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    if skip > 0 { skip -= 1 } else { emit(byte: next, state) }
                case UInt8(ascii: "~"):
                    if skip > 0 { skip -= 1 } else { emit("\u{00A0}", state) }
                case UInt8(ascii: "_"):
                    if skip > 0 { skip -= 1 } else { emit("\u{2011}", state) }
                case 0x0D, 0x0A:
                    emit(lineBreak, state)
                default:
                    if skip > 0 { skip -= 1 }
                }
                continue
            }
            var end = index + 1
            while end < bytes.count, end - index <= 32, RTFReader.isLetter(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            var parameter: Int?
            var numberEnd = end
            if numberEnd < bytes.count, bytes[numberEnd] == UInt8(ascii: "-") { numberEnd += 1 }
            let digitsStart = numberEnd
            while numberEnd < bytes.count, numberEnd - digitsStart < 10, RTFReader.isDigit(bytes[numberEnd]) {
                numberEnd += 1
            }
            if numberEnd > digitsStart {
                parameter = Int(String(decoding: bytes[end..<numberEnd], as: UTF8.self))
                end = numberEnd
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: " ") { end += 1 }
            index = end
            let wasStart = groupStart
            let wasStarred = starred
            groupStart = false
            starred = false
            if wasStart {
                // The first word of a group: a destination or not.
                if word == "htmltag" && encapsulation == .html && !state.skipping {
                    // A tag's text is in the document's code page, whatever the font.
                    state.inTag = true
                    state.codePage = defaultCodePage
                    continue
                }
                if word == "fonttbl" {
                    state.fontTable = true
                    continue
                }
                if wasStarred || RTFReader.ignoredDestinations.contains(word) {
                    state.skipping = true
                    continue
                }
            }
            if skip > 0 && word != "u" {
                skip -= 1
                continue
            }
            switch word {
            case "ansicpg":
                if let page = parameter, page > 0 {
                    defaultCodePage = page
                    if !state.fontTable { state.codePage = page }
                }
            case "f":
                if state.fontTable {
                    definingFont = parameter ?? 0
                } else if let font = parameter {
                    state.codePage = fontCodePages[font] ?? defaultCodePage
                }
            case "fcharset":
                if state.fontTable, let charset = parameter {
                    fontCodePages[definingFont] = RTFReader.codePage(charset: charset) ?? defaultCodePage
                }
            case "cpg":
                if state.fontTable, let page = parameter, page > 0 { fontCodePages[definingFont] = page }
            case "uc":
                state.fallback = max(0, min(parameter ?? 1, 8))
            case "u":
                if let value = parameter {
                    emit(unicode: value, state)
                    skip = state.fallback
                }
            case "htmlrtf":
                state.suppressed = (parameter ?? 1) != 0
            case "par", "line", "sect", "page", "row":
                emit(lineBreak, state)
            case "tab", "cell":
                emit("\t", state)
            case "emdash": emit("\u{2014}", state)
            case "endash": emit("\u{2013}", state)
            case "lquote": emit("\u{2018}", state)
            case "rquote": emit("\u{2019}", state)
            case "ldblquote": emit("\u{201C}", state)
            case "rdblquote": emit("\u{201D}", state)
            case "bullet": emit("\u{2022}", state)
            case "bin":
                // Binary data of the given length follows: never text.
                index = min(bytes.count, index + max(0, parameter ?? 0))
            default:
                break
            }
        }
        return finish()
    }

    mutating func finish() -> String {
        flush()
        return output
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x37
        case 0x61...0x66: return byte - 0x57
        default: return nil
        }
    }
}
