#!/usr/bin/env python3
"""The team review UI end to end, through real servers: two `winnow serve --team` processes over one store (one
over TLS, one on plain loopback), four signed-in reviewers deciding at once on overlapping examples through both,
sessions shared between the servers, the sign-in limit, and a reviewer refused an admin's pages. Run on a SQLite
file, and again on a PostgreSQL database when $WINNOW_TEST_POSTGRES names a server (as `make test` does).

Usage: team-check.py WINNOW_BINARY. Prints one line per check and exits 1 on any failure."""

import http.cookiejar
import json
import os
import random
import re
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

WINNOW = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/winnow")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


backend = ""


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + f"[{backend}] " + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(f"[{backend}] {name}")


def winnow(*args, db):
    out = subprocess.run([WINNOW, *args, "--db", db], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"winnow {' '.join(args)} failed: {out.stderr}")
    return out.stdout


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookie jar; answers are (status, location, body)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect(), urllib.request.HTTPSHandler(context=context))
        self.token = ""

    def request(self, path, form=None, base=None):
        data = None
        if form is not None:
            data = urllib.parse.urlencode({**form, "csrf": self.token}).encode()
        try:
            response = self.opener.open((base or self.base) + path, data=data, timeout=30)
            status, headers, body = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read().decode()
        found = re.search(r'name="csrf(?:-token)?" (?:content|value)="([0-9a-f]+)"', body)
        if found:
            self.token = found.group(1)
        return status, headers.get("Location"), body, headers

    def sign_in(self, name, password):
        self.request("/signin")
        status, location, _, _ = self.request("/signin", {"name": name, "password": password})
        if location:
            self.request(location)
        return status, location


