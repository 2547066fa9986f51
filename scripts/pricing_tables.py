"""The tables of docs/pricing.md: the issue-14 table and which form wins across a grid.

    .venv/bin/python scripts/pricing_tables.py               # both, as Markdown
    cd OTHER && PYTHONPATH=. /path/to/.venv/bin/python /path/to/scripts/pricing_tables.py

The first table goes through `python -m bot.pricing`, exactly as a salesperson tried it; the
grid calls the pricing core directly. The second line prints another checkout's figures (that
is how the "before" tables of docs/pricing.md were made); `--table-only` skips the grid.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bot.pricing import Scenario, estimate

HANDLING_TIMES = (2, 3, 6, 10, 15)
VOLUMES = (300, 1_000, 3_000, 10_000, 30_000, 100_000)
GRID_TIMES = (1, 2, 3, 4, 5, 6, 8, 10, 15)
COVERAGES = (
    ("office hours, Dutch", {"coverage": "office_hours", "support_languages": ["nl"]}),
    ("24/7, Dutch", {"coverage": "24_7", "support_languages": ["nl"]}),
    (
        "24/7, French, Dutch and English",
        {"coverage": "24_7", "support_languages": ["fr", "nl", "en"]},
    ),
)
LETTER = {"dedicated": "D", "per_minute": "M", "per_interaction": "I"}


def cli(scenario: dict[str, Any]) -> dict[str, Any]:
    """The estimate `python -m bot.pricing` prints for `scenario`."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.pricing"],
        input=json.dumps(scenario),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def usage_rate(payload: dict[str, Any], model: str, item: str) -> dict[str, float]:
    option = next(entry for entry in payload["options"] if entry["model"] == model)
    rate: dict[str, float] = next(line for line in option["lines"] if line["item"] == item)["rate"]
    return rate


def issue_table() -> list[str]:
    """3,000 contacts a month, everything else default, at several handling times."""
    rows = [
        "| handling time | per-minute rate (low / expected / high) | per-interaction rate "
        "(low / expected / high) | per interaction, per handled minute | recommended |",
        "|---|---|---|---|---|",
    ]
    for minutes in HANDLING_TIMES:
        payload = cli({"monthly_contacts": 3000, "aht_minutes": minutes})
        per_minute = usage_rate(payload, "per_minute", "handled_minutes")
        per_contact = usage_rate(payload, "per_interaction", "interactions")

        def triple(rate: dict[str, float]) -> str:
            return " / ".join(f"{rate[point]:.2f}" for point in ("low", "expected", "high"))

        rows.append(
            f"| {minutes} min | {triple(per_minute)} | {triple(per_contact)} | "
            f"{per_contact['expected'] / minutes:.2f} | {payload['recommended']} |"
        )
    return rows


def grid() -> list[str]:
    """The recommended form by volume (rows) and handling time (columns), one block per coverage."""
    blocks = []
    for title, drivers in COVERAGES:
        block = [title, " " * 8 + " ".join(f"{minutes:>2}" for minutes in GRID_TIMES)]
        for volume in VOLUMES:
            cells = [
                LETTER[
                    estimate(
                        Scenario.parse_obj(
                            {**drivers, "monthly_contacts": volume, "aht_minutes": minutes}
                        )
                    ).recommended
                ]
                for minutes in GRID_TIMES
            ]
            block.append(f"{volume:>7,} " + " ".join(f"{cell:>2}" for cell in cells))
        blocks.append(block)
    width = max(len(line) for block in blocks for line in block) + 3
    rows = [
        "".join(block[index].ljust(width) for block in blocks).rstrip()
        for index in range(len(blocks[0]))
    ]
    return ["```", *rows, "```"]


def main() -> None:
    print("\n".join(issue_table()))
    print()
    if "--table-only" not in sys.argv:
        print("\n".join(grid()))


if __name__ == "__main__":
    main()
