#!/usr/bin/env python3
"""Excel import: `winnow import` of a helpdesk-like workbook against openpyxl reading the same sheet.

Writes a workbook of N tickets with openpyxl (ticket id, subject, a 40-word body, category, a created date, a
30-word response; shared strings as Excel writes them are not produced by openpyxl, which writes inline strings),
then times, each as a child process: `winnow import` into a new store (wall time, CPU time and peak RSS from
`wait4`), and openpyxl's read-only load iterating every cell's value (what a user would otherwise run before
writing a CSV). Needs `pip install openpyxl`.

Usage: Benchmarks/xlsx-import.py WINNOW_BINARY [--rows 50000] [--work-directory DIR]"""

import argparse
import datetime
import os
import random
import sys
import tempfile

from bench_common import sentence, timed


def write_workbook(path, rows):
    import openpyxl

    rng = random.Random(7)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Tickets")
    sheet.append(["Ticket ID", "Subject", "Description", "Category", "Created", "Response"])
    start = datetime.datetime(2026, 1, 1)
    for index in range(rows):
        sheet.append([
            f"T-{index}", sentence(rng, 5), sentence(rng, 40), rng.choice(["Billing", "Shipping", "Account"]),
            start + datetime.timedelta(minutes=17 * index), sentence(rng, 30),
        ])
    workbook.save(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--work-directory")
    args = parser.parse_args()
    directory = args.work_directory or tempfile.mkdtemp(prefix="winnow-xlsx-")
    os.makedirs(directory, exist_ok=True)
    workbook = os.path.join(directory, f"tickets-{args.rows}.xlsx")
    if not os.path.exists(workbook):
        print(f"Writing {args.rows} tickets to {workbook} ...", file=sys.stderr)
        write_workbook(workbook, args.rows)
    store = os.path.join(directory, "bench.db")
    if os.path.exists(store):
        os.remove(store)
    reader = ("import openpyxl, sys\n"
              "book = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
              "n = 0\n"
              "for row in book.active.iter_rows(values_only=True):\n"
              "    n += sum(1 for value in row if value is not None)\n")
    results = [
        ("winnow import (xlsx)", timed([args.winnow, "import", "--db", store, workbook])),
        ("openpyxl read-only load, every cell", timed([sys.executable, "-c", reader, workbook])),
    ]
    size = os.path.getsize(workbook) / 1e6
    print(f"Workbook: {args.rows} rows, {size:.1f} MB; load average {os.getloadavg()[0]:.2f}\n")
    print("| work | rows/s | seconds | CPU seconds | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for name, (wall, cpu, rss) in results:
        print(f"| {name} | {args.rows / wall:,.0f} | {wall:.2f} | {cpu:.2f} | {rss:.0f} MB |")
    print(f"\nwinnow import: {results[1][1][0] / results[0][1][0]:.2f}x the speed of openpyxl's read alone")


if __name__ == "__main__":
    main()
