"""What the Python benchmarks share: made-up support words, a child process timed as `wait4` reports it, and for the
mail benchmarks the count of threads stored whole and in order and the table of their arms."""

import json
import os
import sqlite3
import statistics
import subprocess
import time

WORDS = ("order parcel refund invoice password login delivery account card charge address lamp broken missing late "
         "replace return label tracking courier payment subscription cancel update email phone help please thanks "
         "week today yesterday again still never received sent number code").split()


def sentence(rng, count):
    """`count` words drawn by `rng`, as a sentence."""
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def timed(command):
    """Runs `command`; returns its wall seconds, CPU seconds (user and system) and peak RSS in MB."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# Each turn of a benchmark's mail thread opens with its own greeting, which tells from what was stored whether the
# turns are in order: the customer's question, the agent's answer, the customer again, the agent again.
GREETINGS = ["Hello,", "Hi Alex,", "Hi again,", "Hi Alex, thanks,"]


def turns_in_order(turns):
    """Whether `turns` (each a dict with `role` and `content`, or plain texts without roles) are a thread's turns in
    order, told by their greetings."""
    texts = [turn.get("content", "") if isinstance(turn, dict) else turn for turn in turns]
    if any(isinstance(turn, dict) for turn in turns):
        roles = [turn.get("role") for turn in turns]
        if roles != ["user", "assistant"] * (len(turns) // 2) + ["user"] * (len(turns) % 2):
            return False
    return [text.split("\n")[0] for text in texts] == GREETINGS[:len(turns)]


def stored_threads(store):
    """A Winnow store's examples: how many, how many have a response, how many hold their turns in order."""
    connection = sqlite3.connect(store)
    rows = connection.execute("SELECT response, messages FROM examples").fetchall()
    connection.close()
    right = sum(1 for _, messages in rows if turns_in_order(json.loads(messages) if messages else []))
    return len(rows), sum(1 for response, _ in rows if response), right


def written_threads(path):
    """The same counts for a script's JSON lines (`response`, `turns` as texts)."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    return len(rows), sum(1 for row in rows if row["response"]), sum(1 for row in rows if turns_in_order(row["turns"]))


def print_arms(results, found, messages):
    """The table of a mail benchmark's arms: `results` maps each arm to its runs' (wall, CPU, RSS), `found` to its
    counts (``stored_threads``)."""
    print("| arm | messages/s (each run) | median seconds | CPU seconds | peak RSS | examples | with a response "
          "| turns in order |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for arm, runs in results.items():
        rates = " / ".join(f"{messages / wall:,.0f}" for wall, _, _ in runs)
        median = statistics.median(wall for wall, _, _ in runs)
        cpu = statistics.median(cpu for _, cpu, _ in runs)
        rss = max(rss for _, _, rss in runs)
        examples, responses, right = found[arm]
        print(f"| {arm} | {rates} | {median:.2f} | {cpu:.2f} | {rss:.0f} MB | {examples:,} | {responses:,} | {right:,} |")
