extension PIIScanner {
    /// Words that, just before a number, say it is not a phone number.
    static let notPhoneWords: Set<String> = [
        "order", "orders", "tracking", "track", "invoice", "inv", "ref", "reference", "ticket", "case", "account",
        "acct", "iban", "card", "serial", "sku", "po", "confirmation", "transaction", "id", "item", "receipt",
        "parcel", "shipment", "awb", "policy", "customer", "member", "booking", "reservation", "model", "part",
        "version", "build", "code", "isbn", "zip", "postcode", "amount", "total", "price", "purchase", "purchases",
        "payment", "subscription", "membership", "claim", "application", "contract", "registration", "license",
        "licence", "warranty", "imei", "passport", "pin", "otp", "cvv", "voucher", "coupon", "batch", "lot",
        "shipping", "delivery", "refund", "return", "rma", "loan", "statement", "bill", "billing", "quote", "request",
        "incident", "bank", "routing", "sort", "swift", "vat", "tax", "ssn", "tin",
    ]

    /// Phone words too weak to make a bare run of digits a phone number ("number" is also an order's or an
    /// account's): they count only for a number written with phone formatting (groups, parentheses).
    static let weakPhoneWords: Set<String> = ["number", "contact", "reach", "text"]

    /// Words that, just before a number, say it is a phone number.
    static let phoneWords: Set<String> = [
        "phone", "tel", "telephone", "call", "mobile", "cell", "fax", "whatsapp", "sms", "text", "ring", "contact",
        "reach", "landline", "number", "ph", "mob",
    ]

    /// Phone numbers. International numbers start with `+`; national ones need a phone-like shape: an area code in
    /// parentheses, the North American 3-3-4 grouping, a leading trunk `0` with 9 to 11 digits, or a phone word
    /// ("call", "tel") just before. Dates, prices, version numbers, order and tracking numbers are refused: a
    /// number glued to letters, `#`, `$` or `/`, shaped like a date, or preceded by "order", "tracking"... is not a
    /// phone number.
    static func phones(in text: FieldText) -> [Range<Int>] {
        let bytes = text.bytes
        var found: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == ASCII.plus || byte == ASCII.openParen || ASCII.isDigit(byte) else {
                position += 1
                continue
            }
            if position > 0, !canPrecedePhone(bytes[position - 1]) {
                position = max(skipToken(bytes, from: position), position + 1)
                continue
            }
            let candidate = PhoneCandidate(bytes, start: position)
            if candidate.end > position, endsToken(bytes, candidate.end), isPhone(candidate, text: text, at: position) {
                found.append(position..<candidate.end)
                position = candidate.end
            } else {
                position = skipToken(bytes, from: max(candidate.end, position + 1))
            }
        }
        return found
    }

    private static func canPrecedePhone(_ byte: UInt8) -> Bool {
        !(ASCII.isWordByte(byte) || byte == ASCII.dot || byte == ASCII.minus || byte == ASCII.slash
            || byte == ASCII.hash || byte == UInt8(ascii: "$") || byte == ASCII.at || byte == ASCII.underscore
            || byte == UInt8(ascii: ",") || byte == ASCII.plus)
    }

    /// Skips the rest of a word or number that cannot hold a phone number.
    static func skipToken(_ bytes: [UInt8], from position: Int) -> Int {
        var cursor = position
        while cursor < bytes.count, ASCII.isWordByte(bytes[cursor]) { cursor += 1 }
        return max(cursor, position)
    }

    private static func isPhone(_ candidate: PhoneCandidate, text: FieldText, at start: Int) -> Bool {
        let digits = candidate.digitCount
        let groups = candidate.groups
        guard (7...15).contains(digits), !candidate.isDateShaped else { return false }
        if candidate.hasPlus { return digits >= 8 }
        let context = previousWords(text.lower, before: start)
        if context.contains(where: notPhoneWords.contains) { return false }
        // An unformatted run of digits is an id more often than not: only a clear phone word ("call", "tel") makes
        // it a phone number, and only at a national number's length.
        let unformatted = groups.count <= 1 && candidate.parentheses == 0
        if unformatted, digits > 11 { return false }
        let phoneWord = context.contains { word in
            phoneWords.contains(word) && !(unformatted && weakPhoneWords.contains(word))
        }
        if candidate.parentheses == 1, digits <= 11 { return true }
        if candidate.parentheses > 1 { return false }
        if groups.count >= 2 {
            if candidate.onlyDots, !(groups == [3, 3, 4] || candidate.leadingZero) { return false }
            if digits == 10, groups == [3, 3, 4] || groups == [3, 7] { return true }
            if candidate.leadingZero, (9...11).contains(digits), groups[0] <= 5 { return true }
        }
        return phoneWord
    }

    /// Up to three lower-cased words before `position`, nearest first (skipping "no", "nr", "#" and the like).
    static func previousWords(_ lower: [UInt8], before position: Int) -> [String] {
        var words: [String] = []
        var cursor = position
        while words.count < 3, cursor > 0 {
            while cursor > 0, !ASCII.isAlphanumeric(lower[cursor - 1]) {
                if lower[cursor - 1] == ASCII.newline { return words }
                cursor -= 1
            }
            let end = cursor
            while cursor > 0, ASCII.isAlphanumeric(lower[cursor - 1]) { cursor -= 1 }
            guard end > cursor, end - cursor <= 16 else { break }
            let word = String(decoding: lower[cursor..<end], as: UTF8.self)
            if !["no", "nr", "num", "me", "us", "on", "at", "is", "my", "our", "the", "your", "me"].contains(word) {
                words.append(word)
            }
        }
        return words
    }
}

