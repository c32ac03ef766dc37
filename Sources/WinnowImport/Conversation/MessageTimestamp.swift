import Foundation

/// Reads the timestamps message exports write, as seconds since 1970 (UTC), to order a conversation's turns.
///
/// Understood: ISO 8601 with or without a zone and fractions (`2024-01-31T10:00:00.250+01:00`, `2024-01-31
/// 10:00:00`, `2024-01-31`), RFC 2822 (`Tue, 31 Oct 2017 22:10:47 +0000`, zone names such as `GMT` or `EST`), the
/// Twitter form (`Tue Oct 31 22:10:47 +0000 2017`), Google Chat's long form (`Monday, March 4, 2024 at 9:12:45 AM
/// UTC`, `Tuesday, 5 March 2024 at 14:02:11 UTC`), Jira's default (`10/Mar/24 2:11 PM`, `10/Mar/2024 14:11`) and
/// Unix time in seconds or milliseconds (a number of 1e11 or more is milliseconds). A time without a zone is read as
/// UTC: turns of one export share their zone.
public enum MessageTimestamp {
    /// The instant `text` names, or nil when it is none of the forms above.
    public static func seconds(from text: String) -> Double? {
        var cursor = Cursor(Array(text.utf8))
        cursor.skipSpaces()
        guard !cursor.isAtEnd else { return nil }
        if let value = unix(cursor) { return value }
        if let value = iso(cursor) { return value }
        if let value = slashed(cursor) { return value }
        return named(cursor) ?? long(text)
    }

    /// Google Chat's long form: a weekday, the date with the month's name (`March 4, 2024` or `5 March 2024`),
    /// `at`, the time with or without `AM`/`PM` (after a space or a narrow no-break space), and a zone.
    private static func long(_ text: String) -> Double? {
        let words = text.replacingOccurrences(of: ",", with: " ").split {
            $0 == " " || $0 == "\u{202F}" || $0 == "\u{A0}"
        }
        .map { $0.lowercased() }
        guard words.count >= 6, weekdays.contains(String(words[0].prefix(3))), words[4] == "at" else { return nil }
        let day: Int
        let month: Int
        if let number = Int(words[1]), let name = months[String(words[2].prefix(3))] {
            (day, month) = (number, name)
        } else if let name = months[String(words[1].prefix(3))], let number = Int(words[2]) {
            (day, month) = (number, name)
        } else {
            return nil
        }
        guard let year = Int(words[3]), words[3].count == 4 else { return nil }
        var rest = Array(words[5...])
        var clockCursor = Cursor(Array(rest.removeFirst().utf8))
        guard var time = clock(&clockCursor), clockCursor.isAtEnd else { return nil }
        if let meridiem = rest.first, meridiem == "am" || meridiem == "pm" {
            rest.removeFirst()
            guard time >= 3600, time < 13 * 3600 else { return nil }
            if time >= 12 * 3600 { time -= 12 * 3600 }
            if meridiem == "pm" { time += 12 * 3600 }
        }
        var zoneCursor = Cursor(Array(rest.joined(separator: " ").uppercased().utf8))
        guard rest.count <= 1, let offset = zone(&zoneCursor), zoneCursor.isAtEnd,
            let date = days(year: year, month: month, day: day)
        else { return nil }
        return Double(date) * 86400 + time - offset
    }

    /// `1509488447`, `1509488447123`, `1509488447.5`.
    private static func unix(_ start: Cursor) -> Double? {
        var cursor = start
        guard let whole = cursor.number(maxDigits: 15), cursor.digits <= 15 else { return nil }
        var value = Double(whole)
        if cursor.take(UInt8(ascii: ".")) {
            guard let fraction = cursor.number(maxDigits: 9) else { return nil }
            value += Double(fraction) / pow(10, Double(cursor.digits))
        }
        cursor.skipSpaces()
        guard cursor.isAtEnd else { return nil }
        return value >= 1e11 ? value / 1000 : value
    }

