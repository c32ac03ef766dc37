import Foundation

/// A `Content-Type` or `Content-Disposition` value: the main value and its parameters.
///
/// Parameters are matched without regard to case; quoted values are unquoted; RFC 2231 extended values
/// (`filename*=utf-8''na%C3%AFve.txt`) and continuations (`name*0=`, `name*1=`) are joined and decoded; encoded words
/// that some clients put in quoted names are decoded too.
public struct MIMEContentType: Sendable, Equatable {
    /// The value before the first `;`, lower-cased (`text/plain`, `attachment`).
    public var value: String
    /// Parameters by lower-cased name.
    public var parameters: [String: String]

    /// Parses a header value; an empty or missing value gives `fallback`.
    public init(_ header: String?, fallback: String = "text/plain") {
        let text = header ?? ""
        var pieces = MIMEContentType.split(text)
        let first = MailText.trimmed(pieces.isEmpty ? "" : pieces.removeFirst()).lowercased()
        value = first.isEmpty ? fallback : first
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, value: String, encoded: Bool)]] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = MailText.trimmed(String(piece[..<equals])).lowercased()
            var raw = MailText.trimmed(String(piece[piece.index(after: equals)...]))
            if raw.count >= 2 && raw.hasPrefix("\"") && raw.hasSuffix("\"") {
                raw = String(raw.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            guard name.contains("*") else {
                plain[name] = raw
                continue
            }
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            var index = 0
            if let star = name.firstIndex(of: "*") {
                index = Int(name[name.index(after: star)...]) ?? 0
                name = String(name[..<star])
            }
            extended[name, default: []].append((index, raw, encoded))
        }
        for (name, parts) in extended {
            let ordered = parts.sorted { $0.index < $1.index }
            var charset = "utf-8"
            var bytes: [UInt8] = []
            for (position, part) in ordered.enumerated() {
                var valueText = Substring(part.value)
                if part.encoded && position == 0 {
                    let fields = part.value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        if !fields[0].isEmpty { charset = String(fields[0]) }
                        valueText = fields[2]
                    }
                }
                bytes += part.encoded ? MIMEContentType.percentDecoded(valueText) : Array(valueText.utf8)
            }
            plain[name] = MailCharset.decode(bytes, charset: charset).text
        }
        parameters = plain.mapValues { EncodedWords.decode($0).text }
    }

    /// The part before the `/` (`text`, `multipart`).
    public var type: String { String(value.prefix { $0 != "/" }) }

    /// A parameter's value (`charset`, `boundary`, `name`, `filename`).
    public subscript(parameter: String) -> String? { parameters[parameter.lowercased()] }

    /// Splits at `;` outside quotes.
    private static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
                current.append(character)
                continue
            }
            if character == "\\" && inQuotes {
                escaped = true
                current.append(character)
                continue
            }
            if character == "\"" { inQuotes.toggle() }
            if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x25, index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }
}
