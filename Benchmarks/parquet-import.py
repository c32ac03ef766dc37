#!/usr/bin/env python3
"""Parquet and Arrow import: `winnow import` of a Parquet file, or of a dataset `save_to_disk` wrote (Arrow), against
the way round it, pandas (or `datasets`) writing it as JSON Lines and `winnow import` of those.

Two data sets, each written as Hugging Face `datasets` writes a split (`Dataset.to_parquet`: pyarrow, Snappy,
the features in the schema's `huggingface` metadata):
- BANKING77's train and test CSVs (from `--banking77`), the label a `ClassLabel` of the 77 intents, so the file
  holds class numbers and the names only in its metadata;
- `--chats` made-up support chats in a `messages` column of `{role, content}` structs (a system prompt, two to
  six turns), the shape of most chat fine-tuning sets;
- the same chats saved with `save_to_disk` (an Arrow stream in record batches of 1,000 rows), imported as a folder,
  against `datasets.load_from_disk(...).to_json(...)`.
Then times, each as a child process (wall time, CPU time and peak RSS from `wait4`), three runs each, median kept:
`winnow import FILE.parquet` into a new store; pandas `read_parquet(...).to_json(lines=True, orient="records",
force_ascii=False)` (what a user would otherwise run first); `winnow import` of that JSON Lines file. It checks that
both imports store the same number of examples, and that BANKING77's labels came out as names.

Needs `pip install datasets pandas pyarrow`.

Usage: Benchmarks/parquet-import.py WINNOW_BINARY --banking77 DIR [--chats 100000] [--work-directory DIR]"""

import argparse
import csv
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile

from bench_common import sentence, timed


def banking77(directory, out):
    import datasets
    rows = []
    for name in ("train.csv", "test.csv"):
        with open(os.path.join(directory, name), newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    names = sorted({row["category"] for row in rows})
    features = datasets.Features({"text": datasets.Value("string"), "label": datasets.ClassLabel(names=names)})
    data = datasets.Dataset.from_dict(
        {"text": [row["text"] for row in rows], "label": [names.index(row["category"]) for row in rows]},
        features=features)
    data.to_parquet(out)
    return len(rows)


def chats(count, out):
    import datasets
    rng = random.Random(7)
    conversations = []
    for _ in range(count):
        turns = [{"role": "system", "content": "You are the support assistant of a web shop."}]
        for turn in range(rng.randint(1, 3)):
            turns.append({"role": "user", "content": sentence(rng, rng.randint(8, 40))})
            turns.append({"role": "assistant", "content": sentence(rng, rng.randint(12, 60))})
        conversations.append(turns)
    datasets.Dataset.from_dict({"messages": conversations}).to_parquet(out)
    return count


def saved(count, out):
    import datasets
    datasets.Dataset.from_parquet(out.replace("-saved", ".parquet")).save_to_disk(out)
    return count


def stored(store):
    with sqlite3.connect(store) as db:
        return db.execute("select count(*) from examples").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("winnow")
    parser.add_argument("--banking77", required=True)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-directory")
    # The data sets are written by a child process, so that `datasets` does not swell this one: a child forked from
    # it would report this process's pages in its peak RSS.
    parser.add_argument("--write", nargs=2, metavar=("KIND", "OUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.write:
        kind, out = arguments.write
        write = {"banking77": lambda: banking77(arguments.banking77, out), "chats": lambda: chats(arguments.chats, out),
                 "saved": lambda: saved(arguments.chats, out)}
        rows = write[kind]()
        print(rows)
        return
    work = arguments.work_directory or tempfile.mkdtemp(prefix="winnow-parquet-bench-")
    os.makedirs(work, exist_ok=True)
    winnow = os.path.abspath(arguments.winnow)
    sets = []
    for kind, name in (("banking77", "BANKING77 (train + test)"), ("chats", f"{arguments.chats:,} chats"),
                       ("saved", f"{arguments.chats:,} chats saved to disk")):
        path = os.path.join(work, "chats-saved" if kind == "saved" else f"{kind}.parquet")
        written = subprocess.run(
            [sys.executable, os.path.abspath(__file__), winnow, "--banking77", arguments.banking77, "--chats",
             str(arguments.chats), "--write", kind, path], check=True, capture_output=True, text=True)
        sets.append((name, path, int(written.stdout.split()[-1])))
    convert = ("import sys, pandas as pd; pd.read_parquet(sys.argv[1]).to_json(sys.argv[2], orient='records', "
               "lines=True, force_ascii=False)")
    convert_saved = ("import sys, datasets; datasets.load_from_disk(sys.argv[1]).to_json(sys.argv[2], "
                     "force_ascii=False)")
    for name, parquet, rows in sets:
        arrow = not parquet.endswith(".parquet")
        jsonl = (parquet if arrow else parquet[:-len(".parquet")]) + ".jsonl"
        results = {"parquet": [], "pandas": [], "jsonl": []}
        counts = {}
        for run in range(arguments.runs):
            for kind, command, source in (
                ("parquet", None, parquet),
                ("pandas", [sys.executable, "-c", convert_saved if arrow else convert, parquet, jsonl], None),
                ("jsonl", None, jsonl),
            ):
                if command is None:
                    store = os.path.join(work, f"{kind}-{run}.db")
                    for leftover in (store, store + "-wal", store + "-shm"):
                        if os.path.exists(leftover):
                            os.remove(leftover)
                    timed([winnow, "init", "--db", store])
                    command = [winnow, "import", "--db", store, source]
                    results[kind].append(timed(command))
                    counts[kind] = stored(store)
                else:
                    results[kind].append(timed(command))
        if counts["parquet"] != counts["jsonl"]:
            raise SystemExit(f"{name}: {counts['parquet']} examples from Parquet, {counts['jsonl']} from JSON Lines")
        if name.startswith("BANKING77"):
            with sqlite3.connect(os.path.join(work, "parquet-0.db")) as db:
                labels = db.execute("select count(distinct label) from examples").fetchone()[0]
                numeric = db.execute("select count(*) from examples where label glob '[0-9]*'").fetchone()[0]
            if labels != 77 or numeric:
                raise SystemExit(f"BANKING77: {labels} labels, {numeric} numeric")
        size = (sum(os.path.getsize(os.path.join(parquet, f)) for f in os.listdir(parquet)) if arrow
                else os.path.getsize(parquet)) / 1e6
        print(f"{name}: {rows:,} rows, {counts['parquet']:,} examples; {'Arrow' if arrow else 'Parquet'} {size:.1f} MB, JSON Lines "
              f"{os.path.getsize(jsonl) / 1e6:.1f} MB")
        median = {kind: tuple(statistics.median(values) for values in zip(*runs)) for kind, runs in results.items()}
        for kind, label in (("parquet", "winnow import FOLDER" if arrow else "winnow import FILE.parquet"),
                            ("pandas", "datasets to JSON Lines" if arrow else "pandas to JSON Lines"),
                            ("jsonl", "winnow import FILE.jsonl")):
            wall, cpu, rss = median[kind]
            print(f"  {label:30} {wall:7.2f} s wall  {cpu:7.2f} s CPU  {rss:7.0f} MB peak")
        both = median["pandas"][0] + median["jsonl"][0]
        print(f"  conversion + JSON Lines import  {both:7.2f} s wall: direct is {both / median['parquet'][0]:.2f}x")


if __name__ == "__main__":
    main()
