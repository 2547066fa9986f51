"""Load one NLU model in a fresh process and parse the held-out utterances (used by nlu_compare).

Prints one JSON object: import, load and per-message parse times, resident memory, and the
predicted intent and slots of every held-out utterance (the committed sets, then those of the
directories given after the model).
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from tests.nlu_evaluation import evaluation_files, load_file, slots_from_entities


def rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def probe(model: str, extra: list[Path]) -> dict[str, Any]:
    started = time.perf_counter()
    from rasa.core.agent import Agent  # imported here: the import is what is being timed

    imported = time.perf_counter()
    rss_imported = rss_mib()
    agent = Agent.load(model)
    loaded = time.perf_counter()
    results: dict[str, Any] = {}
    latencies = []
    for name, language, path in evaluation_files(extra):
        predictions = []
        for utterance in load_file(path, language).utterances:
            before = time.perf_counter()
            parsed = await agent.parse_message(utterance.text)
            latencies.append(time.perf_counter() - before)
            intent = parsed["intent"]["name"]
            predictions.append(
                {"intent": intent, "slots": slots_from_entities(parsed["entities"], intent)}
            )
        results[f"{name}_{language}"] = predictions
    return {
        "import_s": imported - started,
        "load_s": loaded - imported,
        "parse_ms_median": 1000 * statistics.median(latencies),
        "parse_ms_p95": 1000 * statistics.quantiles(latencies, n=20)[18],
        "rss_model_mib": rss_mib() - rss_imported,
        "rss_total_mib": rss_mib(),
        "predictions": results,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe(sys.argv[1], [Path(arg) for arg in sys.argv[2:]]))))
