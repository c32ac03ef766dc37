import Testing
import WinnowCore

@testable import WinnowImport

/// Conversations stored in a model's prompt format inside one text field.
@Suite("Import: chat templates in a text field")
struct ChatTemplateTextTests {
    static let cases: [(text: String, template: String, roles: [MessageRole], last: String)] = [
        (
            "<s>[INST] <<SYS>>\nYou are a support agent.\n<</SYS>>\n\nMy card was charged twice. [/INST] I have refunded"
                + " one charge. </s><s>[INST] Thanks! When will I see it? [/INST] Within five days. </s>",
            "llama-2", [.system, .user, .assistant, .user, .assistant], "Within five days."
        ),
        (
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user"
                + "<|end_header_id|>\n\nWhere is my parcel?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
                + "It ships today.<|eot_id|>",
            "llama-3", [.system, .user, .assistant], "It ships today."
        ),
        (
            "<|im_start|>user\nMy invoice is wrong.<|im_end|>\n<|im_start|>assistant\nI have corrected it.<|im_end|>\n",
            "chatml", [.user, .assistant], "I have corrected it."
        ),
        (
            "<bos><start_of_turn>user\nCan I change my plan?<end_of_turn>\n<start_of_turn>model\nYes, in Settings."
                + "<end_of_turn>",
            "gemma", [.user, .assistant], "Yes, in Settings."
        ),
        (
            "<|system|>\nYou help with orders.</s>\n<|user|>\nCancel order 7.</s>\n<|assistant|>\nDone.</s>",
            "zephyr", [.system, .user, .assistant], "Done."
        ),
        (
            "<|user|>\nReset my password.<|end|>\n<|assistant|>\nUse the link on the sign-in page.<|end|>",
            "zephyr", [.user, .assistant], "Use the link on the sign-in page."
        ),
        (
            "Below is an instruction that describes a task, paired with an input that provides further context.\n\n"
                + "### Instruction:\nAnswer the customer.\n\n### Input:\nMy order is late.\n\n### Response:\nSorry!"
                + " It arrives tomorrow.",
            "alpaca", [.user, .assistant], "Sorry! It arrives tomorrow."
        ),
        (
            "### Human: Can I pay by invoice? ### Assistant: Yes, for business accounts. ### Human: How? ### Assistant:"
                + " Ask support to enable it.",
            "human-assistant", [.user, .assistant, .user, .assistant], "Ask support to enable it."
        ),
        (
            "\n\nHuman: My app says Assistant: offline. Why?\n\nAssistant: The server was down; it is back.",
            "human-assistant", [.user, .assistant], "The server was down; it is back."
        ),
        (
            "A chat between a customer and a support agent. USER: Is there a student discount? ASSISTANT: Yes, 20%."
                + "</s>USER: How do I claim it? ASSISTANT: Verify your school e-mail in Settings.</s>",
            "vicuna", [.system, .user, .assistant, .user, .assistant], "Verify your school e-mail in Settings."
        ),
    ]

    @Test(arguments: cases.indices)
    func templatesAreReadAsTurns(index: Int) throws {
        let sample = Self.cases[index]
        let reading = try #require(ChatTemplateText.read(sample.text))
        #expect(reading.template == sample.template)
        #expect(reading.messages.map(\.role) == sample.roles)
        #expect(reading.messages.last?.content == sample.last)
        // No token is left in any turn.
        #expect(reading.messages.allSatisfy { !$0.content.contains("<|") && !$0.content.contains("[INST]") })
    }

    @Test func proseMentioningATemplateStaysProse() {
        #expect(ChatTemplateText.read("Our bot prints [INST] tags, e.g. [INST] hi [/INST] hello") == nil)
        #expect(ChatTemplateText.read("### Response: the export has no instruction") == nil)
        #expect(ChatTemplateText.read("[INST] a question with no answer [/INST]") == nil)
        #expect(ChatTemplateText.read("<|im_start|>user\nonly a question<|im_end|>") == nil)
        #expect(ChatTemplateText.read("A chat between two teams went badly: USER: was rude.") == nil)
    }

    @Test func aTextColumnInATemplateImportsAsAConversation() throws {
        let text = """
            {"text": "<s>[INST] How do I reset my router? [/INST] Hold the reset button for ten seconds. </s>"}
            {"text": "[INST] Our [INST] tag is shown in <b>bold</b> [/INST] and so on"}

            """
        let run = try ImportRun(JSONLImporter(), name: "train.jsonl", text: text)
        #expect(run.failures.isEmpty)
        let first = try #require(run.records.first)
        #expect(first.input == "How do I reset my router?")
        #expect(first.response == "Hold the reset button for ten seconds.")
        #expect(first.metadata["chat_template"] == "llama-2")
        // A text that only opens like a template stays one input, as written.
        #expect(run.records.last?.response == nil)
        #expect(run.records.last?.input == "[INST] Our [INST] tag is shown in <b>bold</b> [/INST] and so on")
    }
}
