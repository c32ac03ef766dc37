import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Text fields of JSON and CSV exports that hold HTML (a helpdesk's ticket or message body) are read as the text
/// they show.
@Suite("HTML in text fields")
struct HTMLFieldTests {
    @Test(arguments: [
        ("<div>Hello,<br>my order is late.</div>", true),
        ("<p>Refund please</p>", true),
        ("  <br/>one line", true),
        ("Hi<br>there<br>", true),
        ("My <div> is not centred, what is wrong?", false),
        ("I <3 your shop, 2 < 3 and 5 > 4", false),
        ("Use <Ctrl> and <Alt> together", false),
        ("plain text", false),
        ("see <b>this</b>", true),
        // A mail client's text part with its inline images' tags left in: paragraphs of its own, no block tags.
        ("Hello,\n\nBefore the images.\n\n<img src=\"cid:a@x\">\n<img src=\"cid:b@x\">\n\nAfter them.", false),
        ("<img src=\"cid:a@x\"> <b>Screenshot</b> of the error", true),
        ("Hello,\n\n<p>Before</p>\n\n<p>After</p>", true),
    ])
    func markupIsToldFromMentions(text: String, isHTML: Bool) {
        #expect(HTMLFieldText.looksLikeHTML(text) == isHTML)
    }

    @Test func markupIsReadAsTheTextItShows() {
        let html =
            "<style>p { color: red }</style><div>Hello,<br><br>I click <b>Reset</b>&nbsp;but nothing comes.</div>"
            + "<p>Thanks &amp; regards</p><blockquote>On Mon, Support wrote:<p>Try again</p>"
            + "<blockquote>deeper</blockquote></blockquote>"
        #expect(
            HTMLFieldText.render(html)
                == "Hello,\n\nI click Reset but nothing comes.\n\nThanks & regards\n\n> On Mon, Support wrote:\n>\n"
                + "> Try again\n>\n>> deeper")
    }

    @Test func teamsElementsReadAsTeamsShowsThem() throws {
        // Microsoft Graph's chatMessage bodies: a mention, an emoji, a custom emoji, a file card's place.
        let body =
            "<p>Hi&nbsp;<at id=\"0\">Adele Vance</at>, I am looking <emoji id=\"1f440_eyes\" alt=\"👀\" title=\"Eyes\">"
            + "</emoji><customemoji id=\"dGVz\" alt=\"party_parrot\" source=\"https://graph.example/x\"></customemoji>"
            + "</p><attachment id=\"153fa47d18c5\"></attachment>"
        #expect(HTMLFieldText.render(body) == "Hi Adele Vance, I am looking 👀party_parrot")
        // A mention alone in a body is markup as Teams writes it; `<at>` in prose is not.
        #expect(HTMLFieldText.looksLikeHTML("<at id=\"0\">Ann</at> can you check the VPN?"))
        #expect(!HTMLFieldText.looksLikeHTML("Meet me <at> the desk"))
        #expect(HTMLFieldText.render("<p>Meet me <at> the desk, <b>now</b></p>") == "Meet me <at> the desk, now")
        #expect(HTMLFieldText.render("<systemEventMessage/>") == "")
        // Placeholders beside Teams' elements stay text.
        #expect(
            HTMLFieldText.render("<div>Dear <name>, <at id=\"1\">Bo</at> will call <tel_num>.</div>")
                == "Dear <name>, Bo will call <tel_num>.")
    }

    @Test func placeholdersAndCodeInMarkupStayText() throws {
        // An anonymised ticket answer (`<name>`, `<tel_num>`) written with line breaks as `<br>`, and code.
        let answer =
            "Dear <name>,<br><br>we have unlocked account <acc_num>.<br>Call us at <tel_num> or write to"
            + " <address>.<br>Regards"
        let text = try #require(HTMLFieldText.render(answer))
        #expect(
            text == "Dear <name>,\n\nwe have unlocked account <acc_num>.\nCall us at <tel_num> or write to <address>.\n"
                + "Regards")
        let code = "<p>Add <code>#include <iostream></code> and use <b>std::vector<int></b>.</p>"
        #expect(HTMLFieldText.render(code) == "Add #include <iostream> and use std::vector<int>.")
        // Elements that close, void elements and namespaced tags are still markup.
        #expect(HTMLFieldText.render("<address>1 Main St</address><o:p></o:p>Hi<br/>there") == "1 Main St\n\nHi\nthere")
    }

    @Test func aFencedCodeBlockKeepsItsLinesAndIndentation() throws {
        // A chat answer with its prose in `<br>` and its code as Markdown (as ShareGPT answers are written).
        let answer =
            "Try this:<br>```python\ndef total(items):\n    return sum(i.price for i in items)\n\nif a &lt; b:\n"
            + "    pass\n```<br>It prints the <b>total</b>; run `python total.py`."
        let text = try #require(HTMLFieldText.render(answer))
        #expect(
            text
                == "Try this:\n```python\ndef total(items):\n    return sum(i.price for i in items)\n\nif a < b:\n"
                + "    pass\n```\nIt prints the total; run `python total.py`.")
        // Code written with `<br>` between its lines in a fence reads the same way; an unclosed fence is text.
        #expect(
            HTMLFieldText.render("<p>Run:</p>```sh<br>cd app<br>make\n```") == "Run:\n\n```sh\ncd app\nmake\n```")
        #expect(HTMLFieldText.render("<p>A ``` alone</p><p>and more</p>") == "A ``` alone\n\nand more")
    }

    @Test func jsonBodiesAndTurnsAreReadAsText() throws {
        let lines = [
            #"{"id": 1, "subject": "Refund", "description": "<p>Please refund order 55 &amp; cancel.</p>", "#
                + #""reply": "<div>Done.<br>Regards, Sam</div>", "tags": "<b>vip</b>"}"#,
            #"{"id": 2, "messages": [{"role": "user", "content": "<p>Hi <b>there</b></p>"}, "#
                + #"{"role": "assistant", "content": "Hello, <i>how</i> can I help?"}]}"#,
            #"{"id": 3, "body": "My <div> is not centred"}"#,
        ]
        let run = try ImportRun(JSONLImporter(), name: "tickets.jsonl", text: lines.joined(separator: "\n") + "\n")
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "Refund\n\nPlease refund order 55 & cancel.", "Hi there", "My <div> is not centred",
            ])
        #expect(run.records.first?.response == "Done.\nRegards, Sam")
        #expect(run.records.first?.metadata["rendered_from_html"] == ["description", "reply"])
        // Metadata keeps the export's values as they were.
        #expect(run.records.first?.metadata["tags"] == "<b>vip</b>")
        #expect(run.records[1].messages.map(\.content) == ["Hi there", "Hello, how can I help?"])
        #expect(run.records[1].response == "Hello, how can I help?")
        #expect(run.records[1].metadata["rendered_from_html"] == ["messages"])
        #expect(run.records[2].metadata["rendered_from_html"] == nil)
    }

    @Test func quotedHistoryInMarkupGoesWithCleanReplies() throws {
        let text =
            "subject,body\nRefund,\"<p>Please refund.</p><blockquote>On Mon, 2 Nov 2026, Sam wrote:<br>"
            + "Your plan renews soon.</blockquote>\"\n"
        let run = try ImportRun(
            CSVImporter(), name: "export.csv", text: text, options: ImportOptions(cleanReplies: true))
        #expect(run.records.first?.input == "Refund\n\nPlease refund.")
        #expect(run.records.first?.metadata["removed_quotes"]?.arrayValue?.isEmpty == false)
    }
}
