#!/usr/bin/env python3
"""Simulated reviewers against two `winnow serve --team` processes over one store: each signs in, then for the
given time opens a random example among the first ones (so that reviewers meet on the same examples), and flips its
decision (approve what is not approved, else reject) with the version the page showed. Reports decisions per second,
the latency of the decision POSTs (p50, p99, max), how many were refused as stale, and checks the store afterwards:
every saved decision recorded exactly once, every example's version equal to its number of decisions.

With --postgres SERVER_URL the store is a new database on that PostgreSQL server (dropped afterwards) instead of a
SQLite file.

Usage: Benchmarks/team-load.py WINNOW_BINARY [--reviewers 20] [--seconds 60] [--examples 5000] [--hot 500]
                               [--think SECONDS] [--postgres postgresql://USER@HOST:PORT/DB]"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse


def winnow(binary, *args, db):
    out = subprocess.run([binary, *args, "--db", db], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"winnow {' '.join(args)} failed: {out.stderr}")
    return out.stdout


class Client:
    """One reviewer's keep-alive connection, cookie and CSRF token."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method, path, form=None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrf": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        found = re.search(r'name="csrf(?:-token)?" (?:content|value)="([0-9a-f]+)"', text)
        if found:
            self.token = found.group(1)
        return response.status, response.getheader("Location"), text


def review(name, cookie, token, port, hot, think, start, deadline):
    """One reviewer from `start` to `deadline`: open a random example among the first `hot`, flip its decision with
    the version the page showed, follow the redirect as a browser does, wait `think` seconds, again."""
    client = Client(port)
    client.cookie, client.token = cookie, token
    local = random.Random(name)
    result = {"latencies": [], "saved": 0, "unchanged": 0, "stale": 0, "others": []}
    time.sleep(max(0, start - time.time()))
    while time.time() < deadline:
        example = local.randint(1, hot)
        _, _, page = client.request("GET", f"/examples/{example}")
        version = re.search(r'data-version="(\d+)"', page).group(1)
        approved = 'class="status status-approved"' in page.split("</h1>")[0]
        started = time.monotonic()
        status, location, _ = client.request(
            "POST", f"/examples/{example}/decide",
            {"action": "reject" if approved else "approve", "version": version, "from": "queue"})
        result["latencies"].append(time.monotonic() - started)
        # The page the browser is sent to says what happened: saved, or already so (someone made the same decision
        # since the page was drawn).
        flash = client.request("GET", location)[2] if status == 303 else ""
        if status == 303 and "already in that state" in flash:
            result["unchanged"] += 1
        elif status == 303:
            result["saved"] += 1
        elif status == 409:
            result["stale"] += 1
        else:
            result["others"].append(status)
        if think > 0:
            time.sleep(think)
    return result


