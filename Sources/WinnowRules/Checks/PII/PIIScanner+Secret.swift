extension PIIScanner {
    /// Tags of the secret phrase list: token prefixes (the whole token is the secret) and keywords (the value after
    /// `:`, `=` or "is" is).
    private enum SecretTag: Int {
        case tokenPrefix
        case privateKey
        case bearer
        case password
        case key
    }

    static let secretPhrases = PhraseMatcher(
        [
            "sk_live_*", "sk_test_*", "rk_live_*", "ghp_*", "gho_*", "ghu_*", "ghs_*", "github_pat_*", "xoxb-*",
            "xoxp-*", "xoxa-*", "xoxs-*", "glpat-*", "akia*", "aiza*", "sk-*",
        ].map { ($0, SecretTag.tokenPrefix.rawValue) }
            + [("-----begin*", SecretTag.privateKey.rawValue), ("bearer", SecretTag.bearer.rawValue)]
            + ["password", "passwd", "pwd", "passcode", "pass code", "pin code", "pin"].map {
                ($0, SecretTag.password.rawValue)
            }
            + [
                "api key", "api_key", "apikey", "api-key", "secret", "client_secret", "secret key", "access token",
                "access_token", "auth token", "token", "private key",
            ].map { ($0, SecretTag.key.rawValue) })

    /// API keys and tokens with well-known prefixes (`sk_live_`, `ghp_`, `AKIA`, `xoxb-`...), private key blocks,
    /// bearer tokens, and values given after a keyword: "password: Summer2024!", "my password is hunter2",
    /// "api_key=...". A value after a keyword must look like a secret (a digit, a symbol or mixed case; at least
    /// 12 characters for keys), so "reset your password" or "password is incorrect" are not secrets.
    static func secrets(in text: FieldText) -> [Range<Int>] {
        let bytes = text.bytes
        var found: [Range<Int>] = []
        for match in secretPhrases.matches(in: text.lower) {
            guard let tag = SecretTag(rawValue: match.phrase.tag) else { continue }
            let range: Range<Int>?
            switch tag {
            case .tokenPrefix:
                let end = tokenEnd(bytes, from: match.range.upperBound)
                let isAWS = match.phrase.text == "akia*"
                range =
                    end - match.range.upperBound >= (isAWS ? 16 : 20)
                        && (!isAWS || bytes[match.range].allSatisfy(ASCII.isUpper))
                        && startsToken(bytes, match.range.lowerBound) ? match.range.lowerBound..<end : nil
            case .privateKey:
                range = privateKeyBlock(text, from: match.range.lowerBound)
            case .bearer:
                let start = skipSpaces(bytes, from: match.range.upperBound)
                let end = tokenEnd(bytes, from: start)
                range = start > match.range.upperBound && end - start >= 20 ? start..<end : nil
            case .password, .key:
                range = assignedValue(bytes, after: match.range.upperBound, minimumLength: tag == .key ? 12 : 4)
            }
            if let range, found.last.map({ $0.upperBound <= range.lowerBound }) ?? true { found.append(range) }
        }
        return found
    }

    private static func tokenEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count,
            ASCII.isAlphanumeric(bytes[end]) || bytes[end] == ASCII.underscore || bytes[end] == ASCII.minus
                || bytes[end] == ASCII.dot || bytes[end] == ASCII.slash || bytes[end] == ASCII.plus
                || bytes[end] == ASCII.equals
        {
            end += 1
        }
        while end > start, bytes[end - 1] == ASCII.dot { end -= 1 }
        return end
    }

    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == ASCII.space || bytes[cursor] == 0x09 { cursor += 1 }
        return cursor
    }

    private static func privateKeyBlock(_ text: FieldText, from start: Int) -> Range<Int>? {
        let header = text.lower[start..<min(text.lower.count, start + 60)]
        guard String(decoding: header, as: UTF8.self).contains("private key") else { return nil }
        let footer = Array("-----end".utf8)
        var cursor = start + 10
        while cursor + footer.count <= text.lower.count {
            if text.lower[cursor..<(cursor + footer.count)].elementsEqual(footer) {
                var end = cursor + footer.count
                var dashes = 0
                while end < text.lower.count, dashes < 5 {
                    if text.lower[end] == ASCII.minus { dashes += 1 }
                    end += 1
                }
                return start..<end
            }
            cursor += 1
        }
        return start..<text.bytes.count
    }

    /// The value after a keyword: `: value`, `= value`, ` is value` or ` was value`, when it looks like a secret.
    private static func assignedValue(_ bytes: [UInt8], after keywordEnd: Int, minimumLength: Int) -> Range<Int>? {
        var cursor = skipSpaces(bytes, from: keywordEnd)
        guard cursor < bytes.count else { return nil }
        if bytes[cursor] == ASCII.colon || bytes[cursor] == ASCII.equals {
            cursor += 1
        } else {
            var matchedVerb = false
            for verb in ["is", "was", "="] {
                let verbBytes = Array(verb.utf8)
                let end = cursor + verbBytes.count
                if end < bytes.count, bytes[cursor..<end].map(ASCII.lowered).elementsEqual(verbBytes),
                    bytes[end] == ASCII.space
                {
                    cursor = end
                    matchedVerb = true
                    break
                }
            }
            guard matchedVerb, cursor > keywordEnd else { return nil }
        }
        cursor = skipSpaces(bytes, from: cursor)
        while cursor < bytes.count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 || bytes[cursor] == 0x60 {
            cursor += 1
        }
        let start = cursor
        while cursor < bytes.count, !ASCII.isSpace(bytes[cursor]) { cursor += 1 }
        var end = cursor
        // Sentence punctuation after the value decides nothing ("my PIN is blocked?"); a final "!" or "?" stays in
        // the span when the value is a secret, since it may belong to the password.
        while end > start, Array(".,;:\"'`)".utf8).contains(bytes[end - 1]) { end -= 1 }
        var core = end
        while core > start, bytes[core - 1] == UInt8(ascii: "!") || bytes[core - 1] == UInt8(ascii: "?") { core -= 1 }
        guard core - start >= minimumLength else { return nil }
        let value = bytes[start..<core]
        guard !value.allSatisfy({ $0 == UInt8(ascii: "*") || $0 == ASCII.dot || $0 == UInt8(ascii: "x") }) else {
            return nil
        }
        let hasDigit = value.contains(where: ASCII.isDigit)
        let hasSymbol = value.contains { !ASCII.isAlphanumeric($0) && $0 < 0x80 }
        let hasUpper = value.dropFirst().contains(where: ASCII.isUpper)
        let hasLower = value.contains(where: ASCII.isLower)
        guard hasDigit || hasSymbol || (hasUpper && hasLower) else { return nil }
        return start..<end
    }
}