    /// `2024-01-31`, then optionally `T` or a space, `10:00[:00[.250]]` and a zone.
    private static func iso(_ start: Cursor) -> Double? {
        var cursor = start
        guard let year = cursor.number(maxDigits: 4), cursor.digits == 4, cursor.take(UInt8(ascii: "-")),
            let month = cursor.number(maxDigits: 2), cursor.take(UInt8(ascii: "-")),
            let day = cursor.number(maxDigits: 2)
        else { return nil }
        var seconds = 0.0
        if cursor.take(UInt8(ascii: "T")) || cursor.take(UInt8(ascii: "t")) || cursor.take(UInt8(ascii: " ")) {
            guard let time = clock(&cursor) else { return nil }
            seconds = time
            cursor.skipSpaces()
            guard let offset = zone(&cursor) else { return nil }
            seconds -= offset
        }
        cursor.skipSpaces()
        guard cursor.isAtEnd, let date = days(year: year, month: month, day: day) else { return nil }
        return Double(date) * 86400 + seconds
    }

    /// Jira's default form (`dd/MMM/yy h:mm a`: `10/Mar/24 2:11 PM`), also with a four-digit year, a 24-hour time,
    /// seconds or no time: the day, the month's name and the year between slashes. (Only with the month named: in
    /// `03/04/24` the day and the month cannot be told apart.)
    private static func slashed(_ start: Cursor) -> Double? {
        var cursor = start
        guard let day = cursor.number(maxDigits: 2), cursor.take(UInt8(ascii: "/")), let name = cursor.word(),
            let month = months[String(name.prefix(3))], name.count == 3 || fullMonths.contains(name),
            cursor.take(UInt8(ascii: "/")), let number = cursor.number(maxDigits: 4),
            cursor.digits == 2 || cursor.digits == 4
        else { return nil }
        let year = cursor.digits == 2 ? (number < 50 ? 2000 : 1900) + number : number
        var seconds = 0.0
        cursor.skipSpaces()
        if !cursor.isAtEnd {
            guard var time = clock(&cursor) else { return nil }
            cursor.skipSpaces()
            var probe = cursor
            if let meridiem = probe.word(), meridiem == "am" || meridiem == "pm" {
                guard time >= 3600, time < 13 * 3600 else { return nil }
                if time >= 12 * 3600 { time -= 12 * 3600 }
                if meridiem == "pm" { time += 12 * 3600 }
                cursor = probe
                cursor.skipSpaces()
            }
            guard let offset = zone(&cursor) else { return nil }
            seconds = time - offset
        }
        cursor.skipSpaces()
        guard cursor.isAtEnd, let date = days(year: year, month: month, day: day) else { return nil }
        return Double(date) * 86400 + seconds
    }

    /// RFC 2822 (`[Tue, ]31 Oct 2017 22:10:47 +0000`) or the Twitter form (`Tue Oct 31 22:10:47 +0000 2017`).
    private static func named(_ start: Cursor) -> Double? {
        var cursor = start
        var word = cursor.word()
        if let name = word, weekdays.contains(name) {
            _ = cursor.take(UInt8(ascii: ","))
            cursor.skipSpaces()
            word = cursor.word()
        }
        let year: Int
        let month: Int
        let day: Int
        let time: Double
        if let name = word {
            // Twitter: month name, day, time and zone, year.
            guard let number = months[name] else { return nil }
            month = number
            cursor.skipSpaces()
            guard let dayNumber = cursor.number(maxDigits: 2) else { return nil }
            day = dayNumber
            cursor.skipSpaces()
            guard let utc = zonedClock(&cursor) else { return nil }
            time = utc
            cursor.skipSpaces()
            guard let yearNumber = cursor.number(maxDigits: 4), cursor.digits == 4 else { return nil }
            year = yearNumber
        } else {
            // RFC 2822: day, month name, year, time and zone.
            guard let dayNumber = cursor.number(maxDigits: 2) else { return nil }
            day = dayNumber
            cursor.skipSpaces()
            guard let name = cursor.word(), let number = months[name] else { return nil }
            month = number
            cursor.skipSpaces()
            guard let yearNumber = cursor.number(maxDigits: 4), cursor.digits == 4 || cursor.digits == 2 else {
                return nil
            }
            year = cursor.digits == 2 ? (yearNumber < 50 ? 2000 : 1900) + yearNumber : yearNumber
            cursor.skipSpaces()
            guard let utc = zonedClock(&cursor) else { return nil }
            time = utc
        }
        cursor.skipSpaces()
        if cursor.take(UInt8(ascii: "(")) {  // RFC 2822 comment: `+0000 (UTC)`
            while !cursor.isAtEnd, !cursor.take(UInt8(ascii: ")")) { cursor.advance() }
            cursor.skipSpaces()
        }
        guard cursor.isAtEnd, let date = days(year: year, month: month, day: day) else { return nil }
        return Double(date) * 86400 + time
    }

