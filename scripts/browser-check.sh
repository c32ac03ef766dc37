#!/usr/bin/env bash
# End-to-end check of `winnow serve` in a real headless Chromium (Debian's `chromium`): accept the suggested label
# of the queue filtered by suggestion with its bulk key (G), load the queue, move the
# selection and approve an example with real key events (Chrome DevTools protocol, Input.dispatchKeyEvent), check
# the store changed (`winnow show ID --json`), open the example with Enter, and take screenshots of both pages
# (.build/browser-check/queue.png and example.png); then the summary page's charts (summary.png), and the file
# `winnow report` writes, opened from disk: every section there, charts drawn, no request made (report.png).
set -uo pipefail
cd "$(dirname "$0")/.."
WINNOW="${1:-.build/debug/winnow}"
DRIVER="${2:-$(dirname "$WINNOW")/browser-driver}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
OUT=.build/browser-check
rm -rf "$OUT"
mkdir -p "$OUT"
export WINNOW_DB="$OUT/review.db"

fail() { echo "browser-check: FAIL: $*"; for log in serve driver chromium; do [ -s "$OUT/$log.log" ] && sed "s/^/  $log| /" "$OUT/$log.log" | tail -8; done; exit 1; }

[ -n "$CHROMIUM" ] || fail "no chromium found (make deps installs Debian's chromium package)"
[ -x "$DRIVER" ] || fail "no browser driver at $DRIVER (swift build builds it)"

"$WINNOW" init --labels Fixtures/labels.txt >/dev/null || fail "init"
"$WINNOW" import Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv >/dev/null || fail "import"
"$WINNOW" check >/dev/null 2>&1 # exits 1: the fixtures have error-severity problems, as planted
"$WINNOW" report --out "$OUT/report.html" >/dev/null || fail "report"
REPORT="file://$(pwd)/$OUT/report.html"

serve() { # serve ARGS...: starts `winnow serve ARGS --port 0` and sets SERVER and URL once it prints its address
  "$WINNOW" serve "$@" --port 0 >"$OUT/serve.log" 2>&1 &
  SERVER=$!
  URL=""
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$OUT/serve.log" | head -1)
    [ -n "$URL" ] && return
    kill -0 "$SERVER" 2>/dev/null || fail "winnow serve $* exited"
    sleep 0.1
  done
  fail "winnow serve $* did not print its address"
}
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
serve --reviewer browser-check

"$DRIVER" --chromium "$CHROMIUM" --log "$OUT/chromium.log" --timeout 60 \
  open "${URL}queue?suggestion=Billing" \
  expect-text "Accept the suggested labels of all 1 example" \
  eval "window.confirm = function () { return true; }; 'confirm-accepted'" \
  key G \
  wait-load \
  expect-text "Accepted the suggested label of 1 example" \
  eval "'accepted=' + (document.body.innerText.match(/example: #(\\d+)/) || [])[1]" \
  open "${URL}queue" \
  expect-text "ranked by impact" \
  key j \
  eval "'selected=' + document.querySelector('#queue tr.selected').dataset.id" \
  key a \
  wait-load \
  expect-text "Approved 1 example" \
  screenshot "$OUT/queue.png" \
  key Enter \
  wait-load \
  expect-text "Example #" \
  screenshot "$OUT/example.png" \
  open "${URL}summary" \
  expect-text "Duplicate clusters" \
  eval "'summary-charts=' + document.querySelectorAll('svg.chart').length" \
  screenshot "$OUT/summary.png" \
  open "$REPORT" \
  expect-text "Duplicate clusters" \
  expect-text "Label audit" \
  expect-text "Splits" \
  expect-text "Training" \
  eval "'report-charts=' + document.querySelectorAll('svg.chart rect').length" \
  eval "'report-requests=' + performance.getEntriesByType('resource').length" \
  eval "'report-scripts=' + document.scripts.length" \
  screenshot "$OUT/report.png" >"$OUT/driver.log" 2>&1 || fail "the browser session failed"