def start_server(db, *args):
    process = subprocess.Popen(
        [WINNOW, "serve", "--db", db, "--team", "--port", "0", *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    found = re.search(r"at (https?://[^ ]+?)/ ", line)
    if not found:
        process.kill()
        raise SystemExit(f"serve did not start: {line} {process.stderr.read()}")
    return process, found.group(1)


def main():
    global backend
    work = tempfile.mkdtemp(prefix="winnow-team-")
    stores = [("SQLite", os.path.join(work, "team.db"))]
    server = os.environ.get("WINNOW_TEST_POSTGRES")
    database = f"team_check_{os.getpid()}"
    if server:
        subprocess.run(["psql", "-q", server, "-c", f"CREATE DATABASE {database}"], check=True)
        stores.append(("PostgreSQL", server.rsplit("/", 1)[0] + "/" + database))
    try:
        for backend, db in stores:
            run(work, db)
    finally:
        if server:
            subprocess.run(["psql", "-q", server, "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])
        subprocess.run(["rm", "-rf", work])
    print(f"team-check: {len(failures)} failed")
    return 1 if failures else 0


def run(work, db):
    winnow("import", os.path.join(ROOT, "Fixtures", "tickets.jsonl"), db=db)
    ids = [example["id"] for example in json.loads(winnow("list", "--json", "--limit", "200", db=db))["examples"]]
    passwords = {}
    for name, role in [("ada", "admin"), ("ana", "reviewer"), ("bo", "reviewer"), ("cy", "reviewer"), ("di", "reviewer")]:
        passwords[name] = json.loads(winnow("users", "add", name, "--role", role, "--json", db=db))["one_time_password"]
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
         key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
    tls, tls_base = start_server(db, "--tls-cert", cert, "--tls-key", key)
    plain, plain_base = start_server(db)
    try:
        check("TLS server speaks HTTPS", tls_base.startswith("https://"), tls_base)
        visitor = Browser(plain_base)
        status, location, _, _ = visitor.request("/queue")
        check("a visitor is sent to the sign-in page", status == 303 and location == "/signin", f"{status} {location}")

        # Four reviewers, two per server, each choosing a password and then deciding on every example in their own
        # order, all at once.
        reviewers = ["ana", "bo", "cy", "di"]
        browsers = {}
        for index, name in enumerate(reviewers):
            browser = Browser(tls_base if index % 2 == 0 else plain_base)
            status, location = browser.sign_in(name, passwords[name])
            check(f"{name} signs in with the one-time password", location == "/password", f"{status} {location}")
            new = f"{name}-chosen-password-42"
            status, location, _, _ = browser.request(
                "/password", {"current": passwords[name], "password": new, "repeat": new})
            check(f"{name} chooses a password", location == "/queue", f"{status} {location}")
            browsers[name] = browser
        outcomes = {name: {"saved": 0, "unchanged": 0, "stale": 0, "other": []} for name in reviewers}

        def decide(name):
            browser = browsers[name]
            order = ids[:]
            random.Random(name).shuffle(order)
            for example in order:
                _, _, page, _ = browser.request(f"/examples/{example}")
                version = re.search(r'data-version="(\d+)"', page).group(1)
                action = random.Random(f"{name}{example}").choice(["approve", "reject"])
                status, location, _, _ = browser.request(
                    f"/examples/{example}/decide", {"action": action, "version": version})
                # The next page says what was done: a decision, or nothing when the example was already so.
                flash = browser.request(location)[2] if status == 303 else ""
                if status == 303 and re.search(r"(Approved|Rejected) 1 example", flash):
                    outcomes[name]["saved"] += 1
                elif status == 303 and "already in that state" in flash:
                    outcomes[name]["unchanged"] += 1
                elif status == 409:
                    outcomes[name]["stale"] += 1
                else:
                    outcomes[name]["other"].append(status)

        threads = [threading.Thread(target=decide, args=(name,)) for name in reviewers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        saved = sum(outcome["saved"] for outcome in outcomes.values())
        unchanged = sum(outcome["unchanged"] for outcome in outcomes.values())
        stale = sum(outcome["stale"] for outcome in outcomes.values())
        others = [status for outcome in outcomes.values() for status in outcome["other"]]
        check("every attempt saved, already so, or refused as stale",
              not others and saved + unchanged + stale == 4 * len(ids),
              f"saved {saved}, unchanged {unchanged}, stale {stale}, other {others}")
        recorded, consistent, by_reviewer = 0, True, {}
        for example in ids:
            shown = json.loads(winnow("show", str(example), "--json", db=db))
            history = shown["history"]
            recorded += len(history)
            for entry in history:
                by_reviewer[entry["reviewer"]] = by_reviewer.get(entry["reviewer"], 0) + 1
            versions = [entry["version"] for entry in history]
            consistent &= versions == list(range(1, len(history) + 1)) and shown["version"] == len(history)
        check("every saved decision recorded once, none lost", recorded == saved, f"recorded {recorded}, saved {saved}")
        check("versions count the decisions of each example", consistent)
        check("decisions carry the signed-in names",
              all(by_reviewer.get(name, 0) == outcomes[name]["saved"] for name in reviewers), f"{by_reviewer}")
        print(f"     {saved} decisions saved, {unchanged} already so, {stale} refused as stale, "
              f"by {len(reviewers)} reviewers on 2 servers ({backend})")

        # A session from one server works on the other (from the plain one to the TLS one: a browser does not send
        # the TLS server's Secure cookie over plain HTTP).
        bo = browsers["bo"]
        status, _, page, _ = bo.request("/queue", base=tls_base)
        check("a session from one server is valid on the other",
              status == 200 and "Signed in as <strong>bo</strong>" in page, f"{status}")
        ana = browsers["ana"]

        # Reviewers cannot manage users; wrong passwords are limited across servers.
        status, _, _, _ = ana.request("/users")
        check("a reviewer is refused the users page", status == 403, f"{status}")
        guesser = Browser(plain_base)
        guesser.request("/signin")
        codes = [guesser.request("/signin", {"name": "bo", "password": f"guess{n}"})[0] for n in range(5)]
        right = Browser(tls_base)
        status, _ = right.sign_in("bo", "bo-chosen-password-42")
        check("wrong passwords are refused, then the name is limited on both servers",
              codes == [401] * 5 and status == 429, f"{codes} then {status}")
        admin = Browser(plain_base)
        admin.sign_in("ada", passwords["ada"])
        admin.request("/password", {"current": passwords["ada"], "password": "ada-chosen-password-42",
                                    "repeat": "ada-chosen-password-42"})
        status, _, page, _ = admin.request("/users")
        check("an admin sees the users page", status == 200 and 'data-user="di"' in page, f"{status}")
    finally:
        tls.terminate()
        plain.terminate()
        tls.wait()
        plain.wait()


if __name__ == "__main__":
    sys.exit(main())
