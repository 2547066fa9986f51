"""Every name is defined once: bot/names.py, and the Rasa data files and the widget agree.

Slot, intent and entity names and the chat languages are spelled in bot/names.py (the
scenario parameters in bot/pricing/scenario.py); domain.yml, data/, bot/messages.yml and
web/widget.js must use exactly those, and the Python code outside those two modules
refers to them by constant, never by a string of its own.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import names
from bot.messages import catalogue
from bot.pricing.scenario import SCENARIO_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def data_files() -> list[Path]:
    return sorted((ROOT / "data").rglob("*.yml"))


def used_intents(node: Any) -> set[str]:
    """Every `intent:` value in a data file (a retrieval intent by its base name)."""
    if isinstance(node, dict):
        found = {str(node["intent"]).split("/")[0]} if "intent" in node else set()
        return found.union(*(used_intents(child) for child in node.values()))
    if isinstance(node, list):
        return set().union(*(used_intents(child) for child in node))
    return set()


def entity_names() -> set[str]:
    return {name if isinstance(name, str) else next(iter(name)) for name in DOMAIN["entities"]}


def test_the_domains_intents_are_the_vocabulary() -> None:
    assert DOMAIN["intents"] == list(names.INTENTS)


def test_the_domains_slots_are_the_vocabulary() -> None:
    assert set(DOMAIN["slots"]) == {*SCENARIO_FIELDS, *names.DIALOGUE_SLOTS}
    assert names.HANDOFF_FORM in DOMAIN["forms"]


def test_the_domains_entities_are_the_vocabulary() -> None:
    assert entity_names() == {*SCENARIO_FIELDS, *names.MESSAGE_ENTITIES}


def test_the_data_uses_only_intents_of_the_vocabulary() -> None:
    used = set().union(
        *(used_intents(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in data_files())
    )
    assert used - {"nlu_fallback"} == set(names.INTENTS)


def test_each_chat_language_has_its_training_data_and_locale() -> None:
    assert {path.stem for path in (ROOT / "data" / "nlu").glob("*.yml")} == set(names.LOCALES)
    assert DOMAIN["slots"][names.LANGUAGE]["values"] == list(names.CHAT_LANGUAGES)
    assert names.DEFAULT_LANGUAGE in names.CHAT_LANGUAGES


def test_every_response_and_catalogue_text_is_in_the_chat_languages() -> None:
    for name, variations in DOMAIN["responses"].items():
        conditioned = [
            condition["value"]
            for variation in variations
            for condition in variation.get("condition", [])
            if condition["name"] == names.LANGUAGE
        ]
        assert sorted(conditioned) == sorted(names.CHAT_LANGUAGES), name

    def leaves(node: Any) -> list[dict[str, str]]:
        if isinstance(node, dict) and not set(node) & {"fr", "nl", "en", "de"}:
            return [leaf for child in node.values() for leaf in leaves(child)]
        return [node]

    for texts in leaves(catalogue()):
        assert set(texts) == set(names.CHAT_LANGUAGES), texts


def test_the_widget_offers_the_chat_languages() -> None:
    """The widget has no language list of its own: /config.js hands it this module's."""
    from web.serve import widget_config

    script = widget_config("127.0.0.1:8000")
    config = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    assert config["languages"] == list(names.CHAT_LANGUAGES)
    assert set(config["strings"]) == set(config["labels"]) == set(names.CHAT_LANGUAGES)
    widget = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", widget, flags=re.S)  # the comments show examples
    quoted = "|".join(names.CHAT_LANGUAGES)
    assert not re.search(rf"""["'](?:{quoted})["']""", code)


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    }  # fmt: skip


CODE = sorted(
    path
    for top in ("bot", "actions", "channels")
    for path in (ROOT / top).rglob("*.py")
    if path != ROOT / "bot" / "names.py" and "evaluation" not in path.name
)


# Strings that are spelled like a name but mean something else.
OTHER_MEANINGS = {
    "actions/slots.py": {"restart"},  # Rasa's `restart` event
    # words of the lexicons: complexity ("faq"), several languages ("multilingual")
    "bot/extraction/vocabulary.py": {"faq", "multilingual"},
}


@pytest.mark.parametrize("path", CODE, ids=lambda path: str(path.relative_to(ROOT)))
def test_code_names_slots_and_intents_by_their_constant(path: Path) -> None:
    # `language` is also the chat language's key in every payload (SPEC section 4).
    spelled = {*names.INTENTS, *names.DIALOGUE_SLOTS, names.REQUESTED_SLOT, names.HANDOFF_FORM}
    spelled -= {names.LANGUAGE, *OTHER_MEANINGS.get(str(path.relative_to(ROOT)), set())}
    assert not string_constants(path) & spelled, path
