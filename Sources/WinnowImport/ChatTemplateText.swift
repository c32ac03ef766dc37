import Foundation
import WinnowCore

/// A conversation already written in a model's prompt format inside one text field, as many fine-tuning sets
/// store it (a `text` column the trainer feeds as it is): Llama 2's and Mistral's `<s>[INST] ... [/INST] ... </s>`
/// (with `<<SYS>>` inside), Llama 3's `<|start_header_id|>user<|end_header_id|>`, ChatML's `<|im_start|>user`,
/// Gemma's `<start_of_turn>user`, Zephyr's and Phi-3's `<|user|>`, Alpaca's `### Instruction:` / `### Response:`,
/// `### Human:` / `### Assistant:`, HH-RLHF's `Human:` / `Assistant:` after blank lines, and Vicuna's `USER:` /
/// `ASSISTANT:`. Read as its turns, so that the answer is the response and not part of the
/// input (and no special token reaches an example's text).
///
/// A format counts only when its markers open the text (after a `<s>` or `<|begin_of_text|>`) and give at least
/// one user turn and one assistant turn: prose that mentions `[INST]` or `### Response:` stays prose.
enum ChatTemplateText {
    /// What a templated text holds.
    struct Reading: Equatable {
        /// The turns, in order (a system prompt first when the template has one).
        var messages: [Message]
        /// The template's name: `llama-2`, `llama-3`, `chatml`, `gemma`, `zephyr`, `alpaca`, `human-assistant`.
        var template: String
    }

    /// Whether `text` opens with a template's markers: then its tags are tokens, not HTML.
    static func opensWithTemplate(_ text: String) -> Bool {
        // Every template opens with one of these after spaces: most texts are told apart by their first bytes,
        // without reading characters.
        let utf8 = text.utf8
        guard let start = utf8.firstIndex(where: { $0 > 0x20 }) else { return false }
        let rest = utf8[start...]
        guard rest.first == UInt8(ascii: "<") || byteOpeners.contains(where: { rest.starts(with: $0) }) else {
            return false
        }
        let head = opening(text)
        return markerFormats.contains { head.hasPrefix($0.opener) } || head.hasPrefix("[INST]")
            || head.hasPrefix("### Instruction:") || head.hasPrefix("### Human:") || head.hasPrefix("Human:")
            || head.hasPrefix("Below is an instruction") || head.hasPrefix("USER:")
            || (head.hasPrefix("A chat between") && head.contains("USER:") && head.contains("ASSISTANT:"))
    }

    /// What a template that does not open with `<` opens with.
    private static let byteOpeners: [[UInt8]] = [
        "[INST]", "### ", "Human:", "Below is an instruction", "USER:", "A chat between",
    ].map {
        Array($0.utf8)
    }

    /// The turns of `text` when it is written in a known template; nil otherwise.
    static func read(_ text: String) -> Reading? {
        guard opensWithTemplate(text) else { return nil }
        let head = opening(text)
        var found: Reading?
        if let format = markerFormats.first(where: { head.hasPrefix($0.opener) }) {
            found = format.read(head)
        } else if head.hasPrefix("[INST]") {
            found = llama2(head)
        } else if head.hasPrefix("Human:") {
            // Anthropic's HH-RLHF: `\n\nHuman: ...\n\nAssistant: ...`, each turn after a blank line.
            found = headed(
                "\n\n" + head, markers: [("\n\nHuman:", .user), ("\n\nAssistant:", .assistant)],
                name: "human-assistant")
        } else if head.hasPrefix("USER:") || head.hasPrefix("A chat between") {
            // Vicuna's `A chat between ... USER: ... ASSISTANT: ...</s>`: the preamble is its system prompt.
            let first = head.range(of: "USER:")?.lowerBound ?? head.startIndex
            let preamble = tidy(head[..<first])
            found = headed(
                head[first...], markers: [("USER:", .user), ("ASSISTANT:", .assistant)], name: "vicuna")
            if !preamble.isEmpty { found?.messages.insert(Message(role: .system, content: preamble), at: 0) }
        } else if head.hasPrefix("### Human:") {
            found = headed(
                head, markers: [("### Human:", .user), ("### Assistant:", .assistant)], name: "human-assistant")
        } else {
            found = alpaca(head)
        }
        guard let found, found.messages.contains(where: { $0.role == .user }),
            found.messages.contains(where: { $0.role == .assistant })
        else { return nil }
        return found
    }

    /// `text` trimmed, without a leading beginning-of-text token.
    private static func opening(_ text: String) -> Substring {
        var head = Substring(text).drop { $0.isWhitespace }
        for token in ["<|begin_of_text|>", "<s>", "<bos>"] where head.hasPrefix(token) {
            head = head.dropFirst(token.count).drop { $0.isWhitespace }
        }
        return head
    }

    /// A template of turns each opened by a marker naming the role and closed by an end token.
    private struct MarkerFormat: Sendable {
        let name: String
        /// What the text opens with.
        let opener: String
        /// Splits the text into (role word, content) pairs.
        let turns: @Sendable (Substring) -> [(String, Substring)]

        func read(_ text: Substring) -> Reading? {
            var messages: [Message] = []
            for (word, content) in turns(text) {
                guard let role = ChatTemplateText.roles[word.lowercased()] else { return nil }
                let cleaned = ChatTemplateText.tidy(content)
                if !cleaned.isEmpty { messages.append(Message(role: role, content: cleaned)) }
            }
            return Reading(messages: messages, template: name)
        }
    }

    /// Role words of the templates.
    static let roles: [String: MessageRole] = [
        "system": .system, "user": .user, "human": .user, "assistant": .assistant, "model": .assistant,
        "gpt": .assistant, "bot": .assistant,
    ]

