"""What the Python benchmarks share: made-up support words, and a child process timed as `wait4` reports it."""

import os
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