def start_server(binary, db, log):
    process = subprocess.Popen(
        [binary, "serve", "--db", db, "--team", "--port", "0"], stdout=subprocess.PIPE, stderr=open(log, "w"),
        text=True)
    line = process.stdout.readline()
    found = re.search(r" at https?://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        raise SystemExit(f"serve did not start: {line}")
    return process, int(found.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--hot", type=int, default=500, help="reviewers pick among the first N examples")
    parser.add_argument("--think", type=float, default=0, help="seconds each reviewer waits between decisions")
    parser.add_argument("--postgres", help="a PostgreSQL server's URL: the store is a new database there")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.winnow)
    work = tempfile.mkdtemp(prefix="winnow-load-")
    db = os.path.join(work, "load.db")
    database = f"team_load_{os.getpid()}"
    if arguments.postgres:
        subprocess.run(["psql", "-q", arguments.postgres, "-c", f"CREATE DATABASE {database}"], check=True)
        db = arguments.postgres.rsplit("/", 1)[0] + "/" + database
    try:
        return run(arguments, binary, work, db)
    finally:
        if arguments.postgres:
            subprocess.run(["psql", "-q", arguments.postgres, "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])
        if not os.environ.get("KEEP"): subprocess.run(["rm", "-rf", work])


def run(arguments, binary, work, db):
    csv = os.path.join(work, "tickets.csv")
    words = ["card", "refund", "transfer", "pin", "account", "fee", "payment", "limit", "app", "cash"]
    rng = random.Random(7)
    with open(csv, "w") as out:
        out.write("ticket_id,body,category\n")
        for index in range(arguments.examples):
            a, b = rng.choice(words), rng.choice(words)
            out.write(f"T-{index},Ticket {index}: a question about my {a} and the {b},{a}\n")
    winnow(binary, "import", csv, db=db)
    names = [f"reviewer{n:02d}" for n in range(arguments.reviewers)]
    winnow(binary, "users", "add", "admin", "--role", "admin", db=db)
    passwords = {
        name: json.loads(winnow(binary, "users", "add", name, "--json", db=db))["one_time_password"] for name in names}
    servers = [start_server(binary, db, os.path.join(work, f"server{n}.log")) for n in range(2)]
    try:
        clients = {}
        for index, name in enumerate(names):
            client = Client(servers[index % 2][1])
            client.request("GET", "/signin")
            client.request("POST", "/signin", {"name": name, "password": passwords[name]})
            chosen = f"{name}-long-password"
            client.request("GET", "/password")
            status, location, _ = client.request(
                "POST", "/password", {"current": passwords[name], "password": chosen, "repeat": chosen})
            if location != "/queue":
                raise SystemExit(f"{name} could not choose a password: {status}")
            client.request("GET", "/queue")
            clients[name] = client
        start = time.time() + 2
        deadline = start + arguments.seconds
        # One process per reviewer: a client's own interpreter lock never adds to the latency it measures.
        with multiprocessing.Pool(len(names)) as pool:
            results = pool.starmap(
                review, [(name, clients[name].cookie, clients[name].token, servers[index % 2][1], arguments.hot,
                          arguments.think, start, deadline) for index, name in enumerate(names)])
        elapsed = time.time() - start
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait()
    latencies = [value for result in results for value in result["latencies"]]
    stale = [sum(result["stale"] for result in results)]
    unchanged = [sum(result["unchanged"] for result in results)]
    saved = {name: result["saved"] for name, result in zip(names, results)}
    others = [status for result in results for status in result["others"]]
    total = sum(saved.values())
    latencies.sort()

    def quantile(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    recorded, consistent = 0, True
    by_reviewer = {}
    for example in range(1, arguments.hot + 1):
        shown = json.loads(winnow(binary, "show", str(example), "--json", db=db))
        history = shown["history"]
        recorded += len(history)
        for entry in history:
            by_reviewer[entry["reviewer"]] = by_reviewer.get(entry["reviewer"], 0) + 1
        consistent &= [entry["version"] for entry in history] == list(range(1, len(history) + 1))
        consistent &= shown["version"] == len(history)
    print(f"{arguments.reviewers} reviewers, 2 servers on {'PostgreSQL' if arguments.postgres else 'SQLite'}, "
          f"{elapsed:.1f} s: {total} decisions saved "
          f"({total / elapsed:.1f} per second), {unchanged[0]} found already so, {stale[0]} refused as stale, "
          f"other answers: {others or 'none'}")
    print(f"decision POST latency: p50 {quantile(0.5):.1f} ms, p99 {quantile(0.99):.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms over {len(latencies)} POSTs")
    lost = total - recorded
    mismatched = [name for name in names if by_reviewer.get(name, 0) != saved[name]]
    print(f"store: {recorded} decisions recorded for {total} saved (lost or doubled: {lost}); "
          f"versions consistent: {consistent}; reviewers whose count differs: {mismatched or 'none'}")
    return 0 if lost == 0 and consistent and not mismatched and not others else 1


if __name__ == "__main__":
    sys.exit(main())
