import Foundation

/// The uncased BERT WordPiece tokenizer, matching Hugging Face's `BertTokenizer` for uncased models.
///
/// Text goes through ``normalizedWords(_:)`` (clean-up, CJK splitting, accent stripping, lower-casing, splitting
/// on whitespace and punctuation), then each word is cut greedily into the longest vocabulary pieces, later pieces
/// prefixed with `##`. A word with a part not in the vocabulary, or longer than ``maximumWordLength`` characters,
/// becomes `[UNK]`. ``encode(_:)`` wraps the pieces in `[CLS] … [SEP]` and truncates to ``maximumLength``.
public struct WordPieceTokenizer: Sendable {
    /// Words longer than this many Unicode scalars become `[UNK]`.
    public static let maximumWordLength = 100

    /// Piece → id.
    public let vocabulary: [String: Int]
    /// Id → piece.
    public let pieces: [String]
    /// Most ids ``encode(_:)`` returns, `[CLS]` and `[SEP]` included.
    public let maximumLength: Int
    /// Id of `[CLS]`.
    public let classifierID: Int
    /// Id of `[SEP]`.
    public let separatorID: Int
    /// Id of `[UNK]`.
    public let unknownID: Int
    /// Id of `[PAD]` (0 when the vocabulary has none).
    public let paddingID: Int

    /// A tokenizer over `pieces` (id = position); the vocabulary must hold `[CLS]`, `[SEP]` and `[UNK]`.
    public init(pieces: [String], maximumLength: Int = 256) throws(ModelError) {
        precondition(maximumLength >= 2, "maximum length must leave room for [CLS] and [SEP]")
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(pieces.count)
        for (id, piece) in pieces.enumerated() { vocabulary[piece] = id }
        guard let classifier = vocabulary["[CLS]"], let separator = vocabulary["[SEP]"],
            let unknown = vocabulary["[UNK]"]
        else {
            throw ModelError(.invalidModel, file: "vocab.txt", "the vocabulary lacks [CLS], [SEP] or [UNK]")
        }
        self.vocabulary = vocabulary
        self.pieces = pieces
        self.maximumLength = maximumLength
        self.classifierID = classifier
        self.separatorID = separator
        self.unknownID = unknown
        self.paddingID = vocabulary["[PAD]"] ?? 0
    }

    /// Loads `vocab.txt` (one piece per line, the line number is the id).
    public init(vocabularyURL: URL, maximumLength: Int = 256) throws(ModelError) {
        let text: String
        do {
            text = try String(contentsOf: vocabularyURL, encoding: .utf8)
        } catch {
            throw ModelError(.missingFile, file: vocabularyURL.path, "cannot read the vocabulary: \(error)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        do {
            try self.init(pieces: lines, maximumLength: maximumLength)
        } catch {
            throw ModelError(error.kind, file: vocabularyURL.path, error.message)
        }
    }

    /// The ids the model sees for `text`: `[CLS]`, the word pieces (truncated), `[SEP]`.
    public func encode(_ text: String) -> [Int] {
        let body = wordPieceIDs(text, limit: maximumLength - 2)
        return [classifierID] + body.prefix(maximumLength - 2) + [separatorID]
    }

    /// The word-piece ids of `text`, without special tokens; with a `limit`, work stops once that many are found
    /// (the result may hold a few more, from the last word).
    public func wordPieceIDs(_ text: String, limit: Int = .max) -> [Int] {
        var ids: [Int] = []
        for word in Self.normalizedWords(text) {
            appendPieces(of: word, to: &ids)
            if ids.count >= limit { break }
        }
        return ids
    }

    /// The pieces of `text` as strings (for display and debugging), without special tokens or truncation.
    public func tokens(_ text: String) -> [String] {
        wordPieceIDs(text).map { pieces[$0] }
    }

    /// How many ids `text` needs, `[CLS]` and `[SEP]` included, before truncation.
    ///
    /// Rules use it to flag texts the model would cut (more than ``maximumLength``).
    public func tokenCount(_ text: String) -> Int {
        wordPieceIDs(text).count + 2
    }

    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int]) {
        guard word.count <= Self.maximumWordLength else {
            ids.append(unknownID)
            return
        }
        let firstNew = ids.count
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                ids.removeSubrange(firstNew...)
                ids.append(unknownID)
                return
            }
            ids.append(match)
            start = end
        }
    }
}
