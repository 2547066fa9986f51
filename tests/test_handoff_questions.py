"""The handoff form's questions: what the last message gave is said back, nothing is said twice."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff_questions import (
    ActionAskContactExtras,
    ActionAskContactName,
    ActionAskContactReach,
)
from bot.extraction.contact import read_contact
from tests.test_actions_handoff import DOMAIN, slot, user


def tracker(before: dict[str, Any], now: dict[str, Any], language: str = "en") -> Tracker:
    """A conversation whose slots were `before`, then a message that set `now`."""
    events = [
        slot("language", language),
        *(slot(name, value) for name, value in before.items()),
        user("..."),
        *(slot(name, value) for name, value in now.items()),
    ]
    return Tracker(
        sender_id="visitor",
        slots={"language": language, **before, **now},
        latest_message={"text": "...", "intent": {"name": "inform"}, "entities": []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "handoff_form"},
        latest_action_name="handoff_form",
    )


async def said(action: Any, conversation: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, conversation, DOMAIN) == []
    return dispatcher.messages


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Thanks, I have your email address. And your name?"),
        ("fr", "Merci, j'ai bien noté votre adresse e-mail. Et votre nom ?"),
        ("nl", "Dank u, ik heb uw e-mailadres genoteerd. En wat is uw naam?"),
    ],
)
async def test_an_email_instead_of_a_name_is_acknowledged(language: str, expected: str) -> None:
    conversation = tracker({}, {"contact_email": "anna.k@example.org"}, language)
    messages = await said(ActionAskContactName(), conversation)
    assert [m["text"] for m in messages] == [expected]


async def test_the_first_name_question_is_the_domain_response() -> None:
    messages = await said(ActionAskContactName(), tracker({}, {}))
    assert [m["response"] for m in messages] == ["utter_ask_contact_name"]


async def test_after_an_explained_wrong_answer_the_name_question_is_short() -> None:
    messages = await said(ActionAskContactName(), tracker({}, {"contact_failures": 1}))
    assert [m["text"] for m in messages] == ["What is your name?"]


async def test_the_reach_question_thanks_for_the_name_and_names_the_company() -> None:
    conversation = tracker({}, {"contact_name": "Jan Peeters", "contact_company": "Acme"}, "nl")
    messages = await said(ActionAskContactReach(), conversation)
    assert [m["text"] for m in messages] == [
        "Dank u, Jan Peeters, ik heb de naam van uw bedrijf genoteerd."
        " Hoe kunnen we u bereiken: via e-mail, telefoon of allebei?"
    ]


async def test_the_reach_question_asked_again_has_no_thanks() -> None:
    conversation = tracker({"contact_name": "Jan"}, {"contact_failures": 1}, "fr")
    messages = await said(ActionAskContactReach(), conversation)
    assert [m["text"] for m in messages] == [
        "Comment pouvons-nous vous joindre : adresse e-mail, numéro de téléphone ou les deux ?"
    ]


async def test_a_corrected_address_is_said_back() -> None:
    conversation = tracker(
        {"contact_name": "Laura", "contact_email": "laura@twinpeaks.example"},
        {"contact_email": "laura.palmer@twinpeaks.example"},
    )
    messages = await said(ActionAskContactExtras(), conversation)
    assert messages[0]["text"] == "Noted, I'll use laura.palmer@twinpeaks.example from now on."
    assert messages[1]["response"] == "utter_ask_contact_extras"


async def test_name_phone_and_company_at_once_leave_only_the_time_to_ask() -> None:
    conversation = tracker(
        {},
        {"contact_name": "Jan Peeters", "contact_phone": "+32470123456", "contact_company": "Acme"},
    )
    messages = await said(ActionAskContactExtras(), conversation)
    assert (
        messages[0]["text"] == "Thank you, Jan Peeters, I have your phone number and your company."
    )
    assert messages[1]["text"].startswith("Optional: when is the best time to call you")
    assert messages[1]["buttons"] == [{"title": "Skip", "payload": "/deny"}]


def test_each_problem_has_a_second_wording_in_every_language() -> None:
    problems = [name for name in DOMAIN["responses"] if name.startswith("utter_contact_problem_")]
    for name in problems:
        if name.endswith("_again"):
            continue
        first = DOMAIN["responses"][name]
        second = DOMAIN["responses"][f"{name}_again"]
        assert len(second) == len(first) == 4
        assert {v["text"] for v in first}.isdisjoint({v["text"] for v in second})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            "Ik heb uw nummer zo genoteerd: +32 478 12 34 56 (België). Is het een nummer uit een"
            " ander land, typ het dan met de landcode, bijvoorbeeld +31 of +32.",
        ),
        (
            "fr",
            "J'ai noté votre numéro ainsi : +32 478 12 34 56 (Belgique). S'il est d'un autre"
            " pays, tapez-le avec son indicatif, par exemple +32 ou +33.",
        ),
    ],
)
async def test_a_number_read_in_a_guessed_plan_is_said_back_with_its_country(
    language: str, expected: str
) -> None:
    reading = read_contact("0478 12 34 56")
    conversation = tracker(
        {"contact_name": "Kris"}, {"contact_phone": reading.phone(language)}, language
    )
    conversation.latest_message["entities"] = reading.as_entities()
    messages = await said(ActionAskContactExtras(), conversation)
    assert messages[0]["text"] == expected


async def test_a_number_whose_plan_is_certain_is_only_acknowledged() -> None:
    reading = read_contact("mijn gsm is 0478 12 34 56")
    conversation = tracker({"contact_name": "Kris"}, {"contact_phone": reading.phone("nl")}, "nl")
    conversation.latest_message["entities"] = reading.as_entities()
    messages = await said(ActionAskContactExtras(), conversation)
    assert messages[0]["text"] == "Dank u, ik heb uw telefoonnummer genoteerd."
