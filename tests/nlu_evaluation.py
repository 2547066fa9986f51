"""Scoring the NLU on held-out utterances (tests/nlu_data), shared by the tests and bench/.

Test and benchmark code, not part of the assistant: nothing under bot/ imports it, and it is
not a model input (editing it does not retrain; scripts/runtools.py).

Held-out files are plain YAML, never Rasa training data: each utterance has its text, the
intent a person would assign, and the SPEC section 2 values it states. Slots are compared
as (parameter, value) pairs: numbers to the cent, lists as sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import accuracy_score, f1_score

from actions.list_slots import revised_list
from bot.pricing.scenario import LIST_SLOTS, SCENARIO_FIELDS

HELDOUT_DIR = Path(__file__).resolve().parent / "nlu_data"
LANGUAGES = ("fr", "nl", "en")
# heldout: written with the training data, looked at while building the extractor;
# fresh: written blind to both, the cleaner measure; blind: written by a helper who saw neither
# the training data nor the examples, read only for its one measurement (docs/nlu.md).
EVALUATION_SETS = tuple(
    (name, language) for name in ("heldout", "fresh", "blind") for language in LANGUAGES
)
# Intents whose entities do not fill the scenario slots (the `not_intent` condition of the
# from_entity mappings in domain.yml; a test keeps the two equal).
NOT_SCENARIO_INTENTS = (
    "change_language",
    "ask_support_models",
    "explain_cost_item",
    "request_human",
    "bot_challenge",
    "restart",
)


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Turn:
    text: str
    intent: str | None
    slots: dict[str, Any]
    language: str | None


@dataclass(frozen=True)
class HeldOut:
    language: str
    utterances: list[Utterance]
    conversations: list[list[Turn]]


def evaluation_files(extra: Sequence[Path] = ()) -> list[tuple[str, str, Path]]:
    """(set name, language, file) of every committed set, then of each directory in `extra`.

    An extra directory holds <language>.yml files in the same format: a blind set kept outside
    the repository (so that nobody trains on it), named after its last two path parts
    ("/work/blind/v3/dev" is `v3_dev`).
    """
    files = [
        (name, language, HELDOUT_DIR / f"{name}_{language}.yml")
        for name, language in EVALUATION_SETS
    ]
    for directory in extra:
        name = "_".join(directory.resolve().parts[-2:])
        files += [(name, language, directory / f"{language}.yml") for language in LANGUAGES]
    return files


def load_heldout(language: str, name: str = "heldout", directory: Path = HELDOUT_DIR) -> HeldOut:
    """Read tests/nlu_data/<name>_<language>.yml (`heldout` or the blind `fresh` set)."""
    return load_file(directory / f"{name}_{language}.yml", language)


def load_file(path: Path, language: str) -> HeldOut:
    """Read one evaluation file (format in tests/nlu_data/README.md)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    utterances = [
        Utterance(str(item["text"]), str(item["intent"]), dict(item.get("slots") or {}))
        for item in data["utterances"]
    ]
    conversations = [
        [
            Turn(
                str(turn["text"]),
                turn.get("intent"),
                dict(turn.get("slots") or {}),
                turn.get("language"),
            )
            for turn in _turns(conversation)
        ]
        for conversation in data.get("conversations") or []
    ]
    return HeldOut(language, utterances, conversations)


def _turns(conversation: Any) -> list[dict[str, Any]]:
    """A conversation is a list of turns, or a mapping with its turns under `turns`."""
    turns = conversation.get("turns") if isinstance(conversation, dict) else conversation
    return list(turns or [])


def slots_from_entities(entities: Iterable[dict[str, Any]], intent: str | None) -> dict[str, Any]:
    """Scenario slot values as Rasa's from_entity mappings would set them from one message.

    Only the SPEC section 2 parameters: the other entities (contact details and cues, a bare
    number, the language evidence) are not what the evaluation sets annotate. A list is read
    as in a first message (actions/slots.py): names added count, names taken off do not.
    """
    slots: dict[str, Any] = {}
    if intent in NOT_SCENARIO_INTENTS:
        return slots
    entities = list(entities)
    for entity in entities:
        name = entity.get("entity")
        if name in LIST_SLOTS:
            values = revised_list([], entities, name)
            if values:
                slots[name] = values
        elif name in SCENARIO_FIELDS:
            slots.setdefault(name, entity["value"])
    return slots


def same_value(expected: Any, actual: Any) -> bool:
    """Equal as slot values: numbers to the cent, lists as sets."""
    if isinstance(expected, list) and isinstance(actual, list):
        return {str(item) for item in expected} == {str(item) for item in actual}
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) <= 0.01 + 1e-4 * abs(float(expected))
    return str(expected) == str(actual)


@dataclass(frozen=True)
class SlotScores:
    """Parameter-level scores: a pair counts when the parameter and its value are right."""

    correct: int
    expected: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score_slots(expected: Sequence[dict[str, Any]], actual: Sequence[dict[str, Any]]) -> SlotScores:
    """Compare expected and predicted slot dicts utterance by utterance."""
    correct = sum(
        1
        for gold, found in zip(expected, actual, strict=True)
        for name, value in gold.items()
        if name in found and same_value(value, found[name])
    )
    return SlotScores(
        correct=correct,
        expected=sum(len(gold) for gold in expected),
        predicted=sum(len(found) for found in actual),
    )


@dataclass(frozen=True)
class IntentScores:
    accuracy: float
    macro_f1: float
    errors: list[tuple[str, str, str]]


def score_intents(utterances: Sequence[Utterance], predicted: Sequence[str]) -> IntentScores:
    """Accuracy, macro-F1 over the gold intents, and the misclassified examples."""
    gold = [utterance.intent for utterance in utterances]
    errors = [
        (utterance.text, utterance.intent, guess)
        for utterance, guess in zip(utterances, predicted, strict=True)
        if guess != utterance.intent
    ]
    return IntentScores(
        accuracy=float(accuracy_score(gold, predicted)),
        macro_f1=float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro")),
        errors=errors,
    )
