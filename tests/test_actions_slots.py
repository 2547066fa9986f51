"""action_validate_slot_mappings: exact events and messages for each situation (rasa-sdk style)."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import ValidateSlotMappings
from tests.nlu_reading import parsed

DOMAIN: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8")
)


def user(text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "metadata": metadata or {}}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def make_tracker(
    text: str,
    *,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    history: list[dict[str, Any]] | None = None,
    extracted: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker right after action_extract_slots: `extracted` are its trailing SlotSets."""
    extracted = extracted or {}
    events = [*(history or []), user(text, metadata), *(slot(k, v) for k, v in extracted.items())]
    return Tracker(
        sender_id="visitor",
        slots={**(slots or {}), **extracted},
        latest_message={**parsed(text, intent), "entities": entities or parsed(text)["entities"]},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateSlotMappings().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher.messages


async def test_first_french_message_sets_the_chat_language() -> None:
    tracker = make_tracker(
        "Bonjour, combien coûte un support 24/7 ?",
        intent="ask_estimate",
        extracted={"coverage": "24_7"},
    )
    events, messages = await run(tracker)
    assert events == [SlotSet("coverage", "24_7"), SlotSet("language", "fr")]
    assert messages == []


async def test_page_language_decides_a_message_without_words() -> None:
    events, _ = await run(make_tracker("3000", metadata={"language": "nl-BE"}))
    assert events == [SlotSet("language", "nl")]


async def test_an_ambiguous_word_keeps_the_conversation_language() -> None:
    events, _ = await run(make_tracker("merci", intent="thank", slots={"language": "nl"}))
    assert events == [SlotSet("language", "nl")]


async def test_a_bare_number_answers_the_question_just_asked() -> None:
    tracker = make_tracker(
        "environ 4000",
        entities=[{"entity": "number", "value": 4000.0}],
        slots={"language": "fr", "requested_parameter": "monthly_contacts"},
    )
    events, messages = await run(tracker)
    assert events == [SlotSet("language", "fr"), SlotSet("monthly_contacts", 4000.0)]
    assert messages == []


async def test_a_bare_number_is_ignored_when_nothing_was_asked() -> None:
    tracker = make_tracker(
        "4000", entities=[{"entity": "number", "value": 4000.0}], slots={"language": "en"}
    )
    events, _ = await run(tracker)
    assert events == [SlotSet("language", "en")]


async def test_an_absurd_volume_is_refused_keeping_the_previous_value() -> None:
    tracker = make_tracker(
        "eigenlijk 1 miljard gesprekken per maand",
        slots={"language": "nl"},
        history=[user("2000 gesprekken per maand"), slot("monthly_contacts", 2000.0)],
        extracted={"monthly_contacts": 1e9},
    )
    events, messages = await run(tracker)
    assert events == [SlotSet("monthly_contacts", 2000.0), SlotSet("language", "nl")]
    assert len(messages) == 1
    assert messages[0]["response"] == "utter_invalid_monthly_contacts"
    assert messages[0]["maximum"] == "5.000.000"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("aht_minutes", 600.0),
        ("agents", 10_000.0),
        ("integrations", 400.0),
        ("contract_months", 0.0),
    ],
)
async def test_every_numeric_parameter_is_range_checked(name: str, value: float) -> None:
    tracker = make_tracker("…", slots={"language": "en"}, extracted={name: value})
    events, messages = await run(tracker)
    assert SlotSet(name, None) in events
    assert [message["response"] for message in messages] == [f"utter_invalid_{name}"]


async def test_valid_values_pass_unchanged() -> None:
    extracted = {
        "monthly_contacts": 3041.67,
        "support_languages": ["fr", "nl"],
        "channels": ["phone", "chat"],
        "aht_minutes": 4.5,
    }
    tracker = make_tracker(
        "100 calls a day in French and Dutch, phone and chat, 4:30 each",
        slots={"language": "en"},
        extracted=extracted,
    )
    events, messages = await run(tracker)
    assert events == [*(SlotSet(k, v) for k, v in extracted.items()), SlotSet("language", "en")]
    assert messages == []


def test_every_refusal_has_a_response_in_three_languages() -> None:
    for name in (
        "monthly_contacts",
        "aht_minutes",
        "agents",
        "integrations",
        "contract_months",
        "support_languages",
        "parameter",
    ):
        variations = DOMAIN["responses"][f"utter_invalid_{name}"]
        languages = {c["value"] for v in variations for c in v.get("condition", [])}
        assert languages == {"fr", "nl", "en"}, name
        assert any("condition" not in v for v in variations), name


async def test_the_answer_to_the_question_counts_whatever_its_intent() -> None:
    tracker = make_tracker(
        "Frans en Nederlands",
        intent="change_language",
        entities=[
            {"entity": "support_languages", "value": "fr"},
            {"entity": "support_languages", "value": "nl"},
        ],
        slots={"language": "nl", "requested_parameter": "support_languages"},
    )
    events, _ = await run(tracker)
    assert events == [SlotSet("language", "nl"), SlotSet("support_languages", ["fr", "nl"])]


