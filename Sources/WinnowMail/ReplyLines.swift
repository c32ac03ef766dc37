import Foundation

/// The lines of one plain-text message and the part each belongs to: the engine behind ``ReplyCleaner``.
///
/// Lines keep their UTF-8 offsets in the original text (a `\r` before `\n` is left out of the line but not of the
/// offsets), so removed parts can be reported as byte spans. HTML cleaning passes its markup's findings in as marker
/// lines: ``quoteMarker`` followed by an index into `containers` stands for a quote container taken out of the
/// markup (treated like a run of `>` lines), ``cutMarker`` for a point where quoted history starts (Outlook's reply
/// header `div`).
struct ReplyLines {
    /// One line of the message.
    struct Line {
        /// The line without its line break.
        var text: Substring
        /// The line without surrounding whitespace.
        var trimmed: String
        /// Its UTF-8 offsets in the message, line break excluded.
        var bytes: Range<Int>

        /// Whether the line is a marker line of the HTML pass.
        var isMarker: Bool
        /// Whether a colon (also the full-width one) is among the first 48 bytes: every header line has one.
        var hasEarlyColon: Bool
        /// Whether the line ends as a reply header's last line does: in a colon, a dash or the Chinese verb.
        var endsLikeHeader: Bool
        /// Whether the line is short enough to be a header, marker, footer or closing line at all.
        var isShort: Bool { bytes.count <= 600 }

        var isBlank: Bool { trimmed.isEmpty }
        var isQuoted: Bool {
            (trimmed.hasPrefix(">") && !isArrowDecoration)
                || (isMarker && trimmed.hasPrefix(ReplyLines.quoteMarker))
        }
        /// Whether the line is text between arrows (`>>> Visit us at http://... <<<`), which opens as a quote does.
        var isArrowDecoration: Bool { trimmed.hasPrefix(">>") && trimmed.hasSuffix("<<") }
        /// Whether the line opens with `|`, as some clients quote: a quote only right under a reply header (a run of
        /// such lines elsewhere is too often a table).
        var isPiped: Bool { trimmed.hasPrefix("|") }
        var isCut: Bool { isMarker && trimmed == ReplyLines.cutMarker }

        /// The line `text`, which starts `offset` bytes into the message; marker lines are recognised only when
        /// `markers` is set.
        init(text: Substring, offset: Int, markers: Bool) {
            let trimmed = ReplyLines.trimmingSpaces(text)
            let head = trimmed.utf8.prefix(48)
            // "：" is EF BC 9A in UTF-8: look for it by its first byte before walking characters.
            let fullWidthColon = trimmed.utf8.contains(0xEF) && trimmed.prefix(20).contains("：")
            self.text = text
            self.trimmed = trimmed
            bytes = offset..<(offset + text.utf8.count)
            isMarker =
                markers && (trimmed.hasPrefix(ReplyLines.quoteMarker) || trimmed.hasPrefix(ReplyLines.cutMarker))
            hasEarlyColon = head.contains(0x3A) || fullWidthColon
            endsLikeHeader = ReplyLines.endsLikeHeader(trimmed)
        }
    }

    /// Starts a line standing for a quote container removed from HTML markup.
    static let quoteMarker = "\u{E000}"
    /// A line marking where quoted history starts in HTML markup.
    static let cutMarker = "\u{E001}"

    private let text: String
    private(set) var lines: [Line] = []
    /// The part each line was found to belong to; nil for the newest text.
    private var parts: [CleanedReply.Part?]
    /// Whether a device footer stood alone above quoted history: a reply sent with nothing typed.
    private var footerAboveHistory = false

    /// The lines of `text`; marker lines are recognised only when `markers` is set (text rendered by the HTML pass,
    /// which keeps marker characters out of the page's own text).
    init(text: String, markers: Bool = false) {
        self.text = text
        // Split on the bytes: "\r\n" is one Character, so splitting the String at "\n" would miss it.
        let utf8 = text.utf8
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
            var lineEnd = end
            if lineEnd > start, utf8[utf8.index(before: lineEnd)] == 0x0D { lineEnd = utf8.index(before: lineEnd) }
            let offset = utf8.distance(from: utf8.startIndex, to: start)
            lines.append(Line(text: text[start..<lineEnd], offset: offset, markers: markers))
            guard end < utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        parts = Array(repeating: nil, count: lines.count)
    }

    /// Finds every removable part and returns the result; `containers` are the texts of the quote containers the
    /// HTML pass took out, by marker index.
    mutating func clean(options: ReplyCleaner.Options, signatureRemoved: Bool, containers: [String]) -> CleanedReply {
        findHistory()
        findBanners()
        let disclaimerStart = findDisclaimer()
        findSignature(
            before: disclaimerStart ?? lines.count, signatureRemoved: signatureRemoved,
            removesClosingLines: options.removesClosingLines)
        return result(containers: containers)
    }

    // MARK: - Quoted history and forwarded messages

