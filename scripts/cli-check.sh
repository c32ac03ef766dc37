#!/usr/bin/env bash
# End-to-end check of the built command line on Fixtures/: exit codes and JSON output.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
WINNOW="${1:-.build/debug/winnow}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export WINNOW_DB="$WORK/check.db"
passed=0
failed=0

expect() { # expect NAME EXPECTED_STATUS COMMAND...
  local name=$1 expected=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  local status=$?
  if [ "$status" = "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $status, expected $expected"
    sed 's/^/  | /' "$WORK/err" | head -5
  fi
}

contains() { # contains NAME TEXT (in the last output)
  if grep -qF -- "$2" "$WORK/out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: no '$2'"; fi
}

expect "init" 0 "$WINNOW" init
expect "import fixtures" 0 "$WINNOW" import --json Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv
contains "import counts" '"imported":40,"skipped_duplicates":1,"errors":6'
expect "re-import adds nothing" 0 "$WINNOW" import --json Fixtures/tickets.jsonl
contains "re-import counts" '"imported":0,"skipped_duplicates":25'
expect "errors" 0 "$WINNOW" errors
contains "errors name the line" "Fixtures/tickets.jsonl, line 9"
contains "errors name the row" "Fixtures/export.csv, row 11 (line 13)"
expect "stats json" 0 "$WINNOW" stats --json
contains "stats examples" '"examples":40'
expect "show" 0 "$WINNOW" show 1
contains "show provenance" "Fixtures/tickets.jsonl, line 1"
expect "show missing id" 2 "$WINNOW" show 9999
expect "bad option value" 2 "$WINNOW" list --status bogus
expect "unknown option" 2 "$WINNOW" import --bogus Fixtures/chat.jsonl
expect "missing file" 2 "$WINNOW" import Fixtures/no-such-file.jsonl
expect "bad map" 2 "$WINNOW" import --map nonsense Fixtures/chat.jsonl
expect "no store" 2 "$WINNOW" stats --db "$WORK/none.db"

expect "html import" 0 "$WINNOW" import --json Fixtures/html/email-thread.html Fixtures/html/zendesk-ticket.html
contains "html counts" '"imported":2'
expect "dry run" 0 "$WINNOW" import --dry-run Fixtures/export.csv
contains "dry run mapping" "input <- Subject + Description"

expect "rules" 0 "$WINNOW" rules
contains "rules origin" "Rules/pii.yml"
mkdir -p "$WORK/bad-rules"
printf -- '- id: broken\n  description: x\n  severity: warning\n  kind: pi\n  field: input\n' >"$WORK/bad-rules/bad.yml"
expect "bad rule file refused" 2 "$WINNOW" check --rules "$WORK/bad-rules"
if grep -q "bad.yml:4:" "$WORK/err"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL rule error position"; fi
expect "check finds error-severity problems" 1 "$WINNOW" check
contains "check table" "pii-card"
expect "show redacted" 0 "$WINNOW" show 6 --json
contains "redaction placeholders" 'The card I used was [CARD_1].'
expect "flags" 0 "$WINNOW" flags --check pii-email
contains "flags context" "»"

expect "model installed" 0 "$WINNOW" model path
expect "embed texts" 0 "$WINNOW" embed --json --text "Where is my parcel?" --text "I was charged twice"
contains "embed json" '"embeddings":[['
expect "embed store" 0 "$WINNOW" embed --json
expect "embed again does nothing" 0 "$WINNOW" embed --json
contains "embed resume" '"embedded":0'
expect "similar" 0 "$WINNOW" similar 1 --k 3
expect "search" 0 "$WINNOW" search --json "my card was charged two times"
contains "search finds the double charge" '"label":"Billing"'

expect "predict" 0 "$WINNOW" predict --adapter Fixtures/support-adapter --top 2 "my parcel never arrived"
contains "predict text" "Shipping"
expect "predict json" 0 "$WINNOW" predict --json --adapter Fixtures/support-adapter "I was charged twice" "the app crashes"
contains "predict json billing" '"text":"I was charged twice","label":"Billing"'
contains "predict json technical" '"label":"Technical"'
expect "predict without texts" 2 "$WINNOW" predict --adapter Fixtures/support-adapter
expect "predict missing adapter" 2 "$WINNOW" predict --adapter "$WORK/no-adapter" "hello"

echo "cli-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
