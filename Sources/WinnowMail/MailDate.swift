import WinnowCore

/// A point in time read from a `Date:` header or an mbox `From ` line, as seconds since 1970-01-01 UTC.
///
/// Reads RFC 5322 dates (`Thu, 3 Dec 2026 08:28:56 +0100`) and the broken forms mail software writes: no weekday,
/// no seconds, two- or four-digit years, `GMT`/`UT`/`EST`/`PDT`... zone names, a zone in parentheses, the
/// asctime form of mbox separators (`Thu Dec  3 08:28:56 2026`), ISO 8601 (`2026-12-03T08:28:56Z`), and
/// `3.12.2026 08:28` / `2026/12/03` numeric dates (day first when the first number is not a year).
public struct MailDate: Sendable, Equatable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    /// The date `secondsSince1970` seconds after the epoch.
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    public static func < (lhs: MailDate, rhs: MailDate) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// Parses `text`, or returns nil when no day, month and year can be found in it.
    public init?(parsing text: String) {
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset = 0
        var meridiem: String?
        var numbers: [Int] = []
        let tokens = MailDate.tokens(text)
        for token in tokens {
            let lowered = token.lowercased()
            if token.contains(":") {
                let parts = token.split(separator: ":").map { Int($0) }
                if parts.count >= 2, let hour = parts[0], let minute = parts[1], hour < 24, minute < 60 {
                    let second = parts.count > 2 ? (parts[2] ?? 0) : 0
                    time = (hour, minute, min(second, 60))
                }
                continue
            }
            if (token.hasPrefix("+") || token.hasPrefix("-")) && token.count == 5, let value = Int(token.dropFirst()) {
                let sign = token.hasPrefix("-") ? -1 : 1
                offset = sign * ((value / 100) * 3600 + (value % 100) * 60)
                continue
            }
            if lowered == "pm" || lowered == "am" {
                meridiem = lowered
                continue
            }
            if let zone = MailDate.zones[lowered] {
                offset = zone * 3600
                continue
            }
            if month == nil, let named = MailDate.month(lowered) {
                month = named
                continue
            }
            if let number = Int(token) { numbers.append(number) }
        }
        if month != nil {
            for number in numbers {
                if number > 31 || (day != nil && year == nil) {
                    if year == nil { year = number }
                } else if day == nil, number >= 1 {
                    day = number
                }
            }
        } else if numbers.count >= 3 {
            if numbers[0] > 31 {
                (year, month, day) = (numbers[0], numbers[1], numbers[2])
            } else {
                (day, month, year) = (numbers[0], numbers[1], numbers[2])
            }
        }
        guard var year, let month, let day, (1...12).contains(month), (1...31).contains(day) else { return nil }
        if year < 50 {
            year += 2000
        } else if year < 1000 {
            year += 1900
        }
        guard (1900...9999).contains(year) else { return nil }
        let days = MailDate.daysFromCivil(year: year, month: month, day: day)
        if var clock = time, let meridiem {
            if meridiem == "pm" && clock.hour < 12 { clock.hour += 12 }
            if meridiem == "am" && clock.hour == 12 { clock.hour = 0 }
            time = clock
        }
        let clock = time.map { $0.hour * 3600 + $0.minute * 60 + $0.second } ?? 0
        secondsSince1970 = Int64(days) * 86_400 + Int64(clock) - Int64(offset)
    }

    /// The date as ISO 8601 in UTC (`2026-12-03T07:28:56Z`).
    public var iso8601: String {
        let days = Int(secondsSince1970.dividedRoundingDown(by: 86_400))
        let seconds = Int(secondsSince1970 - Int64(days) * 86_400)
        let (year, month, day) = MailDate.civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }

    /// The date as an RFC 5322 `Date:` value in UTC (`Thu, 03 Dec 2026 07:28:56 +0000`).
    public var rfc5322: String {
        let days = Int(secondsSince1970.dividedRoundingDown(by: 86_400))
        let seconds = Int(secondsSince1970 - Int64(days) * 86_400)
        let (year, month, day) = MailDate.civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        // 1970-01-01 was a Thursday.
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    /// Words and numbers of a date: split at spaces, commas, parentheses, `T` between digits, and the `/`, `.` and
    /// `-` of numeric dates; a `Z` after the time is UTC.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var skipDigits = false
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : " "
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            var separator =
                character == " " || character == "," || character == "(" || character == ")"
                || character == "\t" || character == "/" || character == "."
            if character == "-" && previous.isNumber && next.isNumber && !current.contains(":") { separator = true }
            if (character == "T" || character == "Z") && previous.isNumber { separator = true }
            if separator {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if character == "Z" { tokens.append("z") }
                // Fractions of a second: skip their digits.
                skipDigits = character == "." && tokens.last?.contains(":") == true
                continue
            }
            if skipDigits {
                if character.isNumber { continue }
                skipDigits = false
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private static func month(_ word: String) -> Int? {
        let prefix = word.prefix(3)
        guard word.allSatisfy(\.isLetter), word.count >= 3 else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        if let index = names.firstIndex(of: String(prefix)) { return index + 1 }
        // German, French and Spanish spellings mail software writes.
        let other: [String: Int] = [
            "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12, "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juin": 6,
            "juil": 7, "août": 8, "aout": 8, "déc": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
        ]
        return other[word] ?? other[String(word.prefix(4))] ?? other[String(prefix)]
    }

    /// Hours east of UTC for the zone names RFC 822 allows, and the ones mail software writes anyway.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2, "eet": 2, "eest": 3,
        "msk": 3, "ist": 5, "jst": 9, "kst": 9, "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7,
        "pdt": -7, "pst": -8, "akst": -9, "hst": -10,
    ]

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number made by ``daysFromCivil(year:month:day:)``.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) { CivilDate.civil(fromDays: days) }
}

extension Int64 {
    /// Integer division rounding towards negative infinity.
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
