"""Every user-facing text exists in French, Dutch and English, in one place per kind."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.messages import catalogue
from bot.pricing.scenario import SCENARIO_FIELDS
from tests.nlu_evaluation import NOT_SCENARIO_INTENTS

ROOT = Path(__file__).resolve().parent.parent
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_every_response_speaks_three_languages_and_has_a_fallback(name: str) -> None:
    variations = DOMAIN["responses"][name]
    conditioned = {
        condition["value"]
        for variation in variations
        for condition in variation.get("condition", [])
        if condition["name"] == "language"
    }
    assert conditioned == {"fr", "nl", "en"}
    assert any("condition" not in variation for variation in variations)


def leaves(node: Any, path: str = "") -> list[tuple[str, dict[str, str]]]:
    if isinstance(node, dict) and set(node) == {"fr", "nl", "en"}:
        return [(path, node)]
    assert isinstance(node, dict), path
    return [item for key, child in node.items() for item in leaves(child, f"{path}.{key}")]


def test_catalogue_entries_have_the_same_placeholders_in_every_language() -> None:
    for path, texts in leaves(catalogue()):
        placeholders = {
            language: set(re.findall(r"{(\w+)}", text)) for language, text in texts.items()
        }
        assert placeholders["fr"] == placeholders["nl"] == placeholders["en"], path
        assert all(text.strip() for text in texts.values()), path


def test_scenario_slots_are_not_filled_from_messages_about_something_else() -> None:
    for name in SCENARIO_FIELDS:
        mappings = DOMAIN["slots"][name]["mappings"]
        assert [m["type"] for m in mappings] == ["from_entity"], name
        assert mappings[0]["entity"] == name
        assert mappings[0]["not_intent"] == list(NOT_SCENARIO_INTENTS), name


def test_spec_intents_are_all_in_the_domain() -> None:
    spec = {
        "greet",
        "goodbye",
        "affirm",
        "deny",
        "thank",
        "ask_estimate",
        "inform",
        "ask_support_models",
        "explain_cost_item",
        "compare_in_house",
        "request_human",
        "change_language",
        "bot_challenge",
        "out_of_scope",
        "restart",
    }
    assert spec <= set(DOMAIN["intents"])


def test_the_action_server_serves_exactly_the_domains_custom_actions() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    # An action is a name, or a name with its options (`send_domain`).
    declared = {a if isinstance(a, str) else next(iter(a)) for a in DOMAIN["actions"]}
    assert set(executor.actions) == declared


def button_payloads() -> list[str]:
    return [
        button["payload"]
        for variations in DOMAIN["responses"].values()
        for variation in variations
        for button in variation.get("buttons", [])
    ]


@pytest.mark.parametrize("payload", sorted(set(button_payloads())))
def test_button_payloads_survive_rasas_slot_interpolation(
    payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rasa fills {placeholders} in payloads too: entity payloads double their braces.

    With single braces the payload still arrives, but Rasa logs an error for every button.
    """
    from rasa.core.nlg import interpolator

    logged: list[Any] = []
    monkeypatch.setattr(interpolator.structlogger, "exception", lambda *a, **k: logged.append(a))
    sent = interpolator.interpolate_text(payload, {"language": "fr", "monthly_contacts": None})
    assert logged == []
    match = re.fullmatch(r"/(\w+)(\{.*\})?", sent)
    assert match, sent
    assert match.group(1) in DOMAIN["intents"]
    if match.group(2):
        entities = json.loads(match.group(2))
        names = {name if isinstance(name, str) else next(iter(name)) for name in DOMAIN["entities"]}
        assert entities and set(entities) <= names
