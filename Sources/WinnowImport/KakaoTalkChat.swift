import Foundation

/// A chat exported from KakaoTalk ("Export chat" / 대화 내보내기): a header naming the chat's other party and when it
/// was saved, then one message a line in one of two forms, its further lines under it.
///
/// The desktop app writes days under dashed dates and each message with its speaker and time in brackets; the phone
/// apps write each message after its date and time and a comma, the speaker before ` : `:
///
/// ```
/// Ann Lee 님과 카카오톡 대화
/// 저장한 날짜 : 2024-03-05 10:00:00
///
/// --------------- 2024년 3월 4일 월요일 ---------------
/// [Ann Lee] [오전 9:00] My order has not arrived.
/// [Acme Support] [오전 9:05] Sorry! It ships today.
///
/// KakaoTalk Chats with Ann Lee
/// Date Saved : March 5, 2024, 10:00 AM
///
/// March 4, 2024, 9:00 AM, Ann Lee : My order has not arrived.
/// March 4, 2024, 9:05 AM, You : Sorry! It ships today.
/// ```
///
/// The other party the header names is the customer: a business exports its chats with its customers (the phone
/// apps name the one exporting `You` or `회원님`).
enum KakaoTalkChat {
    /// The header's forms, before and after the other party's name: Korean (`Ann Lee 님과 카카오톡 대화`, the phone
    /// apps' `님과의`) and English (`KakaoTalk Chats with Ann Lee`, the desktop app's `Ann Lee with KakaoTalk
    /// Chats`).
    static let headerForms: [(prefix: String, suffix: String)] = [
        ("", "님과 카카오톡 대화"), ("", "님과의 카카오톡 대화"), ("KakaoTalk Chats with ", ""), ("", " with KakaoTalk Chats"),
    ]

    /// The second line's label of when the chat was saved.
    static let savedLabels = ["저장한 날짜", "Date Saved", "Saved Date", "Saved on"]

    /// Whether a file's first bytes open a KakaoTalk export: a header line of one of ``headerForms`` over a line
    /// saying when it was saved (``savedLabels``).
    static func isExport(_ prefix: [UInt8]) -> Bool {
        let text = String(decoding: prefix.prefix(2048), as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).prefix(2).map(String.init)
        guard lines.count == 2, partner(header: lines[0]) != nil else { return false }
        let saved = lines[1].trimmingCharacters(in: .whitespaces)
        return savedLabels.contains {
            saved.hasPrefix($0) && String(saved.dropFirst($0.count)).trimmingSpaces.hasPrefix(":")
        }
    }

