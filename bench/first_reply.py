"""How many one-sentence questions that state a volume get the estimate in the first reply.

Run with `make bench-first-reply` (or `python -m bench.first_reply MODEL FILE...`). Each file
is a YAML list of `utterances` (`text`, optionally `language`); the language defaults to the
file name's suffix (`volume_fr.yml` -> fr). Every sentence is parsed by the trained model (the
whole NLU pipeline, as the server runs it); the first reply is the estimate when the intent
routes to `action_estimate` (data/rules.yml: ask_estimate, inform) and the pricing core has no
question left for the slots that message sets (`questions_to_ask`, as the action asks it).
Prints one JSON object: per language, the count, the share, and the sentences that missed.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.pricing import Scenario, default_rate_card, questions_to_ask
from bot.pricing.scenario import SCENARIO_FIELDS
from tests.nlu_evaluation import slots_from_entities

ESTIMATE_INTENTS = ("ask_estimate", "inform")  # the rules that run action_estimate


def first_reply_is_estimate(parsed: dict[str, Any]) -> tuple[bool, str]:
    """(whether the first reply is the estimate, why not)."""
    intent = (parsed.get("intent") or {}).get("name")
    if intent not in ESTIMATE_INTENTS:
        return False, f"intent {intent}"
    slots = slots_from_entities(parsed.get("entities") or [], intent)
    scenario = Scenario.parse_obj({k: v for k, v in slots.items() if k in SCENARIO_FIELDS})
    open_questions = questions_to_ask(scenario, default_rate_card())
    return (not open_questions), f"asks {open_questions[0]}" if open_questions else ""


async def measure(model: str, files: list[Path]) -> dict[str, Any]:
    from rasa.core.agent import Agent  # slow import, only when measuring

    agent = Agent.load(model)
    results: dict[str, Any] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data["utterances"] if isinstance(data, dict) else data
        language = path.stem.rsplit("_", 1)[-1]
        missed = []
        for item in items:
            ok, why = first_reply_is_estimate(await agent.parse_message(str(item["text"])))
            if not ok:
                missed.append({"text": item["text"], "why": why})
        total = len(items)
        results[language] = {
            "estimate_first": total - len(missed),
            "total": total,
            "share": round((total - len(missed)) / total, 3) if total else None,
            "missed": missed,
        }
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(sys.argv[1], [Path(p) for p in sys.argv[2:]])), indent=1))