    /// A time of day and its zone (`22:10:47 +0000`): seconds into the day, in UTC.
    private static func zonedClock(_ cursor: inout Cursor) -> Double? {
        guard let time = clock(&cursor) else { return nil }
        cursor.skipSpaces()
        guard let offset = zone(&cursor) else { return nil }
        return time - offset
    }

    /// `10:00`, `10:00:00`, `10:00:00.250` (`,` also separates the fraction): seconds into the day.
    private static func clock(_ cursor: inout Cursor) -> Double? {
        guard let hour = cursor.number(maxDigits: 2), hour < 24, cursor.take(UInt8(ascii: ":")),
            let minute = cursor.number(maxDigits: 2), cursor.digits == 2, minute < 60
        else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        if cursor.take(UInt8(ascii: ":")) {
            guard let second = cursor.number(maxDigits: 2), cursor.digits == 2, second <= 60 else { return nil }
            seconds += Double(second)
            if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
                guard let fraction = cursor.number(maxDigits: 18) else { return nil }
                seconds += Double(fraction) / pow(10, Double(cursor.digits))
            }
        }
        return seconds
    }

    /// A zone's offset east of UTC in seconds: `Z`, `+01:00`, `+0100`, `+01`, `UTC`, `GMT`, `EST`...; nothing is UTC.
    private static func zone(_ cursor: inout Cursor) -> Double? {
        if cursor.isAtEnd { return 0 }
        if cursor.take(UInt8(ascii: "Z")) || cursor.take(UInt8(ascii: "z")) { return 0 }
        let sign: Double
        if cursor.take(UInt8(ascii: "+")) {
            sign = 1
        } else if cursor.take(UInt8(ascii: "-")) {
            sign = -1
        } else {
            var probe = cursor
            guard let name = probe.word() else { return 0 }
            guard let hours = zoneNames[name] else { return 0 }
            cursor = probe
            return Double(hours * 3600)
        }
        guard let first = cursor.number(maxDigits: 4) else { return nil }
        var hours = first
        var minutes = 0
        if cursor.digits == 4 {
            hours = first / 100
            minutes = first % 100
        } else if cursor.digits == 2, cursor.take(UInt8(ascii: ":")) {
            guard let minute = cursor.number(maxDigits: 2) else { return nil }
            minutes = minute
        } else if cursor.digits != 2 {
            return nil
        }
        guard hours < 24, minutes < 60 else { return nil }
        return sign * Double(hours * 3600 + minutes * 60)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date; nil for an impossible date.
    static func days(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]
    /// Months' whole English names.
    private static let fullMonths: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]
    /// Zone names of RFC 2822 and common practice, in hours east of UTC.
    private static let zoneNames: [String: Int] = [
        "utc": 0, "gmt": 0, "ut": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8,
        "pdt": -7,
    ]

    /// A position in the bytes of a timestamp.
    private struct Cursor {
        let bytes: [UInt8]
        var index = 0
        /// Digits read by the last ``number(maxDigits:)``.
        var digits = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index >= bytes.count }

        mutating func advance() { index += 1 }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }

        /// Up to `maxDigits` decimal digits (at least one); nil when none.
        mutating func number(maxDigits: Int) -> Int? {
            var value = 0
            digits = 0
            while index < bytes.count, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }

        /// A run of ASCII letters, lower-cased; nil when none (and nothing is consumed).
        mutating func word() -> String? {
            let start = index
            while index < bytes.count, (bytes[index] | 0x20) >= 0x61, (bytes[index] | 0x20) <= 0x7A { index += 1 }
            guard index > start else { return nil }
            return String(decoding: bytes[start..<index].map { $0 | 0x20 }, as: UTF8.self)
        }
    }
}
