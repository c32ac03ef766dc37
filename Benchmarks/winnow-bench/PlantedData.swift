import Foundation
import WinnowCore

/// BANKING77-style labelled texts with planted problems whose truth is known: near-duplicate copies (re-cased,
/// re-typed with typos, two words swapped, a sentence appended) and labels flipped at random to another label
/// (any, or one of a few the label is confused with).
struct PlantedData {
    /// How a planted copy differs from its original.
    enum Change: String, CaseIterable {
        case recased = "re-cased"
        case typos = "typos"
        case swappedWords = "words swapped"
        case appendedSentence = "sentence appended"
        case greeting = "greeting added"
        case please = "please appended"

        /// The near-duplicates of `winnow-bench dedup-audit`: each changes the words a little.
        static let retyped: [Change] = [.recased, .typos, .swappedWords, .appendedSentence]
        /// The copies of `winnow-bench curation`: the same words with a greeting or a "please".
        static let polite: [Change] = [.greeting, .please]
    }

    /// A planted near-duplicate.
    struct Copy {
        /// Row of the copy.
        var row: Int
        /// Row of its original.
        var original: Int
        /// What was changed.
        var change: Change
    }

    /// Texts: the originals, then the copies.
    var texts: [String]
    /// Labels after flipping.
    var labels: [String]
    /// Labels before flipping.
    var trueLabels: [String]
    /// Whether each row's label was flipped.
    var flipped: [Bool]
    /// The planted copies.
    var copies: [Copy]

    static let greetings = ["Hi, ", "Hello! ", "Hi there, ", "Hey, ", "Good morning. "]

    static let appendedSentences = [
        "Thanks in advance.", "Please help me with this.", "I need this sorted today.", "Any help is appreciated.",
        "Can you look into it?", "This is urgent.",
    ]

    /// Plants `copyCount` copies (`changes` in turn) of distinct random originals, then flips `flipFraction` of
    /// all rows (originals and copies), each to a uniformly chosen other label, or, where `flipTargets` lists
    /// labels for the row's label, to one of those (the labels an annotator confuses it with).
    init(
        texts originals: [String], labels originalLabels: [String], copyCount: Int, flipFraction: Double, seed: UInt64,
        changes: [Change] = Change.retyped, flipTargets: [String: [String]] = [:]
    ) {
        var random = SeededRandom(seed: seed)
        var texts = originals
        var labels = originalLabels
        var chosen = Array(originals.indices)
        chosen.shuffle(using: &random)
        var copies: [Copy] = []
        for (index, original) in chosen.prefix(copyCount).enumerated() {
            let change = changes[index % changes.count]
            texts.append(Self.apply(change, to: originals[original], using: &random))
            labels.append(originalLabels[original])
            copies.append(Copy(row: texts.count - 1, original: original, change: change))
        }
        let names = Array(Set(originalLabels)).sorted()
        var flipped = [Bool](repeating: false, count: texts.count)
        trueLabels = labels
        var rows = Array(texts.indices)
        rows.shuffle(using: &random)
        for row in rows.prefix(Int((Double(texts.count) * flipFraction).rounded())) {
            let others = flipTargets[labels[row]] ?? names.filter { $0 != labels[row] }
            let other = others[Int(random.next() % UInt64(others.count))]
            labels[row] = other
            flipped[row] = true
        }
        self.texts = texts
        self.labels = labels
        self.flipped = flipped
        self.copies = copies
    }

    static func apply(_ change: Change, to text: String, using random: inout SeededRandom) -> String {
        var words = text.split(separator: " ").map(String.init)
        switch change {
        case .recased:
            return random.next() % 2 == 0 ? text.uppercased() : text.lowercased()
        case .typos:
            let candidates = words.indices.filter { words[$0].count >= 4 }
            guard !candidates.isEmpty else { return text + "." }
            let edits = candidates.count >= 6 ? 2 : 1
            var targets = candidates
            targets.shuffle(using: &random)
            for index in targets.prefix(edits) {
                var letters = Array(words[index])
                let position = 1 + Int(random.next() % UInt64(letters.count - 2))
                switch random.next() % 3 {
                case 0: letters.swapAt(position, position + 1)
                case 1: letters.remove(at: position)
                default: letters.insert(letters[position], at: position)
                }
                words[index] = String(letters)
            }
            return words.joined(separator: " ")
        case .swappedWords:
            guard words.count >= 3 else { return words.reversed().joined(separator: " ") }
            let position = Int(random.next() % UInt64(words.count - 1))
            words.swapAt(position, position + 1)
            return words.joined(separator: " ")
        case .appendedSentence:
            let sentence = appendedSentences[Int(random.next() % UInt64(appendedSentences.count))]
            return text + " " + sentence
        case .greeting:
            return greetings[Int(random.next() % UInt64(greetings.count))] + text
        case .please:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let mark = trimmed.last.flatMap { ".?!".contains($0) ? $0 : nil }
            let body = mark == nil ? trimmed : String(trimmed.dropLast())
            return body + (random.next() % 2 == 0 ? " please" : ", please") + (mark.map { String($0) } ?? "")
        }
    }
}
