"""What a message costs under load, through the REST channel: `make bench-load`.

Starts the action server and Rasa from this checkout (and, with ``--baseline REF``, from a
`git worktree` of REF too; both stay up and are loaded in turn, so that both are measured in
the same run on the same loaded machine). Once per checkout:

* cold start: process start to the first answer, next to a bare ``import rasa.core.run``;

and per run:

* one conversation of 30 re-pricing messages: p50 / p95 of the messages that re-priced;
* 10 concurrent conversations of 50 messages, no think time: p50 / p95, messages per second,
  errors, and the p95 of messages 3-7 against messages 46-50 (does a message cost more as
  the conversation grows?);
* ``--visitors`` simulated visitors (100) with 3-8 s of think time for ``--visitor-seconds``
  (300): p95 and errors;
* the peak resident memory of all processes together.

Prints one table with the median of ``--runs`` runs (3) per checkout and writes every figure
to var/bench-load/<date>.json. docs/performance.md holds the results and how to read them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp

from bench.conversations import Turn, messages, send, timed_turn
from bench.load_stack import MODEL, Stack, cpu_nanoseconds, import_rasa_seconds, venv_python
from bench.running import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench-load"
# Keys of a run's figures that hold samples, not figures: the early and late messages at 10
# concurrent, pooled over the runs in the table.
POOLED_EARLY, POOLED_LATE = "c10_early_seconds", "c10_late_seconds"



def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


async def conversation(
    session: aiohttp.ClientSession, url: str, sender: str, length: int,
    think: Callable[[], float] | None = None, until: float | None = None,
) -> list[Turn]:
    """Send `length` re-pricing messages as one visitor; stop early at time `until`."""
    language = random.choice(["en", "fr", "nl"])
    turns = []
    for position, text in zip(range(1, length + 1), messages(language), strict=False):
        if until is not None and time.monotonic() > until:
            break
        turns.append(await timed_turn(session, url, sender, position, text, language))
        if think is not None:
            await asyncio.sleep(think())
    return turns


def client(limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit),
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def one_conversation(url: str, tag: str) -> dict[str, Any]:
    async with client(1) as session:
        turns = await conversation(session, url, f"{tag}-single", 30)
    repriced = [t.seconds for t in turns[1:] if t.repriced]
    return {
        "single_p50_ms": ms(statistics.median(repriced)) if repriced else None,
        "single_p95_ms": ms(percentile(repriced, 0.95)) if repriced else None,
        "single_repriced": f"{len(repriced)}/{len(turns) - 1}",
        "single_errors": sum(not t.ok for t in turns),
    }


async def cpu_by_position(
    stack: Stack, tag: str, conversations: int = 4, length: int = 50
) -> dict[str, Any]:
    """Both servers' CPU time per message, by position, over conversations played one at a time.

    Nothing else is sent meanwhile, so each message's CPU is its own: the direct measure of
    whether a message costs more as the conversation grows, unlike latencies under concurrency,
    which other processes and garbage collections of the whole server move.
    """
    pids = list(stack.pids().values())
    used: dict[int, list[float]] = {}
    async with client(1) as session:
        for number in range(conversations):
            sender, language = f"{tag}-cpu{number}", random.choice(["en", "fr", "nl"])
            for position, text in zip(range(1, length + 1), messages(language), strict=False):
                before = sum(map(cpu_nanoseconds, pids))
                await send(session, stack.url, sender, text, language)
                used.setdefault(position, []).append((sum(map(cpu_nanoseconds, pids))
                                                      - before) / 1e6)
    early = [ms_ for position in range(3, 8) for ms_ in used[position]]
    late = [ms_ for position in range(length - 4, length + 1) for ms_ in used[position]]
    return {
        "cpu_ms_msg5": round(statistics.median(early), 2),
        "cpu_ms_msg50": round(statistics.median(late), 2),
        "cpu_late_over_early": round(statistics.median(late) / statistics.median(early), 2),
    }


async def concurrent(
    url: str, tag: str, conversations: int = 10, length: int = 50
) -> dict[str, Any]:
    async with client(conversations) as session:
        started = time.monotonic()
        results = await asyncio.gather(*(
            conversation(session, url, f"{tag}-c{i}", length) for i in range(conversations)
        ))
        wall = time.monotonic() - started
    turns = [turn for result in results for turn in result]
    seconds = [t.seconds for t in turns]
    early = [t.seconds for t in turns if 3 <= t.position <= 7]
    late = [t.seconds for t in turns if length - 4 <= t.position <= length]
    return {
        "c10_p50_ms": ms(statistics.median(seconds)),
        "c10_p95_ms": ms(percentile(seconds, 0.95)),
        "c10_msg_per_s": round(len(turns) / wall, 1),
        "c10_errors": sum(not t.ok for t in turns),
        "c10_repriced_share": round(sum(t.repriced for t in turns) / len(turns), 3),
        "c10_p95_msg5_ms": ms(percentile(early, 0.95)),
        "c10_p95_msg50_ms": ms(percentile(late, 0.95)),
        "c10_late_over_early": round(percentile(late, 0.95) / percentile(early, 0.95), 2),
        # The samples themselves, pooled over the runs by `table` (a p95 of 50 samples is
        # close to their maximum, and noisy).
        POOLED_EARLY: early,
        POOLED_LATE: late,
    }


async def visitors(url: str, tag: str, count: int, duration: float) -> dict[str, Any]:
    """`count` visitors, each starting new conversations until `duration` seconds are over."""
    until = time.monotonic() + duration

    async def visitor(number: int) -> list[Turn]:
        await asyncio.sleep(random.uniform(0, 8))  # arrive spread out, not all at once
        turns: list[Turn] = []
        serial = 0
        while time.monotonic() < until:
            serial += 1
            turns += await conversation(
                session, url, f"{tag}-v{number}-{serial}", random.randint(5, 20),
                think=lambda: random.uniform(3, 8), until=until,
            )
        return turns

    async with client(count) as session:
        results = await asyncio.gather(*(visitor(i) for i in range(count)))
    turns = [turn for result in results for turn in result]
    seconds = [t.seconds for t in turns]
    return {
        "visitors_messages": len(turns),
        "visitors_p50_ms": ms(statistics.median(seconds)),
        "visitors_p95_ms": ms(percentile(seconds, 0.95)),
        "visitors_errors": sum(not t.ok for t in turns),
    }


def start(root: Path, label: str) -> tuple[Stack, dict[str, Any]]:
    """Start the stack of `root` (after timing a bare Rasa import); its cold-start figures."""
    import_s = import_rasa_seconds(root)
    stack = Stack(root, free_port(), free_port(), label)
    stack.start()
    return stack, {
        "cold_start_s": round(stack.cold_start_s, 1),
        "import_rasa_s": round(import_s, 1),
        "cold_start_over_import": round(stack.cold_start_s / import_s, 2),
    }


def measure(stack: Stack, run: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every load scenario once on a running stack (new conversations): one run's figures.

    The visitors' languages and volumes are drawn from a generator seeded with the run number,
    so both checkouts of a run get the same conversations.
    """
    random.seed(run)
    tag = f"{stack.label}-{run}-{int(time.time())}"
    figures: dict[str, Any] = {"checkout": stack.label, "run": run}
    figures |= asyncio.run(one_conversation(stack.url, tag))
    figures |= asyncio.run(concurrent(stack.url, tag))
    figures |= asyncio.run(cpu_by_position(stack, tag))
    if args.visitor_seconds > 0:
        figures |= asyncio.run(visitors(stack.url, tag, args.visitors, args.visitor_seconds))
    figures["peak_rss_mb"] = round(stack.peak_rss / 2**20)
    print(json.dumps({k: v for k, v in figures.items()
                      if k not in (POOLED_EARLY, POOLED_LATE)}), flush=True)
    return figures