    private static let markerFormats: [MarkerFormat] = [
        MarkerFormat(name: "chatml", opener: "<|im_start|>") { text in
            pieces(text, open: "<|im_start|>", end: "<|im_end|>").map { piece in
                let newline = piece.firstIndex(of: "\n") ?? piece.endIndex
                return (String(piece[..<newline]).trimmingCharacters(in: .whitespaces), piece[newline...])
            }
        },
        MarkerFormat(name: "llama-3", opener: "<|start_header_id|>") { text in
            pieces(text, open: "<|start_header_id|>", end: "<|eot_id|>").map { piece in
                guard let close = piece.range(of: "<|end_header_id|>") else { return (String(piece), "") }
                return (String(piece[..<close.lowerBound]), piece[close.upperBound...])
            }
        },
        MarkerFormat(name: "gemma", opener: "<start_of_turn>") { text in
            pieces(text, open: "<start_of_turn>", end: "<end_of_turn>").map { piece in
                let newline = piece.firstIndex(of: "\n") ?? piece.endIndex
                return (String(piece[..<newline]).trimmingCharacters(in: .whitespaces), piece[newline...])
            }
        },
        MarkerFormat(name: "zephyr", opener: "<|system|>") { roleTagged($0) },
        MarkerFormat(name: "zephyr", opener: "<|user|>") { roleTagged($0) },
    ]

    /// The pieces of `text` after each `open`, each cut at its `end` token when it has one.
    private static func pieces(_ text: Substring, open: String, end: String) -> [Substring] {
        text.components(separatedBy: open).dropFirst().map { piece in
            let piece = Substring(piece)
            return piece.range(of: end).map { piece[..<$0.lowerBound] } ?? piece
        }
    }

    /// Zephyr's and Phi-3's `<|user|>\n...</s>` (or `<|end|>`) turns.
    private static func roleTagged(_ text: Substring) -> [(String, Substring)] {
        var turns: [(String, Substring)] = []
        var rest = text
        while let open = rest.range(of: "<|") {
            guard let close = rest[open.upperBound...].range(of: "|>") else { break }
            let word = String(rest[open.upperBound..<close.lowerBound])
            let after = rest[close.upperBound...]
            let next = after.range(of: "<|")?.lowerBound ?? after.endIndex
            var content = after[..<next]
            for end in ["</s>", "<|end|>"] {
                if let cut = content.range(of: end) { content = content[..<cut.lowerBound] }
            }
            if word != "end" { turns.append((word, content)) }
            rest = after[next...]
        }
        return turns
    }

    /// Llama 2's and Mistral's `[INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] answer </s><s>[INST] ...`.
    private static func llama2(_ text: Substring) -> Reading? {
        var messages: [Message] = []
        for exchange in text.components(separatedBy: "[INST]").dropFirst() {
            guard let close = exchange.range(of: "[/INST]") else { return nil }
            var asked = exchange[..<close.lowerBound]
            if let start = asked.range(of: "<<SYS>>"), let end = asked.range(of: "<</SYS>>"),
                start.upperBound <= end.lowerBound
            {
                let system = tidy(asked[start.upperBound..<end.lowerBound])
                if !system.isEmpty, messages.isEmpty { messages.append(Message(role: .system, content: system)) }
                asked = asked[end.upperBound...]
            }
            let question = tidy(asked)
            let answer = tidy(exchange[close.upperBound...])
            if !question.isEmpty { messages.append(Message(role: .user, content: question)) }
            if !answer.isEmpty { messages.append(Message(role: .assistant, content: answer)) }
        }
        return Reading(messages: messages, template: "llama-2")
    }

    /// Alpaca's `### Instruction:`, optional `### Input:`, and `### Response:` sections, after its preamble.
    private static func alpaca(_ text: Substring) -> Reading? {
        guard let instruction = text.range(of: "### Instruction:"), let response = text.range(of: "### Response:"),
            instruction.upperBound <= response.lowerBound
        else { return nil }
        var asked = text[instruction.upperBound..<response.lowerBound]
        var context: Substring = ""
        if let input = asked.range(of: "### Input:") {
            context = asked[input.upperBound...]
            asked = asked[..<input.lowerBound]
        }
        let question = [tidy(asked), tidy(context)].filter { !$0.isEmpty }.joined(separator: "\n\n")
        let answer = tidy(text[response.upperBound...])
        guard !question.isEmpty, !answer.isEmpty else { return nil }
        return Reading(
            messages: [Message(role: .user, content: question), Message(role: .assistant, content: answer)],
            template: "alpaca")
    }

    /// Turns opened by header markers (`### Human:`, `### Assistant:`), in any number.
    private static func headed(_ text: Substring, markers: [(String, MessageRole)], name: String) -> Reading? {
        var found: [(position: Substring.Index, end: Substring.Index, role: MessageRole)] = []
        for (marker, role) in markers {
            var rest = text[...]
            while let range = rest.range(of: marker) {
                found.append((range.lowerBound, range.upperBound, role))
                rest = text[range.upperBound...]
            }
        }
        found.sort { $0.position < $1.position }
        var messages: [Message] = []
        for (index, turn) in found.enumerated() {
            let end = index + 1 < found.count ? found[index + 1].position : text.endIndex
            let content = tidy(text[turn.end..<end])
            if !content.isEmpty { messages.append(Message(role: turn.role, content: content)) }
        }
        return Reading(messages: messages, template: name)
    }

    /// A turn's text without the end-of-sequence tokens and spaces around it.
    private static func tidy(_ text: Substring) -> String {
        var text = String(text)
        for token in ["</s>", "<s>", "<|eot_id|>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "<|end|>"] {
            text = text.replacingOccurrences(of: token, with: "")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
