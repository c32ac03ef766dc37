#!/usr/bin/env bash
# Import of a gzip-compressed and a zipped JSON Lines file (500,000 tickets, written once into /tmp/gzb) against
# unpacking first (gunzip / unzip) and importing the plain file, and against the plain file itself, interleaved.
#   Benchmarks/compressed-import.sh .build/release/winnow
set -euo pipefail
W=${1:?winnow binary}
mkdir -p /tmp/gzb && cd /tmp/gzb
if [ ! -f tickets.jsonl ]; then
python3 - <<'PY'
import json, random
random.seed(1)
words = "card refund order parcel arrived account password delivery invoice charge payment help please thanks".split()
with open("tickets.jsonl", "w") as f:
    for i in range(500000):
        body = " ".join(random.choice(words) for _ in range(random.randint(8, 30)))
        f.write(json.dumps({"ticket_id": f"T-{i}", "subject": f"Question {i % 977}", "body": body,
                            "answer": "We are looking into it. " + body[:40], "category": random.choice(words)}) + "\n")
PY
gzip -k -6 tickets.jsonl
mkdir -p zipped && cp tickets.jsonl zipped/ && (cd zipped && zip -q -6 ../export.zip tickets.jsonl) && rm -rf zipped
fi
ls -la tickets.jsonl tickets.jsonl.gz export.zip
t() { /usr/bin/time -f "%e s wall, %U+%S CPU s, %M KB" "$@"; }
for round in 1 2; do
  rm -f a.db* b.db* c.db* d.db* e.db* plain.jsonl; rm -rf unz
  echo "round $round"
  echo -n "plain file:            "; t "$W" import --db a.db tickets.jsonl 2>&1 >/dev/null | tail -1
  echo -n ".gz read by winnow:    "; t "$W" import --db b.db tickets.jsonl.gz 2>&1 >/dev/null | tail -1
  echo -n "gunzip, then winnow:   "; t bash -c "gunzip -c tickets.jsonl.gz > plain.jsonl && $W import --db c.db plain.jsonl >/dev/null" 2>&1 | tail -1
  echo -n ".zip read by winnow:   "; t "$W" import --db d.db export.zip 2>&1 >/dev/null | tail -1
  echo -n "unzip, then winnow:    "; t bash -c "unzip -q -d unz export.zip && $W import --db e.db unz/tickets.jsonl >/dev/null" 2>&1 | tail -1
done
