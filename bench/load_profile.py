"""Where a message's CPU goes under load: both servers' CPU per message, and py-spy profiles.

    .venv/bin/python -m bench.load_profile [--baseline REF] [--runs N] [--py-spy PATH]
    make profile-load PROFILE_LOAD_ARGS="--baseline main --runs 3"

Starts the stacks `make bench-load` starts (this checkout, and a `git worktree` of REF with
``--baseline``; see bench/load_bench.py), then per run and per checkout, in turn, plays its 10
concurrent re-pricing conversations of 50 messages and prints one JSON line: the load
generator's figures, and the CPU time per message (user + system, from /proc, children not
included) of the Rasa server, of the action server and of this load generator itself (which
must not count against the assistant), with the share of a core each used. When py-spy is
found (``--py-spy``, else on PATH; ``pip install py-spy``), each server is recorded meanwhile
(``py-spy record -r 50 -f raw --nonblocking``) into var/bench-load/profile-<date>/, and the
shares of the samples that docs/performance.md tabulates are printed per file (the sample
counts of every thread, the action guard's and the tracker store's worker threads included).
CPU per message is the figure to compare on a loaded machine: the time between the messages
there is the other processes'.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.load_bench import (
    OUT_DIR,
    POOLED_EARLY,
    POOLED_LATE,
    ROOT,
    baseline_checkout,
    concurrent,
)
from bench.load_stack import Stack
from bench.running import free_port

TICK = os.sysconf("SC_CLK_TCK")
MESSAGES = 10 * 50  # what `concurrent` sends
# Share of the Rasa server's samples whose stack holds the pattern (docs/performance.md).
RASA_SHARES = {
    "NLU (parse_message)": r"MessageProcessor\.parse_message ",
    "  of which the ResponseSelector": r"ResponseSelector\.process ",
    "dialogue states (prediction_states)": r"prediction_states ",
    "applied events (Rasa's filter)": r"DialogueStateTracker\.applied_events ",
    "tracker.copy() before an action": r"DialogueStateTracker\.copy ",
    "tracker store save, server thread": r"MessageProcessor\.save_tracker ",
    "tracker store, worker thread": r"_write \(stores/tracker_store",
    "tracker store retrieve": r"\.retrieve \(stores/tracker_store",
    "action call (RemoteAction.run)": r"RemoteAction\.run ",
    "  answer's schema check": r"validate_action_result ",
    "  request JSON (encode_json)": r"encode_json ",
    "action guard (channels/action_guard.py)": r"channels/action_guard\.py",
    "HTTP client (aiohttp)": r"aiohttp/client",
    "HTTP server (sanic/http)": r"sanic/http",
}
ACTION_SHARES = {
    "request JSON (Request.load_json)": r"Request\.load_json ",
    "the actions (ActionExecutor.run)": r"ActionExecutor\.run ",
    "HTTP server (sanic/http)": r"sanic/http",
}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def shares(path: Path, patterns: dict[str, str]) -> dict[str, float]:
    """Percentage of the samples of a py-spy raw file whose stack matches each pattern."""
    rows = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        rows.append((stack, int(count)))
    total = sum(count for _, count in rows) or 1
    result = {"samples": float(total)}
    for name, pattern in patterns.items():
        regex = re.compile(pattern)
        matched = sum(count for stack, count in rows if regex.search(stack))
        result[name] = round(100 * matched / total, 1)
    return result


def profile_run(stack: Stack, run: int, spy: str | None, out: Path) -> dict[str, object]:
    """One load of `stack`, measured (and recorded by py-spy when `spy`)."""
    pids = stack.pids()
    recorders = {}
    if spy:
        for name, pid in pids.items():
            path = out / f"{stack.label}-{run}-{name}.txt"
            recorders[name] = (path, subprocess.Popen(
                [spy, "record", "-r", "50", "-f", "raw", "--nonblocking", "-o", str(path),
                 "-p", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))
        time.sleep(1)  # py-spy attached
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    own_before, started = os.times(), time.monotonic()
    figures: dict[str, object] = {"checkout": stack.label, "run": run}
    measured = asyncio.run(concurrent(stack.url, f"{stack.label}-profile-{run}-{time.time()}"))
    figures |= {k: v for k, v in measured.items() if k not in (POOLED_EARLY, POOLED_LATE)}
    wall, own_after = time.monotonic() - started, os.times()
    for name, pid in pids.items():
        used = cpu_seconds(pid) - before[name]
        figures[f"cpu_ms_per_msg_{name}"] = round(used * 1000 / MESSAGES, 1)
        figures[f"cores_{name}"] = round(used / wall, 2)
    own = (own_after.user - own_before.user) + (own_after.system - own_before.system)
    figures["cpu_ms_per_msg_load_generator"] = round(own * 1000 / MESSAGES, 1)
    figures["load_average_1min"] = round(os.getloadavg()[0], 1)
    for name, (path, recorder) in recorders.items():
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=120)
        patterns = RASA_SHARES if name == "rasa" else ACTION_SHARES
        figures[f"shares_{name}"] = shares(path, patterns)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--baseline", help="git ref profiled in the same run, e.g. main")
    parser.add_argument("--py-spy", dest="spy", default=shutil.which("py-spy"),
                        help="the py-spy program (default: on PATH; none: CPU figures only)")
    args = parser.parse_args(argv)
    out = OUT_DIR / f"profile-{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H%M%SZ')}"
    out.mkdir(parents=True, exist_ok=True)
    checkouts = [("this", ROOT)]
    if args.baseline:
        checkouts.insert(0, (args.baseline, baseline_checkout(args.baseline)))
    stacks: list[Stack] = []
    try:
        for label, root in checkouts:
            stack = Stack(root, free_port(), free_port(), label)
            stack.start()
            stacks.append(stack)
        for run in range(1, args.runs + 1):  # alternating, so both see the same load
            for stack in stacks:
                print(json.dumps(profile_run(stack, run, args.spy, out)), flush=True)
    finally:
        for stack in stacks:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
