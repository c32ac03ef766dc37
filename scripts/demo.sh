#!/usr/bin/env bash
# Runs the Winnow pipeline on Fixtures/ into demo-out/ and says what each step did.
set -euo pipefail
cd "$(dirname "$0")/.."
WINNOW="${1:-.build/debug/winnow}"
OUT=demo-out
rm -rf "$OUT"
mkdir -p "$OUT"
export WINNOW_DB="$OUT/winnow.db"

step() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "Create the store with the team's labels" "$WINNOW" init --labels Fixtures/labels.txt
step "Import JSONL tickets, a chat file and a CSV export (bad records are quarantined)" \
  "$WINNOW" import Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv
step "Import a Windows-1252 CSV with French column names (sujet, message, reponse, categorie)" \
  "$WINNOW" import Fixtures/legacy-cp1252.csv
if ls Fixtures/html/*.html >/dev/null 2>&1; then
  step "Import HTML ticket pages and e-mail threads" "$WINNOW" import Fixtures/html/*.html
fi
step "Importing the same file again adds nothing" "$WINNOW" import Fixtures/tickets.jsonl
step "What is in the store" "$WINNOW" stats
step "What was quarantined, with file and line/row" "$WINNOW" errors
step "A few examples" "$WINNOW" list --limit 5
step "The rules that will run, and where each is defined" "$WINNOW" rules
# check exits 1 when an error-severity rule fires (here: a payment card and a leaked API key): expected.
step "Run the rule checks (PII, auto-replies, HTML remnants, blank answers...)" "$WINNOW" check || true
step "The error-severity findings, in context" "$WINNOW" flags --severity error
step "Embed every example with all-MiniLM-L6-v2 (native Swift on OpenBLAS)" "$WINNOW" embed
step "Nearest neighbours of example 1 (a double charge)" "$WINNOW" similar 1 --k 3
step "Semantic search" "$WINNOW" search "my parcel never arrived" --k 3
step "Find duplicates: exact, lexical (MinHash-LSH) and semantic (embeddings)" "$WINNOW" dedup
step "At a lower semantic threshold a reworded ticket (T-1008) joins its original" \
  "$WINNOW" dedup --semantic-threshold 0.8
step "The duplicate flags, each with its representative and similarity" "$WINNOW" flags --check near-duplicate
step "A duplicate cluster side by side, differing words marked" "$WINNOW" show 7
step "Audit the labels: confident learning, neighbours, duplicate clusters, taxonomy" "$WINNOW" audit
step "Label findings with a suggested label" "$WINNOW" flags --check label-taxonomy
step "One example with its flags and provenance" "$WINNOW" show 6
step "The review policy that review auto applies" "$WINNOW" review policy
step "What the default policy would change, rule by rule (nothing is written)" "$WINNOW" review auto --dry-run
step "The whole pipeline in one command (check, embed, dedup, audit, review auto): what it did, what is left" \
  "$WINNOW" curate
step "A person's decision, in bulk by check: reject the example that leaks an internal note" \
  "$WINNOW" review reject --check internal-note-leak --reviewer demo --note "leaks an internal note"
step "Relabel by id, then approve" "$WINNOW" review relabel 7 --label Billing --reviewer demo
step "Approve it" "$WINNOW" review approve 7 --reviewer demo
step "Undo the reviewer's last decision (the approval; the relabel stays)" "$WINNOW" review undo --reviewer demo
step "The history of one example" "$WINNOW" show 7
step "Split the approved examples into train/validation/test (duplicate clusters and threads stay whole)" \
  "$WINNOW" split
step "The stored splits (a split never changes; a new one needs a new name)" "$WINNOW" splits
step "Export for OpenAI fine-tuning, checked as OpenAI's data-preparation guide checks chat files" \
  "$WINNOW" export --format openai-chat --out "$OUT/export-chat" --system-prompt "You are Acme's support agent."
step "Export as JSONL with provenance, and as CSV" "$WINNOW" export --format jsonl --out "$OUT/export-jsonl"
"$WINNOW" export --format csv --out "$OUT/export-csv" >/dev/null
step "The manifest (part of it): what the export reflects: decisions, rule runs, redactions, sources, model" \
  sed -n '/"left_out"/,/"model"/p' "$OUT/export-chat/manifest.json"
step "Fine-tune the encoder with LoRA on the split's train part (a short run: 3 epochs)" \
  "$WINNOW" train --epochs 3 --out "$OUT/adapter"
step "The adapter is a peft LoRA directory plus the head" ls "$OUT/adapter"
step "Per training point: the frozen baseline against the adapter on the test part, with 95% intervals" \
  "$WINNOW" eval --adapter "$OUT/adapter" --out "$OUT/eval.md"
step "Classify new tickets with the adapter" \
  "$WINNOW" predict --adapter "$OUT/adapter" "my card was charged twice" "the parcel never came"
step "Test cases per training point, kept apart from training (a copy of a training ticket is marked)" \
  "$WINNOW" cases import Fixtures/test-cases.csv
step "Round 1 on the test part and on the test cases, per training point" \
  "$WINNOW" eval --adapter "$OUT/adapter" --out "$OUT/eval-round-1.md"
step "Which pending examples to label next: uncertain, close to failing cases, weak points first" \
  "$WINNOW" suggest --budget 6
step "Review the suggestions in the terminal (scripted here: approve each one shown)" \
  bash -c "printf 'a\na\na\na\na\na\nq\n' | '$WINNOW' review next --suggested --budget 6 --reviewer demo | grep -oE '(Approved 1 example: #[0-9]+|Nothing left.*)'"
step "Round 2: a new split with the newly approved examples" "$WINNOW" split --name round-2
step "Fine-tune again on round 2" "$WINNOW" train --split round-2 --epochs 3 --out "$OUT/adapter-2"
step "Round 2 against round 1 on the same cases; a significant regression would exit 1" \
  "$WINNOW" eval --adapter "$OUT/adapter-2" --against "$OUT/adapter" --fail-on-regression --out "$OUT/eval-round-2.md"
step "The rounds so far" "$WINNOW" runs --kind eval
step "One self-contained HTML report, with the history of the rounds" "$WINNOW" report --out "$OUT/report.html"
printf '\nReview the rest in a browser: %s serve --db %s (then open http://127.0.0.1:8080/, press ? for keys)\n' \
  "$WINNOW" "$WINNOW_DB"
printf 'or in the terminal: %s review next --db %s\n' "$WINNOW" "$WINNOW_DB"
printf '\nDone. The report is %s (open it in any browser); the store is %s; try: %s show 1 --db %s\n' \
  "$OUT/report.html" "$WINNOW_DB" "$WINNOW" "$WINNOW_DB"
