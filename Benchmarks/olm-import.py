#!/usr/bin/env python3
"""An Outlook for Mac archive (.olm) imported by a Winnow build, beside a Python script doing the same pairing with
the standard library (`zipfile`, `xml.etree.ElementTree`): what a user would otherwise write.

Writes an .olm (a zip) of N threads of one to four messages: the customer's in `Inbox`, the agent's in
`Sent Items`, one XML file per message as Outlook for Mac writes them (`<emails><email>` of `OPFMessageCopy...`
elements, the reply naming its parent in `OPFMessageCopyInReplyTo`), an attachment file beside every tenth message,
and contacts beside the mail. Then, `--runs` times, interleaved:

- `winnow`: `winnow import FILE.olm` into a new store;
- `python`: the archive's message XML parsed with ElementTree, messages joined into threads by `In-Reply-To`, each
  thread's bodies in sent order written as one JSON line (no quote removal, no roles: less work than Winnow does).

Prints, per arm, messages/s (each run), median wall and CPU seconds, peak RSS, and how many examples came out, how
many with a response, and how many hold their thread's turns in order (told by each turn's greeting).

Usage: Benchmarks/olm-import.py WINNOW_BINARY [--threads 5000] [--runs 3] [--work-directory DIR]
"""

import argparse
import os
import random
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

from bench_common import GREETINGS, print_arms, sentence, stored_threads, timed, written_threads

FOLDERS = "Accounts/help@shop.example/com.microsoft.__Messages/"

PYTHON = r'''
import json, sys, zipfile, xml.etree.ElementTree as ET
archive, out = sys.argv[1], sys.argv[2]
messages = []
with zipfile.ZipFile(archive) as z:
    for name in z.namelist():
        if "com.microsoft.__Messages/" not in name or not name.endswith(".xml"):
            continue
        email = ET.fromstring(z.read(name)).find("email")
        if email is None:
            continue
        value = lambda tag: (email.findtext(tag) or "").strip()
        messages.append({"id": value("OPFMessageCopyMessageID").strip("<>"),
                         "parent": value("OPFMessageCopyInReplyTo").strip("<>"),
                         "sent": value("OPFMessageCopySentTime"), "body": email.findtext("OPFMessageCopyBody") or ""})
by_id = {m["id"]: m for m in messages}
def root(m):
    while m["parent"] in by_id:
        m = by_id[m["parent"]]
    return m["id"]
threads = {}
for m in messages:
    threads.setdefault(root(m), []).append(m)
with open(out, "w") as file:
    for thread in threads.values():
        thread.sort(key=lambda m: m["sent"])
        turns = [m["body"] for m in thread]
        file.write(json.dumps({"input": turns[0], "response": turns[1] if len(turns) > 1 else None, "turns": turns}) + "\n")
'''


def message(subject, sent, mid, sender, to, body, parent=None):
    reply = f"<OPFMessageCopyInReplyTo>&lt;{parent}&gt;</OPFMessageCopyInReplyTo>" if parent else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<emails><email>'
            f"<OPFMessageCopySubject>{escape(subject)}</OPFMessageCopySubject>"
            f"<OPFMessageCopySentTime>{sent}</OPFMessageCopySentTime>"
            f"<OPFMessageCopyMessageID>{mid}</OPFMessageCopyMessageID>{reply}"
            f'<OPFMessageCopySenderAddress><emailAddress OPFContactEmailAddressAddress="{sender[1]}" '
            f'OPFContactEmailAddressName="{sender[0]}"/></OPFMessageCopySenderAddress>'
            f'<OPFMessageCopyToAddresses><emailAddress OPFContactEmailAddressAddress="{to[1]}" '
            f'OPFContactEmailAddressName="{to[0]}"/></OPFMessageCopyToAddresses>'
            f"<OPFMessageCopyBody>{escape(body)}</OPFMessageCopyBody>"
            f"<OPFMessageCopyHTMLBody>{escape('<p>' + body.replace(chr(10), '<br>') + '</p>')}</OPFMessageCopyHTMLBody>"
            f"</email></emails>\n")


def write_archive(path, count):
    rng = random.Random(11)
    shop = ("Sam Ortiz", "help@shop.example")
    written = 0
    numbers = {"Inbox": 0, "Sent Items": 0}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for thread in range(count):
            customer = ("Alex Doe", f"customer{thread}@example.org")
            subject = f"Order {thread}: " + sentence(rng, 3)[:-1]
            parent = None
            for turn in range(rng.choice([1, 2, 2, 3, 4])):
                from_agent = turn % 2 == 1
                folder = "Sent Items" if from_agent else "Inbox"
                mid = f"t{thread}.{turn}@{'shop.example' if from_agent else 'example.org'}"
                body = GREETINGS[turn] + "\n\n" + sentence(rng, 25) + ("\n\nSam" if from_agent else "\n\nAlex")
                sent = f"2026-11-{2 + turn:02d}T09:{10 + thread % 50:02d}:00"
                xml = message(("RE: " if turn else "") + subject, sent, mid, shop if from_agent else customer,
                              customer if from_agent else shop, body, parent)
                number = numbers[folder]
                numbers[folder] += 1
                archive.writestr(f"{FOLDERS}{folder}/message_{number:05d}.xml", xml)
                if written % 10 == 0:
                    archive.writestr(f"{FOLDERS}{folder}/com.microsoft.__Attachments/{mid}.pdf", b"%PDF-1.4 " * 50)
                parent = mid
                written += 1
        archive.writestr("Accounts/help@shop.example/com.microsoft.__Contacts/Contacts.xml",
                         '<?xml version="1.0"?><contacts><contact><OPFContactCopyDisplayName>Alex'
                         '</OPFContactCopyDisplayName></contact></contacts>')
    return written


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--threads", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-directory")
    args = parser.parse_args()
    directory = args.work_directory or tempfile.mkdtemp(prefix="winnow-olm-")
    os.makedirs(directory, exist_ok=True)
    olm = os.path.join(directory, f"support-{args.threads}.olm")
    messages = None
    if not os.path.exists(olm):
        messages = write_archive(olm, args.threads)
        print(f"Wrote {messages} messages in {args.threads} threads to {olm}", file=sys.stderr)
    with zipfile.ZipFile(olm) as archive:
        messages = sum(1 for name in archive.namelist() if name.endswith(".xml") and "/message_" in name)
    script = os.path.join(directory, "pair.py")
    with open(script, "w") as file:
        file.write(PYTHON)
    results = {"winnow": [], "python": []}
    found = {}
    for _ in range(args.runs):
        store = os.path.join(directory, "olm.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        results["winnow"].append(timed([args.winnow, "import", "--db", store, olm]))
        found["winnow"] = stored_threads(store)
        out = os.path.join(directory, "python.jsonl")
        results["python"].append(timed([sys.executable, script, olm, out]))
        found["python"] = written_threads(out)
    size = os.path.getsize(olm) / 1e6
    print(f"{messages} messages in {args.threads} threads, {size:.1f} MB archive; "
          f"load average {os.getloadavg()[0]:.2f}\n")
    print_arms(results, found, messages)


if __name__ == "__main__":
    main()
