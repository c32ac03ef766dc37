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

step "Create the store" "$WINNOW" init
step "Import JSONL tickets, a chat file and a CSV export (bad records are quarantined)" \
  "$WINNOW" import Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv
step "Import a Windows-1252 CSV with French column names, mapped by hand" \
  "$WINNOW" import Fixtures/legacy-cp1252.csv --map input=sujet+message --map response=reponse --map label=categorie
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
step "A duplicate cluster side by side, differing words marked" "$WINNOW" show 8
step "Audit the labels: confident learning, neighbours, duplicate clusters, taxonomy" "$WINNOW" audit
step "Label findings with a suggested label" "$WINNOW" flags --check label-taxonomy
step "One example with its flags and provenance" "$WINNOW" show 6
printf '\nDone. The store is %s; try: %s show 1 --db %s\n' "$WINNOW_DB" "$WINNOW" "$WINNOW_DB"
