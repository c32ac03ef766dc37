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

holds() { # holds NAME COMMAND... (passes when the command succeeds)
  if "${@:2}" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi
}

contains() { # contains NAME TEXT (in the last output)
  if grep -qF -- "$2" "$WORK/out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: no '$2'"; fi
}

expect "init" 0 "$WINNOW" init --labels Fixtures/labels.txt
expect "import fixtures" 0 "$WINNOW" import --json Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv
contains "import counts" '"imported":40,"skipped_duplicates":1,"errors":6'
expect "re-import adds nothing" 0 "$WINNOW" import --json Fixtures/tickets.jsonl
contains "re-import counts" '"imported":0,"skipped_duplicates":25'
expect "errors" 0 "$WINNOW" errors
contains "errors name the line" "Fixtures/tickets.jsonl, line 9"
contains "errors name the row" "Fixtures/export.csv, row 11 (line 13)"
expect "skipped records" 0 "$WINNOW" errors --skipped
contains "skipped record named" "Fixtures/tickets.jsonl, line 7: same ticket as #2"

# Identity: distinct tickets with equal text are all kept; a failed attempt is superseded; all quarantined exits 1.
printf 'ticket_id,body,category\nA-1,My card has not arrived,Card\nA-2,My card has not arrived,Card\n' >"$WORK/same.csv"
expect "equal text, two tickets" 0 "$WINNOW" import --db "$WORK/identity.db" --json "$WORK/same.csv"
contains "both tickets imported" '"imported":2,"skipped_duplicates":0,"errors":0'
printf 'ticket_id,body,category\nA-3,My card has not arrived,Card\n' >"$WORK/third.csv"
expect "equal text skipped on request" 0 "$WINNOW" import --db "$WORK/identity.db" --json --skip-duplicate-text \
  "$WORK/third.csv"
contains "skipped as the same text" '"reason":"same_text","duplicate_of":1'
# A later export of ticket A-1, its answer grown: the earlier version is superseded, the latest kept in play.
printf 'ticket_id,body,category,answer\nA-1,My card has not arrived,Card,It ships today.\n' >"$WORK/later.csv"
expect "later version imported" 0 "$WINNOW" import --db "$WORK/identity.db" --json "$WORK/later.csv"
contains "earlier version superseded" '"superseded":[{"ticket":"A-1","example":1,"superseded_by":3,"why":"continues"}]'
expect "superseded version's history" 0 "$WINNOW" show --db "$WORK/identity.db" 1
contains "superseded by the latest" "import: reject (pending → rejected): superseded by #3, a later version of ticket A-1"
# Exports that carry an update time: the version updated later wins, though the other's text continues it.
printf 'ticket_id,updated_at,body,answer\nB-9,2024-03-05T09:30:00Z,Where is my refund?,It was sent.\n' >"$WORK/tuesday.csv"
printf 'ticket_id,updated_at,body,answer\nB-9,2024-03-04T17:00:00Z,Where is my refund?,It was sent. Allow 5 days.\n' \
  >"$WORK/monday.csv"
expect "newer export first" 0 "$WINNOW" import --db "$WORK/versions.db" "$WORK/tuesday.csv"
expect "older export after it" 0 "$WINNOW" import --db "$WORK/versions.db" "$WORK/monday.csv"
contains "updated later decides" "ticket B-9: #2 superseded by #1 (updated 2024-03-05T09:30:00Z against 2024-03-04T17:00:00Z)"
expect "dry run against the store" 0 "$WINNOW" import --db "$WORK/versions.db" --dry-run --json "$WORK/monday.csv"
contains "tickets held again counted" '"tickets_in_store":1'
expect "dry run of a new store" 0 "$WINNOW" import --db "$WORK/none.db" --dry-run "$WORK/monday.csv"
expect "no store made" 1 test -e "$WORK/none.db"
# A ticket id column that holds a queue: said, not passed over.
{
  echo 'ticket_id,body,answer'
  for i in $(seq 1 51); do echo "Billing,My invoice $i shows a wrong amount,We corrected invoice $i."; done
} >"$WORK/queue-as-ticket.csv"
expect "queue read as ticket ids" 0 "$WINNOW" import --db "$WORK/versions.db" "$WORK/queue-as-ticket.csv"
contains "crowded ticket id named" "1 ticket id held by several examples was not taken as a ticket's, so no versions were settled: 'Billing' (51 examples)"
printf 'foo,bar\nx,y\nz,w\n' >"$WORK/unmapped.csv"
expect "all quarantined exits 1" 1 "$WINNOW" import --db "$WORK/identity.db" "$WORK/unmapped.csv"
expect "mapped again" 0 "$WINNOW" import --db "$WORK/identity.db" --json --map input=foo "$WORK/unmapped.csv"
contains "mapped import counts" '"imported":2'
expect "superseded quarantine" 0 "$WINNOW" errors --db "$WORK/identity.db" --json
contains "no entries left" '{"errors":[]}'
expect "check without a label list" 0 "$WINNOW" check --db "$WORK/identity.db" --json
contains "label-allowed waits for a list" '{"id":"label-allowed","reason":"the project has no label list'
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
expect "empty store" 0 "$WINNOW" init --db "$WORK/empty.db"

expect "html import" 0 "$WINNOW" import --json Fixtures/html/email-thread.html Fixtures/html/zendesk-ticket.html
contains "html counts" '"imported":2'
expect "dry run" 0 "$WINNOW" import --dry-run Fixtures/export.csv
contains "dry run mapping" "input <- Subject + Description"

JSONDB="$WORK/json.db"
expect "json init" 0 "$WINNOW" init --db "$JSONDB"
expect "json dry run" 0 "$WINNOW" import --db "$JSONDB" --dry-run Fixtures/conversations.json
contains "json dry run names the records" "records read from conversations"
contains "json dry run shows what is not mapped" "no source for: input"
expect "json import" 0 "$WINNOW" import --db "$JSONDB" --json --format json --map messages=dialogContent Fixtures/conversations.json
contains "json imported" '"imported":2'
contains "json quarantined" '"errors":1'
expect "json errors" 0 "$WINNOW" errors --db "$JSONDB"
contains "json error names the record" "Fixtures/conversations.json, record 3"
expect "records needs a JSON document" 2 "$WINNOW" import --db "$JSONDB" --format csv --records data Fixtures/export.csv
expect "json records path not an array" 2 "$WINNOW" import --db "$JSONDB" --records export.agents Fixtures/conversations.json

# --role-by without a conversation option names the field of each turn telling its author.
printf '{"channel": "help", "messages": [{"type": "Default", "author": {"name": "pixelfox"}, "content": "My key fails."}, {"type": "Reply", "author": {"name": "acme-support"}, "content": "Reset it here."}]}\n' >"$WORK/channel.json"
expect "role-by turns" 0 "$WINNOW" import --db "$WORK/roles.db" --json --role-by author.name --agent-values acme-support "$WORK/channel.json"
contains "role-by turns imported" '"imported":1'
expect "role-by with order-by needs a grouping" 2 "$WINNOW" import --db "$WORK/roles.db" --role-by author.name --order-by id "$WORK/channel.json"

# A Slack export's folder: threads across day files, its lists of users and channels left out.
expect "slack export" 0 "$WINNOW" import --db "$WORK/slack.db" --json Fixtures/slack-export
contains "slack export counts" '"imported":4,"skipped_duplicates":0,"errors":1'
contains "slack export lists left out" "a Slack export's list of users or channels"