ACCEPTED=$(sed -n 's/^accepted=//p' "$OUT/driver.log")
[ -n "$ACCEPTED" ] || fail "no suggested label was accepted"
"$WINNOW" show "$ACCEPTED" --json >"$OUT/show-accepted.json" || fail "show $ACCEPTED"
grep -q '"label_override":"Billing"' "$OUT/show-accepted.json" || fail "example $ACCEPTED was not relabelled Billing"
grep -q '"reviewer":"browser-check","action":"accept"' "$OUT/show-accepted.json" || fail "no accept decision on $ACCEPTED"
ID=$(sed -n 's/^selected=//p' "$OUT/driver.log")
[ -n "$ID" ] || fail "no example was selected"
"$WINNOW" show "$ID" --json >"$OUT/show.json" || fail "show $ID"
grep -q '"status":"approved"' "$OUT/show.json" || fail "example $ID is not approved in the store"
grep -q '"reviewer":"browser-check","action":"approve"' "$OUT/show.json" || fail "no approve decision by browser-check on $ID"
[ -s "$OUT/queue.png" ] && [ -s "$OUT/example.png" ] || fail "no screenshots"
charts=$(sed -n 's/^summary-charts=//p' "$OUT/driver.log")
[ "${charts:-0}" -ge 3 ] || fail "the summary page drew ${charts:-no} charts"
bars=$(sed -n 's/^report-charts=//p' "$OUT/driver.log")
[ "${bars:-0}" -ge 10 ] || fail "the report drew ${bars:-no} chart shapes"
grep -q '^report-requests=0$' "$OUT/driver.log" || fail "the report made requests: $(grep report-requests "$OUT/driver.log")"
grep -q '^report-scripts=0$' "$OUT/driver.log" || fail "the report has scripts"
[ -s "$OUT/summary.png" ] && [ -s "$OUT/report.png" ] || fail "no summary or report screenshot"

# The team server in the same browser: sent to the sign-in page, signed in with a one-time password, made to choose
# a new one, then an approval by key press recorded under the signed-in name.
kill "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null
ONE_TIME=$("$WINNOW" users add ada --role admin --json | sed -n 's/.*"one_time_password":"\([^"]*\)".*/\1/p')
[ -n "$ONE_TIME" ] || fail "users add printed no one-time password"
serve --team
fill() { # fill FIELD=VALUE... then submit the first form: a script run by the driver, as typing would
  local script=""
  for pair in "$@"; do script+="document.querySelector('input[name=${pair%%=*}]').value='${pair#*=}';"; done
  echo "${script}document.querySelector('form.signin').submit();'submitted'"
}
"$DRIVER" --chromium "$CHROMIUM" --log "$OUT/chromium-team.log" --timeout 60 \
  open "${URL}queue" \
  expect-text "Password" \
  eval "'at=' + location.pathname" \
  screenshot "$OUT/signin.png" \
  eval "$(fill name=ada "password=$ONE_TIME")" \
  wait-load \
  expect-text "one-time password" \
  eval "$(fill "current=$ONE_TIME" password=browser-check-password repeat=browser-check-password)" \
  wait-load \
  expect-text "ranked by impact" \
  expect-text "Signed in as" \
  key j \
  eval "'team-selected=' + document.querySelector('#queue tr.selected').dataset.id" \
  key a \
  wait-load \
  expect-text "Approved 1 example" \
  screenshot "$OUT/team-queue.png" >"$OUT/driver-team.log" 2>&1 || fail "the team browser session failed"
grep -q '^at=/signin$' "$OUT/driver-team.log" || fail "the team server did not send the browser to /signin"
TEAM_ID=$(sed -n 's/^team-selected=//p' "$OUT/driver-team.log")
[ -n "$TEAM_ID" ] || fail "no example was selected on the team server"
"$WINNOW" show "$TEAM_ID" --json >"$OUT/show-team.json" || fail "show $TEAM_ID"
grep -q '"reviewer":"ada","action":"approve"' "$OUT/show-team.json" || fail "no approve decision by ada on $TEAM_ID"

echo "browser-check: accepted the suggested label of example $ACCEPTED and approved example $ID with the keyboard in"
echo "  Chromium; the summary drew $charts charts; the report"
echo "  opened from disk with every section, $bars chart shapes and no request; on the team server, signed in with a"
echo "  one-time password, chose a new one and approved example $TEAM_ID as ada; screenshots in $OUT/"
