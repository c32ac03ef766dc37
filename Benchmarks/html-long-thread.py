#!/usr/bin/env python3
"""Writes a ticket page with N messages (customer and agent in turn, each about 1 KB), as helpdesks print a long
thread, and times `winnow import` on it with each winnow binary given.

    Benchmarks/html-long-thread.py --messages 2000 --messages 8000 .build/debug/winnow [OTHER_WINNOW...]
"""
import argparse
import os
import subprocess
import tempfile
import time


def page(count):
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ticket #99001 - Long running outage thread</title>'
        '</head><body><h1 class="ticket-subject">Long running outage thread</h1><div class="comments">'
    ]
    for index in range(count):
        role = "end-user" if index % 2 == 0 else "agent"
        parts.append(
            f'<div class="comment" data-author-role="{role}"><header class="comment-meta">Person {index} · '
            f'2026-03-{index % 28 + 1:02d}</header><div class="comment-body"><p>Message number {index}: '
            + "the service is still degraded in region eu-west; " * 20
            + "</p></div></div>"
        )
    parts.append("</div></body></html>")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, action="append", required=True)
    parser.add_argument("winnow", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for count in args.messages:
            path = os.path.join(work, f"thread-{count}.html")
            with open(path, "w", encoding="utf-8") as file:
                file.write(page(count))
            for binary in args.winnow:
                db = os.path.join(work, "bench.db")
                if os.path.exists(db):
                    os.remove(db)
                subprocess.run([binary, "init", "--db", db], check=True, capture_output=True)
                started = time.perf_counter()
                subprocess.run([binary, "import", "--db", db, path], check=True, capture_output=True)
                seconds = time.perf_counter() - started
                size = os.path.getsize(path) / 1e6
                print(f"{count} messages ({size:.1f} MB)  {binary}  {seconds:.2f} s")


if __name__ == "__main__":
    main()
