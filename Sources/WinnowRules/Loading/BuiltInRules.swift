// swift-format-ignore-file
// Written by scripts/embed-rules.py from Rules/*.yml; edit those and run the script again.

/// The shipped rule files (`Rules/*.yml`), compiled in: the defaults wherever the binary is installed.
public enum BuiltInRules {
    /// Each file's name and text, in name order.
    public static let files: [(name: String, text: String)] = [
        ("pii.yml", #"""
# Personal data and secrets.
#
# Support tickets are full of customers' contact details. A fine-tuning set must not teach a model to repeat them,
# so these rules redact: each found span is replaced in exports with a typed placeholder that is stable within one
# ticket ([EMAIL_1], [PHONE_1], ...). The original stays in the store.
#
# Severity: contact details are expected in support mail and redaction handles them, so they are `info`. Card numbers
# and secrets are never acceptable in a training set (PCI scope, live credentials): `error`, so `winnow check` exits 1
# and someone looks. Bank account numbers sit in between: `warning`.
#
# Fields: the input (which holds the subject), the response, every message of the thread (exports of whole
# threads must be clean too) and every text in the metadata (`metadata`: a mail's From and To, the signatures and
# quotes the reply cleaner took out, a helpdesk export's extra columns), which `export --include-metadata` writes.

- id: pii-email
  description: E-mail addresses
  severity: info
  field: [input, response, messages, metadata]
  kind: pii
  types: [email]
  action: redact

- id: pii-phone
  description: Phone numbers, international (+44 20 7946 0958) and national ((555) 123-4567, 020 7946 0958)
  # Order, tracking and invoice numbers, dates, prices and version numbers are not phones: the scanner needs a
  # phone-like shape or a word such as "call" or "tel" before the number.
  severity: info
  field: [input, response, messages, metadata]
  kind: pii
  types: [phone]
  action: redact

- id: pii-card
  description: Payment card numbers (Luhn-checked, with a card brand prefix)
  # A 16-digit order number that fails the Luhn check is not reported.
  severity: error
  field: [input, response, messages, metadata]
  kind: pii
  types: [card]
  action: redact

- id: pii-iban
  description: Bank account numbers (IBAN, mod-97 checked)
  severity: warning
  field: [input, response, messages, metadata]
  kind: pii
  types: [iban]
  action: redact

- id: pii-ip
  description: IP addresses
  # Customers paste them when reporting access problems; harmless to the task, so redacted quietly.
  severity: info
  field: [input, response, messages, metadata]
  kind: pii
  types: [ip]
  action: redact

- id: pii-handle
  description: Social media handles opening a reply or a paragraph ("@sprintcare @115712 I understand...")
  # Replies on Twitter/X, Instagram and forums open by naming whom they answer: the customer's handle names a person,
  # and a model should not learn to write one. A handle inside a sentence, alone on its line or before "(" is left
  # alone (code annotations such as `@Override` and `@Test(...)` look like that).
  severity: info
  field: [input, response, messages]
  kind: pii
  types: [handle]
  action: redact

- id: pii-address
  description: Street addresses, as written in signatures ("221B Baker Street")
  severity: info
  field: [input, response, messages, metadata]
  kind: pii
  types: [address]
  action: redact

- id: secrets
  description: Passwords, API keys, access tokens and private keys written in the text
  # A live credential in a data set is an incident, whoever wrote it.
  severity: error
  field: [input, response, messages, metadata]
  kind: pii
  types: [secret]
  action: redact
"""#),
        ("quality.yml", #"""
# Basic quality: missing, blank, too short, too long, and text the model cannot read in full.
#
# Web-scale filters are wrong for support tickets: "Where is my order?" is a complete ticket, so the length bounds
# below only catch what is clearly not a ticket ("?", "hi", "test") or clearly a paste of something else.

- id: input-empty
  description: The customer's message is missing or blank
  # Nothing to learn from; the example cannot be trained on.
  severity: error
  field: input
  kind: empty
  action: reject

- id: response-blank
  description: A response is present but blank
  # Tickets without a response are fine for intent classification; a blank one is an import or export fault.
  severity: warning
  field: response
  kind: empty
  missing: false

- id: answer-missing
  description: The example has neither a response nor a label, so there is nothing to train on
  # A conversation the agent never answered, in a data set of answered ones: it cannot be a training example (an
  # openai-chat export would have no assistant turn for it) until someone labels it or rejects it. Skipped where no
  # example has a response (intent data, messages to label).
  severity: warning
  field: response
  kind: empty
  when:
    has_label: false

- id: label-missing
  description: The example has no label
  # Training needs a label; review can add one.
  severity: warning
  field: label
  kind: empty

- id: input-too-short
  description: The customer's message is too short to be a ticket
  # Five characters: "Help!" and "Refund" pass, "?", "hi" and "test" do not.
  severity: warning
  field: input
  kind: length
  min_chars: 5

- id: input-too-long
  description: The customer's message is very long (a pasted log, a forwarded thread)
  severity: warning
  field: input
  kind: length
  max_chars: 20000

- id: response-too-short
  description: The response is a single word
  # "Done." or "Thanks!" teaches the model nothing about answering.
  severity: warning
  field: response
  kind: length
  min_words: 2
  when:
    has_response: true

- id: response-too-long
  description: The response is very long
  severity: info
  field: response
  kind: length
  max_words: 1500

- id: input-token-length
  description: The customer's message is longer than the model reads (256 WordPiece tokens)
  # The rest is cut off in training and prediction; worth knowing, not wrong in itself.
  severity: info
  field: input
  kind: token_length
  max_tokens: 256

- id: label-allowed
  description: The label is one of the project's labels
  # Checks against the project's label list (`winnow init --labels FILE`); without one the rule does not run.
  # Near misses ("billing " for "Billing") get a suggested label. A rule in your --rules directory may give its own
  # list instead (labels: [...] or labels_file: FILE).
  severity: warning
  field: label
  kind: label_allowed

- id: shouting-input
  description: The customer's message is written mostly in capitals
  # Angry customers shout; that is real support data. Worth a look, not a problem.
  severity: info
  field: input
  kind: shouting
  min_letters: 20
  max_uppercase_ratio: 0.7

- id: shouting-response
  description: The response is written mostly in capitals
  # An agent should not shout; the model should not learn to.
  severity: warning
  field: response
  kind: shouting
  min_letters: 20
  max_uppercase_ratio: 0.7

- id: repeated-chars-input
  description: A character repeated many times in the customer's message ("!!!!!!", "heeeelp")
  severity: info
  field: input
  kind: repeated_chars
  min_run: 5
  # Separator lines and masked numbers are not noise.
  ignore: "-=_*#~."

- id: repeated-chars-response
  description: A character repeated many times in the response
  severity: warning
  field: response
  kind: repeated_chars
  min_run: 5
  ignore: "-=_*#~."
"""#),
        ("support.yml", #"""
# Support-specific problems: automatic mail, import leftovers, templates, encoding damage, and responses that are
# not answers.

- id: bounce
  description: Mail delivery failures and messages from no-reply senders
  # A bounce or a newsletter from a no-reply address is not a customer asking anything: reject it. Only the newest
  # text and the sender count: a genuine reply quoting a no-reply notification is not a bounce.
  severity: error
  field: [input, metadata.from, metadata.sender]
  kind: auto_reply
  categories: [delivery_failure, no_reply_sender]
  newest_text_only: true
  action: reject

- id: helpdesk-spam
  description: A ticket the helpdesk itself marked as spam or deleted (a status of spam, deleted or trash; a spam or
    deleted flag set)
  # Help Scout's and Front's `status: spam`, Zendesk's `status: deleted` in incremental exports, Freshdesk's
  # `spam: true` and `deleted: true`. Spam is no support, and a deleted ticket may have been deleted at the
  # customer's request: neither belongs in a training set.
  severity: error
  field: [metadata.status, metadata.state, metadata.spam, metadata.is_spam, metadata.deleted, metadata.is_deleted]
  kind: regex
  pattern: '\A(?:spam|deleted|trash|trashed|junk|true|yes)\z'
  case_insensitive: true
  message: the helpdesk marked this ticket as spam or deleted
  action: reject

- id: auto-reply-input
  description: Out-of-office and automatic messages in place of a customer's message
  severity: warning
  field: input
  kind: auto_reply
  categories: [out_of_office, automatic, acknowledgement]

- id: auto-reply-response
  description: The response is an automatic acknowledgement or out-of-office, not an answer
  # Training on it teaches the model to stall. Phrases are specific to automatic mail, but an agent may quote one,
  # so this is a warning for review rather than an error.
  severity: warning
  field: response
  kind: auto_reply
  categories: [out_of_office, automatic, acknowledgement]

- id: html-remnants
  description: HTML tags, entities, CSS or script text that survived import
  # The model would learn to write markup. Usually an importer setting to fix, so a warning.
  severity: warning
  field: [input, response]
  kind: html_remnants

- id: template-leftover-response
  description: Unfilled template placeholders or lorem ipsum in the response ({{name}}, [Customer Name])
  # A customer-facing answer with a placeholder in it is a bad training target: the model learns to emit it. On a
  # data set whose customers' messages hold placeholders on purpose (at least 10 and 5% of the first 2,000, as in
  # sets built from templates), its answers' placeholders are slots filled when an answer is sent: it runs at info.
  severity: error
  field: response
  kind: template_leftover

- id: template-leftover-input
  description: Template or redaction placeholders in the customer's message ({product_purchased}, {{Order Number}})
  # The data set's own templating or redaction (synthetic sets such as Bitext's write {{Order Number}} in a third of
  # their requests): the model reads the words around it and never learns to write it. Worth knowing, not a reason
  # to hold an example back.
  severity: info
  field: input
  kind: template_leftover
  filler: false

- id: filler-text-input
  description: Lorem ipsum filler in the customer's message (a test ticket, not a customer's words)
  severity: warning
  field: input
  kind: template_leftover
  placeholders: false

- id: escaped-line-breaks
  description: Line breaks written as the two characters \n, with no real line break in the text
  # An export that escaped its line breaks (one version of a public ticket set writes every answer so): a model
  # trained on it learns to write "\n". Replace them with real line breaks and re-import; code that prints "\n"
  # has real line breaks around it and is not flagged.
  severity: warning
  field: [input, response]
  kind: regex
  pattern: '\A[^\n]*\\n[^\n]*\\n[^\n]*\z'
  prefilter: ['\n']
  message: line breaks escaped as \n

- id: media-left-out
  description: A turn showed an image, audio or a file that the text leaves out
  # Chat data's content parts that are no text (OpenAI's image_url, input_audio, file) are not kept: the answer may
  # speak of what only the image showed ("the red light means..."), which a text model cannot learn from. Review
  # whether the text alone still asks what the answer answers.
  severity: warning
  field: metadata.left_out_parts
  kind: regex
  pattern: '\A[^,]+'
  message: the thread held parts that are no text (left out)

- id: mojibake
  description: Text decoded with the wrong encoding (Ã©, â€™) or with lost characters (�)
  # Fix the import encoding (--encoding) and re-import.
  severity: warning
  field: [input, response]
  kind: mojibake

- id: non-answer
  description: The response only apologises, only says "escalated" or "see attached", or repeats the customer
  # Real but useless as a training target; review decides whether to keep the ticket for classification only.
  severity: warning
  field: response
  kind: non_answer

- id: internal-note-leak
  description: A note meant for agents in the customer-facing response ("internal note", "@here", "do not share")
  # Training on it teaches the model to leak internal notes to customers.
  severity: error
  field: response
  kind: internal_note_leak
  categories: [internal_note]

- id: agent-speak
  description: The response talks about the customer in the third person ("the customer is angry")
  # Often a note between agents pasted into the reply, sometimes harmless wording.
  severity: warning
  field: response
  kind: internal_note_leak
  categories: [third_person]

- id: quoted-history
  description: Quoted e-mail history or a forwarded message left in the text ("On ... wrote:", "Am ... schrieb",
    "-----Original Message-----", "From:/Sent:" header blocks, "> " lines)
  # The HTML importer strips quoted history; JSONL and CSV exports often keep it (unless imported with
  # --clean-replies), and the model then learns to answer the old message as well as the new one. The findings are
  # the spans the reply cleaner would remove.
  severity: warning
  field: [input, response]
  kind: reply_parts
  parts: [quoted, forwarded]

- id: mailing-list-footer
  description: A mailing list or notification footer left in the text ("You received this message because you are
    subscribed...", "To unsubscribe from this group...", a "____ / NAME mailing list" block)
  # Footers of lists and forum notifications teach nothing about the request. The reply cleaner takes them out of
  # mail (into removed_disclaimers); here they are flagged where text was not cleaned as mail (a CSV body, a JSON
  # export without --clean-replies) or where a footer has another wording.
  severity: info
  field: [input, response]
  kind: regex
  pattern: '^(You received this (message|email) because you are subscribed|To unsubscribe from (this group|these emails)|_{10,}\n\S+ mailing list$)'
  multiline: true
  case_insensitive: true
  prefilter: [received this, unsubscribe, mailing list]
  message: mailing list or notification footer

- id: signature-block
  description: An e-mail signature or legal disclaimer left in the text ("-- " separator, a name and contact details
    ending the message, "Sent from my iPhone", "CONFIDENTIALITY NOTICE")
  # Signatures carry names and addresses and teach nothing about the request.
  severity: info
  field: [input, response]
  kind: reply_parts
  parts: [signature, disclaimer]

- id: gateway-banner
  description: A mail gateway's warning left in the text (a CAUTION label over "This email originated from outside
    of the organization...", "[EXTERNAL]", "You don't often get email from ...")
  # The gateway's words, not the customer's; the reply cleaner takes them out of mail (into removed_banners), here
  # they are flagged where text was not cleaned as mail (a CSV body, a JSON export without --clean-replies).
  severity: info
  field: [input, response]
  kind: reply_parts
  parts: [banner]
"""#),
    ]
}
