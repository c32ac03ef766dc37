#!/usr/bin/env python3
"""Replays what `winnow-bench curation --skip-training` left in its stores, against the true labels.

`floors`: for each store, the relabel threshold the default policy's rule would set from the audit's stored
fix-precision estimate (pooled from a band up, at least 0.95 one standard error down, as
`FixPrecisionEstimate.threshold`) with no floor and with each floor under a band's own estimate (no band from the
threshold up, of at least 5 suggestions, estimated under the floor), and how many label-issue suggestions from that
confidence up name the true label. Estimates planted like the audit's confusions set no threshold and are skipped.

`queue`: for each store, how many of the first N pending examples are flipped labels, in the review queue order that
counts every flag and in the order that counts only warnings and errors (`Store.queueOrder`).

`groups`: for each store, the pending label issues grouped by suggested label (as `winnow list --suggestion L` and
the review queue's Suggested filter show them): how many groups, their median and largest size, how many
suggestions name the true label (all, and from confidence 0.5 up), how many given labels are right, and what settling
them all takes by group (one accept per group and one decision per example whose suggestion is wrong).

Only the original rows are counted (a planted copy's row number is past the end of TRUTH). TRUTH is the CSV passed
as `--train` (`text` and `category` columns); the stores are `curation-*.db` in the benchmark's work directory.

Usage: Benchmarks/curation-replay.py floors WORK_DIRECTORY=TRUTH.csv [...] [--floors 0.7,0.8,0.85,0.9]
       Benchmarks/curation-replay.py queue WORK_DIRECTORY=TRUTH.csv [...] [--first 200,400,800]
       Benchmarks/curation-replay.py groups WORK_DIRECTORY=TRUTH.csv [...]"""

import argparse
import csv
import glob
import json
import math
import os
import sqlite3

MINIMUM_SUGGESTIONS = 5
MINIMUM_PRECISION = 0.95


def truth(path):
    with open(path, newline="") as handle:
        return [row["category"] for row in csv.DictReader(handle)]


def row_number(locator):
    # `row:ROW:LINE`, ROW counted from 1 over the data rows.
    return int(locator.split(":")[1])


def threshold(bands, wrong, floor):
    for band in bands:
        if band["suggestions"] <= 0:
            continue
        pool = [other for other in bands if other["from"] >= band["from"]]
        suggestions = sum(other["suggestions"] for other in pool)
        correct = sum(other["correct"] for other in pool)
        if suggestions < MINIMUM_SUGGESTIONS:
            continue
        share = min(1, correct / wrong) if wrong > 0 else 0
        cautious = min(1, max(0, correct - math.sqrt(max(0, correct) * (1 - share))) / suggestions)
        if cautious < MINIMUM_PRECISION:
            continue
        if any(
            other["suggestions"] >= MINIMUM_SUGGESTIONS and other["correct"] / other["suggestions"] < floor
            for other in pool
        ):
            continue
        return band["from"]
    return None


def floors(stores, levels):
    totals = {level: [0, 0] for level in levels}
    for database, labels in stores:
        db = sqlite3.connect(database)
        summary = json.loads(db.execute("SELECT summary FROM runs WHERE command = 'audit'").fetchone()[0])
        estimate = summary["fix_precision"]
        if estimate.get("planted_like") == "confusions":
            print(f"{database}: planted like the audit's confusions, no threshold")
            continue
        bands = sorted(estimate["bands"], key=lambda band: band["from"])
        suggestions = []
        for locator, evidence in db.execute(
            "SELECT e.locator, f.evidence FROM flags f JOIN examples e ON e.id = f.example_id "
            "WHERE f.check_id = 'label-issue'"
        ):
            row = row_number(locator)
            if row > len(labels):
                continue
            evidence = json.loads(evidence)
            suggestions.append((evidence["confidence"], evidence["suggested_label"] == labels[row - 1]))
        cells = []
        for level in levels:
            found = threshold(bands, estimate["estimated_wrong_labels"], level)
            if found is None:
                cells.append("none")
                continue
            taken = [right for confidence, right in suggestions if confidence >= found]
            totals[level][0] += len(taken)
            totals[level][1] += sum(taken)
            cells.append(f"{found:.1f}: {len(taken)} at {100 * sum(taken) / max(1, len(taken)):.1f}%")
        print(f"{database}: " + " | ".join(f"floor {level}: {cell}" for level, cell in zip(levels, cells)))
    for level in levels:
        taken, right = totals[level]
        print(f"all, floor {level}: {taken} suggestions taken, {100 * right / max(1, taken):.1f}% right")


