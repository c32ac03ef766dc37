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

echo "cli-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
