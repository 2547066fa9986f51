"""Full three-option estimates per second on one core (target: >= 2,000, under 0.5 ms each).

Run with `make bench`. Each figure is the median of several timed batches, so that a noisy
neighbour on the machine shifts one batch rather than the result.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable

from bot.pricing import Scenario, estimate

TARGET_PER_SECOND = 2_000
BATCHES = 7
PER_BATCH = 1_000

SCENARIOS = [
    Scenario.parse_obj(data)
    for data in (
        {"monthly_contacts": 3000, "coverage": "24_7", "support_languages": ["fr", "nl"]},
        {"monthly_contacts": 800, "coverage": "office_hours"},
        {
            "monthly_contacts": 25_000,
            "channels": ["phone", "chat", "email"],
            "complexity": "complex",
        },
        {
            "monthly_contacts": 400_000,
            "coverage": "extended_hours",
            "support_languages": ["nl", "fr", "en", "de"],
        },
        {"agents": 6, "coverage": "24_7", "support_languages": ["en"]},
    )
]


def per_second(work: Callable[[Scenario], object]) -> tuple[float, list[float]]:
    """Median calls per second over BATCHES batches, and every batch's figure."""
    rates = []
    for _ in range(BATCHES):
        start = time.perf_counter()
        for index in range(PER_BATCH):
            work(SCENARIOS[index % len(SCENARIOS)])
        rates.append(PER_BATCH / (time.perf_counter() - start))
    return statistics.median(rates), rates


def to_json(scenario: Scenario) -> str:
    """What the action server does with an estimate: compute it and serialise the payload."""
    return json.dumps(estimate(scenario).payload())


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    for scenario in SCENARIOS:  # warm caches: rate card, Babel data
        estimate(scenario)
    print(
        f"python {platform.python_version()} on {platform.machine()}, one core, "
        f"{len(SCENARIOS)} scenarios x {PER_BATCH} per batch, median of {BATCHES} batches"
    )
    for label, work in (("estimate", estimate), ("estimate + JSON", to_json)):
        median, rates = per_second(work)
        spread = f"{min(rates):,.0f}-{max(rates):,.0f}"
        verdict = "meets" if median >= TARGET_PER_SECOND else "MISSES"
        print(
            f"{label:>16}: median {median:,.0f}/s ({1000 / median:.3f} ms each; batches {spread}); "
            f"{median / TARGET_PER_SECOND:.2f}x the {TARGET_PER_SECOND:,}/s target, {verdict} it"
        )


if __name__ == "__main__":
    main()
