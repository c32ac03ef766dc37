/// Tells copies from paraphrases inside a duplicate cluster.
///
/// A copy says the same words as another example once what a template or a hurried retype changes is ignored:
/// case, spacing, punctuation, numbers, redaction placeholders, greetings and politeness words (`hi`, `hello`,
/// `please`, `thanks`, `thank you`, `kind regards`...), a name right after a greeting or a sign-off (`Hi Anna,`,
/// `Thanks, Tom`) or after `my name is` / `I'm`, and a typo in up to two longer words. A paraphrase says the same
/// thing in other words (`has not` / `hasn't`, another word order, another verb): it is training signal, and is
/// kept.
///
/// Measured on BANKING77 train (10,003 rows, see DESIGN.md): 35 rows are copies of another row by this rule (the
/// data set's own retypes: `Please help me cancel a transaction.` / `Help me cancel a transaction.`, `adress` /
/// `address`), while 51 rows that only reorder another's words and the thousands of rewordings the lexical and
/// semantic tiers link are paraphrases.
public enum CopyMatcher {
    /// Greetings and politeness words that a copy may add or drop.
    static let fillerWords: Set<String> = [
        "hi", "hello", "hey", "hiya", "dear", "greetings", "please", "pls", "plz", "kindly", "thanks", "thank",
        "thx", "ty", "cheers", "regards", "sincerely",
    ]

    /// Two-word greetings and politeness phrases that a copy may add or drop.
    static let fillerPairs: Set<[String]> = [
        ["thank", "you"], ["good", "morning"], ["good", "afternoon"], ["good", "evening"], ["kind", "regards"],
        ["best", "regards"], ["many", "thanks"], ["in", "advance"], ["thanks", "again"],
    ]

    /// Words after which a capitalised word is a name (`Hi Anna`, `Thanks, Tom`).
    static let nameCues: Set<String> = ["hi", "hello", "hey", "dear", "thanks", "regards", "cheers", "sincerely"]

    /// Word pairs after which a capitalised word is a name (`my name is Anna`, `this is Tom`).
    static let namePhraseCues: Set<[String]> = [["name", "is"], ["this", "is"], ["i", "am"], ["im"]]

    /// The words two texts are compared by: the normalised words (numbers read `0`, placeholders their type) less
    /// greetings, politeness words and names after a greeting or an introduction.
    public static func key(of text: String) -> [String] {
        let options = NormalizationOptions(ignoreNumbers: true, ignorePlaceholders: true)
        let tokens = text.split(whereSeparator: \.isWhitespace)
        var words: [String] = []
        var previous: [String] = []
        for (position, token) in tokens.enumerated() {
            let normalized = TextNormalizer.words(String(token), options: options)
            guard let word = normalized.first else { continue }
            if isName(
                token, word: word, previous: previous, before: position > 0 ? tokens[position - 1] : nil,
                isLast: position == tokens.count - 1)
            {
                previous.append(word)
                continue
            }
            previous.append(word)
            words.append(contentsOf: normalized)
        }
        var result: [String] = []
        var index = 0
        while index < words.count {
            if index + 1 < words.count, fillerPairs.contains([words[index], words[index + 1]]) {
                index += 2
                continue
            }
            if !fillerWords.contains(words[index]) { result.append(words[index]) }
            index += 1
        }
        return result
    }

    /// Words that start sentences and are never taken for a name.
    static let notNames: Set<String> = [
        "i", "im", "my", "the", "we", "you", "can", "could", "would", "is", "are", "what", "why", "how", "where",
        "when", "do", "does", "did", "this", "there", "it", "a", "an", "our", "your",
    ]

    /// Whether `token` is a name: capitalised, right after a greeting or sign-off word that does not end its
    /// sentence (`Hi Anna,`; after a comma only as the text's last word: `Thanks, Tom`), or after an introduction
    /// (`my name is Anna`).
    static func isName(_ token: Substring, word: String, previous: [String], before: Substring?, isLast: Bool)
        -> Bool
    {
        guard token.first(where: \.isLetter)?.isUppercase == true, !notNames.contains(word),
            !fillerWords.contains(word), let before, let cue = previous.last
        else { return false }
        if namePhraseCues.contains(Array(previous.suffix(2))) || namePhraseCues.contains([cue]) {
            return !".!?".contains(before.last ?? " ")
        }
        guard nameCues.contains(cue) else { return false }
        switch before.last {
        case ".", "!", "?": return false
        case ",": return isLast
        default: return true
        }
    }

    /// The key of an example: its input's key, then its response's when it has one.
    public static func key(input: String, response: String?) -> [String] {
        var words = key(of: input)
        if let response, !response.isEmpty {
            let responseWords = key(of: response)
            if !responseWords.isEmpty { words += ["|"] + responseWords }
        }
        return words
    }

    /// Whether two keys are copies: the same words, or the same words but for a typo (one edit, or two letters
    /// swapped) in at most two words of four letters or more, in texts of at least three words.
    public static func isCopy(_ first: [String], _ second: [String]) -> Bool {
        if first == second { return !first.isEmpty }
        guard first.count == second.count, first.count >= 3 else { return false }
        var typos = 0
        for (a, b) in zip(first, second) where a != b {
            typos += 1
            guard typos <= 2, a.count >= 4, b.count >= 4, isOneEdit(Array(a), Array(b)) else { return false }
        }
        return true
    }

    /// Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbouring letters.
    static func isOneEdit(_ a: [Character], _ b: [Character]) -> Bool {
        if a.count == b.count {
            let differing = a.indices.filter { a[$0] != b[$0] }
            if differing.count == 1 { return true }
            return differing.count == 2 && differing[1] == differing[0] + 1 && a[differing[0]] == b[differing[1]]
                && a[differing[1]] == b[differing[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var index = 0
        while index < short.count, short[index] == long[index] { index += 1 }
        return short[index...].elementsEqual(long[(index + 1)...])
    }

    /// For each item of one cluster (representative first), the item it copies, or nil for an item kept: the
    /// representative, and every member that is not a copy of an earlier kept item.
    public static func copies(order: [Int], keys: [Int: [String]]) -> [Int: Int] {
        var kept: [Int] = []
        var copyOf: [Int: Int] = [:]
        for item in order {
            let key = keys[item] ?? []
            if let original = kept.first(where: { isCopy(keys[$0] ?? [], key) }) {
                copyOf[item] = original
            } else {
                kept.append(item)
            }
        }
        return copyOf
    }
}