async def test_thanks_a_million_is_no_volume() -> None:
    tracker = make_tracker(
        "thanks a million",
        intent="thank",
        entities=[{"entity": "number", "value": 1_000_000.0}],
        slots={"language": "en", "requested_parameter": "monthly_contacts"},
    )
    events, _ = await run(tracker)
    assert events == [SlotSet("language", "en")]


async def test_a_quick_reply_payload_never_changes_the_language() -> None:
    tracker = make_tracker(
        '/inform{"monthly_contacts":3000}',
        entities=[{"entity": "monthly_contacts", "value": 3000}],
        slots={"language": "nl"},
        extracted={"monthly_contacts": 3000.0},
    )
    events, _ = await run(tracker)
    assert SlotSet("language", "nl") in events


async def test_an_absurd_number_of_languages_is_refused_with_the_limit() -> None:
    tracker = make_tracker(
        "support in 400 languages",
        entities=[{"entity": "language_count", "value": 400.0}],
        slots={"language": "fr"},
        extracted={"language_count": 400.0},
    )
    events, messages = await run(tracker)
    assert sorted(events, key=str) == [SlotSet("language", "fr"), SlotSet("language_count", None)]
    assert [m["response"] for m in messages] == ["utter_invalid_support_languages"]
    assert messages[0]["maximum"] == "12"


@pytest.mark.parametrize(
    ("text", "intent", "name"),
    [
        ("Nadia Haddad", "out_of_scope", "Nadia Haddad"),  # a name when a volume was asked
        ("je m'appelle Nadia Haddad, j'ai une question", "faq", "Nadia Haddad"),
        ("Hallo Jan", "greet", None),  # a greeting, not a name
        ("Nadia", "out_of_scope", None),  # one word: too little to be sure
        ("Live Chat", "inform", None),  # a channel, capitalised
        ("Nederlands Frans", "inform", None),  # languages
    ],
)
async def test_a_name_given_before_the_handoff_is_kept_for_it(
    text: str, intent: str, name: str | None
) -> None:
    events, messages = await run(make_tracker(text, intent=intent, slots={"language": "fr"}))

    assert [e["value"] for e in events if e["name"] == "contact_name"] == ([name] if name else [])
    assert messages == []


async def test_a_name_outside_the_handoff_does_not_replace_a_known_one() -> None:
    tracker = make_tracker("Nadia Haddad", intent="out_of_scope", slots={"contact_name": "Ana"})
    events, _ = await run(tracker)

    assert not [e for e in events if e["name"] == "contact_name"]


def slot_value(events: list[dict[str, Any]], name: str) -> Any:
    """The value the action's events leave in slot `name` (KeyError when not set)."""
    return [event["value"] for event in events if event.get("name") == name][-1]


@pytest.mark.parametrize(
    ("language", "text", "before", "after"),
    [
        ("fr", "et si on ajoute le chat ?", ["email"], ["email", "chat"]),
        ("nl", "doe er maar WhatsApp bij", ["phone", "email"], ["phone", "email", "chat"]),
        ("en", "without chat please", ["phone", "chat"], ["phone"]),
        ("fr", "on garde le mail, sans le chat", ["email", "chat"], ["email"]),
    ],
)
async def test_a_channel_refinement_changes_the_channels_given(
    language: str, text: str, before: list[str], after: list[str]
) -> None:
    state = {"language": language, "channels": before, "estimate_shown": True}
    tracker = make_tracker(
        text, slots=state, history=[slot(name, value) for name, value in state.items()]
    )
    events, messages = await run(tracker)
    assert slot_value(events, "channels") == after
    assert messages == []


@pytest.mark.parametrize(
    ("language", "text", "after"),
    [
        ("nl", "wat als we er Duits bij nemen?", ["nl", "de"]),  # the chat language was assumed
        ("fr", "et aussi en anglais", ["fr", "en"]),
        ("en", "can we add Dutch?", ["en", "nl"]),
    ],
)
async def test_a_language_added_after_an_estimate_joins_the_assumed_language(
    language: str, text: str, after: list[str]
) -> None:
    state = {"language": language, "estimate_shown": True, "monthly_contacts": 2000.0}
    tracker = make_tracker(
        text, slots=state, history=[slot(name, value) for name, value in state.items()]
    )
    events, _ = await run(tracker)
    assert slot_value(events, "support_languages") == after


async def test_a_language_added_to_multilingual_joins_the_three_assumed() -> None:
    state = {"language": "en", "estimate_shown": True, "multilingual": True}
    tracker = make_tracker(
        "German too", slots=state, history=[slot(name, value) for name, value in state.items()]
    )
    events, _ = await run(tracker)
    assert slot_value(events, "support_languages") == ["en", "nl", "fr", "de"]


async def test_a_language_taken_off_a_bilingual_reading_leaves_the_other() -> None:
    state = {"language": "fr", "estimate_shown": True, "language_count": 2.0}
    tracker = make_tracker(
        "sans le néerlandais", slots=state, history=[slot(k, v) for k, v in state.items()]
    )
    events, _ = await run(tracker)
    assert slot_value(events, "support_languages") == ["fr"]