    /// Marks quote runs, reply headers and what they cut, top to bottom.
    private mutating func findHistory() {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if parts[index] != nil || line.isBlank {
                index += 1
                continue
            }
            if line.isQuoted {
                var end = index
                while end < lines.count, lines[end].isQuoted || isWrappedOutOfQuote(end) {
                    parts[end] = .quoted
                    end += 1
                }
                index = end
                continue
            }
            // The header with no colon ends in its address's `>`: a byte test before the expression, which every
            // line opening with a digit (an order number, a date) would otherwise reach.
            if line.isShort, line.trimmed.utf8.last == UInt8(ascii: ">"),
                ReplyCleaner.bareAttribution.matches(line.trimmed),
                let end = quoteUnderHeader(from: index + 1)
            {
                mark(index..<end, as: .quoted)
                index = end
                continue
            }
            // A message flattened into one line keeps its reply header inside the line, with the quote after it:
            // the header goes to a line of its own, and what follows it to the next.
            if let header = flattenedHeader(at: index) ?? leadlessHeader(at: index) {
                split(index, at: header.rest)
                if header.start > lines[index].text.startIndex {
                    split(index, at: header.start)
                    // A device footer ending the reply before the header (`Thanks! Sent from my iPhone On ...`)
                    // goes to a line of its own, where footers are read.
                    if let footer = footerEnding(index) { split(index, at: footer) }
                    index += 1
                }
                continue
            }
            // So may a header block (`From: ... Sent: ... To: ... Subject: ...`) after the reply's text: the block
            // goes to a line of its own, read as any header block is.
            if let start = flattenedBlock(at: index) {
                split(index, at: start)
                index += 1
                continue
            }
            guard var marker = historyMarker(at: index) else {
                index += 1
                continue
            }
            // A reply typed on the header's own line (`Thanks! On Wed, ... wrote:`) keeps its words: the line is
            // split where the header starts.
            if marker.isAttribution, let start = headerStart(at: index, end: marker.end) {
                split(index, at: start)
                index += 1
                marker.end += 1
            }
            if marker.isAttribution, let end = quoteUnderHeader(from: marker.end) {
                mark(index..<end, as: .quoted)
                index = end
                continue
            }
            // A message forwarded without a comment keeps what it forwards, also under a gateway's banner or a
            // device footer.
            if marker.part == .forwarded ? hasOwnText(before: index) : hasText(before: index) {
                var start = index
                // A rule right above the quoted message is the quote's (`====` too, shorter than a rule elsewhere).
                if let previous = previousNonBlank(before: index),
                    ReplyLines.isRule(lines[previous].trimmed) || ReplyLines.isSeparator(lines[previous].trimmed)
                        || !marker.isAttribution && ReplyLines.isNotesTitle(lines[previous].trimmed)
                {
                    start = previous
                }
                mark(start..<lines.count, as: marker.part)
                return
            }
            mark(index..<marker.end, as: marker.part)
            index = marker.end
        }
    }

    /// Whether the unquoted line at `index`, inside a run of quoted lines, is the end of a long quoted line or a link
    /// the sender's client wrapped out of the quote: a line in lower case between a quoted line of 60 characters or
    /// more and another quoted line, the rest of a link opened and not closed on the quoted line above (`> View ticket
    /// (http://example.com/action` / `_nonce=3dd518)`), or a link alone in parentheses or angle brackets with the
    /// next line quoted (` (http://example.com/c/YzOTY) >`). A link typed bare between quoted lines is an inline
    /// reply and stays.
    private func isWrappedOutOfQuote(_ index: Int) -> Bool {
        guard index > 0, lines[index - 1].isQuoted, !lines[index].isBlank, !lines[index].isMarker,
            lines[index].bytes.count <= 300
        else { return false }
        let line = lines[index].trimmed
        let above = lines[index - 1].trimmed
        // The end of a long quoted line the client wrapped without its `>`: it goes on in lower case, and the quote
        // goes on right under it (a reply typed between quoted lines answers a short one, or stands apart).
        if above.count >= 60, line.first?.isLowercase == true, index + 1 < lines.count, lines[index + 1].isQuoted {
            return true
        }
        // The rest of a link left open above: one word, closing it.
        if !line.contains(" "), let open = above.range(of: "(http", options: .backwards) ?? above.range(of: "<http"),
            !above[open.upperBound...].contains(")"), !above[open.upperBound...].contains(">"),
            !above[open.upperBound...].contains(" ")
        {
            return line.contains(")") || line.contains(">")
        }
        guard let next = nextNonBlank(from: index + 1), lines[next].isQuoted else { return false }
        var link = Substring(line)
        if link.hasSuffix(">"), link.dropLast().hasSuffix(" ") { link = link.dropLast().dropLast() }
        link = link.drop { $0 == " " }
        while link.hasSuffix(" ") { link = link.dropLast() }
        let wrapped =
            (link.hasPrefix("(http") && link.hasSuffix(")")) || (link.hasPrefix("<http") && link.hasSuffix(">"))
        return wrapped && !link.dropFirst().dropLast().contains(" ")
    }

    /// How many earlier messages the text quotes: its reply headers, separators and header blocks counted through
    /// the whole text (not only the first), or the deepest `>` nesting when that is more (a quote of a quote without
    /// headers of its own).
    func quotedMessageCount() -> Int {
        var markers = 0
        var deepest = 0
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isBlank {
                index += 1
                continue
            }
            if line.isQuoted {
                var level = 0
                for byte in line.trimmed.utf8 {
                    if byte == UInt8(ascii: ">") {
                        level += 1
                    } else if byte != UInt8(ascii: " ") {
                        break
                    }
                }
                deepest = max(deepest, level)
                index += 1
                continue
            }
            if let marker = historyMarker(at: index) {
                markers += 1
                index = max(index + 1, marker.end)
            } else {
                index += 1
            }
        }
        return max(markers, deepest)
    }

    /// The end of what a reply header ending at `index` marks as quoted along with itself when a quote follows it:
    /// the blank lines up to a run of `>` lines (which the loop marks), or those and a run of `|` lines. Nil when
    /// no quote follows.
    private func quoteUnderHeader(from index: Int) -> Int? {
        guard let next = nextNonBlank(from: index) else { return nil }
        if lines[next].isQuoted { return next }
        guard lines[next].isPiped else { return nil }
        var end = next
        while end < lines.count, lines[end].isPiped { end += 1 }
        return end
    }

    /// A reply header, separator or header block starting at `index`: what it is and the line after it.
    private func historyMarker(at index: Int) -> (part: CleanedReply.Part, end: Int, isAttribution: Bool)? {
        let line = lines[index].trimmed
        if lines[index].isCut { return (.quoted, index + 1, false) }
        guard lines[index].isShort else { return nil }
        if ReplyLines.mayBeReplyLine(line), ReplyCleaner.replyAboveLine.matches(line) {
            return (.quoted, index + 1, false)
        }
        // A notification's title over the earlier replies it quotes, right under a rule (which goes with it).
        if line.utf8.count <= 48, ReplyCleaner.previousRepliesTitle.matches(line),
            let previous = previousNonBlank(before: index),
            ReplyLines.isRule(lines[previous].trimmed) || ReplyLines.isSeparator(lines[previous].trimmed)
        {
            return (.quoted, index + 1, false)
        }
        let mayBeMarker =
            ReplyLines.contains(line, "--") || ReplyLines.contains(line, "__") || ReplyLines.contains(line, "==")
            || line.hasSuffix(":") || line.hasSuffix("：")
        if mayBeMarker, ReplyCleaner.forwardMarker.matches(line) {
            return (.forwarded, headerBlockEnd(from: nextNonBlank(from: index + 1)) ?? index + 1, false)
        }
        if mayBeMarker, ReplyCleaner.originalMessage.matches(line) {
            return (.quoted, headerBlockEnd(from: nextNonBlank(from: index + 1)) ?? index + 1, false)
        }
        if let end = headerBlockEnd(from: index) { return (.quoted, end, false) }
        if let end = attributionEnd(from: index) { return (.quoted, end, true) }
        return nil
    }

    /// The end of a reply header (`On ... wrote:` and its translations) of one to three lines starting at `index`.
    /// A line ending in a colon with a date or address counts too when quoted text follows it.
    private func attributionEnd(from index: Int) -> Int? {
        guard lines[index].isShort, mayEndAttribution(from: index) else { return nil }
        var joined = ""
        var used = 0
        var end = index
        while end < lines.count, used < 4, end - index < 8 {
            let line = lines[end]
            end += 1
            if line.isBlank { continue }
            if used > 0, line.isQuoted, !line.trimmed.contains(":"), !line.trimmed.contains("：") { break }
            // A header does not run on past a finished sentence.
            if used > 0, let previous = previousNonBlank(before: end - 1),
                ReplyLines.endsSentence(lines[previous].trimmed)
            {
                break
            }
            guard line.isShort else { return nil }
            joined += (joined.isEmpty ? "" : " ") + line.trimmed
            used += 1
            guard joined.utf8.count <= 800 else { return nil }
            // Every reply header ends in a colon, a dash (Zoho's `wrote ----`) or the Chinese verb, or in the
            // sender's address and the verb (``ReplyCleaner/uncolonedAttribution``).
            guard let last = joined.last,
                ":：-".contains(last) || joined.hasSuffix("道") || ReplyCleaner.uncolonedAttribution.matches(joined)
            else { continue }
            guard isAttribution(joined, before: end) else { continue }
            // The header must start here, not on a later line of the window (a reply line above a header): when
            // the window without its first line is a header too, the first line must read as a header's start.
            if used > 1, let second = nextNonBlank(from: index + 1), !ReplyLines.canStartHeader(lines[index].trimmed) {
                let rest = lines[second..<end].filter { !$0.isBlank }.map(\.trimmed).joined(separator: " ")
                if isAttribution(rest, before: end) { return nil }
            }
            if used > 1, laterHeaderStart(after: index, before: end) { return nil }
            return end
        }
        return nil
    }

    /// Whether a line of the window after `index` and before `end` opens a reply header of its own: it opens with
    /// the language's "On" word (``ReplyCleaner/attributionLead``), holds a date with its year, and from it to `end`
    /// is a header. The header then starts there, and the lines above it are the reply's (`Il est signalé...` above
    /// `Le mar. 30 avr. 2024, 11:53, ... a écrit :`, whose `Il` also opens an Italian header).
    private func laterHeaderStart(after index: Int, before end: Int) -> Bool {
        for position in (index + 1)..<end where !lines[position].isBlank {
            let line = lines[position].trimmed
            guard ReplyCleaner.attributionLead.matches(line),
                ReplyCleaner.datedEvidence.matches(ReplyLines.asciiDigits(line))
            else { continue }
            let rest = lines[position..<end].filter { !$0.isBlank }.map(\.trimmed).joined(separator: " ")
            if isAttribution(rest, before: end) { return true }
        }
        return false
    }

    /// Where a reply header starts after a reply typed on its first line (`Thanks! On Wed, Apr 4, 2012 at 3:59 PM,
    /// Bob <bob@example.com> wrote:`, Yahoo's `Thanks!--- On ...`): at the language's "On" word
    /// (``ReplyCleaner/attributionLead``) written with a capital after a space or a sentence's end, or at the dashes
    /// right before it, when the header from there to `end` opens with that word and holds a time or an address.
    /// Nil when the line opens with the header, or when the text before holds a date, a time or an address and ends
    /// no sentence: that text is then the header's own beginning (`3 марта 2026 г., в 10:02, ...`).
    private func headerStart(at index: Int, end: Int) -> Substring.Index? {
        let line = lines[index]
        guard !line.isMarker, !ReplyCleaner.attributionLead.matches(line.trimmed) else { return nil }
        let rest = lines[(index + 1)..<end].filter { !$0.isBlank }.map(\.trimmed)
        let text = line.text
        var previous: Character?
        for position in text.indices {
            let character = text[position]
            defer { previous = character }
            guard let before = previous,
                character == "-"
                    ? before != "-" : character.isUppercase && (before.isWhitespace || ".!?".contains(before))
            else { continue }
            let tail = ReplyLines.trimmingSpaces(text[position...])
            guard ReplyCleaner.attributionLead.matches(tail),
                tail.first(where: \.isLetter)?.isUppercase == true
            else { continue }
            let header = ([tail] + rest).joined(separator: " ")
            guard ReplyCleaner.leadingAttribution.matches(header), ReplyCleaner.strongHeaderEvidence.matches(header)
            else { continue }
            let reply = ReplyLines.trimmingSpaces(text[..<position])
            guard reply.contains(where: { $0.isLetter || $0.isNumber }),
                !ReplyCleaner.headerStartEvidence.matches(reply) || ReplyLines.endsSentence(reply)
            else { return nil }
            return position
        }
        return nil
    }

    /// A reply header inside the line at `index` with text after it on the same line, as in a message an export
    /// flattened into one line (`Thanks. On Mon, Jan 5, 2015 at 10:00 AM, Bob <bob@example.com> wrote: > Hi...`):
    /// where the header starts and where the text after its colon does. Only a header a mail client wrote: it opens
    /// with the language's "On" word, with a capital, and it holds the sender's address in angle brackets right
    /// before the verb and a date or a time, or an address, a date with its year and a time; after text that ends no
    /// sentence (`thanks On Mon, ...`), the address before the verb, a date with its year and a time. A quote's mark
    /// right after the colon (`On 05.03.2024 10:00, Acme Support wrote: > ...`, Thunderbird's header naming no
    /// address) stands for the address. A sentence that tells what someone wrote (`On Monday your agent wrote: ...`)
    /// holds none of these.
    private func flattenedHeader(at index: Int) -> (start: Substring.Index, rest: Substring.Index)? {
        let line = lines[index]
        guard !line.isMarker, !line.isQuoted, line.bytes.count >= 24,
            ReplyLines.hasColonAfterAddress(line.text) || line.text.contains(": >") || line.text.contains(":>")
        else { return nil }
        let text = line.text
        // The last two characters before the position that are not spaces: where a sentence ended.
        var last: Character?
        var beforeLast: Character?
        var previous: Character?
        for position in text.indices {
            let character = text[position]
            defer {
                previous = character
                if !character.isWhitespace {
                    beforeLast = last
                    last = character
                }
            }
            guard !character.isWhitespace else { continue }
            let opensLine = last == nil
            guard opensLine || character.isUppercase && previous.map({ $0.isWhitespace || ".!?".contains($0) }) == true
            else { continue }
            let tail = text[position...]
            guard ReplyCleaner.attributionLead.matches(String(tail.prefix(16))) else { continue }
            // After text that ends no sentence (`thanks On Mon, ...`), only a header with every mark of a client's.
            let afterSentence = opensLine || ReplyLines.endsSentence(String([beforeLast, last].compactMap { $0 }))
            var checked = 0
            for colon in tail.indices where tail[colon] == ":" || tail[colon] == "：" {
                checked += 1
                guard checked <= 8, tail.distance(from: tail.startIndex, to: colon) <= 400 else { break }
                let end = tail.index(after: colon)
                let header = String(tail[..<end])
                guard ReplyCleaner.leadingAttribution.matches(header) else { continue }
                guard text[end...].contains(where: { !$0.isWhitespace }) else { return nil }
                let digits = ReplyLines.asciiDigits(header)
                let dated = ReplyCleaner.datedEvidence.matches(digits)
                let timed = ReplyCleaner.timeOfDay.matches(digits)
                let signed = ReplyCleaner.addressBeforeVerb.matches(header)
                // A quote's mark right after the colon (`... wrote: > Hi`): the quote, flattened with its header.
                let quoted = text[end...].first(where: { !$0.isWhitespace }) == ">"
                let evident =
                    afterSentence
                    ? signed && (dated || timed) || (digits.contains("@") || quoted) && dated && timed
                    : (signed || quoted) && dated && timed
                guard evident else { break }
                // The text after the header starts its own line, without the spaces before it.
                let rest = text[end...].firstIndex { !$0.isWhitespace } ?? end
                return (position, rest)
            }
        }
        return nil
    }

    /// A reply header opening with no "On" word inside the line at `index`, flattened with the reply before it and
    /// the quote after it, as Gmail writes the header in most languages (`Thanks. 2024年3月5日(火) 10:00 Acme
    /// <a@acme.com>: > ...`, `... вт, 5 мар. 2024 г. в 10:00, Acme <a@acme.com>: > ...`, `... Acme <a@acme.com>
    /// ezt írta (időpont: 2024. márc. 5., K, 10:00): > ...`): where it starts and where the quote after its colon
    /// does. Only a header ending in a colon right before a quote's mark, holding the sender's address in angle
    /// brackets or parentheses, a date with its year and a time of day, and starting after a sentence of the reply
    /// ends: the last such start, moved back over pieces of its date (`вт, 5 мар.`, `tir.`, `5.`) that a day's or
    /// month's abbreviation cut off.
    private func leadlessHeader(at index: Int) -> (start: Substring.Index, rest: Substring.Index)? {
        let line = lines[index]
        guard !line.isMarker, !line.isQuoted, line.bytes.count >= 24, line.text.utf8.contains(UInt8(ascii: "@")),
            line.text.utf8.contains(UInt8(ascii: ">"))
        else { return nil }
        let text = line.text
        // Where sentences of the reply end: after `.`, `!` or `?` and a space, or after `。`, `！`, `？`.
        var starts: [Substring.Index] = []
        var position = text.startIndex
        while position < text.endIndex {
            let character = text[position]
            let next = text.index(after: position)
            if "。！？".contains(character), next < text.endIndex {
                starts.append(next)
            } else if ".!?".contains(character), next < text.endIndex, text[next].isWhitespace {
                var start = next
                while start < text.endIndex, text[start].isWhitespace { start = text.index(after: start) }
                if start < text.endIndex { starts.append(start) }
            }
            position = next
        }
        guard !starts.isEmpty else { return nil }
        for colon in text.indices where text[colon] == ":" || text[colon] == "：" {
            // The quote's mark after the colon, past spaces and the direction marks a right-to-left header holds.
            var mark = text.index(after: colon)
            while mark < text.endIndex, text[mark].isWhitespace || ReplyLines.isFormatMark(text[mark]) {
                mark = text.index(after: mark)
            }
            guard mark < text.endIndex, text[mark] == ">" else { continue }
            let end = text.index(after: colon)
            func isHeader(_ start: Substring.Index) -> Bool {
                guard start < colon, text.distance(from: start, to: end) <= 300 else { return false }
                let header = String(text[start..<end])
                let digits = ReplyLines.asciiDigits(header)
                return ReplyCleaner.bracketedAddress.matches(header) && ReplyCleaner.datedEvidence.matches(digits)
                    && ReplyCleaner.timeOfDay.matches(digits)
            }
            guard var chosen = starts.lastIndex(where: { $0 < colon && isHeader($0) }) else { continue }
            // A day's or a month's abbreviation ends no sentence: the piece before it belongs to the date when it is
            // made of numbers and short words in lower case, with a number or as one word (`вт, 5 мар.`, `5.`,
            // `tir.`), not a sentence (`Done.`, `Thanks for order 55.`).
            while chosen > 0, ReplyLines.isDatePiece(text[starts[chosen - 1]..<starts[chosen]]),
                isHeader(starts[chosen - 1])
            {
                chosen -= 1
            }
            let start = starts[chosen]
            guard text[..<start].contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            return (start, mark)
        }
        return nil
    }

    /// Whether `piece`, the text between two sentence ends, is a piece of a date that an abbreviation's dot cut off:
    /// at most four words, each a number or at most five letters in lower case or of a script without case (dots
    /// inside: Thai's `มี.ค.`), with a number, as one word, or as words without case ending in a dot (`เมื่อ อ.`).
    static func isDatePiece(_ piece: Substring) -> Bool {
        let words = piece.split(whereSeparator: \.isWhitespace).map { $0.filter { $0 != "." && $0 != "," } }
        guard (1...4).contains(words.count) else { return false }
        var hasNumber = false
        var caseless = true
        for word in words {
            if !word.isEmpty, word.allSatisfy(\.isNumber) {
                hasNumber = true
            } else if word.isEmpty || word.count > 5 || word.contains(where: { !$0.isLetter || $0.isUppercase }) {
                return false
            } else if word.contains(where: \.isLowercase) {
                caseless = false
            }
        }
        return hasNumber || words.count == 1 || caseless && piece.trimmingCharacters(in: .whitespaces).hasSuffix(".")
    }

    /// Whether `character` is an invisible mark of direction or joining (Unicode's format characters: `U+202A`,
    /// `U+202C`, `U+200F`...), which right-to-left text holds around an address.
    static func isFormatMark(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .format }
    }

    /// Where a device footer (``ReplyCleaner/deviceFooter``) ends the line at `index` after other words, as a reply
    /// flattened into one line writes it; nil where none does.
    private func footerEnding(_ index: Int) -> Substring.Index? {
        let text = lines[index].text
        var previous: Character?
        for position in text.indices {
            defer { previous = text[position] }
            guard previous?.isWhitespace == true, text[position].isUppercase, text[position...].utf8.count <= 80,
                text[..<position].contains(where: { $0.isLetter || $0.isNumber }),
                ReplyCleaner.deviceFooter.matches(String(text[position...]))
            else { continue }
            return position
        }
        return nil
    }

    /// A header block flattened into the line at `index` after the reply's text, as a helpdesk's export or a
    /// webmail's text of its HTML writes a reply (`Still broken From: Acme <a@acme.com> Sent: Tuesday, March 5, 2024
    /// 10:00 AM To: ann@example.com Subject: RE: ...`): where the block starts, or the separator Outlook writes right
    /// before it (`-----Original Message-----`). Only a block opening with a sender label that holds an address, a
    /// date label, two labels or more after the first, and a date with its year or a time of day: a sentence saying
    /// where something came from holds none of these. Nil where the line opens with the block (a header line).
    private func flattenedBlock(at index: Int) -> Substring.Index? {
        let line = lines[index]
        guard !line.isMarker, !line.isQuoted, line.bytes.count >= 40, line.text.utf8.contains(UInt8(ascii: "@")),
            line.text.utf8.contains(UInt8(ascii: ":")) || line.text.contains("："),
            case let text = String(line.text), let found = ReplyCleaner.inlineFromLabel.firstMatch(in: text),
            // A line opening with a label is a header block already (`Temat: ... Nadawca: ...`).
            ReplyLines.flattenedLabels(text) == nil
        else { return nil }
        var start = text.index(after: found.lowerBound)
        while start < text.endIndex, text[start].isWhitespace { start = text.index(after: start) }
        let block = String(text[start...])
        let digits = ReplyLines.asciiDigits(block)
        guard let kinds = ReplyLines.flattenedLabels(block), kinds.from, kinds.date,
            ReplyCleaner.datedEvidence.matches(digits) || ReplyCleaner.timeOfDay.matches(digits)
        else { return nil }
        // The separator above the block, on the same line: the earliest run of dashes that opens one
        // (`-----Original Message-----`), else a rule of underscores or dashes right before it (Outlook's).
        var position = start
        var candidate = text.startIndex
        while candidate < start {
            let character = text[candidate]
            let opensWord = candidate == text.startIndex || text[text.index(before: candidate)].isWhitespace
            if opensWord, "-_=".contains(character), ReplyCleaner.originalMessage.matches(String(text[candidate...])) {
                position = candidate
                break
            }
            candidate = text.index(after: candidate)
        }
        if position == start {
            var ruleStart = start
            while ruleStart > text.startIndex, text[text.index(before: ruleStart)].isWhitespace {
                ruleStart = text.index(before: ruleStart)
            }
            var length = 0
            while ruleStart > text.startIndex, "_-".contains(text[text.index(before: ruleStart)]) {
                ruleStart = text.index(before: ruleStart)
                length += 1
            }
            if length >= 8 { position = ruleStart }
        }
        let offset = text.distance(from: text.startIndex, to: position)
        guard offset > 0, text[..<position].contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        return line.text.index(line.text.startIndex, offsetBy: offset)
    }

    /// Whether `text` holds an `@` with a colon (also the full-width one) after it and text after that colon: what
    /// every header ``flattenedHeader(at:)`` finds holds, but one whose quote's mark follows its colon (a byte test
    /// before walking the characters).
    private static func hasColonAfterAddress(_ text: Substring) -> Bool {
        var seenAt = false
        var colonAfterAt = false
        var bytes = text.utf8.makeIterator()
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        while let byte = bytes.next() {
            if colonAfterAt, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { return true }
            if byte == UInt8(ascii: "@") {
                seenAt = true
            } else if seenAt,
                byte == UInt8(ascii: ":") || byte == 0x9A && previous == 0xBC && beforePrevious == 0xEF
            {
                colonAfterAt = true
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// Splits the line at `index` at `position`: what is before it, without the spaces ending it, stays the line;
    /// the rest follows as a line of its own.
    private mutating func split(_ index: Int, at position: Substring.Index) {
        let line = lines[index]
        var end = position
        while end > line.text.startIndex, line.text[line.text.index(before: end)].isWhitespace {
            end = line.text.index(before: end)
        }
        let restOffset = line.bytes.lowerBound + line.text[..<position].utf8.count
        lines[index] = Line(text: line.text[..<end], offset: line.bytes.lowerBound, markers: false)
        lines.insert(Line(text: line.text[position...], offset: restOffset, markers: false), at: index + 1)
        parts.insert(nil, at: index + 1)
    }

    /// Whether one of the lines ``attributionEnd(from:)`` may join (the first four with text among the next
    /// eight) ends as a reply header does: a header is only found on such a line.
    private func mayEndAttribution(from index: Int) -> Bool {
        var used = 0
        for line in lines[index..<min(index + 8, lines.count)] where !line.isBlank {
            if line.endsLikeHeader { return true }
            used += 1
            if used == 4 { break }
        }
        // A header with no colon, ending in the sender's address and the verb (``ReplyCleaner/uncolonedAttribution``,
        // on one line or two): only one opening with the language's "On" word, looked for past that cheap test.
        guard ReplyCleaner.attributionLead.matches(lines[index].trimmed) else { return false }
        var joined = ""
        var count = 0
        for line in lines[index..<min(index + 8, lines.count)] where !line.isBlank {
            joined += (joined.isEmpty ? "" : " ") + line.trimmed
            if ReplyCleaner.uncolonedAttribution.matches(joined) { return true }
            count += 1
            if count == 2 { break }
        }
        return false
    }

    /// Whether `line` ends in a colon (also the full-width one), a dash or the Chinese verb 道.
    private static func endsLikeHeader(_ line: String) -> Bool {
        guard let last = line.utf8.last else { return false }
        if last == 0x3A || last == 0x2D { return true }
        guard last >= 0x80, let character = line.last else { return false }
        return character == "：" || line.hasSuffix("道")
    }

    /// `line` without the spaces Foundation's `CharacterSet.whitespaces` holds at either end (general category
    /// Zs, the tab, and U+200B as CoreFoundation counts it), nor the direction marks right-to-left mail wraps its
    /// lines in (Gmail's Hebrew reply header opens with U+202B and ends in U+202C after its colon).
    static func trimmingSpaces(_ line: Substring) -> String {
        let scalars = line.unicodeScalars
        let isEdge = { (scalar: Unicode.Scalar) in isSpace(scalar) || isDirectionMark(scalar) }
        guard let first = scalars.firstIndex(where: { !isEdge($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isEdge($0) }) ?? first
        return String(scalars[first...last])
    }

    /// Whether `scalar` is an invisible mark setting the direction of text: the left-to-right and right-to-left
    /// marks, embeddings, overrides and isolates (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
    static func isDirectionMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether `scalar` is in Foundation's `CharacterSet.whitespaces`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09: return true
        case 0..<0x80: return false
        case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether `line` holds nothing but such spaces.
    static func isSpaces(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy(isSpace)
    }

    /// Whether a line can be the first line of a wrapped reply header: not a finished sentence, and opening with
    /// the language's "On" word or holding a date or an address.
    private static func canStartHeader(_ line: String) -> Bool {
        guard !endsSentence(line) else { return false }
        return ReplyCleaner.attributionLead.matches(line) || ReplyCleaner.headerStartEvidence.matches(line)
    }

    /// Whether a line ends a sentence: a letter followed by `.`, `!` or `?` (`28.` in a German date does not).
    private static func endsSentence(_ line: String) -> Bool {
        guard let last = line.last else { return false }
        if "!?。！？".contains(last) { return true }
        guard last == ".", let before = line.dropLast().last else { return false }
        return before.isLetter
    }

    /// Whether `text`, the lines of a reply header up to `end`, is one. Wherever it stands, so above unquoted
    /// history too: one opening with the language's "On" word with an address or a date with its year (`On Monday
    /// at 10:30 Bob wrote:` is a sentence as much as a header), one with its verb elsewhere (the sender or the verb
    /// first) with a date, a time and an address, or one with no verb that opens with its date and time and ends
    /// in the sender's address (``ReplyCleaner/datedSenderAttribution``); dates and times are read with ASCII
    /// digits (Persian and Arabic headers write their own). Right above quoted history, less: a line ending in a
    /// colon with a date or an address above `>` lines; a header with its verb and a time or an address, or the
    /// sender and the verb alone (``ReplyCleaner/senderAttribution``), above `>` lines or the quoted message's own
    /// header block.
    private func isAttribution(_ text: String, before end: Int) -> Bool {
        let short = text.count <= 200
        let leading =
            ReplyCleaner.leadingAttribution.matches(text) || ReplyCleaner.uncolonedAttribution.matches(text)
        let verb = !leading && ReplyCleaner.verbAttribution.matches(text)
        if leading || verb {
            let digits = ReplyLines.asciiDigits(text)
            let addressed = digits.contains("@")
            let dated = ReplyCleaner.datedEvidence.matches(digits)
            if leading ? addressed || dated : addressed && dated && ReplyCleaner.timeOfDay.matches(digits) {
                return true
            }
        } else if short, ReplyCleaner.datedSenderAttribution.matches(text) {
            return true
        }
        guard let next = nextNonBlank(from: end) else { return false }
        if lines[next].isQuoted, short, ReplyCleaner.looseAttribution.matches(text),
            ReplyCleaner.headerEvidence.matches(text)
        {
            return true
        }
        let sender = !leading && short && ReplyCleaner.senderAttribution.matches(text)
        guard (leading || verb) && ReplyCleaner.strongHeaderEvidence.matches(text) || sender else { return false }
        // The sender with the address in angle brackets and the verb (`Ann <ann@example.com> schrieb:`) is a
        // header above unquoted history too.
        if sender, let open = text.firstIndex(of: "<"), text[open...].contains("@"), text[open...].contains(">") {
            return true
        }
        return lines[next].isQuoted || headerBlockEnd(from: next) != nil
    }

    /// `text` with every decimal digit of another script (Persian `۲۰۲۶`, Arabic-Indic, full-width) written as its
    /// ASCII digit.
    static func asciiDigits(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80, scalar.properties.numericType == .decimal,
                let value = scalar.properties.numericValue, let ascii = Unicode.Scalar(48 + Int(value))
            {
                scalars.append(ascii)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The end of an e-mail header block starting at `index`: a sender label and a date label (or at least three
    /// labels) on consecutive lines (a blank line allowed between, and up to two lines of a wrapped value), a
    /// sender line holding the other labels, or a sender line whose value is an address, alone between blank lines.
    private func headerBlockEnd(from index: Int?) -> Int? {
        guard let index, index < lines.count else { return nil }
        var sawFrom = false
        var sawDate = false
        var count = 0
        var end = index
        var blanks = 0
        var wrapped = 0
        /// Whether the line at `position` is a header label line of `pattern`.
        func isLabel(_ position: Int, _ pattern: LinePattern) -> Bool {
            lines[position].hasEarlyColon && lines[position].isShort && pattern.matches(lines[position].trimmed)
        }
        while end < lines.count {
            let line = lines[end].trimmed
            if line.isEmpty {
                blanks += 1
                if blanks > 1 { break }
                end += 1
                continue
            }
            let isFrom = lines[end].hasEarlyColon && lines[end].isShort && ReplyCleaner.fromLabel.matches(line)
            let isDate = !isFrom && isLabel(end, ReplyCleaner.dateLabel)
            guard isFrom || isDate || isLabel(end, ReplyCleaner.otherLabel) else {
                // A label's value wrapped onto the next line (`*From:* Bob [mailto:` / `bob@example.com]`), with
                // another label right under it.
                if count > 0, blanks == 0, wrapped < 2, lines[end].isShort, end + 1 < lines.count,
                    isLabel(end + 1, ReplyCleaner.fromLabel) || isLabel(end + 1, ReplyCleaner.dateLabel)
                        || isLabel(end + 1, ReplyCleaner.otherLabel)
                {
                    wrapped += 1
                    end += 1
                    continue
                }
                break
            }
            wrapped = 0
            if count == 0, isFrom, ReplyCleaner.inlineHeaderLabel.matches(line) {
                sawDate = true
            } else if count == 0, let kinds = ReplyLines.flattenedLabels(line), kinds.from, kinds.date {
                // A whole header block on one line, opening with any label (`Temat: ... Nadawca: ... Data: ...`).
                sawFrom = true
                sawDate = true
            }
            blanks = 0
            sawFrom = sawFrom || isFrom
            sawDate = sawDate || isDate
            count += 1
            end += 1
        }
        while end > index, lines[end - 1].isBlank { end -= 1 }
        // A sender line alone, its value an address, standing apart (`From: Bob <bob@example.com>` between blank
        // lines), as some clients and ticket systems head a quoted message.
        if sawFrom, count == 1, index > 0, lines[index - 1].isBlank, end == lines.count || lines[end].isBlank,
            ReplyCleaner.addressedFromLine.matches(lines[index].trimmed)
        {
            return end
        }
        guard sawFrom, sawDate || count >= 3, count >= 1 else {
            // A block opening with its date (`Date: Wed, 16 May 2012 00:15:02 -0600` / `To: bob@example.com`), as
            // some clients and ticket systems write it: the date's time of day and year, and an address below.
            guard !sawFrom, count >= 2, isLabel(index, ReplyCleaner.dateLabel),
                ReplyCleaner.timeOfDay.matches(lines[index].trimmed),
                ReplyCleaner.datedEvidence.matches(ReplyLines.asciiDigits(lines[index].trimmed)),
                lines[(index + 1)..<end].contains(where: { $0.trimmed.utf8.contains(UInt8(ascii: "@")) })
            else { return nil }
            return end
        }
        return end
    }

    /// The kinds of header label a line that opens with one holds after it, when it holds at least two more and an
    /// address: a header block flattened into one line (a webmail's text of its HTML header). Nil otherwise; a line
    /// of labels without an address (`Data: 2 marca Od: 10:00 Do: 12:00`, a booking's date and times) is text.
    static func flattenedLabels(_ line: String) -> (from: Bool, date: Bool)? {
        guard line.utf8.contains(UInt8(ascii: "@")) else { return nil }
        var from = ReplyCleaner.fromLabel.matches(line)
        var date = ReplyCleaner.dateLabel.matches(line)
        guard from || date || ReplyCleaner.otherLabel.matches(line) else { return nil }
        var found = 0
        var rest = Substring(line)
        // Each label after the first, left to right: the earliest match of the three kinds each time.
        while found < 8 {
            let text = String(rest)
            let matches = [
                (0, ReplyCleaner.inlineFromLabel.firstMatch(in: text)),
                (1, ReplyCleaner.inlineDateLabel.firstMatch(in: text)),
                (2, ReplyCleaner.inlineOtherLabel.firstMatch(in: text)),
            ].compactMap { kind, range in range.map { (kind, $0) } }
            guard
                let (kind, range) = matches.min(by: {
                    text.distance(from: text.startIndex, to: $0.1.lowerBound)
                        < text.distance(from: text.startIndex, to: $1.1.lowerBound)
                })
            else { break }
            found += 1
            if kind == 0 { from = true }
            if kind == 1 { date = true }
            rest = Substring(text[range.upperBound...])
        }
        return found >= 2 ? (from, date) : nil
    }

    // MARK: - Gateway banners

    /// Marks a mail gateway's banners (``GatewayBanner``) among the lines still kept: at the top of the text and at
    /// its bottom.
    private mutating func findBanners() {
        for range in topBanners(before: lines.count) { markKept(range, as: .banner) }
        for range in bottomBanners() { markKept(range, as: .banner) }
    }

    /// The banners opening the kept text before `limit`, at most three: each a paragraph or the lines opening one,
    /// with a label or rule alone above it (`CAUTION:`, `-----`) and a rule alone under it.
    private func topBanners(before limit: Int) -> [Range<Int>] {
        var banners: [Range<Int>] = []
        var leadIn: Int?
        for paragraph in keptParagraphs(before: limit) {
            // A rule alone under a banner goes with it.
            if leadIn == nil, let last = banners.last, isDecoration(paragraph) {
                banners[banners.count - 1] = last.lowerBound..<paragraph.upperBound
                continue
            }
            guard banners.count < 3 else { break }
            let first = banners.isEmpty && leadIn == nil
            if let end = bannerEnd(opening: paragraph)
                ?? (first ? bannerEnd(underPreview: paragraph, before: limit) : nil)
            {
                banners.append((leadIn ?? paragraph.lowerBound)..<end)
                leadIn = nil
                if end < paragraph.upperBound { break }
                continue
            }
            guard leadIn == nil, isLeadIn(paragraph) else { break }
            leadIn = paragraph.lowerBound
        }
        return banners
    }

    /// The banners closing the kept text, at most three: each a paragraph or the lines closing one, with a label
    /// or rule alone above it and a rule alone under it.
    private func bottomBanners() -> [Range<Int>] {
        var banners: [Range<Int>] = []
        var trailer: Int?
        for paragraph in keptParagraphs(before: lines.count).reversed() {
            if let last = banners.last, isLeadIn(paragraph) {
                banners[banners.count - 1] = paragraph.lowerBound..<last.upperBound
                continue
            }
            guard banners.count < 3 else { break }
            if let start = bannerStart(closing: paragraph) {
                banners.append(start..<(trailer ?? paragraph.upperBound))
                trailer = nil
                if start > paragraph.lowerBound { break }
                continue
            }
            guard banners.isEmpty, trailer == nil, isDecoration(paragraph) else { break }
            trailer = paragraph.upperBound
        }
        return banners
    }

    /// The most lines a banner runs to.
    private static let bannerLines = 12

    /// The end of the longest run of lines opening `paragraph` that reads as a banner, or nil.
    private func bannerEnd(opening paragraph: Range<Int>) -> Int? {
        let end = min(paragraph.upperBound, paragraph.lowerBound + ReplyLines.bannerLines)
        guard mayBeBanner(paragraph.lowerBound..<end) else { return nil }
        return stride(from: end, to: paragraph.lowerBound, by: -1).first { isBanner(paragraph.lowerBound..<$0) }
    }

    /// The end of a banner under the preview line Proofpoint writes above it, which repeats the message's first
    /// words with an ellipsis (`Hi Team, the link you sent...` over `This Message Is From an External Sender`), or
    /// nil. The preview must be how the kept text under the banner (before `limit`) opens.
    private func bannerEnd(underPreview paragraph: Range<Int>, before limit: Int) -> Int? {
        var preview = lines[paragraph.lowerBound].trimmed
        guard paragraph.count > 1, preview.hasSuffix("...") || preview.hasSuffix("…"),
            let end = bannerEnd(opening: (paragraph.lowerBound + 1)..<paragraph.upperBound)
        else { return nil }
        while preview.last == "." || preview.last == "…" { preview.removeLast() }
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let following = (end..<limit).filter { parts[$0] == nil && !lines[$0].isBlank }.prefix(12)
            .map { lines[$0].trimmed }.joined(separator: " ")
        let opening = words(preview)
        return opening.count >= 12 && words(following).hasPrefix(opening) ? end : nil
    }

    /// The start of the longest run of lines closing `paragraph` that reads as a banner, or nil.
    private func bannerStart(closing paragraph: Range<Int>) -> Int? {
        let start = max(paragraph.lowerBound, paragraph.upperBound - ReplyLines.bannerLines)
        guard mayBeBanner(start..<paragraph.upperBound) else { return nil }
        return (start..<paragraph.upperBound).first { isBanner($0..<paragraph.upperBound) }
    }

    /// Whether the lines of `range`, joined, may hold a banner (``GatewayBanner/mayBeBanner(_:)``).
    private func mayBeBanner(_ range: Range<Int>) -> Bool {
        range.contains { GatewayBanner.mayBeBanner(lines[$0].trimmed) }
    }

    /// Whether the lines of `range`, joined by spaces, read as a banner.
    private func isBanner(_ range: Range<Int>) -> Bool {
        let size = lines[range].reduce(0) { $0 + $1.bytes.count + 1 }
        guard size <= GatewayBanner.maximumBytes + 1 else { return false }
        return GatewayBanner.isBanner(lines[range].map(\.trimmed).joined(separator: " "))
    }

    /// Whether `paragraph` only leads into a banner: a label or rule alone.
    private func isLeadIn(_ paragraph: Range<Int>) -> Bool {
        paragraph.count <= 2 && GatewayBanner.isLeadIn(lines[paragraph].map(\.trimmed).joined(separator: " "))
    }

    /// Whether `paragraph` is only rules drawn around a banner.
    private func isDecoration(_ paragraph: Range<Int>) -> Bool {
        paragraph.count <= 2 && lines[paragraph].allSatisfy { GatewayBanner.isDecoration($0.trimmed) }
    }

    /// The paragraphs of kept text before `limit`: runs of kept lines with text (not quoted, not markers), split at
    /// blank lines and at removed ones.
    private func keptParagraphs(before limit: Int) -> [Range<Int>] {
        var paragraphs: [Range<Int>] = []
        var start: Int?
        for index in 0..<limit {
            let line = lines[index]
            if parts[index] == nil, !line.isBlank, !line.isQuoted, !line.isMarker {
                if start == nil { start = index }
            } else if let first = start {
                paragraphs.append(first..<index)
                start = nil
            }
        }
        if let first = start { paragraphs.append(first..<limit) }
        return paragraphs
    }

    /// Whether a kept line above `index` has text the sender wrote: not only a gateway's banners at the top, a
    /// device footer or rules (what a message forwarded without a comment may carry above its marker).
    private func hasOwnText(before index: Int) -> Bool {
        let banners = topBanners(before: index)
        return lines[..<index].indices.contains { position in
            parts[position] == nil && !lines[position].isBlank && !ReplyLines.isRule(lines[position].trimmed)
                && !banners.contains { $0.contains(position) } && !isDeviceFooter(position)
        }
    }

    /// Whether the line at `index` is a device footer (`Sent from my iPhone`).
    private func isDeviceFooter(_ index: Int) -> Bool {
        lines[index].bytes.count <= 200 && ReplyCleaner.deviceFooter.matches(lines[index].trimmed)
    }

    // MARK: - Disclaimers and signatures

    /// Marks the disclaimer paragraph (and what follows it) among the lines still kept; returns its first line.
    private mutating func findDisclaimer() -> Int? {
        for index in lines.indices where parts[index] == nil && !lines[index].isBlank {
            // Mailman's footer: a rule of underscores (cut to `__` by some lists' digests and gateways), then `NAME
            // mailing list` (a customer's "your mailing list" in a sentence has no rule above it).
            if index + 1 < lines.count, parts[index + 1] == nil, lines[index].trimmed.hasPrefix("__"),
                lines[index].trimmed.allSatisfy({ $0 == "_" }) || ReplyLines.isRule(lines[index].trimmed),
                ReplyCleaner.mailingListName.matches(lines[index + 1].trimmed),
                hasText(before: index)
            {
                markKept(index..<lines.count, as: .disclaimer)
                return index
            }
            guard lines[index].isShort || lines[index].bytes.count <= 4000,
                ReplyLines.mayBeDisclaimer(lines[index].trimmed), ReplyCleaner.disclaimer.matches(lines[index].trimmed)
            else { continue }
            var start = index
            while start > 0, parts[start - 1] == nil, !lines[start - 1].isBlank,
                !ReplyLines.isRule(lines[start - 1].trimmed)
            {
                start -= 1
            }
            if start > 0, ReplyLines.isRule(lines[start - 1].trimmed) { start -= 1 }
            guard hasText(before: start) else { return nil }
            markKept(start..<lines.count, as: .disclaimer)
            return start
        }
        return nil
    }

    /// Marks the signature among the kept lines before `limit`: a delimiter or device footer to `limit`, with a
    /// closing line above it; or, when a signature was already removed by markup or `removesClosingLines` is set,
    /// a closing line ending the message.
    private mutating func findSignature(before limit: Int, signatureRemoved: Bool, removesClosingLines: Bool) {
        // A device footer with nothing above it and history under it: a reply sent with nothing typed.
        if let first = lines.indices.first(where: { parts[$0] == nil && !lines[$0].isBlank }), first < limit,
            isDeviceFooter(first), let next = nextNonBlank(from: first + 1),
            parts[next] == .quoted || parts[next] == .forwarded
        {
            parts[first] = .signature
            footerAboveHistory = true
        }
        let kept = lines.indices.filter { $0 < limit && parts[$0] == nil }
        /// Whether the line at `index` is a delimiter: `-- ` and its forms, or `---` over a name (as some clients
        /// and people draw it; over more than names it is a rule inside the message).
        func isDelimiter(_ index: Int) -> Bool {
            if ReplyLines.delimiters.contains(lines[index].trimmed) { return true }
            guard lines[index].trimmed == "---" else { return false }
            let below = kept.filter { $0 > index && !lines[$0].isBlank }
            return !below.isEmpty && below.count <= 3 && below.allSatisfy { ReplyLines.isNameLike(lines[$0].trimmed) }
        }
        let marker = kept.first { index in (isDelimiter(index) || isDeviceFooter(index)) && hasText(before: index) }
        // Names right above a device footer go with it (`Stavros Doe` / `via mobile`); without a delimiter or a
        // footer, a block of contact details (name, title, address, phone) ending the message is the signature.
        let delimiter =
            marker.map { index in isDelimiter(index) ? index : namesAbove(footer: index) }
            ?? contactBlockStart(kept: kept)
        let end = delimiter ?? limit
        // A closing line goes with a delimiter only when nothing removed (a quote) stands between them.
        let candidates =
            delimiter.map { index in
                Array(
                    lines.indices.prefix(index).reversed().prefix { parts[$0] == nil || lines[$0].isBlank }.reversed())
            } ?? kept.filter { $0 < end }
        let closing = closingStart(
            kept: candidates.filter { parts[$0] == nil }, signatureFollows: delimiter != nil || signatureRemoved,
            allowedAlone: removesClosingLines)
        guard let start = closing ?? delimiter else { return }
        markKept(start..<limit, as: .signature)
    }

    /// The first of at most two name lines right above the device footer at `footer` (no blank line between) that
    /// open their paragraph, or a rule right above it, or `footer` itself.
    private func namesAbove(footer: Int) -> Int {
        // A rule drawn right above the footer (a carrier's `-----` / `Sent via Bell Mobility...`) goes with it.
        if footer > 0, parts[footer - 1] == nil, ReplyLines.isRule(lines[footer - 1].trimmed),
            hasText(before: footer - 1)
        {
            return footer - 1
        }
        var start = footer
        while footer - start < 2, start > 0, parts[start - 1] == nil, !lines[start - 1].isBlank,
            SignatureBlock.isName(lines[start - 1].trimmed), !ReplyCleaner.closingLine.matches(lines[start - 1].trimmed)
        {
            start -= 1
        }
        guard start < footer, opensParagraph(start), hasText(before: start) else { return footer }
        return start
    }

    /// The first line of a signature block ending `kept`: lines of contact details, names, titles and rules (at
    /// most ``SignatureBlock/maximumLines``, three of them titles alone), opening with a name or a rule that starts
    /// its paragraph, with contact details at or under it and text above it. A block right under a line ending in a
    /// colon is what that line introduces (`You can reach billing here:`), not a signature.
    private func contactBlockStart(kept: [Int]) -> Int? {
        var count = 0
        var titles = 0
        var sawContact = false
        var start: Int?
        let lastText = kept.last { !lines[$0].isBlank }
        for index in kept.reversed() {
            let line = lines[index].trimmed
            if line.isEmpty { continue }
            guard count < SignatureBlock.maximumLines, lines[index].bytes.count <= 300,
                SignatureBlock.isBlockLine(line)
            else { break }
            count += 1
            let isContact = SignatureBlock.isContact(line)
            let opens = SignatureBlock.isName(line) || ReplyLines.isRule(line)
            if !isContact, !opens {
                titles += 1
                guard titles <= 3 else { break }
            }
            sawContact = sawContact || isContact
            if sawContact, opens, index != lastText, opensParagraph(index), hasText(before: index) {
                start = index
            }
        }
        return start
    }

    /// Whether the line at `index` opens a paragraph: the first line, or under a blank line or a line that ends a
    /// sentence or a closing (`.`, `!`, `?`, `,`); not under a line ending in a colon.
    private func opensParagraph(_ index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = lines[index - 1]
        if previous.isBlank {
            guard let above = previousNonBlank(before: index) else { return true }
            return !lines[above].trimmed.hasSuffix(":")
        }
        guard let last = previous.trimmed.last else { return true }
        return ".!?,)".contains(last)
    }

    /// A closing line right above the end of `kept`, with at most four short name-like lines under it. Without a
    /// signature after it, it needs at least one such line and `allowedAlone` (a bare `Thanks` ending a message
    /// is the message's own). There must be text above it.
    private func closingStart(kept: [Int], signatureFollows: Bool, allowedAlone: Bool) -> Int? {
        guard signatureFollows || allowedAlone else { return nil }
        var tail = 0
        for index in kept.reversed() {
            let line = lines[index].trimmed
            if line.isEmpty { continue }
            if line.count <= 60, ReplyCleaner.closingLine.matches(line) {
                guard signatureFollows || tail > 0 else { return nil }
                return hasText(before: index) ? index : nil
            }
            tail += 1
            guard tail <= 4, ReplyLines.isNameLike(line) else { return nil }
        }
        return nil
    }

    /// The signature delimiter: `-- ` on a line of its own (also without the space, and the dashes some clients
    /// turn it into).
    static let delimiters: Set<String> = ["--", "—", "–"]

    /// Whether a line is the title Lotus Notes puts above a quoted message's header table: the sender, then the
    /// subject between rules of three dashes (`Martin Edenhofer via Znuny Team --- Installation [Ticket#11392] ---`).
    static func isNotesTitle(_ line: String) -> Bool {
        guard line.hasSuffix("---"), line.count <= 200, let rule = line.range(of: " --- ") else { return false }
        let sender = line[..<rule.lowerBound]
        return sender.contains(where: \.isLetter) && !line[rule.upperBound...].dropLast(3).isEmpty
    }

    /// Whether a line only draws a rule (`________`, `-------`), as Outlook puts above a quoted header.
    /// A line of three or more of one rule character alone (`===`, `----`, `___`): above a quoted message, its
    /// separator.
    static func isSeparator(_ line: String) -> Bool {
        guard let first = line.first, "-_=—─*~".contains(first), line.count >= 3 else { return false }
        return line.allSatisfy { $0 == first }
    }

    static func isRule(_ line: String) -> Bool {
        var marks = 0
        for character in line {
            if "-_=—─".contains(character) {
                marks += 1
            } else if !character.isWhitespace {
                return false
            }
        }
        return marks >= 5
    }

    /// Whether a line may be a helpdesk's reply line (``ReplyCleaner/replyAboveLine``): it holds "line" or a
    /// translation of it.
    static func mayBeReplyLine(_ line: String) -> Bool {
        let head = line.prefix(200)
        if head.utf8.allSatisfy({ $0 < 0x80 }) { return replyLineWords.occurs(in: head) }
        let lower = head.lowercased()
        return ReplyCleaner.replyAboveLineWords.contains { contains(lower, $0) }
    }

    /// The ASCII words of ``ReplyCleaner/replyAboveLineWords``, looked for in one pass.
    private static let replyLineWords = ASCIIWordSet(ReplyCleaner.replyAboveLineWords)

    /// Words every disclaimer pattern needs one of: a cheap test before the expression.
    static func mayBeDisclaimer(_ line: String) -> Bool {
        let head = line.prefix(200)
        // ASCII: one pass over the bytes (only the ASCII words can be in ASCII text).
        if head.utf8.allSatisfy({ $0 < 0x80 }) { return asciiDisclaimerWords.occurs(in: head) }
        let lower = head.lowercased()
        return disclaimerWords.contains { contains(lower, $0) }
    }

    /// Whether `text` contains `needle`, compared byte for byte (Foundation's `contains` is far slower here).
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { pattern in contains(haystack, pattern) } }
    }

    /// Whether `haystack` holds `pattern`, byte for byte.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first, haystack.count >= pattern.count, let start = haystack.baseAddress,
            let wanted = pattern.baseAddress
        else { return pattern.isEmpty }
        var index = 0
        while index <= haystack.count - pattern.count {
            if haystack[index] == first, memcmp(start + index, wanted, pattern.count) == 0 { return true }
            index += 1
        }
        return false
    }

    /// The ASCII disclaimer words, looked for in one pass.
    private static let asciiDisclaimerWords = ASCIIWordSet(disclaimerWords)

    /// Words every disclaimer pattern needs one of (also what ``ReplyCleaner/mayFindParts(_:)`` looks for).
    static let disclaimerWords = [
        "confiden", "disclaimer", "notice", "intended", "recipient", "information", "vertraulich", "anhänge",
        "privileg", "riservat", "vertrouwelijk", "konfidentiell", "konfidensiell", "poufn", "конфиденциальн",
        "subscribed", "groups.io", "scanned", "checked",
    ]

    /// A short line that reads as a name, role, company or address, not a sentence.
    private static func isNameLike(_ line: String) -> Bool {
        let words = line.split(separator: " ").count
        guard line.count <= 60, words <= 8, let last = line.last else { return false }
        if "?!:".contains(last) { return false }
        return last != "." || words <= 3
    }

    // MARK: - Helpers

    private mutating func mark(_ range: Range<Int>, as part: CleanedReply.Part) {
        for index in range { parts[index] = part }
    }

    /// Marks the lines of `range` that are still kept.
    private mutating func markKept(_ range: Range<Int>, as part: CleanedReply.Part) {
        for index in range where parts[index] == nil { parts[index] = part }
    }

    /// Whether a kept line above `index` has text (not only a rule line).
    private func hasText(before index: Int) -> Bool {
        lines[..<index].indices.contains { position in
            parts[position] == nil && !lines[position].isBlank
                && !ReplyLines.isRule(lines[position].trimmed)
        }
    }

    private func nextNonBlank(from index: Int) -> Int? {
        lines.indices.dropFirst(index).first { !lines[$0].isBlank }
    }

    private func previousNonBlank(before index: Int) -> Int? {
        lines.indices.prefix(index).last { !lines[$0].isBlank }
    }

    // MARK: - Result

    /// The kept text and the removed blocks: consecutive lines of one part (blank lines between them included)
    /// form one block.
    private func result(containers: [String]) -> CleanedReply {
        var cleaned = CleanedReply(text: "")
        var keptLines: [String] = []
        var block: (part: CleanedReply.Part, first: Int, last: Int)?
        func flush() {
            guard let current = block else { return }
            let texts = (current.first...current.last).map { expanded(lines[$0], containers: containers) }
            let joined = ReplyLines.joined(texts)
            if !joined.isEmpty {
                switch current.part {
                case .quoted: cleaned.quoted.append(joined)
                case .forwarded: cleaned.forwarded.append(joined)
                case .signature: cleaned.signatures.append(joined)
                case .disclaimer: cleaned.disclaimers.append(joined)
                case .banner: cleaned.banners.append(joined)
                }
                cleaned.spans.append(
                    CleanedReply.Span(
                        part: current.part,
                        bytes: lines[current.first].bytes.lowerBound..<lines[current.last].bytes.upperBound))
            }
            block = nil
        }
        for (index, line) in lines.enumerated() {
            guard let part = parts[index] else {
                if line.isBlank, block != nil { continue }
                flush()
                keptLines.append(String(line.text))
                continue
            }
            if let current = block, current.part == part {
                block?.last = index
            } else {
                flush()
                block = (part, index, index)
            }
        }
        flush()
        cleaned.text = ReplyLines.joined(keptLines)
        // A reply of nothing but a device footer or a gateway's banner above the history is empty: nothing was typed.
        let nothingTyped =
            (footerAboveHistory || parts.contains(.banner)) && parts.contains { $0 == .quoted || $0 == .forwarded }
        if cleaned.text.isEmpty, !nothingTyped {
            cleaned.text = ReplyLines.joined(lines.map { expanded($0, containers: containers) })
            cleaned.keptWhole = true
        }
        return cleaned
    }

    /// A line's text, or the container text a quote marker stands for.
    private func expanded(_ line: Line, containers: [String]) -> String {
        if line.isMarker, line.trimmed.hasPrefix(ReplyLines.quoteMarker),
            let index = Int(line.trimmed.dropFirst(ReplyLines.quoteMarker.count)), containers.indices.contains(index)
        {
            return containers[index]
        }
        if line.isCut { return "" }
        return String(line.text)
    }

    /// Lines joined and trimmed, with runs of blank lines folded to one.
    static func joined(_ lines: [String]) -> String {
        var result: [String] = []
        for line in lines {
            let blank = isSpaces(line)
            if blank, result.last?.isEmpty ?? true { continue }
            result.append(blank ? "" : line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }
}