/// A run of digits and phone separators (one space, `-`, `.`, parentheses) starting at a possible phone number.
struct PhoneCandidate {
    /// One past the last digit.
    private(set) var end: Int
    private(set) var digitCount = 0
    /// Digits per group, in order.
    private(set) var groups: [Int] = []
    private(set) var hasPlus = false
    private(set) var parentheses = 0
    private(set) var onlyDots = true
    private(set) var leadingZero = false
    private var separators: [UInt8] = []

    init(_ bytes: [UInt8], start: Int) {
        end = start
        var cursor = start
        var current = 0
        var separatorRun = 0
        var openParentheses = 0
        // What the separators looked like at the last digit: trailing text such as " (mobile)" does not count.
        var atLastDigit = (parentheses: 0, open: 0, onlyDots: true, separators: 0)
        if bytes[cursor] == ASCII.plus {
            hasPlus = true
            cursor += 1
        }
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if ASCII.isDigit(byte) {
                if digitCount == 0 { leadingZero = byte == UInt8(ascii: "0") }
                current += 1
                digitCount += 1
                separatorRun = 0
                cursor += 1
                end = cursor
                atLastDigit = (parentheses, openParentheses, onlyDots, separators.count)
                if digitCount > 15 { return }
                continue
            }
            let isSeparator =
                byte == ASCII.space || byte == ASCII.minus || byte == ASCII.dot || byte == ASCII.openParen
                || byte == ASCII.closeParen
            guard isSeparator, separatorRun < 2 else { break }
            if byte == ASCII.space, separatorRun == 1, separators.last != ASCII.closeParen { break }
            if byte == ASCII.openParen {
                openParentheses += 1
                parentheses += 1
            } else if byte == ASCII.closeParen {
                guard openParentheses > 0 else { break }
                openParentheses -= 1
            }
            if current > 0 {
                groups.append(current)
                current = 0
            }
            if byte != ASCII.dot, byte != ASCII.openParen || digitCount > 0 { onlyDots = false }
            separators.append(byte)
            separatorRun += 1
            cursor += 1
        }
        if current > 0 { groups.append(current) }
        parentheses = atLastDigit.open > 0 ? 2 : atLastDigit.parentheses
        onlyDots = atLastDigit.onlyDots
        separators.removeLast(separators.count - atLastDigit.separators)
    }

    /// Shaped like a date: three groups 4-2-2 or 2-2-4 with `-` or `.` between, alone or followed by more digits
    /// after a space (a date and the hour of a time: "03.02.2016 3:35").
    var isDateShaped: Bool {
        guard groups.count >= 3, separators.count >= 2,
            separators.prefix(2).allSatisfy({ $0 == ASCII.minus || $0 == ASCII.dot }),
            groups.count == 3 || separators.dropFirst(2).first == ASCII.space
        else {
            return false
        }
        let short = 1...2
        return (groups[0] == 4 && short.contains(groups[1]) && short.contains(groups[2]))
            || (short.contains(groups[0]) && short.contains(groups[1]) && groups[2] == 4)
    }
}
