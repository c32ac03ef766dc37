#!/usr/bin/env python3
"""A table of e-mails as Outlook exports a folder to CSV (`Subject`, `Body`, `From: (Name)`, `From: (Address)`,
`To: ...`, no date column), imported by one or more Winnow builds in the same run.

Writes N messages in threads of one to four (a customer's question, the agent's answer, the customer again, the
agent again), every reply quoting the whole history under Outlook header blocks, as an inbox's rows (newest first)
followed by the sent items' (newest first): the order an export of both folders gives. Each build imports the file
into a new store, `--runs` times, interleaved; prints messages/s, CPU seconds and peak RSS per run and the median,
and, for each build, how many examples were stored and how many of them hold their thread's turns in order
(question, answer, question, answer; read from the store with sqlite3).

Usage: Benchmarks/mail-rows.py WINNOW_BINARY [WINNOW_BINARY...] [--messages 20000] [--runs 3] [--work-directory DIR]
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile

from bench_common import GREETINGS, sentence, timed, turns_in_order

AGENT = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=3F2A1B-SAM.ORTIZ"
HEADER = ["Subject", "Body", "From: (Name)", "From: (Address)", "From: (Type)", "To: (Name)", "To: (Address)",
          "To: (Type)", "CC: (Name)", "CC: (Address)", "CC: (Type)", "Categories", "Importance", "Sensitivity"]


def write_rows(path, count):
    rng = random.Random(5)
    inbox, sent = [], []
    thread = 0
    written = 0
    while written < count:
        length = min(count - written, rng.choice([1, 2, 2, 3, 4]))
        customer = f"customer{thread}@example.org"
        subject = f"Order {thread}: " + sentence(rng, 3)[:-1]
        history = ""
        for turn in range(length):
            from_agent = turn % 2 == 1
            text = GREETINGS[turn] + "\n\n" + sentence(rng, 25) + ("\n\nSam" if from_agent else "\n\nAlex")
            body = text + history
            row = [("RE: " if turn else "") + subject, body, "Sam Ortiz" if from_agent else "Alex Doe",
                   AGENT if from_agent else customer, "EX" if from_agent else "SMTP",
                   "Alex Doe" if from_agent else "Shop", customer if from_agent else "hello@shop.example", "SMTP",
                   "", "", "", "", "Normal", "Normal"]
            (sent if from_agent else inbox).append(row)
            sender = "Sam Ortiz <hello@shop.example>" if from_agent else f"Alex Doe <{customer}>"
            history = (f"\n\nFrom: {sender}\nSent: Monday, November {1 + turn}, 2026 9:{10 + turn} AM\n"
                       f"To: Shop <hello@shop.example>\nSubject: {row[0]}\n\n{text}") + history
        written += length
        thread += 1
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows(list(reversed(inbox)) + list(reversed(sent)))
    return thread


def in_order(store):
    """Examples stored, and how many hold their thread's turns in order: the customer's question, the agent's
    answer, the customer again, the agent again (told by each turn's greeting)."""
    connection = sqlite3.connect(store)
    rows = connection.execute("SELECT messages FROM examples").fetchall()
    connection.close()
    right = sum(1 for (messages,) in rows if turns_in_order(json.loads(messages) if messages else []))
    return len(rows), right


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow", nargs="+")
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-directory")
    args = parser.parse_args()
    directory = args.work_directory or tempfile.mkdtemp(prefix="winnow-rows-")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"outlook-{args.messages}.csv")
    if not os.path.exists(path):
        threads = write_rows(path, args.messages)
        print(f"Wrote {args.messages} messages in {threads} threads to {path}", file=sys.stderr)
    results = {binary: [] for binary in args.winnow}
    counts = {}
    for run in range(args.runs):
        for index, binary in enumerate(args.winnow):
            store = os.path.join(directory, f"rows-{index}.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
            results[binary].append(timed([binary, "import", "--db", store, path]))
            counts[binary] = in_order(store)
    size = os.path.getsize(path) / 1e6
    print(f"{args.messages} messages, {size:.1f} MB; load average {os.getloadavg()[0]:.2f}\n")
    print("| build | messages/s (each run) | median seconds | CPU seconds | peak RSS | examples | turns in order |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for binary in args.winnow:
        runs = results[binary]
        rates = " / ".join(f"{args.messages / wall:,.0f}" for wall, _, _ in runs)
        median = statistics.median(wall for wall, _, _ in runs)
        cpu = statistics.median(cpu for _, cpu, _ in runs)
        rss = max(rss for _, _, rss in runs)
        examples, right = counts[binary]
        print(f"| {binary} | {rates} | {median:.2f} | {cpu:.2f} | {rss:.0f} MB | {examples:,} | {right:,} |")


if __name__ == "__main__":
    main()
