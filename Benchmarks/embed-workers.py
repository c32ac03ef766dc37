#!/usr/bin/env python3
"""Embedding throughput with one, two and three `winnow embed` workers sharing one PostgreSQL database, against one
process on a SQLite file with the same texts (one compute thread, and one per core).

Each worker is a separate process with one compute thread (`--threads 1`), claiming `--chunk-size` texts at a time.
For each run: wall time from the start of the first worker to the end of the last, texts per second, the share of
the workers' time spent queueing, claiming and storing (`queue_seconds` in their `--json`), and a check of the store
afterwards (every example has one vector, every queued text is finished, no text stored by two workers).

Usage: Benchmarks/embed-workers.py WINNOW_BINARY --postgres postgresql://USER@HOST:PORT/DB
                                   [--texts FILE.csv] [--limit N] [--workers 1,2,3] [--chunk-size 256]"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def winnow(binary, *args, db):
    out = subprocess.run([binary, *args, "--db", db], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"winnow {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def psql(url, *statements):
    out = subprocess.run(["psql", "-qtA", url, *sum((["-c", s] for s in statements), [])], capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def run_workers(binary, db, count, chunk, threads=1):
    started = time.time()
    processes = [
        subprocess.Popen([binary, "embed", "--db", db, "--json", "--threads", str(threads), "--chunk-size", str(chunk),
                          *(["--worker", f"worker-{n}"] if db.startswith("postgresql://") else [])],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(count)]
    reports = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"embed failed: {err}")
        reports.append(json.loads(out))
    return time.time() - started, reports


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--postgres", required=True, help="a PostgreSQL server's URL; new databases are made there")
    parser.add_argument("--texts", default=os.path.join(ROOT, "..", "shared", "datasets", "banking77", "train.csv"))
    parser.add_argument("--limit", type=int, default=6000, help="the first N rows of --texts")
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--chunk-size", type=int, default=256)
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.winnow)
    work = tempfile.mkdtemp(prefix="winnow-embed-workers-")
    texts = os.path.join(work, "texts.csv")
    with open(arguments.texts) as source, open(texts, "w") as out:
        for index, line in enumerate(source):
            if index > arguments.limit:
                break
            out.write(line)
    rows = []
    try:
        for threads in (1, 2):
            db = os.path.join(work, f"sqlite-{threads}.db")
            winnow(binary, "import", texts, db=db)
            seconds, reports = run_workers(binary, db, 1, arguments.chunk_size, threads)
            rows.append((f"SQLite file, 1 process, {threads} thread{'s' if threads > 1 else ''}", seconds,
                         reports[0]["embedded"], 0.0, "-"))
        for count in (int(n) for n in arguments.workers.split(",")):
            name = f"embed_workers_{os.getpid()}_{count}"
            psql(arguments.postgres, f"CREATE DATABASE {name}")
            db = arguments.postgres.rsplit("/", 1)[0] + "/" + name
            try:
                winnow(binary, "import", texts, db=db)
                seconds, reports = run_workers(binary, db, count, arguments.chunk_size)
                examples, vectors, unfinished, doubled = (int(psql(db, sql)) for sql in [
                    "SELECT COUNT(*) FROM examples", "SELECT COUNT(*) FROM embeddings",
                    "SELECT COUNT(*) FROM work_claims WHERE finished_at IS NULL",
                    "SELECT COUNT(*) FROM work_claims WHERE attempts > 1"])
                embedded = sum(report["embedded"] for report in reports)
                ok = examples == vectors == embedded and unfinished == 0 and doubled == 0
                share = sum(r["queue_seconds"] for r in reports) / sum(r["seconds"] for r in reports)
                rows.append((f"PostgreSQL, {count} worker{'s' if count > 1 else ''} x 1 thread", seconds, embedded,
                             share, "yes" if ok else f"NO ({examples} examples, {vectors} vectors, {embedded} embedded, "
                                                     f"{unfinished} unfinished, {doubled} taken twice)"))
            finally:
                psql(arguments.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        subprocess.run(["rm", "-rf", work])
    base = rows[0][2] / rows[0][1]
    print("| run | seconds | texts | texts/s | vs 1 process, 1 thread | time queueing, claiming, storing | "
          "each text once |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, seconds, embedded, share, ok in rows:
        rate = embedded / seconds
        print(f"| {name} | {seconds:.1f} | {embedded:,} | {rate:,.0f} | {rate / base:.2f} | {share * 100:.1f}% | {ok} |")
    return 0 if all(row[4] in ("yes", "-") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
