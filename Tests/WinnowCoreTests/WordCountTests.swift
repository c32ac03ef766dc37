import Testing

@testable import WinnowCore

@Suite("Word counts across scripts")
struct WordCountTests {
    @Test(arguments: [
        ("Where is my order?", 4), ("  Done.  ", 1), ("", 0), ("Je n'ai pas reçu ma commande", 6),
        // Written without spaces: a word for every two letters (punctuation not counted).
        ("您好，您的卡已寄出。", 4), ("我想更改我的银行卡密码", 6), ("カードが届きません", 5),
        ("บัตรของฉันยังไม่มาถึง", 11), ("卡", 1), ("My PIN 密码 is wrong", 5),
    ])
    func wordsAreCountedAsAReaderCountsThem(text: String, words: Int) {
        #expect(WordCount.of(text) == words)
        #expect(WordCount.of(utf8: Array(text.utf8)) == words)
    }

    @Test func countingStopsAtTheLimit() {
        let text = Array(repeating: "word", count: 100).joined(separator: " ")
        #expect(WordCount.of(utf8: Array(text.utf8), upTo: 3) == 3)
    }
}
