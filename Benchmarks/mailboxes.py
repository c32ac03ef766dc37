#!/usr/bin/env python3
"""A mail client's `Inbox` and `Sent` mailboxes (mbox files without an extension, as Thunderbird keeps them and as
clients export them), imported together and one at a time by a Winnow build, beside a Python script doing the pairing
with the standard library (`mailbox`, `email`): what a user would otherwise write.

Writes N threads of one to four turns (a customer's question, the agent's answer, the customer again, the agent
again): the customer's mail in `Inbox`, the agent's in `Sent`, each reply naming its parent (`In-Reply-To`,
`References`) and quoting the history under a `On ... wrote:` line. Then, `--runs` times, interleaved:

- `together`: `winnow import FOLDER` into a new store (the mailboxes threaded across files);
- `apart`: `winnow import FOLDER/Inbox` and `winnow import FOLDER/Sent` into one new store, one after the other
  (each mailbox threaded alone: how the files were read before they were threaded together);
- `python`: `mailbox.mbox` over both files, messages joined into threads by their `References`, each thread's
  text/plain bodies in date order written as one JSON line (no quote removal: less work than Winnow does).

With `--eml`, the same messages are written one file each (`Inbox/000001.eml`, `Sent/000002.eml`: a mail client's
messages saved as files, a helpdesk's export of messages), `apart` imports the two folders one after the other, and
the script reads each file with `email.message_from_binary_file`.

Prints, per arm, messages/s (each run), median wall and CPU seconds, peak RSS, and from the store how many examples
were stored, how many have a response, and how many hold their thread's turns in order (told by each turn's
greeting).

Usage: Benchmarks/mailboxes.py WINNOW_BINARY [--threads 20000] [--runs 3] [--eml] [--work-directory DIR]
"""

import argparse
import os
import random
import sys
import tempfile

from bench_common import GREETINGS, print_arms, sentence, stored_threads, timed, written_threads


PYTHON = r'''
import email, email.policy, json, mailbox, os, sys
folder, out = sys.argv[1], sys.argv[2]
messages = []
for name in ("Inbox", "Sent"):
    if os.path.isdir(f"{folder}/{name}"):
        for entry in sorted(os.listdir(f"{folder}/{name}")):
            with open(f"{folder}/{name}/{entry}", "rb") as file:
                messages.append(email.message_from_binary_file(file, policy=email.policy.default))
        continue
    for message in mailbox.mbox(f"{folder}/{name}", factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)):
        messages.append(message)
root = {}
def find(mid):
    while root.get(mid, mid) != mid:
        mid = root[mid]
    return mid
for message in messages:
    mid = message["Message-ID"]
    refs = (message.get("References") or "").split()
    root.setdefault(mid, mid)
    if refs:
        root[find(mid)] = find(refs[0])
threads = {}
for message in messages:
    threads.setdefault(find(message["Message-ID"]), []).append(message)
with open(out, "w") as file:
    for thread in threads.values():
        thread.sort(key=lambda m: m["Date"].datetime)
        turns = [m.get_body(("plain",)).get_content() for m in thread]
        file.write(json.dumps({"input": turns[0], "response": turns[1] if len(turns) > 1 else None, "turns": turns}) + "\n")
'''


def write_mailboxes(folder, count, eml=False):
    rng = random.Random(7)
    inbox, sent = [], []
    messages = 0
    for thread in range(count):
        length = rng.choice([1, 2, 2, 3, 4])
        customer = f"customer{thread}@example.org"
        subject = f"Order {thread}: " + sentence(rng, 3)[:-1]
        ids = []
        history = []
        for turn in range(length):
            from_agent = turn % 2 == 1
            mid = f"<t{thread}.{turn}@{'shop.example' if from_agent else 'example.org'}>"
            text = GREETINGS[turn] + "\n\n" + sentence(rng, 25) + ("\n\nSam" if from_agent else "\n\nAlex")
            sender = "Sam Ortiz <help@shop.example>" if from_agent else f"Alex Doe <{customer}>"
            date = f"Mon, {2 + turn} Nov 2026 09:{10 + thread % 50:02d}:00 +0000"
            quoted = ""
            if history:
                quoted = f"\n\nOn {history[-1][0]}, {history[-1][1]} wrote:\n" + "\n".join(
                    "> " + line for line in history[-1][2].split("\n"))
            head = (f"From {sender.split('<')[1][:-1]} Mon Nov  2 09:00:00 2026\nFrom: {sender}\n"
                    f"To: {'Alex Doe <' + customer + '>' if from_agent else 'Shop <help@shop.example>'}\n"
                    f"Subject: {'Re: ' if turn else ''}{subject}\nDate: {date}\nMessage-ID: {mid}\n")
            if ids:
                head += f"In-Reply-To: {ids[-1]}\nReferences: {' '.join(ids)}\n"
            (sent if from_agent else inbox).append(head + "\n" + text + quoted + "\n\n")
            ids.append(mid)
            history.append((date, sender, text))
            messages += 1
    os.makedirs(folder, exist_ok=True)
    for name, box in (("Inbox", inbox), ("Sent", sent)):
        if eml:
            # One file a message, without the mbox "From " line, numbered as a client saves them.
            os.makedirs(os.path.join(folder, name), exist_ok=True)
            for number, message in enumerate(box):
                with open(os.path.join(folder, name, f"{number:06d}.eml"), "w", encoding="utf-8") as file:
                    file.write(message.split("\n", 1)[1])
            continue
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
            file.write("".join(box))
    return messages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--threads", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--eml", action="store_true", help="one file a message instead of two mbox files")
    parser.add_argument("--work-directory")
    args = parser.parse_args()
    directory = args.work_directory or tempfile.mkdtemp(prefix="winnow-mailboxes-")
    folder = os.path.join(directory, f"{'eml' if args.eml else 'mail'}-{args.threads}")
    if not os.path.exists(os.path.join(folder, "Sent")):
        written = write_mailboxes(folder, args.threads, eml=args.eml)
        print(f"Wrote {written} messages in {args.threads} threads to {folder}", file=sys.stderr)
    files = [os.path.join(folder, name) for name in ("Inbox", "Sent")]
    if args.eml:
        files = [os.path.join(box, entry) for box in files for entry in os.listdir(box)]
    messages = len(files) if args.eml else sum(open(path, "rb").read().count(b"\nMessage-ID: ") for path in files)
    script = os.path.join(directory, "pair.py")
    with open(script, "w") as file:
        file.write(PYTHON)
    results = {"together": [], "apart": [], "python": []}
    found = {}
    for _ in range(args.runs):
        for arm in results:
            store = os.path.join(directory, f"{arm}.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
            if arm == "together":
                results[arm].append(timed([args.winnow, "import", "--db", store, folder]))
                found[arm] = stored_threads(store)
            elif arm == "apart":
                first = timed([args.winnow, "import", "--db", store, os.path.join(folder, "Inbox")])
                second = timed([args.winnow, "import", "--db", store, os.path.join(folder, "Sent")])
                results[arm].append((first[0] + second[0], first[1] + second[1], max(first[2], second[2])))
                found[arm] = stored_threads(store)
            else:
                out = os.path.join(directory, "python.jsonl")
                results[arm].append(timed([sys.executable, script, folder, out]))
                found[arm] = written_threads(out)
    size = sum(os.path.getsize(path) for path in files) / 1e6
    print(f"{messages} messages in {args.threads} threads, {len(files)} files, {size:.1f} MB; "
          f"load average {os.getloadavg()[0]:.2f}\n")
    print_arms(results, found, messages)


if __name__ == "__main__":
    main()