def fingerprint(root: Path) -> str:
    """What `root`'s model is trained from (scripts/runtools.py, as scripts/train.sh reads it)."""
    return subprocess.run(
        [str(venv_python(ROOT)), "scripts/runtools.py", "fingerprint"], cwd=root, check=True,
        capture_output=True, text=True,
    ).stdout.strip()


def baseline_checkout(ref: str) -> Path:
    """A `git worktree` of `ref` under var/, with its model: this checkout's if trained from
    the same inputs, else trained there (scripts/train.sh, this checkout's venv)."""
    path = ROOT / "var" / f"bench-baseline-{ref.replace('/', '-')}"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), ref], cwd=ROOT,
                       check=True)
    else:
        subprocess.run(["git", "checkout", "--detach", ref], cwd=path, check=True)
    (path / MODEL).parent.mkdir(exist_ok=True)
    ours = fingerprint(ROOT)
    if fingerprint(path) == ours:
        (path / MODEL).write_bytes((ROOT / MODEL).read_bytes())
        (path / MODEL).with_name(".fingerprint").write_text(ours + "\n")
    subprocess.run(["bash", "scripts/train.sh"], cwd=path, check=True,
                   env={**os.environ, "VENV": str(ROOT / ".venv")})
    return path


def pooled(results: list[dict[str, Any]]) -> dict[str, float]:
    """Late over early messages at 10 concurrent on the samples of every run together."""
    early = [s for r in results for s in r[POOLED_EARLY]]
    late = [s for r in results for s in r[POOLED_LATE]]
    return {
        "c10_late_over_early_p95_pooled": round(percentile(late, 0.95)
                                                / percentile(early, 0.95), 2),
        "c10_late_over_early_p50_pooled": round(statistics.median(late)
                                                / statistics.median(early), 2),
    }


