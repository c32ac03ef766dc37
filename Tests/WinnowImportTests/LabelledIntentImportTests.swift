import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Labelled intent data as NLU frameworks ship it: Rasa's YAML and Markdown training data, fastText's labelled lines.
@Suite("Import: labelled intent data (Rasa NLU, fastText)")
struct LabelledIntentImportTests {
    private static let folder = fixturesDirectory.appendingPathComponent("labelled")

    private static func run(_ importer: any Importer, _ name: String) throws -> ImportRun {
        try ImportRun(importer, file: folder.appendingPathComponent(name))
    }

    /// The records' `line: label: input`, in file order.
    private static func lines(_ run: ImportRun) -> [String] {
        run.records.map { "\($0.locator.ordinal): \($0.label ?? "-"): \($0.input)" }
    }

    @Test func rasaYAMLExamplesAreReadOneALineWithTheirIntents() throws {
        let run = try Self.run(RasaNLUImporter(), "rasa-nlu.yml")
        #expect(
            Self.lines(run) == [
                "6: greet: hi there", "7: greet: good morning", "8: greet: hello, is anyone around?",
                "14: check_balance: what is my savings balance?",
                "15: check_balance: how much is left on my credit card account",
                "16: check_balance: show me the balance of Joint Current",
                "22: faq/opening_hours: when does the branch in Leeds open on saturdays?",
                "23: faq/opening_hours: are you open on bank holidays",
                "27: report_lost_card: my card is gone, I think it was stolen",
                "28: report_lost_card: I left my debit card on the bus",
            ])
        // An intent's metadata goes with each of its examples; an example's own with it.
        #expect(run.records[3].metadata["intent_metadata"] == ["sentiment": "neutral"])
        #expect(run.records[9].metadata["example_metadata"] == ["source": "chat"])
    }

    @Test func entityAnnotationsAreUnwrappedAndKeptInMetadata() throws {
        let run = try Self.run(RasaNLUImporter(), "rasa-nlu.yml")
        #expect(run.records[3].metadata["entities"] == [["text": "savings", "entity": "account"]])
        #expect(
            run.records[4].metadata["entities"] == [["text": "credit card", "entity": "account", "value": "credit"]])
        #expect(
            run.records[5].metadata["entities"] == [
                ["text": "Joint Current", "entity": "account", "value": "current"],
                ["text": "Joint Current", "entity": "owner", "role": "shared"],
            ])
        #expect(run.records[0].metadata["entities"] == nil)
        // Rasa 1's `entity:value`, and brackets that annotate nothing.
        let synonym = EntityAnnotations.unwrap("move it to my [isa](account:savings) now")
        #expect(synonym.text == "move it to my isa now")
        #expect(synonym.entities == [["text": "isa", "entity": "account", "value": "savings"]])
        for text in [
            "the letter said [sic] twice", "a [link] (with a space)", "an [open bracket", "[x]{not json}",
            "[x][1, 2]", "[](account)",
        ] {
            #expect(EntityAnnotations.unwrap(text).text == text, "\(text)")
            #expect(EntityAnnotations.unwrap(text).entities.isEmpty, "\(text)")
        }
    }

    @Test func synonymRegexAndLookupBlocksAreNotedNotImported() throws {
        let run = try Self.run(RasaNLUImporter(), "rasa-nlu.yml")
        #expect(
            run.notes == ["rasa-nlu.yml: 1 synonym block, 1 regex block, 1 lookup block: not examples, not imported"])
        #expect(!run.records.contains { ["rainy day pot", "Leeds", "\\d{8}"].contains($0.input) })
        #expect(run.failures.count == 2)
    }

    @Test func anEmptyExampleAndALineThatIsNoneAreQuarantinedByTheirLines() throws {
        let run = try Self.run(RasaNLUImporter(), "rasa-nlu.yml")
        #expect(run.failures.map(\.locator) == [.line(17), .line(18)])
        #expect(run.failures.map(\.kind) == [.noInput, .invalidExample])
        #expect(run.failures[0].description == "rasa-nlu.yml, line 17: an empty example of intent check_balance")
        #expect(run.failures[1].message.contains("intent check_balance's examples that is no `- example`"))
        #expect(run.failures[1].snippet.contains("how much money do I have"))
    }

    @Test func examplesAsAListAndMalformedBlocksInYAML() throws {
        let text = """
            nlu:
            - intent: ask_fees
              examples: ["what do you charge", "is it free"]
            - intent: close_account
              examples:
              - text: please close my account
            - intent: ""
              examples: |
                - nothing to name it
            - intent: block_card
            - story: not nlu
            - intent: escaped
              examples: "- one\\n- two"
            - intent: folded
              examples: >
                - on the next line
            rules:
            - rule: none
            """
        let run = try ImportRun(RasaNLUImporter(), name: "nlu.yml", text: text)
        #expect(
            Self.lines(run) == [
                "3: ask_fees: what do you charge", "6: close_account: please close my account",
                "16: folded: on the next line",
            ])
        #expect(run.failures.map(\.locator) == [.line(3), .line(7), .line(10), .line(11), .line(13)])
        #expect(run.failures[0].message.contains("a line that holds one already"))
        #expect(run.failures[1].message == "an intent block with no intent name")
        #expect(run.failures[2].message.contains("intent block_card has no `examples`"))
        #expect(run.failures[3].message.contains("(its keys: story)"))
        #expect(run.failures[4].message.contains("not a literal block"))
        #expect(run.notes == ["nlu.yml: rules: hold no NLU examples: not imported"])
    }

    @Test func yamlThatIsNoNLUDataIsRefusedNamingTheFile() throws {
        let url = Self.folder.appendingPathComponent("rasa-stories.yml")
        let file = try SourceFile(url: url, displayPath: "rasa-stories.yml")
        #expect(SourceFormat.detect(path: url.path, prefix: file.prefix) == nil)
        let detected = thrownImportError { _ = try file.format(forced: nil) }
        #expect(detected?.file == "rasa-stories.yml")
        #expect(detected?.message.contains("this is a YAML file holding no NLU examples") == true)
        #expect(detected?.message.contains("its stories:, rules: are not imported") == true)
        // Forced, it is refused the same way.
        let forced = thrownImportError { _ = try Self.run(RasaNLUImporter(), "rasa-stories.yml") }
        #expect(forced?.kind == .noInput)
        #expect(forced?.description.hasPrefix("rasa-stories.yml: a YAML file holding no NLU examples") == true)
        // YAML that does not parse names its line.
        let broken = thrownImportError {
            _ = try ImportRun(RasaNLUImporter(), name: "nlu.yml", text: "nlu:\n- intent: a\n  examples: [x\n")
        }
        #expect(broken?.kind == .invalidYAML)
        #expect(broken?.locator != nil)
    }

    @Test func rasaMarkdownSectionsGiveExamples() throws {
        let run = try Self.run(RasaNLUImporter(), "rasa-nlu.md")
        #expect(
            Self.lines(run) == [
                "3: greet: hi there", "4: greet: good evening", "7: transfer_money: send 50 pounds to Priya",
                "8: transfer_money: move money to my isa please",
                "23: faq/fees: do you charge for international transfers",
            ])
        #expect(run.records[3].metadata["entities"] == [["text": "isa", "entity": "account", "value": "savings"]])
        #expect(run.failures.map(\.locator) == [.line(9), .line(24)])
        #expect(run.failures.map(\.kind) == [.invalidExample, .noInput])
        #expect(
            run.notes == [
                "rasa-nlu.md: 1 synonym section, 1 regex section, 1 lookup section: not examples, not imported"
            ])
        // Markdown with no intent heading holds no examples.
        let error = thrownImportError {
            _ = try ImportRun(RasaNLUImporter(), name: "notes.md", text: "# Notes\n- a list\n")
        }
        #expect(error?.message.contains("no `## intent:NAME` heading") == true)
    }

    @Test func botFrameworkLUFilesGiveTheirIntentsExamples() throws {
        let run = try Self.run(RasaNLUImporter(), "bot-intents.lu")
        #expect(
            Self.lines(run) == [
                "6: Greeting: hi", "7: Greeting: hello there", "8: Greeting: good morning",
                "11: BookFlight: book a flight to Seattle", "12: BookFlight: I need to fly to Paris on friday",
            ])
        #expect(run.records[3].metadata["entities"] == [["text": "Seattle", "entity": "city"]])
        // Entity definitions, comments, a reference to another file and a QnA pair are no examples.
        #expect(run.failures.isEmpty)
        #expect(run.notes == ["bot-intents.lu: 1 question section: not examples, not imported"])
        #expect(SourceFormat.detect(path: "bot-intents.lu", prefix: Array("# Greeting\n- hi\n".utf8)) == .rasa)
    }

    @Test func fastTextLinesGiveTheirLabelsAndText() throws {
        // Small blocks put lines across chunk edges; the result is the same.
        for importer in [FastTextImporter(), FastTextImporter(blockSize: 16)] {
            let run = try Self.run(importer, "intents-fasttext.txt")
            #expect(
                Self.lines(run) == [
                    "1: card_arrival: My card has not arrived yet", "2: card_arrival: when will the new card get here",
                    "3: exchange_rate: what rate do you use to convert euros",
                    "4: exchange_rate: is there a charge for paying in dollars, and at what rate?",
                    "5: top_up_failed: my top up did not go through",
                    "7: top_up_failed: Top-up by bank transfer is still pending\tafter two days",
                ])
            #expect(run.records[3].metadata["labels"] == ["exchange_rate", "fees"])
            #expect(run.records[0].metadata["labels"] == nil)
            #expect(run.notes.count == 1)
            #expect(run.notes.first?.contains("the first is the example's label, all are in metadata") == true)
            #expect(run.failures.map(\.locator) == [.line(6), .line(9)])
            #expect(run.failures.map(\.kind) == [.invalidExample, .noInput])
            #expect(run.failures[0].description.hasPrefix("intents-fasttext.txt, line 6: no `__label__NAME` word"))
        }
        // A label at the end of its line, or amid the words, is a label as fastText reads it.
        #expect(
            FastTextImporter.split("where is my card __label__card_arrival") == (["card_arrival"], "where is my card"))
        #expect(FastTextImporter.split("a  b __label__x c") == (["x"], "a  b c"))
    }

    @Test func labelledDataIsToldByItsContent() throws {
        let fastText = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("intents-fasttext.txt")))
        for name in ["intents.txt", "train.ft", "intents.train", "intents.valid", "intents"] {
            #expect(SourceFormat.detect(path: name, prefix: fastText) == .fasttext, "\(name)")
        }
        // Words before a colon after the label do not make a chat transcript of it.
        let subjects = (1...6).map { "__label__topic\($0 % 2) Re: question number \($0)\n" }.joined()
        #expect(SourceFormat.detect(path: "subjects.txt", prefix: Array(subjects.utf8)) == .fasttext)
        // After a byte order mark, with Windows line ends.
        let marked = [0xEF, 0xBB, 0xBF] + Array("__label__a one\r\n__label__b two\r\n".utf8)
        #expect(SourceFormat.detect(path: "x.train", prefix: marked) == .fasttext)
        let yaml = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("rasa-nlu.yml")))
        #expect(SourceFormat.detect(path: "data/nlu.yml", prefix: yaml) == .rasa)
        #expect(SourceFormat.detect(path: "data/nlu.yaml", prefix: yaml) == .rasa)
        #expect(
            SourceFormat.detect(path: "domain.yml", prefix: Array("version: \"3.1\"\nintents:\n- greet\n".utf8)) == nil)
        let markdown = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("rasa-nlu.md")))
        #expect(SourceFormat.detect(path: "data/nlu.md", prefix: markdown) == .rasa)
        #expect(SourceFormat.detect(path: "nlu.txt", prefix: markdown) == .rasa)
        #expect(RasaNLUImporter.syntax(path: "nlu.txt", prefix: markdown) == .markdown)
        #expect(RasaNLUImporter.syntax(path: "nlu", prefix: yaml) == .yaml)
    }

    @Test func otherTextKeepsTheFormatItHad() throws {
        // A CSV saved as .txt, a WhatsApp export, a headerless TSV and a Markdown page stay what they were; notes
        // naming `__label__` are no fastText (prose: no format).
        #expect(SourceFormat.detect(path: "a.txt", prefix: Array("label,text\ncard,where is my card\n".utf8)) == .csv)
        let note = "Card: replaced on Monday.\nThe customer asked about __label__ words.\nNothing else.\n"
        #expect(SourceFormat.detect(path: "a.txt", prefix: Array(note.utf8)) == nil)
        let chat = "WhatsApp Chat with Ann Lee.txt"
        let whatsApp = try SourceFile(
            url: fixturesDirectory.appendingPathComponent("transcripts/\(chat)"), displayPath: chat)
        #expect(SourceFormat.detect(path: chat, prefix: whatsApp.prefix) == .transcript)
        let tsv = try SourceFile(url: Self.folder.appendingPathComponent("intents-headerless.tsv"))
        #expect(SourceFormat.detect(path: tsv.url.path, prefix: tsv.prefix) == .csv)
        let readme = "# Winnow\n\nA tool for support logs.\n\n## Install\n\n- swift build\n"
        #expect(SourceFormat.detect(path: "README.md", prefix: Array(readme.utf8)) == nil)
    }
}
