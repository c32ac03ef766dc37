import Foundation

/// A chat exported from LINE ("Send chat history" / "Export chat history"): a header naming the chat's other party,
/// then days under their dates and one message a line, its time, its sender and its text apart by tabs; a message of
/// several lines is written in double quotes.
///
/// ```
/// [LINE] Chat history with Ann Lee
/// Saved on: 2024/03/05 10:00
///
/// 2024/03/04(Mon)
/// 09:00	Ann Lee	My order has not arrived.
/// 09:05	Acme Support	Sorry! It ships today.
/// ```
///
/// The other party the header (or the file's name, `[LINE] Chat with Ann Lee.txt`) names is the customer: a business
/// exports its chats with its customers.
enum LINEChat {
    /// Whether a file's first bytes open a LINE export: its first line starts with `[LINE]`.
    static func isExport(_ prefix: [UInt8]) -> Bool {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.starts(with: Array("[LINE]".utf8))
    }

    /// The chat's other party, as the header line of a chat with one person names them in English, Japanese, Chinese
    /// or Thai (`[LINE] Chat history with Ann Lee`, `[LINE] Ann Leeとのトーク履歴`, `[LINE] 與Ann Lee的聊天記錄`,
    /// `[LINE] ประวัติการสนทนากับ Ann Lee`; a group's `Chat history in ...` names none), or the file's name
    /// (`[LINE] Chat with Ann Lee.txt`, `[LINE] Ann Leeとのトーク.txt`); nil when neither does.
    static func partner(header: String, fileName: String) -> String? {
        var line = header.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        let forms: [(prefix: String, suffix: String)] = [
            ("[LINE] Chat history with ", ""), ("[LINE] Chat with ", ""), ("[LINE] ", "とのトーク履歴"),
            ("[LINE] ", "とのトーク"), ("[LINE] 與", "的聊天記錄"), ("[LINE] 与", "的聊天记录"),
            ("[LINE] ประวัติการสนทนากับ ", ""), ("[LINE] ประวัติการสนทนากับ", ""),
        ]
        let name = (fileName as NSString).deletingPathExtension
        for text in [line, name] {
            for form in forms where text.hasPrefix(form.prefix) && text.hasSuffix(form.suffix) {
                let inner = text.dropFirst(form.prefix.count).dropLast(form.suffix.count)
                let partner = speakerName(String(inner))
                if !partner.isEmpty, !inner.contains("[LINE]") { return partner }
            }
        }
        return nil
    }

    /// A sender's name as a transcript's speaker can be written (``TranscriptText/speakerLine(_:)``): without the
    /// characters a speaker may not hold.
    static func speakerName(_ name: String) -> String {
        let kept = name.map { "()[]<>{}\"?!;=/\\@#*|:".contains($0) ? " " : $0 }
        return String(kept).split(separator: " ").joined(separator: " ")
    }

    /// The texts LINE writes for a message holding no words (a photo, a sticker...), in English and Japanese.
    static let placeholders: Set<String> = [
        "[photo]", "[sticker]", "[video]", "[file]", "[voice message]", "[album]", "[location]", "[contact]",
        "[写真]", "[スタンプ]", "[動画]", "[ファイル]", "[ボイスメッセージ]", "[アルバム]", "[位置情報]", "[連絡先]",
        "[照片]", "[貼圖]", "[影片]", "[檔案]",
    ]

    /// The export as transcript lines (`Ann Lee: My order has not arrived.`): the header, the dates, LINE's notices
    /// (a line of a time and a text alone: someone joined, a message unsent) and its media placeholders left out; a
    /// quoted message's lines kept together without the quotes.
    static func transcriptText(_ text: String) -> String {
        var out: [String] = []
        var inQuote = false
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = String(raw)
            if index == 0 {
                out.append("")
                continue
            }
            if inQuote {
                // The quote closes on a line ending in an odd number of quotes (a doubled one is a quote written).
                if trailingQuotes(line) % 2 == 1 {
                    line.removeLast()
                    inQuote = false
                }
                out.append(line.replacingOccurrences(of: "\"\"", with: "\""))
                continue
            }
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, isTime(parts[0]) else {
                // The date over a day's messages, `Saved on: ...`, a notice, a blank line.
                out.append("")
                continue
            }
            let name = speakerName(parts[1])
            var said = parts[2]
            // LINE quotes a message of several lines, doubling the quotes inside; a message that only opens with a
            // quote (`"Hello" she said`) has a lone quote after it.
            if said.hasPrefix("\""), !said.dropFirst().replacingOccurrences(of: "\"\"", with: "").contains("\"") {
                said.removeFirst()
                inQuote = true
                said = said.replacingOccurrences(of: "\"\"", with: "\"")
            } else if said.count >= 2, said.hasPrefix("\""), trailingQuotes(said) % 2 == 1,
                !said.dropFirst().dropLast().replacingOccurrences(of: "\"\"", with: "").contains("\"")
            {
                // A quoted message on one line.
                said = String(said.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            guard !name.isEmpty, !placeholders.contains(said.trimmingCharacters(in: .whitespaces).lowercased()) else {
                out.append("")
                continue
            }
            out.append("\(name): \(said)")
        }
        return out.joined(separator: "\n")
    }

    /// How many quotes end `line`.
    static func trailingQuotes(_ line: String) -> Int {
        line.reversed().prefix { $0 == "\"" }.count
    }

    /// `09:05`, `21:00`, `午後9:00`, `PM 09:00`: a time as LINE writes it before a message.
    static func isTime(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 12, trimmed.contains(":") else { return false }
        return trimmed.contains(where: \.isNumber)
            && trimmed.allSatisfy { $0.isNumber || ": APMapm午前後上下".contains($0) }
    }
}
