"""What loading a trained model costs, per model: `make bench-model-load`.

``python -m bench.model_load [--runs 3] MODEL.tar.gz ...``: in a fresh interpreter per model
and run (the models alternate, so that each sees the same load of the machine), the time and
resident memory after ``import rasa.core.run``, after ``Agent.load`` of the model, after one
parse, and the median time of parsing each message of the load bench's conversations (50 per
language, `bench/conversations.py`) three times. Prints the medians per model in Markdown
(docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run in the child: one model, timed step by step, one JSON line on stdout.
CHILD = """
import asyncio, itertools, json, statistics, sys, time
from bench.conversations import messages

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)

figures = {}
started = time.monotonic()
import rasa.core.run
from rasa.core.agent import Agent
figures["import_s"] = time.monotonic() - started
figures["import_rss_mb"] = rss_mb()
started = time.monotonic()
agent = Agent.load(sys.argv[1])
figures["load_s"] = time.monotonic() - started
figures["load_rss_mb"] = rss_mb()
started = time.monotonic()
asyncio.run(agent.parse_message("how much for 2000 contacts a month?"))
figures["first_parse_s"] = time.monotonic() - started
figures["parse_rss_mb"] = rss_mb()
texts = [t for language in ("en", "fr", "nl") for t in itertools.islice(messages(language), 50)]

async def parse_times():
    times = []
    for text in texts * 3:
        started = time.perf_counter()
        await agent.parse_message(text)
        times.append(time.perf_counter() - started)
    return times

figures["parse_ms_per_message"] = 1000 * statistics.median(asyncio.run(parse_times()))
figures["tensorflow_imported"] = "tensorflow" in sys.modules
print(json.dumps(figures))
"""


def measure(model: Path) -> dict[str, float]:
    """One fresh interpreter's figures for one model."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(model)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    results: dict[Path, list[dict[str, float]]] = {model: [] for model in arguments.models}
    for _ in range(arguments.runs):
        for model in arguments.models:
            results[model].append(measure(model))
            print(model, json.dumps(results[model][-1]), file=sys.stderr, flush=True)
    keys = list(next(iter(results.values()))[0])
    print("| figure | " + " | ".join(str(model) for model in results) + " |")
    print("|---" * (len(results) + 1) + "|")
    for key in keys:
        cells = [
            str(round(statistics.median(float(run[key]) for run in runs), 2))
            for runs in results.values()
        ]
        print(f"| {key} (median of {arguments.runs}) | " + " | ".join(cells) + " |")
    sizes = [f"{model.stat().st_size / 2**20:.1f} MB" for model in results]
    print("| model file | " + " | ".join(sizes) + " |")


if __name__ == "__main__":
    main()