    /// The chat's other party as the header line names them; nil when it names none.
    static func partner(header: String) -> String? {
        var line = header.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        for form in headerForms where line.hasPrefix(form.prefix) && line.hasSuffix(form.suffix) {
            guard line.count > form.prefix.count + form.suffix.count else { continue }
            let name = LINEChat.speakerName(String(line.dropFirst(form.prefix.count).dropLast(form.suffix.count)))
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// The texts KakaoTalk writes for a message holding no words (a photo, an emoticon, a deleted message), in
    /// Korean and English.
    static let placeholders: Set<String> = [
        "사진", "동영상", "이모티콘", "음성메시지", "파일", "삭제된 메시지입니다.", "photo", "photos", "video", "emoticon",
        "emoticons", "voice message", "file", "this message has been deleted.", "deleted message.",
    ]

    /// Whether `said` is a placeholder: one of ``placeholders``, a count of photos (`사진 3장`, `3 photos`), a file
    /// named (`파일: invoice.pdf`).
    static func isPlaceholder(_ said: String) -> Bool {
        let lower = said.trimmingCharacters(in: .whitespaces).lowercased()
        if placeholders.contains(lower) { return true }
        if lower.hasPrefix("사진 "), lower.hasSuffix("장"), lower.dropFirst(3).dropLast().allSatisfy(\.isNumber) {
            return true
        }
        if lower.hasSuffix(" photos"), lower.dropLast(7).allSatisfy(\.isNumber) { return true }
        return lower.hasPrefix("파일: ") || lower.hasPrefix("file: ")
    }

    /// The endings of KakaoTalk's notices written on a line of their own (someone joined, left, was invited).
    static let noticeEndings = [
        "님이 들어왔습니다.", "님이 나갔습니다.", "님을 초대했습니다.", "님을 내보냈습니다.", "joined this chatroom.",
        "left this chatroom.", "joined this chat.", "left this chat.",
    ]

    /// The export as transcript lines (`Ann Lee: My order has not arrived.`): the header, the dates and the notices
    /// left out, a message's further lines kept under it, media placeholders no message.
    static func transcriptText(_ text: String) -> String {
        var out: [String] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            // The header and when it was saved.
            if index < 2 {
                out.append("")
                continue
            }
            if let (speaker, said) = message(line) {
                let name = LINEChat.speakerName(speaker)
                out.append(name.isEmpty || isPlaceholder(said) ? "" : "\(name): \(said)")
            } else if isDateLine(line) || noticeEndings.contains(where: { line.hasSuffix($0) }) {
                out.append("")
            } else {
                // A message's further line.
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The speaker and text of a message line, in the desktop app's form (`[Ann Lee] [오전 9:00] text`, `[Ann]
    /// [9:00 AM] text`) or the phone apps' (`2024년 3월 4일 오전 9:00, Ann Lee : text`, `2024. 3. 4. 오전 9:00, Ann :
    /// text`, `March 4, 2024, 9:00 AM, Ann : text`, `March 4, 2024 at 9:00 AM, Ann : text`); nil for other lines.
    static func message(_ line: String) -> (speaker: String, said: String)? {
        if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
            let speaker = String(line[line.index(after: line.startIndex)..<close])
            let rest = line[line.index(after: close)...].drop { $0 == " " }
            guard rest.hasPrefix("["), let end = rest.firstIndex(of: "]"),
                hasTime(rest[rest.index(after: rest.startIndex)..<end])
            else { return nil }
            return (speaker, String(rest[rest.index(after: end)...].drop { $0 == " " }))
        }
        guard let colon = line.range(of: " : ") else { return nil }
        let head = line[..<colon.lowerBound]
        guard let comma = head.range(of: ", ", options: .backwards) else { return nil }
        let stamp = String(head[..<comma.lowerBound])
        guard stampPatterns.contains(where: { stamp.range(of: $0, options: .regularExpression) != nil }) else {
            return nil
        }
        return (String(head[comma.upperBound...]), String(line[colon.upperBound...]))
    }

    /// Whether `text` holds a time (`9:05`, `오후 12:03`, `2024. 3. 4. 오후 12:03`): a desktop message's bracket.
    static func hasTime(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex,
            text[text.index(before: colon)].isNumber, text[text.index(after: colon)...].first?.isNumber == true
        else { return false }
        return text.count <= 40 && !text.contains("[")
    }

    /// A day's line: the desktop app's dashed date, or the phone apps' date (and time) alone on its line
    /// (`2024년 3월 4일 월요일`, `2024. 3. 4. 오전 9:00`, `March 4, 2024, 9:00 AM`, `Monday, March 4, 2024`).
    static func isDateLine(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("---------------"), trimmed.hasSuffix("---------------") { return true }
        return dateLinePatterns.contains { trimmed.range(of: $0, options: .regularExpression) != nil }
    }

    /// The phone apps' forms of a message's date and time.
    static let stampPatterns = [
        #"^\d{4}년 \d{1,2}월 \d{1,2}일 (오[전후] )?\d{1,2}:\d{2}$"#,
        #"^\d{4}\. \d{1,2}\. \d{1,2}\.? (오[전후] )?\d{1,2}:\d{2}$"#,
        #"^[A-Z][a-z]+ \d{1,2}, \d{4}(,| at) \d{1,2}:\d{2}([ \x{202F}\x{00A0}]?[AaPp]\.?[Mm]\.?)?$"#,
    ]

    /// ``isDateLine(_:)``'s forms of a phone app's date line.
    static let dateLinePatterns = [
        #"^\d{4}년 \d{1,2}월 \d{1,2}일( [월화수목금토일]요일)?( 오[전후] \d{1,2}:\d{2})?$"#,
        #"^\d{4}\. \d{1,2}\. \d{1,2}\.( [월화수목금토일]요일)?( 오[전후] \d{1,2}:\d{2})?$"#,
        #"^([A-Z][a-z]+, )?[A-Z][a-z]+ \d{1,2}, \d{4}((,| at) \d{1,2}:\d{2}( ?[AaPp]\.?[Mm]\.?)?)?$"#,
    ]
}