QUEUE = """
SELECT e.id, e.locator, e.label,
       MAX(CASE f.severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END),
       COUNT(*), SUM(CASE WHEN f.severity = 'info' THEN 0 ELSE 1 END),
       MAX(CASE WHEN f.check_id = 'label-issue' THEN CAST(json_extract(f.evidence, '$.confidence') AS REAL) END)
FROM examples e JOIN flags f ON f.example_id = e.id WHERE e.status = 'pending' GROUP BY e.id
"""


def queue(stores, counts):
    for database, labels in stores:
        rows = sqlite3.connect(database).execute(QUEUE).fetchall()

        def flipped(entry):
            row = row_number(entry[1])
            return row <= len(labels) and labels[row - 1] != entry[2]

        orders = {
            "every flag": sorted(rows, key=lambda r: (-r[3], -r[4], -(r[6] if r[6] is not None else -1), r[0])),
            "warnings and errors": sorted(
                rows, key=lambda r: (-r[3], -r[5], -(r[6] if r[6] is not None else -1), -r[4], r[0])
            ),
        }
        for name, order in orders.items():
            firsts = ", ".join(f"{sum(flipped(entry) for entry in order[:n])} of the first {n}" for n in counts)
            print(f"{database}: counting {name}: flipped labels {firsts} ({len(rows)} pending)")


GROUPS = """
SELECT e.locator, e.label, f.evidence FROM examples e JOIN flags f ON f.example_id = e.id
WHERE e.status = 'pending' AND f.check_id = 'label-issue'
"""


def groups(stores):
    for database, labels in stores:
        members = {}
        for locator, label, evidence in sqlite3.connect(database).execute(GROUPS):
            row = row_number(locator)
            if row > len(labels):
                continue
            evidence = json.loads(evidence)
            truth = labels[row - 1]
            members.setdefault(evidence["suggested_label"], []).append(
                (evidence["confidence"], evidence["suggested_label"] == truth, label == truth)
            )
        issues = [member for group in members.values() for member in group]
        if not issues:
            print(f"{database}: no pending label issues")
            continue
        sizes = sorted(len(group) for group in members.values())
        right = sum(member[1] for member in issues)
        surer = [member for member in issues if member[0] >= 0.5]
        print(
            f"{database}: {len(issues)} pending label issues in {len(members)} groups (median {sizes[len(sizes) // 2]}, "
            f"largest {sizes[-1]}); suggestion right {right} ({100 * right / len(issues):.0f}%), from confidence 0.5 up "
            f"{sum(member[1] for member in surer)} of {len(surer)}; given label right {sum(m[2] for m in issues)}; "
            f"settled by group: {len(members)} group accepts and {len(issues) - right} single decisions"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["floors", "queue", "groups"])
    parser.add_argument("runs", nargs="+", metavar="WORK_DIRECTORY=TRUTH.csv")
    parser.add_argument("--floors", default="0,0.7,0.8,0.85,0.9")
    parser.add_argument("--first", default="200,400,800")
    arguments = parser.parse_args()
    stores = []
    for run in arguments.runs:
        directory, _, path = run.partition("=")
        if not path:
            parser.error(f"{run}: expected WORK_DIRECTORY=TRUTH.csv")
        labels = truth(path)
        found = sorted(glob.glob(os.path.join(directory, "curation-*.db")))
        if not found:
            parser.error(f"{directory}: no curation-*.db stores")
        stores += [(database, labels) for database in found if not database.endswith("curation-clean.db")]
    if arguments.mode == "floors":
        floors(stores, [float(level) for level in arguments.floors.split(",")])
    elif arguments.mode == "queue":
        queue(stores, [int(count) for count in arguments.first.split(",")])
    else:
        groups(stores)


if __name__ == "__main__":
    main()
