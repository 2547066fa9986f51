"""Estimate dialogue actions: exact events and messages (rasa-sdk style, no server)."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionRestart
from actions.estimate import (
    ActionChangeLanguage,
    ActionCompareInHouse,
    ActionEstimate,
    ActionExplainCostItems,
    ActionExplainSupportModels,
    ActionSkipQuestion,
)
from bot.pricing.estimate import Estimate
from tests.nlu_reading import parsed

NBSP, NNBSP = "\u00a0", "\u202f"
FULL = {"monthly_contacts": 3000.0, "coverage": "24_7", "support_languages": ["fr", "nl"]}
# After an estimate contact is on offer ("yes" starts the handoff); after a question it is not.
PRICED = [
    SlotSet("requested_parameter", None),
    SlotSet("contact_offered", True),
    SlotSet("estimate_shown", True),
]


def asked(parameter: str) -> list[dict[str, Any]]:
    """The events of a question: what was asked, and that "yes" is no acceptance of an offer."""
    return [SlotSet("requested_parameter", parameter), SlotSet("contact_offered", False)]


def make_tracker(slots: dict[str, Any], events: list[dict[str, Any]] | None = None) -> Tracker:
    return Tracker(
        sender_id="visitor",
        slots=slots,
        latest_message={"text": "", "intent": {"name": "inform"}, "entities": []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action: Any, slots: dict[str, Any], events: list[dict[str, Any]] | None = None):
    dispatcher = CollectingDispatcher()
    result = await action.run(dispatcher, make_tracker(slots, events), {})
    return result, dispatcher.messages


async def test_nothing_known_asks_for_the_volume_first() -> None:
    events, messages = await run(ActionEstimate(), {"language": "fr"})
    assert events == asked("monthly_contacts")
    assert [m["response"] for m in messages] == ["utter_ask_monthly_contacts"]


async def test_an_answer_without_a_value_says_so_and_asks_again() -> None:
    slots = {"language": "en", "requested_parameter": "monthly_contacts"}
    events, messages = await run(ActionEstimate(), slots)
    assert events == asked("monthly_contacts")
    assert [m["response"] for m in messages] == [
        "utter_not_understood_value",
        "utter_ask_monthly_contacts",
    ]


async def test_i_dont_know_takes_the_default_and_moves_on() -> None:
    slots = {
        "language": "en",
        "coverage": "24_7",
        "monthly_contacts": 3000.0,
        "requested_parameter": "support_languages",
    }
    events, messages = await run(ActionSkipQuestion(), slots)
    assert events == [SlotSet("skipped_parameters", ["support_languages"])]
    assert messages == []
    # data/rules.yml: action_estimate follows, with the question skipped.
    events, messages = await run(
        ActionEstimate(), {**slots, "skipped_parameters": ["support_languages"]}
    )
    assert events == PRICED
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["scenario"]["support_languages"] == ["en"]  # the chat language
    assert "support_languages" in payload["assumed"]


async def test_the_volume_cannot_be_skipped() -> None:
    slots = {"language": "en", "requested_parameter": "monthly_contacts"}
    events, _ = await run(ActionSkipQuestion(), slots)
    assert events == [SlotSet("skipped_parameters", ["monthly_contacts"])]
    events, messages = await run(
        ActionEstimate(), {**slots, "skipped_parameters": ["monthly_contacts"]}
    )
    assert events == asked("monthly_contacts")
    assert [m["response"] for m in messages] == [
        "utter_not_understood_value",
        "utter_ask_monthly_contacts",
    ]


@pytest.mark.parametrize(
    ("language", "first", "languages"),
    [
        (
            "fr",
            "Par « multilingue », j'ai compris : français, néerlandais et anglais."
            " Dites-moi s'il vous faut d'autres langues.",
            ["fr", "nl", "en"],
        ),
        (
            "nl",
            "Onder “meertalig” versta ik hier: Nederlands, Frans en Engels."
            " Laat het me weten als u andere talen nodig hebt.",
            ["nl", "fr", "en"],
        ),
        (
            "en",
            "By “multilingual” I understood English, Dutch and French."
            " Tell me if you need other languages.",
            ["en", "nl", "fr"],
        ),
    ],
)
async def test_24_7_multilingual_asks_the_volume_then_says_what_multilingual_was_taken_for(
    language: str, first: str, languages: list[str]
) -> None:
    slots = {"language": language, "coverage": "24_7", "multilingual": True}
    events, messages = await run(ActionEstimate(), slots)
    assert events == asked("monthly_contacts")  # the one thing without an honest default
    events, messages = await run(ActionEstimate(), {**slots, "monthly_contacts": 3000.0})
    assert events == PRICED
    texts = [m["text"] for m in messages if m.get("text")]
    assert texts[0] == first
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["scenario"]["support_languages"] == languages  # the rate card's three
    assert "support_languages" in payload["assumed"] and "coverage" not in payload["assumed"]
    assert [m["response"] for m in messages if m.get("response")] == [
        "utter_change_multilingual",
        "utter_offer_contact",
    ]


async def test_multilingual_with_office_hours_assumed_says_both() -> None:
    slots = {"language": "en", "multilingual": True, "monthly_contacts": 3000.0}
    _, messages = await run(ActionEstimate(), slots)
    assert next(m["text"] for m in messages if m.get("text")) == (
        "I assumed support in office hours. By “multilingual” I understood English, Dutch and"
        " French. Tell me if you need other languages."
    )


async def test_languages_named_after_multilingual_are_priced_as_named() -> None:
    slots = {
        "language": "en",
        "multilingual": True,
        "monthly_contacts": 3000.0,
        "support_languages": ["nl", "de"],
    }
    _, messages = await run(ActionEstimate(), slots)
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["scenario"]["support_languages"] == ["nl", "de"]
    assert "support_languages" not in payload["assumed"]
    assert "multilingual" not in " ".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("fr", "J'ai supposé un service aux heures de bureau et une seule langue, le français."),
        (
            "nl",
            "Ik ben uitgegaan van bereikbaarheid tijdens kantooruren en één taal, het Nederlands.",
        ),
        ("en", "I assumed support in office hours and one language, English."),
    ],
)
async def test_the_first_volume_gets_the_estimate_and_the_defaults_are_said_first(
    language: str, first: str
) -> None:
    slots = {"language": language, "monthly_contacts": 800.0}
    events, messages = await run(ActionEstimate(), slots)

    assert events == PRICED
    texts = [m["text"] for m in messages if m.get("text")]
    assert texts[0] == first
    assert len(texts) == 4  # what was assumed, the options, the advice, the rest and caveats
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["scenario"]["coverage"] == "office_hours"
    assert payload["scenario"]["support_languages"] == [language]
    assert {"coverage", "support_languages"} <= set(payload["assumed"])
    assert "heures de bureau" not in texts[-1] and "kantooruren" not in texts[-1]  # said once
    assert [m["response"] for m in messages if m.get("response")] == [
        "utter_change_assumptions",
        "utter_offer_contact",
    ]


async def test_a_team_size_is_enough_for_an_estimate() -> None:
    events, messages = await run(ActionEstimate(), {"language": "en", "agents": 2.0})
    assert events == PRICED
    assert next(m["custom"] for m in messages if m.get("custom"))["scenario"]["agents"] == 2


async def test_a_full_scenario_gets_the_estimate_texts_payload_and_offer() -> None:
    events, messages = await run(ActionEstimate(), {"language": "fr", **FULL})
    assert events == PRICED
    texts = [m["text"] for m in messages if m.get("text")]
    assert len(texts) == 3
    assert texts[0].startswith("Voici une estimation indicative pour 3" + NNBSP + "000 contacts")
    assert "€" in texts[0] and "par mois" in texts[0]
    payloads = [m["custom"] for m in messages if m.get("custom")]
    assert len(payloads) == 1
    payload = payloads[0]
    assert payload["type"] == "estimate" and payload["language"] == "fr"
    assert payload["scenario"]["coverage"] == "24_7"
    assert payload["scenario"]["support_languages"] == ["fr", "nl"]
    Estimate.parse_obj(payload)
    # The amounts in the text are the payload's, formatted for French.
    first = payload["options"][0]["monthly"]["low"]
    assert f"{first:,}".replace(",", NNBSP) + NBSP + "€" in texts[0]
    assert messages[-1]["response"] == "utter_offer_contact"


async def test_the_visitors_form_is_the_only_option() -> None:
    _, messages = await run(
        ActionEstimate(), {"language": "nl", **FULL, "support_model": "per_minute"}
    )
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert [option["model"] for option in payload["options"]] == ["per_minute"]
    assert messages[1]["text"].startswith("U koos: Gedeelde ondersteuning, per minuut.")


SHOWN = {"estimate_shown": True}  # set by action_estimate when it gave an estimate


async def test_a_language_switch_says_the_last_estimate_again() -> None:
    _, messages = await run(ActionChangeLanguage(), {"language": "nl", **FULL, **SHOWN})
    assert messages[0]["response"] == "utter_language_changed"
    assert messages[1]["text"].startswith("Hier is een indicatieve raming")
    assert messages[-1]["custom"]["language"] == "nl"


async def test_a_language_switch_before_any_estimate_only_confirms() -> None:
    _, messages = await run(ActionChangeLanguage(), {"language": "en", **FULL})
    assert [m.get("response") for m in messages] == ["utter_language_changed"]


async def test_a_language_we_do_not_chat_in_is_answered_with_the_offer() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"language": "nl"})
    tracker.latest_message.update(parsed("auf Deutsch bitte?", "change_language"))
    assert await ActionChangeLanguage().run(dispatcher, tracker, {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_languages_offered"]


async def test_in_house_comparison_uses_the_visitors_figures() -> None:
    _, messages = await run(ActionCompareInHouse(), {"language": "en", **FULL})
    assert len(messages) == 1
    assert messages[0]["text"].startswith("For your scenario, an in-house team (")
    assert "€" in messages[0]["text"]


async def test_in_house_comparison_without_a_scenario_explains_and_asks() -> None:
    events, messages = await run(ActionCompareInHouse(), {"language": "en"})
    assert [m["response"] for m in messages] == [
        "utter_compare_in_house",
        "utter_ask_monthly_contacts",
    ]
    assert events == asked("monthly_contacts")


async def test_support_forms_are_explained_with_the_source_ranges() -> None:
    _, messages = await run(ActionExplainSupportModels(), {"language": "fr"})
    explanation = messages[0]["text"]
    assert f"30{NBSP}€ à 75{NBSP}€" in explanation
    assert f"0,75{NBSP}€ à 2,00{NBSP}€" in explanation
    assert f"1,75{NBSP}€ à 7,00{NBSP}€" in explanation


async def test_cost_items_are_explained_with_the_source_ranges() -> None:
    _, messages = await run(ActionExplainCostItems(), {"language": "en"})
    explanation = messages[0]["text"]
    assert "€0 to €10,000" in explanation
    assert "from €175" in explanation
    assert "€28 to €40" in explanation


async def test_restart_forgets_the_scenario_and_keeps_the_language() -> None:
    events, messages = await run(
        ActionRestart(), {"language": "nl", **FULL, "requested_parameter": "coverage"}
    )
    assert events == [
        SlotSet("monthly_contacts", None),
        SlotSet("coverage", None),
        SlotSet("support_languages", None),
        SlotSet("requested_parameter", None),
    ]
    assert [m["response"] for m in messages] == ["utter_restart"]


async def test_languages_answering_a_question_continue_the_estimate() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"language": "en", **FULL, "requested_parameter": "support_languages"}
    tracker = make_tracker(slots)
    tracker.latest_message.update(parsed("French and Dutch", "change_language"))
    events = await ActionChangeLanguage().run(dispatcher, tracker, {})
    assert events == [FollowupAction("action_estimate")]  # which prices the scenario as it is
    assert dispatcher.messages == []  # no "let's continue in English"


async def test_a_named_cost_item_gets_its_own_explanation() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"language": "nl"})
    tracker.latest_message.update(
        parsed("wat zijn die opstartkosten eigenlijk?", "explain_cost_item")
    )
    await ActionExplainCostItems().run(dispatcher, tracker, {})
    assert len(dispatcher.messages) == 1
    assert dispatcher.messages[0]["text"].startswith(
        f"De opstartkosten zijn eenmalig (€{NBSP}0 tot €{NBSP}10.000)"
    )


async def test_naming_a_form_after_an_estimate_reprices_with_that_form() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"language": "en", **FULL, **SHOWN})
    tracker.latest_message["entities"] = [{"entity": "support_model", "value": "per_minute"}]
    events = await ActionExplainSupportModels().run(dispatcher, tracker, {})
    assert events == [SlotSet("support_model", "per_minute"), FollowupAction("action_estimate")]
    assert dispatcher.messages == []  # no explanation: the estimate follows


async def test_naming_a_form_without_an_estimate_explains_the_forms() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"language": "en", **FULL})
    tracker.latest_message["entities"] = [{"entity": "support_model", "value": "per_minute"}]
    assert await ActionExplainSupportModels().run(dispatcher, tracker, {}) == []
    assert "€0.75 to €2.00" in dispatcher.messages[0]["text"]  # the forms and their rates


@pytest.mark.parametrize(
    ("language", "count", "first", "languages"),
    [
        (
            "fr",
            2.0,
            "J'ai supposé un service aux heures de bureau. Pour 2 langues, j'ai retenu : français"
            " et néerlandais. Dites-moi s'il vous en faut d'autres.",
            ["fr", "nl"],
        ),
        (
            "nl",
            3.0,
            "Ik ben uitgegaan van bereikbaarheid tijdens kantooruren. Voor 3 talen heb ik"
            " gerekend met: Nederlands, Frans en Engels. Laat het me weten als u andere talen"
            " nodig hebt.",
            ["nl", "fr", "en"],
        ),
        (
            "en",
            2.0,
            "I assumed support in office hours. For 2 languages I took English and Dutch. Tell me"
            " if you need other languages.",
            ["en", "nl"],
        ),
    ],
)
async def test_bilingual_prices_two_languages_and_names_them(
    language: str, count: float, first: str, languages: list[str]
) -> None:
    slots = {"language": language, "language_count": count, "monthly_contacts": 3000.0}
    events, messages = await run(ActionEstimate(), slots)
    assert events == PRICED
    assert next(m["text"] for m in messages if m.get("text")) == first
    payload = next(m["custom"] for m in messages if m.get("custom"))
    assert payload["scenario"]["support_languages"] == languages
    assert "utter_change_multilingual" in [m.get("response") for m in messages]


async def introduced(text: str, slots: dict[str, Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    """ActionEstimate after `text`, read by NLU as inform, with the name the slots kept."""
    tracker = make_tracker(slots)
    tracker.latest_message = parsed(text)
    dispatcher = CollectingDispatcher()
    events = await ActionEstimate().run(dispatcher, tracker, {})
    return events, dispatcher.messages


async def test_a_name_given_at_a_question_is_thanked_and_the_question_asked_again() -> None:
    slots = {
        "language": "nl",
        "requested_parameter": "monthly_contacts",
        "contact_name": "Ingrid Smit",
    }
    events, messages = await introduced("Mijn naam is Ingrid Smit", slots)
    assert events == asked("monthly_contacts")
    assert [m.get("text") or m["response"] for m in messages] == [
        "Dank u, Ingrid Smit.",
        "utter_ask_monthly_contacts",
    ]


async def test_a_name_given_after_the_estimate_is_thanked_and_contact_offered() -> None:
    slots = {**FULL, "language": "en", "estimate_shown": True, "contact_name": "Tom Baker"}
    events, messages = await introduced("my name is Tom Baker", slots)
    assert events == [SlotSet("requested_parameter", None), SlotSet("contact_offered", True)]
    assert [m.get("text") or m["response"] for m in messages] == [
        "Thank you, Tom Baker.",
        "utter_offer_contact",
    ]


async def test_a_name_with_a_new_volume_is_thanked_and_priced_again() -> None:
    slots = {**FULL, "language": "fr", "estimate_shown": True, "contact_name": "Julie Martin"}
    events, messages = await introduced("je m'appelle Julie Martin, on a 5000 appels", slots)
    assert events == PRICED
    assert messages[0]["text"] == "Merci, Julie Martin."
    assert any(m.get("custom") for m in messages)


async def test_a_name_the_dialogue_did_not_keep_is_not_said_back() -> None:
    slots = {"language": "en", "requested_parameter": "monthly_contacts"}
    events, messages = await introduced("my name is Tom Baker", slots)
    assert events == asked("monthly_contacts")
    assert [m["response"] for m in messages] == [
        "utter_not_understood_value",
        "utter_ask_monthly_contacts",
    ]