async def test_before_any_estimate_an_added_channel_is_the_list() -> None:
    tracker = make_tracker("we also do chat", slots={"language": "en"})
    events, _ = await run(tracker)
    assert slot_value(events, "channels") == ["chat"]


async def test_the_answer_to_the_languages_question_sets_the_list() -> None:
    state = {"language": "en", "requested_parameter": "support_languages", "estimate_shown": True}
    history = [slot(name, value) for name, value in state.items()]
    tracker = make_tracker(
        "French and Dutch",
        slots=state,
        history=history,
        extracted={"support_languages": ["fr", "nl"]},
    )
    events, _ = await run(tracker)
    assert slot_value(events, "support_languages") == ["fr", "nl"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "sans le téléphone"), ("nl", "zonder telefoon"), ("en", "no phone")],
)
async def test_taking_off_the_only_channel_is_refused_with_the_reason(
    language: str, text: str
) -> None:
    state = {"language": language, "channels": ["phone"], "estimate_shown": True}
    tracker = make_tracker(
        text, slots=state, history=[slot(name, value) for name, value in state.items()]
    )
    events, messages = await run(tracker)
    assert slot_value(events, "channels") == ["phone"]
    assert [m["response"] for m in messages] == ["utter_invalid_channels"]


async def test_a_refinement_during_the_handoff_changes_nothing() -> None:
    state = {"language": "en", "channels": ["email"], "estimate_shown": True}
    tracker = make_tracker(
        "also chat",
        intent="request_human",
        slots=state,
        history=[slot(k, v) for k, v in state.items()],
    )
    events, _ = await run(tracker)
    assert all(event.get("name") != "channels" for event in events)


@pytest.mark.parametrize(
    ("text", "intent", "company"),
    [
        # a request the classifier may read as something else: the company is kept all the same
        ("I'm the IT lead at Quarry Hill Media, could one of you phone me?", "ask_support_models",
         "Quarry Hill Media"),
        ("gérant de la société Marlot Bois, vous pouvez me rappeler ?", "request_human",
         "Marlot Bois"),
        ("wij zitten bij Tuinen Verbist, bellen jullie ons terug?", "greet", "Tuinen Verbist"),
        ("how much is 24/7 support for 2000 calls a month?", "ask_estimate", None),
        # a bare name with its company, given when the dialogue asked for something else
        ("Orla Keane from Keane Cycles", "out_of_scope", "Keane Cycles"),
        ("Maxime Roux, de Roux Menuiserie", "inform", "Roux Menuiserie"),
        # without a name, the words after a comma are no company
        ("about 3000, by phone", "inform", None),
    ],
)  # fmt: skip
async def test_a_company_named_before_the_handoff_is_kept_for_it(
    text: str, intent: str, company: str | None
) -> None:
    events, _ = await run(make_tracker(text, intent=intent, slots={"language": "en"}))

    kept = [e["value"] for e in events if e["name"] == "contact_company"]
    assert kept == ([company] if company else [])


async def test_a_company_outside_the_handoff_does_not_replace_a_known_one() -> None:
    tracker = make_tracker(
        "ik werk bij Tuinen Verbist", intent="inform", slots={"contact_company": "Verbist NV"}
    )
    events, _ = await run(tracker)

    assert not [e for e in events if e["name"] == "contact_company"]


@pytest.mark.parametrize(
    ("text", "intent", "name", "company"),
    [
        # the opening message: a greeting, the name and its company, the details, a request
        ("Bonsoir, Julie Lambert de chez Fleurs Lambert SPRL, rappelez-moi au +32 475 12 34 56",
         "request_human", "Julie Lambert", "Fleurs Lambert SPRL"),
        ("Goedemiddag, Sanne Willems van Willems Techniek BV, bel me terug op 06 12 34 56 78",
         "greet", "Sanne Willems", "Willems Techniek BV"),
        ("Hi, Priya Shah from Shah Textiles Ltd here, can someone call me?", "greet",
         "Priya Shah", "Shah Textiles Ltd"),
        # with a job title between them
        ("Bonjour, Marc Dubois, directeur commercial chez Dubois Transports SA, pouvez-vous me "
         "rappeler au 0475 12 34 56 ?", "request_human", "Marc Dubois", "Dubois Transports SA"),
        ("Hello, Emma Lewis, VP of Operations at Lewis Freight Inc., please call me on "
         "+44 20 7946 0123", "request_human", "Emma Lewis", "Lewis Freight Inc."),
        # a greeting and a question: no name, no company
        ("Bonjour, je voudrais un devis pour 3000 appels", "ask_estimate", None, None),
        ("Hi, how much for 24/7?", "ask_estimate", None, None),
    ],
)  # fmt: skip
async def test_an_opening_introduction_keeps_the_name_and_the_company_for_the_handoff(
    text: str, intent: str, name: str | None, company: str | None
) -> None:
    events, _ = await run(make_tracker(text, intent=intent, slots={"language": "en"}))

    assert [e["value"] for e in events if e["name"] == "contact_name"] == ([name] if name else [])
    kept = [e["value"] for e in events if e["name"] == "contact_company"]
    assert kept == ([company] if company else [])