# A file that cannot be read stops an import of it alone; among several it is quarantined whole and the rest go in.
mkdir -p "$WORK/unread"
printf 'ticket_id,body,answer\n1,My card has not arrived,It is on its way\n' >"$WORK/unread/a.csv"
printf '"ticket_id,body,answer\n2,Where is my refund,Soon\n' >"$WORK/unread/b.csv"
expect "a broken file alone stops" 2 "$WINNOW" import --db "$WORK/unread.db" "$WORK/unread/b.csv"
holds "its line named" grep -qF "b.csv, line 1: unterminated quote in the header row" "$WORK/err"
expect "a broken file among several" 0 "$WINNOW" import --db "$WORK/unread.db" "$WORK/unread"
contains "quarantined whole" "b.csv (csv): not read, quarantined whole: line 1: unterminated quote in the header row"
contains "the other file imported" "Total: 1 imported, 0 skipped as duplicates, 1 quarantined"
expect "dry run says so" 0 "$WINNOW" import --db "$WORK/unread.db" --dry-run "$WORK/unread"
contains "dry run's line" "b.csv: not read, would be quarantined whole: line 1"
printf '<html><body><p>Hello</p></body></html>' >"$WORK/unread/c.html"
expect "options that do not fit still stop" 2 "$WINNOW" import --db "$WORK/unread.db" --conversation-by ticket_id \
  "$WORK/unread"

# A file that unpacks to more than the room (WINNOW_UNPACK_LIMIT here) is not unpacked; among several, quarantined.
mkdir -p "$WORK/room"
{ printf 'id,body\n'; for i in $(seq 1 2000); do printf '%s,My card has not arrived\n' "$i"; done; } | gzip \
  >"$WORK/room/big.csv.gz"
printf 'id,body\n1,Where is my refund\n' >"$WORK/room/small.csv"
expect "too big alone" 2 env WINNOW_UNPACK_LIMIT=10K "$WINNOW" import --db "$WORK/room.db" "$WORK/room/big.csv.gz"
holds "the room named" grep -qF "not unpacked: it unpacks to more than the 10 KiB WINNOW_UNPACK_LIMIT allows" "$WORK/err"
expect "too big in a folder" 0 env WINNOW_UNPACK_LIMIT=10K "$WINNOW" import --db "$WORK/room.db" "$WORK/room"
contains "too big quarantined" "big.csv.gz (csv): not read, quarantined whole: not unpacked: it unpacks to more than"
contains "the small one imported" "small.csv (csv): 1 read, 1 imported"
expect "a limit that is no size" 2 env WINNOW_UNPACK_LIMIT=lots "$WINNOW" import --db "$WORK/room.db" "$WORK/room"
holds "the limit named" grep -qF "WINNOW_UNPACK_LIMIT must be a size" "$WORK/err"
expect "with the room" 0 "$WINNOW" import --db "$WORK/room.db" --json "$WORK/room/big.csv.gz"
contains "all of it imported" '"imported":2000'

# Control characters in ticket text are shown, not obeyed, on a terminal; JSON escapes them.
printf 'ticket_id,body,answer\n9,\033]0;pwned\007Hi \033[2Jthere \033[31mred\033[0m,ok\n' >"$WORK/escape.csv"
expect "escape import" 0 "$WINNOW" import --db "$WORK/escape.db" "$WORK/escape.csv"
expect "escape show" 0 "$WINNOW" show --db "$WORK/escape.db" 1
contains "shown as symbols" "␛]0;pwned␇Hi ␛[2Jthere"
holds "no title or clear sequence" bash -c "! grep -qF \$'\\e]0' '$WORK/out' && ! grep -qF \$'\\e[2J' '$WORK/out'"
expect "escape list json" 0 "$WINNOW" list --db "$WORK/escape.db" --json
contains "json escapes" '\u001b]0;pwned\u0007Hi'

# Parquet and Arrow: a Hugging Face split's class names, a saved dataset's folder, a file Winnow cannot read.
expect "parquet" 0 "$WINNOW" import --db "$WORK/parquet.db" --json Fixtures/parquet/intents-hf.parquet \
  Fixtures/parquet/intents-saved
contains "parquet and arrow counts" '"imported":12,"skipped_duplicates":0,"errors":0'
contains "saved dataset's description left out" "a Hugging Face dataset's description"
expect "parquet labels" 0 "$WINNOW" list --db "$WORK/parquet.db" --label card_arrival
contains "class names, not numbers" "My card still hasn't arrived."
expect "brotli parquet refused" 2 "$WINNOW" import --db "$WORK/parquet.db" Fixtures/parquet/brotli.parquet
holds "brotli named" grep -qF "row group 1, column question: its pages are compressed with Brotli" "$WORK/err"

# A ServiceNow incident export: the task's number names the ticket, the journal is the thread.
expect "servicenow incidents" 0 "$WINNOW" import --db "$WORK/servicenow.db" --json Fixtures/servicenow-incidents.csv
expect "servicenow ticket id" 0 "$WINNOW" show 1 --db "$WORK/servicenow.db" --json
contains "servicenow number is the ticket id" '"ticket_id":"INC0010001"'
contains "servicenow short description above the input" '"input":"Email not syncing\n\nMy Outlook stopped syncing since Monday."'
expect "servicenow work notes column" 0 "$WINNOW" import --db "$WORK/servicenow-notes.db" --json Fixtures/servicenow-comments-worknotes.csv
contains "servicenow work notes imported" '"imported":2,"skipped_duplicates":0,"errors":0'
expect "servicenow work notes shown" 0 "$WINNOW" show 1 --db "$WORK/servicenow-notes.db" --json
contains "servicenow work notes are internal notes" '"internal_notes":["Reproduced on a second laptop; not user specific.",'

# Teams channel messages from Graph and a DiscordChatExporter channel: threads without options, notices counted.
expect "teams channel" 0 "$WINNOW" import --db "$WORK/teams.db" --json Fixtures/conversations/teams-channel-messages.json
contains "teams threads" '"imported":3,"skipped_duplicates":0,"errors":0'
contains "teams notice counted" "1 message rows left out as notices, nobody's words (systemEventMessage 1)"
expect "teams list" 0 "$WINNOW" list --db "$WORK/teams.db"
contains "teams mention read as the name" "Hi IT Support, the printer"
expect "discord channel" 0 "$WINNOW" import --db "$WORK/discord.db" --json Fixtures/conversations/discord-channel.json
contains "discord chains" '"imported":3,"skipped_duplicates":0,"errors":0'
contains "discord notices counted" "3 message rows left out as notices, nobody's words (ChannelPinnedMessage 1, GuildMemberJoin 1, ThreadCreated 1)"
expect "discord notices alone" 0 "$WINNOW" import --db "$WORK/discord-alone.db" --json --records messages --no-conversations Fixtures/conversations/discord-channel.json
contains "discord notices quarantined" '"imported":8,"skipped_duplicates":0,"errors":3'
expect "google chat space" 0 "$WINNOW" import --db "$WORK/gchat.db" --json Fixtures/conversations/google-chat-space.json
contains "google chat topics" '"imported":2,"skipped_duplicates":0,"errors":0'
expect "rocket.chat channel" 0 "$WINNOW" import --db "$WORK/rocketchat.db" --json Fixtures/conversations/rocketchat-channel.json
contains "rocket.chat threads" '"imported":2,"skipped_duplicates":0,"errors":0'
contains "rocket.chat notices counted" "1 message rows left out as notices, nobody's words (uj 1)"
expect "discord notice errors" 0 "$WINNOW" errors --db "$WORK/discord-alone.db"
contains "notice names file and record" "Fixtures/conversations/discord-channel.json, record 1 of messages: [notice] a notice (type GuildMemberJoin)"
# A direct chat and a forum post are one conversation each, the first to write the customer, with a note naming them.
expect "discord direct chat" 0 "$WINNOW" import --db "$WORK/discord-dm.db" --json Fixtures/conversations/discord-dm.json Fixtures/conversations/discord-forum-post.json
contains "discord direct chat and post imported" '"imported":2,"skipped_duplicates":0,"errors":0'
contains "discord direct chat names its customer" "lena.ortiz, the first to write, is taken as the customer; sam.acme answers"
# Intercom's conversation parts one per row: conversations without options, notes (note_and_reopen too) apart.
expect "intercom parts" 0 "$WINNOW" import --db "$WORK/intercom-parts.db" --json Fixtures/conversations/intercom-conversation-parts.csv
contains "intercom parts imported" '"imported":2,"skipped_duplicates":0,"errors":0'
expect "intercom parts shown" 0 "$WINNOW" show 2 --db "$WORK/intercom-parts.db" --json
contains "intercom note and reopen is a note" '"internal_notes":["Check with sales whether the discount stacks."]'
# Deleted rows: in reply chains the replies go with them; grouped by a field, the rest of the conversation stays.
printf 'ticket_id,role,deleted,text\nT1,customer,false,My parcel is late\nT1,agent,true,Wrong answer\nT1,agent,false,It arrives Friday\n' >"$WORK/deleted.csv"
expect "deleted row grouped by field" 0 "$WINNOW" import --db "$WORK/deleted.db" --json --conversation-by ticket_id "$WORK/deleted.csv"
contains "deleted row alone" "1 message rows left out as deleted (a deleted or IsDeleted field true, or a deletion time); the other rows of their conversations kept"