def table(results: list[dict[str, Any]]) -> str:
    """Markdown table: one row per figure, the median over runs per checkout, then the
    late/early ratios of all runs' samples pooled."""
    labels = list(dict.fromkeys(r["checkout"] for r in results))
    samples = (POOLED_EARLY, POOLED_LATE)
    keys = [k for k in results[0] if k not in ("checkout", "run", *samples)]
    lines = ["| figure | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for key in keys:
        cells = []
        for label in labels:
            values = [r[key] for r in results if r["checkout"] == label and key in r]
            numbers = [v for v in values if isinstance(v, int | float)]
            median = statistics.median(numbers) if numbers else None
            cells.append(str(median) if numbers else " / ".join(map(str, values)))
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    ratios = {label: pooled([r for r in results if r["checkout"] == label]) for label in labels}
    for key in ratios[labels[0]]:
        lines.append(f"| {key} | " + " | ".join(str(ratios[label][key]) for label in labels)
                     + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--visitor-seconds", type=float, default=300.0)
    parser.add_argument("--baseline", help="git ref measured in the same run, e.g. main")
    args = parser.parse_args(argv)
    if not (ROOT / MODEL).exists():
        parser.error(f"no {MODEL}: train it first (`make run` does)")
    checkouts = [("this", ROOT)]
    if args.baseline:
        checkouts.insert(0, (args.baseline, baseline_checkout(args.baseline)))
    stacks: list[Stack] = []
    results: list[dict[str, Any]] = []
    try:
        cold = {}
        for label, root in checkouts:  # one after the other: cold starts do not overlap
            stack, cold[label] = start(root, label)
            stacks.append(stack)
        for run in range(1, args.runs + 1):  # alternating, so both see the same load
            results += [measure(stack, run, args) | cold[stack.label] for stack in stacks]
    finally:
        for stack in stacks:
            stack.stop()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    (OUT_DIR / f"{stamp}.json").write_text(json.dumps(results, indent=1))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
