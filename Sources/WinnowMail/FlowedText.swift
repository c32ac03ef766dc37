/// Plain text sent as `format=flowed` (RFC 3676), as Thunderbird, Apple Mail and many phones send it: each paragraph
/// is wrapped at about 72 characters, and a line that ends in a space goes on in the next line. Decoded, a paragraph
/// is one line again, as the writer typed it, instead of breaking mid-sentence in every stored text.
///
/// Per RFC 3676, section 4: the `>` marks at a line's start are its quote depth; then one space is removed if the
/// line starts with one (space-stuffing, which the sender adds before a line starting with a space, `>` or `From `);
/// a line ending in a space (the signature separator `-- ` excepted) is flowed and is joined with the next line
/// of the same quote depth, its trailing space removed when `delsp=yes`. A flowed line followed by a line of
/// another depth, by the signature separator, by a blank line (kept) or by nothing ends its paragraph. Quoted
/// paragraphs are written back with their marks (`> `, `>> `), so the reply cleaner still sees the quote.
enum FlowedText {
    /// `text` (lines separated by `\n`) unwrapped; `deleteSpace` is the `delsp=yes` parameter.
    static func decode(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var depth = 0
        var open = false
        func close() {
            output.append(
                depth == 0
                    ? paragraph : String(repeating: ">", count: depth) + (paragraph.isEmpty ? "" : " ") + paragraph)
            paragraph = ""
            open = false
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw[...]
            var lineDepth = 0
            while line.first == ">" {
                lineDepth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            // A blank line is a paragraph break even after a flowed line: a sender that left a space before it
            // meant the break (RFC 3676 would join them and lose it).
            if open, lineDepth != depth || isSignature || line.isEmpty { close() }
            let flowed = !isSignature && line.last == " "
            if flowed && deleteSpace { line = line.dropLast() }
            if !open { depth = lineDepth }
            paragraph += line
            if flowed { open = true } else { close() }
        }
        if open { close() }
        return output.joined(separator: "\n")
    }
}