expect "rules" 0 "$WINNOW" rules
contains "rules origin" "Rules/pii.yml"
# An installed binary, away from the source tree, has the same rules compiled in.
cp "$WINNOW" "$WORK/installed-winnow"
(cd "$WORK" && "$WORK/installed-winnow" rules >"$WORK/out" 2>"$WORK/err")
contains "installed binary's rules" "built-in Rules/pii.yml"
if [ "$(grep -c 'built-in Rules/' "$WORK/out")" -gt 20 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL installed binary lists the shipped rules"; fi
rm -f "$WORK/installed-winnow"
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

expect "dedup" 0 "$WINNOW" dedup --json
contains "dedup clusters" '"clusters":3'
contains "dedup flags" '"flags":{"exact-duplicate":2,"near-duplicate":1}'
contains "dedup tiers" '"by_tier":{"exact":2,"lexical":1,"semantic":0}'
expect "dedup text" 0 "$WINNOW" dedup --semantic-threshold 0.8
contains "dedup summary" "4 clusters, 4 examples flagged"
expect "dedup flags listed" 0 "$WINNOW" flags --check near-duplicate --json
contains "duplicate evidence" '"representative":1,"cluster":1,"similarity":0.8'
expect "show cluster" 0 "$WINNOW" show 7
contains "show side by side" "[-Charged twice for order Hi, I-] was charged"
expect "show cluster json" 0 "$WINNOW" show 7 --json
contains "show word diff" '"input_diff":[{"op":"removed","text":"Charged twice for order Hi, I"}'
expect "show representative" 0 "$WINNOW" show 1 --json
contains "representative's cluster" '"duplicates":{"cluster":1,"representative":1,"size":2'
expect "dedup bad threshold" 2 "$WINNOW" dedup --semantic-threshold 2
expect "dedup bad shingle" 2 "$WINNOW" dedup --shingle lines:3
expect "audit" 0 "$WINNOW" audit --json
contains "audit flags" '"flags":{"label-issue":'
contains "audit variant" '"label_variants":[{"label":"billing","canonical":"Billing"'
expect "audit flags listed" 0 "$WINNOW" flags --check label-taxonomy --json
contains "label suggestion" '"kind":"variant","label":"billing","suggested_label":"Billing","confidence":'
expect "audit doubt" 0 "$WINNOW" flags --check label-doubt --json
contains "cluster conflict" '"cluster-conflict"'
expect "audit bad folds" 2 "$WINNOW" audit --folds 1
expect "audit without embeddings" 2 "$WINNOW" audit --db "$WORK/empty.db"
expect "split needs approved examples" 1 "$WINNOW" split
expect "split" 0 "$WINNOW" split --include-pending --json
contains "split name" '"name":"split-1"'
contains "split parts" '"parts":{"train":{"examples":'
contains "split labels" '"labels":{"Account":{"train":'
contains "split similarity" '"highest_train_test_similarity":{"model":"all-MiniLM-L6-v2"'
expect "split name never reused" 2 "$WINNOW" split --include-pending --name split-1
expect "split bad fractions" 2 "$WINNOW" split --val 0.6 --test 0.5
expect "split bad stratum" 2 "$WINNOW" split --stratify colour
expect "split same seed" 0 "$WINNOW" split --include-pending --name again
contains "split text table" "LABEL"
expect "splits" 0 "$WINNOW" splits --json
contains "splits lists both" '"name":"again"'
expect "export chat" 0 "$WINNOW" export --format openai-chat --out "$WORK/chat" --split split-1 --json
contains "export checks ran" '"format_errors":false'
holds "export files written" test -s "$WORK/chat/train.jsonl" -a -s "$WORK/chat/test.jsonl" -a -f "$WORK/chat/validation.jsonl"
holds "manifest hash matches" grep -q "$(sha256sum "$WORK/chat/train.jsonl" | cut -c1-64)" "$WORK/chat/manifest.json"
expect "export refuses a non-empty directory" 2 "$WINNOW" export --format jsonl --out "$WORK/chat"
expect "export replaces with --force" 0 "$WINNOW" export --format jsonl --out "$WORK/chat" --split split-1 --force
holds "old files replaced" test ! -e "$WORK/chat/train.csv" -a -s "$WORK/chat/train.jsonl"
expect "export same seed, same files" 0 "$WINNOW" export --format jsonl --out "$WORK/again" --split again
holds "same split, same bytes" cmp -s "$WORK/chat/train.jsonl" "$WORK/again/train.jsonl"
expect "export csv" 0 "$WINNOW" export --format csv --out "$WORK/csv"
holds "csv header" grep -q '^id,input,response,label,training_point,ticket_id,split,source,locator' "$WORK/csv/train.csv"
expect "formula escaping is for csv" 2 "$WINNOW" export --format jsonl --out "$WORK/none" --escape-formulas
expect "export csv, formulas escaped" 0 "$WINNOW" export --format csv --out "$WORK/csv-safe" --escape-formulas
holds "same rows as the plain csv" test "$(wc -l <"$WORK/csv/train.csv")" = "$(wc -l <"$WORK/csv-safe/train.csv")"
expect "export unknown split" 2 "$WINNOW" export --format csv --out "$WORK/none" --split nope
expect "export bad format" 2 "$WINNOW" export --format xml --out "$WORK/none"
holds "nothing written on failure" test ! -e "$WORK/none"
# Test cases, in a store of their own: import with a copy of a training ticket, promote, history, splits.
CASES_DB="$WORK/cases.db"
expect "cases store" 0 "$WINNOW" import --db "$CASES_DB" Fixtures/tickets.jsonl
printf '%s\n' 'text,expected,training_point' \
  '"App crashes when exporting: the desktop app crashes every time I export a report to PDF. It started after updating to 3.8.0",Technical,crash' \
  '"Do you ship to the Faroe Islands?",Shipping,' '"",Billing,' >"$WORK/cases.csv"
expect "cases import" 0 "$WINNOW" cases import --db "$CASES_DB" --json "$WORK/cases.csv"
contains "cases import copy found" '"duplicate_of":{"example":4,"tier":"exact"'
contains "cases import bad row named" 'row 3 (line 4)'
expect "cases add" 0 "$WINNOW" cases add --db "$CASES_DB" --input "Where is my March invoice?" --expect Billing
expect "cases promote" 0 "$WINNOW" cases promote --db "$CASES_DB" 2 --reviewer ana --json
contains "cases promote origin" '"origin":"promoted"'
expect "cases promote twice" 2 "$WINNOW" cases promote --db "$CASES_DB" 2
expect "cases list by point" 0 "$WINNOW" cases list --db "$CASES_DB" --point crash --json
contains "cases list point" '"training_point":"crash"'
expect "cases show history" 0 "$WINNOW" cases show --db "$CASES_DB" 4 --json
contains "cases history" '"action":"promoted","actor":"ana"'
expect "split leaves cases out" 0 "$WINNOW" split --db "$CASES_DB" --include-pending --json
contains "split counts cases" '"test_cases":'
expect "cases remove" 0 "$WINNOW" cases remove --db "$CASES_DB" 1
expect "cases remove again" 2 "$WINNOW" cases remove --db "$CASES_DB" 1
expect "cases import no file" 2 "$WINNOW" cases import --db "$CASES_DB" "$WORK/no-such.csv"
expect "review approve" 0 "$WINNOW" review approve 1 2 --reviewer ana --json
contains "review approve json" '"action":"approve","reviewer":"ana"'
expect "review show history" 0 "$WINNOW" show 1 --json
contains "show history" '"reviewer":"ana","action":"approve"'
expect "review stale version refused" 1 "$WINNOW" review reject 1 --expect-version 0 --reviewer ben
expect "review relabel" 0 "$WINNOW" review relabel 7 --label Billing --reviewer ana
contains "relabel summary" "Relabelled 1 example as Billing: #7."
expect "review bulk by check" 0 "$WINNOW" review reject --check auto-reply-response --reviewer ana
contains "bulk summary" "Rejected 1 example"
expect "review undo" 0 "$WINNOW" review undo --reviewer ana
contains "undo summary" "Undid decision"
expect "review unknown id" 2 "$WINNOW" review approve 9999
# Accepting suggested labels, on a copy of the store: listed by suggestion, then accepted as a group.
cp "$WINNOW_DB" "$WORK/accept.db"
[ ! -e "$WINNOW_DB-wal" ] || cp "$WINNOW_DB-wal" "$WORK/accept.db-wal"
expect "list by suggestion" 0 "$WINNOW" list --db "$WORK/accept.db" --suggestion Billing
contains "list shows the suggestion" "SUGGESTED"
expect "list by suggestion json" 0 "$WINNOW" list --db "$WORK/accept.db" --suggestion Billing --json
contains "listed with its suggestion" '"suggestion":"Billing"'
expect "review accept by suggestion" 0 "$WINNOW" review accept --db "$WORK/accept.db" --suggestion Billing \
  --reviewer ana --json
contains "accept json" '"action":"accept","reviewer":"ana","applied":[{'
expect "accepted example's history" 0 "$WINNOW" show --db "$WORK/accept.db" 7 --json
contains "accept in the history" '"reviewer":"ana","action":"accept"'
expect "review accept without a suggestion" 0 "$WINNOW" review accept --db "$WORK/accept.db" 1 --reviewer ana --json
contains "left alone" '"without_suggestion":[1]'
expect "review accept bad confidence" 2 "$WINNOW" review accept --db "$WORK/accept.db" --min-confidence 1.5
expect "review accept ids and filter" 2 "$WINNOW" review accept --db "$WORK/accept.db" 7 --check label-issue
expect "review accept nothing named" 2 "$WINNOW" review accept --db "$WORK/accept.db"
expect "review no selection" 2 "$WINNOW" review approve
expect "review reserved reviewer" 2 "$WINNOW" review approve 3 --reviewer rules
expect "review auto dry run" 0 "$WINNOW" review auto --dry-run
contains "dry run per rule" "approve-clean: would change"
printf 'name: p\nrules:\n  - id: one\n    action: aprove\n' >"$WORK/bad-policy.yml"
expect "bad policy refused" 2 "$WINNOW" review auto --policy "$WORK/bad-policy.yml"
if grep -q "bad-policy.yml:4:13" "$WORK/err"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL policy error position"; fi
expect "review auto" 0 "$WINNOW" review auto --json
contains "auto json" '"reviewer":"policy:default"'
expect "curate: an empty store" 0 "$WINNOW" init --db "$WORK/empty-curate.db"
expect "curate an empty store is refused" 2 "$WINNOW" curate --db "$WORK/empty-curate.db"
expect "import a folder" 0 "$WINNOW" import --db "$WORK/folder.db" --json Fixtures/mail
contains "a folder's files are imported" '"path":"Fixtures/mail/pair-question.eml"'
contains "a folder's note is left out by name" '"left_out":[{"path":"Fixtures/mail/README.md"'
# A mail client's Inbox and Sent mailboxes: imported alone, the question has no answer; with Sent beside it, the
# thread is stored again whole, and the answer is said to have joined it.
mkdir -p "$WORK/client"
printf 'From kim@c.example Mon Nov  2 10:00:00 2026\nFrom: kim@c.example\nTo: help@shop.example\nSubject: Lamp\nMessage-ID: <q@c.example>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nThe lamp arrived broken.\n' >"$WORK/client/Inbox"
printf 'From help@shop.example Mon Nov  2 11:00:00 2026\nFrom: help@shop.example\nTo: kim@c.example\nSubject: Re: Lamp\nMessage-ID: <a@shop.example>\nIn-Reply-To: <q@c.example>\nDate: Mon, 2 Nov 2026 11:00:00 +0000\n\nA new lamp is on its way.\n' >"$WORK/client/Sent"
printf 'From x@junk.example Mon Nov  2 09:00:00 2026\nFrom: x@junk.example\nSubject: Prize\n\nClaim it.\n' >"$WORK/client/Junk"
expect "a mailbox alone" 0 "$WINNOW" import --db "$WORK/client.db" "$WORK/client/Inbox"
expect "the mailboxes together" 0 "$WINNOW" import --db "$WORK/client.db" "$WORK/client"
contains "a thread that holds more now is stored whole" "1 thread of this file reads differently than when it was imported before"
contains "the answer joined it" "1 message joined a thread stored with another file"
contains "the junk mailbox is left out" "Junk: a mailbox of drafts, deleted or junk messages"
expect "the whole thread" 0 "$WINNOW" show --db "$WORK/client.db" 2
contains "the answer is the response" "A new lamp is on its way."
expect "curate: import into its own store" 0 "$WINNOW" import --db "$WORK/curate.db" Fixtures/support-intents.csv Fixtures/tickets.jsonl
expect "curate" 0 "$WINNOW" curate --db "$WORK/curate.db" --json
contains "curate runs every stage" '"check":{"run":'
contains "curate applies the policy" '"policy":"default"'
contains "curate says what is left" '"left_for_a_person":'
contains "curate groups what is left by suggestion" '"left_by_suggestion":[{"label":'
expect "curate again, as text" 0 "$WINNOW" curate --db "$WORK/curate.db" --no-fix-precision
contains "curate summary" "left for a person."
contains "curate names the groups" "have a suggested label, in"
expect "curate bad policy" 2 "$WINNOW" curate --db "$WORK/curate.db" --policy "$WORK/bad-policy.yml"
expect "review next without a terminal" 0 sh -c "printf 'a\nq\n' | \"$WINNOW\" review next --reviewer ana"
contains "review next approves" "Approved 1 example"

expect "eval before any training" 2 "$WINNOW" eval
expect "train bad target" 2 "$WINNOW" train --targets query,nose
expect "train unknown split" 2 "$WINNOW" train --split nope
expect "train" 0 "$WINNOW" train --split split-1 --epochs 2 --rank 4 --alpha 8 --targets query,value --out "$WORK/adapter" --json
contains "train json" '"split":"split-1","examples":{"train":'
contains "train history" '"history":[{"epoch":1,'
holds "adapter written" test -s "$WORK/adapter/adapter_model.safetensors" -a -s "$WORK/adapter/adapter_config.json" -a -s "$WORK/adapter/head.safetensors"
holds "adapter config for peft" grep -q '"peft_type": *"LORA"' "$WORK/adapter/adapter_config.json"
expect "train refuses a non-empty directory" 2 "$WINNOW" train --split split-1 --epochs 1 --out "$WORK/adapter"
expect "eval" 0 "$WINNOW" eval --out "$WORK/eval.md"
contains "eval markdown" "| training point | cases | before | after | change | 95% interval |"
holds "eval file written" grep -q '^# Evaluation' "$WORK/eval.md"
expect "eval json" 0 "$WINNOW" eval --adapter "$WORK/adapter" --json
contains "eval json points" '"training_points":[{"training_point":'
contains "eval json confusion" '"confusion":{"labels":['
contains "eval names the train run" '"train_run":'
expect "eval against itself passes the gate" 0 "$WINNOW" eval --against "$WORK/adapter" --fail-on-regression --json
contains "eval comparison" '"comparison":{"against":'
contains "eval comparison regressions" '"regressions":[]'
expect "gate needs --against" 2 "$WINNOW" eval --fail-on-regression
expect "against an unknown run" 2 "$WINNOW" eval --against 9999
expect "runs of one kind" 0 "$WINNOW" runs --kind eval --json
contains "runs lists evaluations" '"kind":"eval"'
expect "runs as text" 0 "$WINNOW" runs --limit 5
contains "runs table" "KIND"
expect "suggest" 0 "$WINNOW" suggest --budget 3 --json
contains "suggest reasons" '"reasons":["uncertain:'
expect "suggest bad budget" 2 "$WINNOW" suggest --budget 0
holds "review next walks the suggestions" bash -c \
  "printf 'q\\n' | '$WINNOW' review next --suggested --budget 2 --reviewer ana | grep -q '2 left'"
expect "predict with the trained adapter" 0 "$WINNOW" predict --adapter "$WORK/adapter" "my card was charged twice"
expect "report" 0 "$WINNOW" report --out "$WORK/report.html" --json
contains "report json" '"sections":["overview","sources","distributions","flags","duplicates","label-audit","curation","review","splits","training"]'
holds "report written" test -s "$WORK/report.html"
holds "report draws the training results" grep -q 'Confusion matrix with the adapter' "$WORK/report.html"
expect "report into a missing directory" 2 "$WINNOW" report --out "$WORK/no/such/dir/report.html"
expect "predict" 0 "$WINNOW" predict --adapter Fixtures/support-adapter --top 2 "my parcel never arrived"
contains "predict text" "Shipping"
expect "predict json" 0 "$WINNOW" predict --json --adapter Fixtures/support-adapter "I was charged twice" "the app crashes"
contains "predict json billing" '"text":"I was charged twice","label":"Billing"'
contains "predict json technical" '"label":"Technical"'
expect "predict without texts" 2 "$WINNOW" predict --adapter Fixtures/support-adapter
expect "predict missing adapter" 2 "$WINNOW" predict --adapter "$WORK/no-adapter" "hello"

CONV_DB="$WORK/conversations.db"
expect "tweets as conversations" 0 "$WINNOW" import --db "$CONV_DB" --json \
  --reply-link tweet_id:in_response_to_tweet_id Fixtures/conversations/tweets.csv
contains "one example per conversation" '"imported":3,"skipped_duplicates":0,"errors":0'
contains "broken chain noted" '1 reply chains start at a message whose parent is not in the file'
expect "helpdesk replies" 0 "$WINNOW" import --db "$CONV_DB" --json --conversation-by ticket_id \
  --order-by created_at --examples reply Fixtures/conversations/helpdesk.csv
contains "one example per reply" '"imported":2,"skipped_duplicates":0,"errors":1'
expect "helpdesk again adds nothing" 0 "$WINNOW" import --db "$CONV_DB" --json --conversation-by ticket_id \
  --order-by created_at --examples reply Fixtures/conversations/helpdesk.csv
contains "helpdesk re-import" '"imported":0'
expect "conversation errors" 0 "$WINNOW" errors --db "$CONV_DB"
contains "errors name the conversation" "conversation T2 row 3: [no_input] conversation T2 has no customer text"
expect "conversation locator shown" 0 "$WINNOW" show 1 --db "$CONV_DB"
contains "show names the rows" "conversation 1 rows 2,1,4,3"
expect "chat transcripts as text files" 0 "$WINNOW" import --db "$WORK/transcripts.db" --json Fixtures/transcripts
contains "four conversations, one unnamed" '"imported":4,"skipped_duplicates":0,"errors":1'
expect "the unnamed transcript's error" 0 "$WINNOW" errors --db "$WORK/transcripts.db"
contains "says how to name it" "WhatsApp Chat with NAME.txt"
TWEETS_DB="$WORK/tweets.db"
expect "tweets imported without options" 0 "$WINNOW" import --db "$TWEETS_DB" Fixtures/conversations/tweets.csv
expect "tweets checked" 0 "$WINNOW" check --db "$TWEETS_DB"
expect "handles listed" 0 "$WINNOW" flags --db "$TWEETS_DB" --check pii-handle
contains "the customer's handle opening the answer" "pii-handle response: social media handle"
expect "tweets approved" 0 "$WINNOW" review auto --db "$TWEETS_DB"
expect "tweets split" 0 "$WINNOW" split --db "$TWEETS_DB"
expect "tweets exported" 0 "$WINNOW" export --db "$TWEETS_DB" --format openai-chat --out "$WORK/tweets-export"
expect "exported handles redacted" 0 cat "$WORK/tweets-export/train.jsonl" "$WORK/tweets-export/validation.jsonl" \
  "$WORK/tweets-export/test.jsonl"
contains "a handle is a placeholder" '"content":"[HANDLE_2] Sorry to hear that!'
AUTO_DB="$WORK/auto-conversations.db"
expect "message rows found without options" 0 "$WINNOW" import --db "$AUTO_DB" --json Fixtures/conversations/helpdesk.csv
contains "joined by ticket id" 'joined into conversations by ticket_id, ordered by created_at'
contains "one conversation imported" '"imported":1,"skipped_duplicates":0,"errors":1'
expect "each row alone when asked" 0 "$WINNOW" import --db "$WORK/rows-alone.db" --json --no-conversations \
  Fixtures/conversations/helpdesk.csv
contains "five rows alone, the internal note quarantined" '"imported":5,"skipped_duplicates":0,"errors":1'
expect "e-mail rows joined to their cases" 0 "$WINNOW" import --db "$WORK/cases.db" --json --clean-replies \
  --tickets Fixtures/conversations/salesforce/Case.csv Fixtures/conversations/salesforce/EmailMessage.csv
contains "both conversations joined" '2 of 2 conversations joined to their tickets in Fixtures/conversations/salesforce/Case.csv by Id'
expect "a case's label and a reply without its quote" 0 "$WINNOW" list --db "$WORK/cases.db" --json
contains "the case's type is the label" '"label":"Problem"'
contains "the reply without its quote and sign-off" \
  '"response":"Hello Ann,\n\nPlease reset your password from the login page using Forgot password."'
expect "labelled rows without a header" 0 "$WINNOW" import --db "$WORK/headerless.db" --json \
  Fixtures/labelled/intents-headerless.tsv
contains "every row imported" '"imported":24,"skipped_duplicates":0,"errors":0'
contains "the first row read as data" 'the first row is data, not column names'
contains "the text and the intent chosen by content" 'input <- column_1, the field holding the longest text'
expect "the first row's intent kept" 0 "$WINNOW" list --db "$WORK/headerless.db" --json --label change_pin
contains "row 1 is an example" '"input":"how do I change the pin on my debit card"'
expect "the first row as names when asked" 0 "$WINNOW" import --db "$WORK/headerless-named.db" --json --header \
  Fixtures/labelled/intents-headerless.tsv
contains "one row fewer" '"imported":23,'
expect "a chatbot's intents file" 0 "$WINNOW" import --db "$WORK/intents.db" --json \
  Fixtures/labelled/chatbot-intents.json
contains "each pattern an example" '"imported":8,"skipped_duplicates":0,"errors":0'
expect "the intents file again" 0 "$WINNOW" import --db "$WORK/intents.db" --json \
  Fixtures/labelled/chatbot-intents.json
contains "each pattern found again" '"imported":0,"skipped_duplicates":8,'
expect "a pattern with its tag and first answer" 0 "$WINNOW" list --db "$WORK/intents.db" --json --label refund
contains "the tag is the label, the first answer the response" \
  '"response":"Refunds go back to the card you paid with within 5 working days."'
NLU_DB="$WORK/nlu.db"
expect "rasa yaml" 0 "$WINNOW" import --db "$NLU_DB" --json Fixtures/labelled/rasa-nlu.yml
contains "rasa told by its nlu key" '"format":"rasa"'
contains "one example a line" '"imported":10,"skipped_duplicates":0,"errors":2'
contains "synonyms noted, not imported" '1 synonym block, 1 regex block, 1 lookup block: not examples, not imported'
expect "rasa examples listed" 0 "$WINNOW" list --db "$NLU_DB" --json --label check_balance
contains "an entity unwrapped" '"input":"what is my savings balance?"'
expect "rasa errors" 0 "$WINNOW" errors --db "$NLU_DB"
contains "an empty example by its line" \
  'Fixtures/labelled/rasa-nlu.yml, line 17: [no_input] an empty example of intent check_balance'
expect "rasa re-import" 0 "$WINNOW" import --db "$NLU_DB" --json Fixtures/labelled/rasa-nlu.yml
contains "rasa re-import adds nothing" '"imported":0,"skipped_duplicates":10'
expect "rasa markdown" 0 "$WINNOW" import --db "$NLU_DB" --json Fixtures/labelled/rasa-nlu.md
contains "markdown sections read" '"imported":5,"skipped_duplicates":0,"errors":2'
expect "fasttext lines" 0 "$WINNOW" import --db "$NLU_DB" --json Fixtures/labelled/intents-fasttext.txt
contains "a .txt of labelled lines is fasttext" '"format":"fasttext"'
contains "fasttext counts" '"imported":6,"skipped_duplicates":0,"errors":2'
expect "fasttext forced" 0 "$WINNOW" import --db "$WORK/nlu-forced.db" --json --format fasttext \
  Fixtures/labelled/intents-fasttext.txt
contains "forced fasttext counts" '"imported":6,'
expect "stories are no nlu data" 2 "$WINNOW" import --db "$NLU_DB" Fixtures/labelled/rasa-stories.yml
if grep -qF "rasa-stories.yml: this is a YAML file holding no NLU examples" "$WORK/err"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL stories refused naming the file"; fi
expect "a missing tickets file" 2 "$WINNOW" import --db "$WORK/cases.db" --tickets Fixtures/no-such-case.csv \
  Fixtures/conversations/salesforce/EmailMessage.csv
expect "agent values need role-by" 2 "$WINNOW" import --db "$CONV_DB" --conversation-by ticket_id \
  --agent-values agent Fixtures/conversations/helpdesk.csv
expect "bad examples value" 2 "$WINNOW" import --db "$CONV_DB" --conversation-by ticket_id --examples turn \
  Fixtures/conversations/helpdesk.csv
expect "one conversation or a field, not both" 2 "$WINNOW" import --db "$CONV_DB" --one-conversation \
  --conversation-by ticket_id Fixtures/conversations/helpdesk.csv
printf 'Date,User,Message\n2020-06-28 09:01:00,Ann Lee,My order has not arrived.\n2020-06-28 09:12:00,Acme,It ships today.\n' \
  > "$WORK/one-chat.csv"
expect "a whole file as one conversation" 0 "$WINNOW" import --db "$WORK/one-chat.db" --json --one-conversation \
  --order-by Date "$WORK/one-chat.csv"
contains "one chat, one example" '"imported":1,'
printf 'From,To,Body,Direction\n+15551230001,+15559990000,My order has not arrived.,inbound\n+15559990000,+15551230001,It ships today.,outbound-reply\n+15551230002,+15559990000,Can I pay by invoice?,inbound\n+15559990000,+15551230002,Yes.,outbound-api\n' \
  > "$WORK/sms.csv"
expect "an SMS log by the customer's number" 0 "$WINNOW" import --db "$WORK/sms.db" --json \
  --conversation-by-party From:To "$WORK/sms.csv"
contains "two customers, two examples" '"imported":2,'
expect "a party option without its recipient field refused" 2 "$WINNOW" import --db "$WORK/sms2.db" \
  --conversation-by-party From: "$WORK/sms.csv"
printf 'From,To,Body,Direction,DateSent\n+15551230001,+15559990000,My card was declined.,inbound,2024-03-01 10:00:00\n+15559990000,+15551230001,Try again now.,outbound-api,2024-03-01 10:02:00\n+15551230001,+15559990000,The receipt is missing.,inbound,2024-03-01 14:00:00\n+15559990000,+15551230001,It is in your e-mail.,outbound-api,2024-03-01 14:01:00\n' \
  > "$WORK/sms-day.csv"
expect "a customer's day is one conversation" 0 "$WINNOW" import --db "$WORK/sms-day.db" --json "$WORK/sms-day.csv"
contains "one conversation within a day's silence" '"imported":1,'
expect "--session-gap cuts a customer's day in two" 0 "$WINNOW" import --db "$WORK/sms-gap.db" --json \
  --session-gap 2h "$WORK/sms-day.csv"
contains "two conversations after two hours' silence" '"imported":2,'
expect "--session-gap without a unit refused" 2 "$WINNOW" import --db "$WORK/sms-gap2.db" --session-gap 2 \
  "$WORK/sms-day.csv"
expect "--session-gap beside a conversation field refused" 2 "$WINNOW" import --db "$WORK/sms-gap2.db" \
  --session-gap 2h --conversation-by From "$WORK/sms-day.csv"
printf '%s\n' '{"type": "visitor", "text": "Is the sale still on?", "visitorId": "v1"}' \
  '{"type": "agent", "text": "Until Sunday.", "visitorId": "v1"}' > "$WORK/widget.jsonl"
expect "a chat widget's messages by the visitor every row names" 0 "$WINNOW" import --db "$WORK/widget.db" --json \
  --conversation-by-party visitorId --role-by type --agent-values agent "$WORK/widget.jsonl"
contains "one visitor, one example" '"imported":1,'
expect "no role field refused" 2 "$WINNOW" import --db "$CONV_DB" --conversation-by "Ticket ID" --order-by Created \
  Fixtures/export.csv
if grep -q -- "--role-by FIELD --agent-values" "$WORK/err"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL role refusal names the option"; fi
expect "tweets from a JSON document" 0 "$WINNOW" import --db "$CONV_DB" --json --format json \
  --reply-link tweet_id:in_response_to_tweet_id Fixtures/conversations/tweets.json
contains "the same tickets from another export" '"imported":0,"skipped_duplicates":3,"errors":1'
expect "json conversations dry run" 0 "$WINNOW" import --json --dry-run --format json \
  --reply-link tweet_id:in_response_to_tweet_id Fixtures/conversations/tweets.json
contains "dry run counts conversations" '"records":4,"errors":1'

# Team accounts and where a server may listen.
TEAM_DB="$WORK/team.db"
expect "team server needs an admin" 2 "$WINNOW" serve --db "$TEAM_DB" --team --port 0
expect "users add admin" 0 "$WINNOW" users add ada --role admin --db "$TEAM_DB" --json
contains "one-time password printed" '"one_time_password":"'
expect "users add twice refused" 2 "$WINNOW" users add ada --db "$TEAM_DB"
expect "reserved user name refused" 2 "$WINNOW" users add policy:x --db "$TEAM_DB"
expect "users list" 0 "$WINNOW" users list --db "$TEAM_DB" --json
contains "listed with pending password" '"name":"ada","role":"admin","one_time_password_pending":true'
expect "last admin stays" 2 "$WINNOW" users remove ada --db "$TEAM_DB"
expect "beyond loopback needs --team" 2 "$WINNOW" serve --db "$TEAM_DB" --host 0.0.0.0 --port 0
expect "team beyond loopback needs TLS or a proxy" 2 "$WINNOW" serve --db "$TEAM_DB" --team --host 0.0.0.0 --port 0
expect "TLS needs its key" 2 "$WINNOW" serve --db "$TEAM_DB" --team --tls-cert "$WORK/none.pem" --port 0
expect "unreadable TLS files" 2 "$WINNOW" serve --db "$TEAM_DB" --team --tls-cert "$WORK/none.pem" \
  --tls-key "$WORK/none.pem" --port 0
if grep -qF "cannot read the TLS certificate" "$WORK/err"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL TLS error names the files"; fi

# The same commands on PostgreSQL (the server make test starts) give the same JSON as on a SQLite file.
if [ -n "${WINNOW_TEST_POSTGRES:-}" ]; then
  PG_NAME="cli_check_$$"
  PG_DB="${WINNOW_TEST_POSTGRES%/*}/$PG_NAME"
  psql -q "$WINNOW_TEST_POSTGRES" -c "CREATE DATABASE $PG_NAME"
  same_json() { # same_json NAME ARGS... (the command on both stores, timestamps aside)
    local name=$1
    shift
    "$WINNOW" "$@" --json --db "$WORK/parity.db" >"$WORK/sqlite.json" 2>"$WORK/err"
    "$WINNOW" "$@" --json --db "$PG_DB" >"$WORK/postgres.json" 2>>"$WORK/err"
    if python3 scripts/same-json.py "$WORK/sqlite.json" "$WORK/postgres.json" >"$WORK/differences"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL $name: PostgreSQL and SQLite differ"
      head -c 300 "$WORK/err"
      head -20 "$WORK/differences"
    fi
  }
  expect "init on PostgreSQL" 0 "$WINNOW" init --db "$PG_DB" --labels Fixtures/labels.txt
  "$WINNOW" init --db "$WORK/parity.db" --labels Fixtures/labels.txt >/dev/null
  # In batches of three, so that on PostgreSQL many batches are on their way one behind another (the writer does not
  # wait for a batch's commit) and equal texts and tickets meet across batches.
  WINNOW_IMPORT_BATCH_SIZE=3 same_json "import" import Fixtures/tickets.jsonl Fixtures/chat.jsonl Fixtures/export.csv \
    Fixtures/conversations.json
  same_json "import again" import Fixtures/tickets.jsonl Fixtures/legacy-cp1252.csv
  same_json "stats" stats
  same_json "list" list
  same_json "list filtered" list --label Billing --search REFUND --limit 5
  same_json "show" show 5
  same_json "errors" errors
  same_json "skipped" errors --skipped
  same_json "check" check # (exit 1 on both: error-severity rules fire on the fixtures)
  same_json "flags" flags
  same_json "show after check" show 9
  same_json "stats after check" stats
  same_json "embed" embed
  same_json "embed again" embed
  same_json "dedup" dedup
  same_json "audit" audit
  same_json "similar" similar 3 --k 5
  same_json "flags after dedup and audit" flags
  same_json "show after dedup" show 2
  same_json "approve" review approve 1 2 --reviewer ada
  same_json "relabel" review relabel 3 --label Billing --reviewer bob --note "wrong queue"
  same_json "undo" review undo --reviewer ada
  same_json "list by confidence" list --min-confidence 0.3 --limit 0
  same_json "accept by suggestion" review accept --suggestion Billing --reviewer bob
  same_json "review auto" review auto
  # The queue walked from a pipe: the same example first, decided the same way, on both.
  for store in "$WORK/parity.db" "$PG_DB"; do
    printf 's\nr\nq\n' | "$WINNOW" review next --db "$store" --reviewer cy >"$WORK/walk-$(basename "$store").txt" 2>&1
  done
  if diff -q "$WORK/walk-parity.db.txt" "$WORK/walk-$(basename "$PG_DB").txt" >/dev/null; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL review next differs"; diff "$WORK/walk-parity.db.txt" "$WORK/walk-$(basename "$PG_DB").txt" | head; fi
  same_json "history" show 3
  same_json "stats after review" stats
  same_json "curate" curate
  same_json "split" split --name first
  same_json "splits" splits
  same_json "cases import" cases import Fixtures/test-cases.csv
  same_json "cases add" cases add --input "Where is my refund?" --expect Billing --point refunds
  same_json "cases promote" cases promote 4
  same_json "cases remove" cases remove 1
  same_json "cases list" cases list --all
  same_json "split after cases" split --name second --include-pending
  for store in "$WORK/parity.db" "$PG_DB"; do # (into one directory: the runs name it)
    "$WINNOW" export --db "$store" --split second --format openai-chat --out "$WORK/export" >/dev/null 2>&1
    mv "$WORK/export" "$WORK/export-$(basename "$store")"
  done
  same_json "train" train --split second --epochs 1 --rank 4 --seed 7 --out "$WORK/parity-adapter" --force
  same_json "eval" eval --adapter "$WORK/parity-adapter" --split second
  same_json "suggest" suggest --adapter "$WORK/parity-adapter" --budget 3
  same_json "runs" runs
  for store in "$WORK/parity.db" "$PG_DB"; do
    "$WINNOW" report --db "$store" --out "$WORK/report-$(basename "$store").html" >/dev/null 2>&1
    # Dates and times aside, the two reports are the same page.
    sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?//g' -e 's/class="lead">.*: ([0-9]+ examples)/class="lead">\1/' \
      "$WORK/report-$(basename "$store").html" \
      >"$WORK/report-$(basename "$store").txt"
  done
  if diff -q "$WORK/report-parity.db.txt" "$WORK/report-$(basename "$PG_DB").txt" >/dev/null &&
    grep -q "id=\"duplicates\"" "$WORK/report-parity.db.txt"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL reports differ"; diff "$WORK/report-parity.db.txt" "$WORK/report-$(basename "$PG_DB").txt" | cut -c1-300 | head -6; fi
  if diff -r -I '"created_at"' "$WORK/export-parity.db" "$WORK/export-$(basename "$PG_DB")" >/dev/null &&
    [ -s "$WORK/export-parity.db/train.jsonl" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL exports differ"; diff -r "$WORK/export-parity.db" "$WORK/export-$(basename "$PG_DB")" | head -5; fi

  # Two import processes on different files into one database at once: every record of both is imported, once.
  python3 - "$WORK/part-a.csv" "$WORK/part-b.csv" <<'EOF'
import csv, sys
for part, path in enumerate(sys.argv[1:3]):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ticket_id", "body", "category"])
        for n in range(12000):
            writer.writerow([f"P{part}-{n}", f"Order {n} of batch {part}: my parcel {n % 7} is late", "shipping"])
        writer.writerow([f"P{part}-shared", "The same words in both files", "shipping"])
EOF
  psql -q "$WINNOW_TEST_POSTGRES" -c "CREATE DATABASE ${PG_NAME}_imports"
  IMPORTS_DB="${WINNOW_TEST_POSTGRES%/*}/${PG_NAME}_imports"
  "$WINNOW" init --db "$IMPORTS_DB" >/dev/null
  "$WINNOW" import --db "$IMPORTS_DB" --json "$WORK/part-a.csv" >"$WORK/ia.json" 2>&1 &
  ia=$!
  "$WINNOW" import --db "$IMPORTS_DB" --json "$WORK/part-b.csv" >"$WORK/ib.json" 2>&1
  ib_status=$?
  wait $ia
  ia_status=$?
  if [ "$ia_status" = 0 ] && [ "$ib_status" = 0 ] &&
    [ "$(psql -qtA "$IMPORTS_DB" -c "SELECT COUNT(*), COUNT(DISTINCT ticket_id), COUNT(DISTINCT id) FROM examples")" = "24002|24002|24002" ]; then
    passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL two import processes"; cat "$WORK/ia.json" "$WORK/ib.json"; fi
  psql -q "$WINNOW_TEST_POSTGRES" -c "DROP DATABASE ${PG_NAME}_imports WITH (FORCE)"

  # Three embed workers share one database; one is killed holding a batch, which another takes over when its lease
  # ends. Afterwards every example has one current vector, every queued text is finished, and no text was embedded
  # by two workers that both kept it.
  WORKERS_DB="${WINNOW_TEST_POSTGRES%/*}/${PG_NAME}_workers"
  psql -q "$WINNOW_TEST_POSTGRES" -c "CREATE DATABASE ${PG_NAME}_workers"
  python3 - "$WORK/many.csv" <<'EOF'
import csv, sys
subjects = ["card", "parcel", "refund", "password", "invoice", "subscription", "order", "account", "phone", "address"]
verbs = ["has not arrived", "was charged twice", "cannot be changed", "shows the wrong amount", "is locked",
         "was cancelled by mistake", "needs an update", "is missing an item", "keeps failing", "disappeared"]
with open(sys.argv[1], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["ticket_id", "body", "category"])
    for n in range(600):
        writer.writerow([f"W-{n}", f"My {subjects[n % 10]} {verbs[(n // 10) % 10]} (case {n}, week {n // 100})",
                         subjects[n % 10]])
EOF
  "$WINNOW" import --db "$WORKERS_DB" "$WORK/many.csv" >/dev/null 2>&1
  sql() { psql -qtA "$WORKERS_DB" -c "$1"; }
  "$WINNOW" embed --db "$WORKERS_DB" --json --worker w1 --threads 1 --chunk-size 200 --batch-size 4 --lease 4 \
    >"$WORK/w1.json" 2>&1 &
  w1=$!
  for _ in $(seq 1 600); do
    [ "$(sql "SELECT COUNT(*) FROM work_claims WHERE worker = 'w1' AND finished_at IS NULL")" -gt 0 ] && break
    sleep 0.05
  done
  kill -9 $w1
  wait $w1 2>/dev/null
  held=$(sql "SELECT COUNT(*) FROM work_claims WHERE worker = 'w1' AND finished_at IS NULL")
  kept_by_w1=$(sql "SELECT COUNT(*) FROM work_claims WHERE worker = 'w1' AND finished_at IS NOT NULL")
  "$WINNOW" embed --db "$WORKERS_DB" --json --worker w2 --threads 1 --chunk-size 25 --lease 4 >"$WORK/w2.json" 2>&1 &
  w2=$!
  "$WINNOW" embed --db "$WORKERS_DB" --json --worker w3 --threads 1 --chunk-size 25 --lease 4 >"$WORK/w3.json" 2>&1
  w3_status=$?
  wait $w2
  w2_status=$?
  if [ "$w2_status" = 0 ] && [ "$w3_status" = 0 ] && [ "$held" -gt 0 ] && python3 - "$WORK/w2.json" "$WORK/w3.json" \
    "$held" "$kept_by_w1" "$(sql "SELECT COUNT(*) FROM examples")" "$(sql "SELECT COUNT(*) FROM embeddings")" \
    "$(sql "SELECT COUNT(*) FROM work_claims WHERE finished_at IS NULL")" \
    "$(sql "SELECT COUNT(*) FROM work_claims WHERE attempts = 2 AND worker IN ('w2', 'w3')")" <<'EOF'
import json, sys
w2, w3 = (json.load(open(path)) for path in sys.argv[1:3])
held, kept_by_w1, examples, embeddings, unfinished, taken_over = map(int, sys.argv[3:])
ok = (examples == 600 and embeddings == 600 and unfinished == 0
      and w2["embedded"] + w3["embedded"] + kept_by_w1 == 600          # nobody embedded a text another kept
      and w2["reclaimed"] + w3["reclaimed"] == held == taken_over      # the dead worker's batch, taken over once
      and w2["lost"] == w3["lost"] == 0)
if not ok: print(w2, w3, sys.argv[3:])
sys.exit(0 if ok else 1)
EOF
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL three embed workers, one killed (held $held)"; cat "$WORK/w2.json" "$WORK/w3.json"; fi
  # Two check workers started together share one run (or, if the first is done before the second starts, make two):
  # in each run every queued example was checked once, by one of them.
  "$WINNOW" check --db "$WORKERS_DB" --json --worker c1 --chunk-size 10 >"$WORK/c1.json" 2>/dev/null &
  c1=$!
  "$WINNOW" check --db "$WORKERS_DB" --json --worker c2 --chunk-size 10 >"$WORK/c2.json" 2>/dev/null
  wait $c1
  if python3 - "$WORK/c1.json" "$WORK/c2.json" \
    "$(sql "SELECT COUNT(*) FROM work_claims WHERE task LIKE 'check %' AND finished_at IS NULL")" \
    "$(sql "SELECT string_agg(task || '=' || n, ',') FROM (SELECT task, COUNT(*) n FROM work_claims WHERE task LIKE 'check %' GROUP BY task) t")" \
    "$(sql "SELECT COUNT(*) FROM runs WHERE command = 'check' AND status = 'complete' AND summary::jsonb ->> 'examples' = '600'")" <<'EOF'
import json, sys
reports = [json.load(open(path)) for path in sys.argv[1:3]]
unfinished, complete = int(sys.argv[3]), int(sys.argv[5])
queues = dict(q.split("=") for q in sys.argv[4].split(","))
by_run = {}
for report in reports:
    by_run[report["run"]] = by_run.get(report["run"], 0) + report["examples"]
ok = (unfinished == 0 and all(count == 600 for count in by_run.values()) and complete == len(by_run)
      and all(int(queues.get(f"check {run}", 0)) == 600 for run in by_run))
if not ok: print(by_run, queues, unfinished, complete)
sys.exit(0 if ok else 1)
EOF
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL two check workers"; fi
  # The same for a check of a selection: the run queues only the 60 examples labelled card, and a worker checking the
  # same rules over the same selection joins it.
  "$WINNOW" check --db "$WORKERS_DB" --json --label card --worker s1 --chunk-size 5 >"$WORK/s1.json" 2>/dev/null &
  s1=$!
  "$WINNOW" check --db "$WORKERS_DB" --json --label card --worker s2 --chunk-size 5 >"$WORK/s2.json" 2>/dev/null
  wait $s1
  if python3 - "$WORK/s1.json" "$WORK/s2.json" \
    "$(sql "SELECT string_agg(task || '=' || n || '/' || card, ',') FROM (SELECT task, COUNT(*) n,
              COUNT(*) FILTER (WHERE e.label = 'card') card FROM work_claims c JOIN examples e ON e.id = c.example_id
              WHERE task LIKE 'check %' AND c.worker IN ('s1', 's2') AND c.finished_at IS NOT NULL GROUP BY task) t")" \
    "$(sql "SELECT COUNT(*) FROM work_claims WHERE task LIKE 'check %' AND finished_at IS NULL")" <<'EOF'
import json, sys
reports = [json.load(open(path)) for path in sys.argv[1:3]]
queues = dict(q.split("=") for q in sys.argv[3].split(","))
unfinished = int(sys.argv[4])
by_run = {}
for report in reports:
    by_run[report["run"]] = by_run.get(report["run"], 0) + report["examples"]
ok = (unfinished == 0 and all(count == 60 for count in by_run.values())
      and all(queues.get(f"check {run}") == "60/60" for run in by_run))
if not ok: print(by_run, queues, unfinished)
sys.exit(0 if ok else 1)
EOF
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL two check workers over a selection"; fi
  psql -q "$WINNOW_TEST_POSTGRES" -c "DROP DATABASE ${PG_NAME}_workers WITH (FORCE)"
  for store in "$WORK/parity.db" "$PG_DB"; do
    "$WINNOW" users add ada --role admin --db "$store" >/dev/null && "$WINNOW" users add rex --db "$store" >/dev/null
  done
  same_json "users list" users list
  expect "the last admin stays on PostgreSQL" 2 "$WINNOW" users remove ada --db "$PG_DB"
  expect "a reviewer name is not for a PostgreSQL server" 2 "$WINNOW" serve --db "$PG_DB" --reviewer x --port 0
  expect "unreachable server" 2 "$WINNOW" stats --db "postgresql://ada:secret@127.0.0.1:1/none"
  if grep -qF "cannot connect to postgresql://ada@127.0.0.1:1/none" "$WORK/err" && ! grep -qF secret "$WORK/err"; then
    passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL unreachable server named without its password"; fi
  psql -q "$WINNOW_TEST_POSTGRES" -c "DROP DATABASE $PG_NAME WITH (FORCE)"
fi

echo "cli-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
