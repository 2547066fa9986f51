"""The handoff actions: exact events and messages (rasa-sdk style, no Rasa server).

`validate_handoff_form` is called the way Rasa 3.6's FormAction calls it: on a temporary
tracker whose events are the conversation, then `SlotSet(requested_slot, <asked>)` and
`ActionExecuted(handoff_form)`, then the slot candidates (none: every contact slot has a
custom mapping). `action_submit_handoff` stores into a real SQLite lead store in tmp_path.
"""

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

import actions.handoff as handoff_actions
import bot.leads.delivery as delivery
from actions.actions import ActionRestart
from actions.estimate import ActionEstimate
from actions.handoff import ActionAskContactConsent, ActionSubmitHandoff, ValidateHandoffForm
from actions.slots import ValidateSlotMappings
from bot import settings as project_settings
from bot.leads import handoff as leads_handoff
from bot.leads.handoff import CONSENT_VERSION
from bot.leads.store import LeadStore
from bot.messages import text
from tests.nlu_reading import parsed

DOMAIN: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8")
)
FORM_SLOTS: list[str] = DOMAIN["forms"]["handoff_form"]["required_slots"]
LANGUAGES = ["fr", "nl", "en"]
FULL = {"monthly_contacts": 3000.0, "coverage": "24_7", "support_languages": ["fr", "nl"]}
RETENTION_DAYS = 90
# A Wednesday at noon, and a Saturday at noon: the office (Europe/Amsterdam) opens again on
# Monday 7 December 2026 at 09:00.
WEDNESDAY_NOON = datetime(2026, 12, 2, 11, 0, tzinfo=timezone.utc)
SATURDAY_NOON = datetime(2026, 12, 5, 11, 0, tzinfo=timezone.utc)
MONDAY_PROMISE = {
    "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera le lundi "
    "7 décembre à partir de 09:00.",
    "nl": "Ons kantoor is nu gesloten: een adviseur neemt op maandag 7 december vanaf 09:00 "
    "contact met u op.",
    "en": "Our office is closed right now: a colleague will contact you on Monday 7 December "
    "from 09:00.",
}


def user(words: str, timestamp: float = 1_764_676_800.0) -> dict[str, Any]:
    return {"event": "user", "text": words, "timestamp": timestamp, "metadata": {}}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


# --- validate_handoff_form -------------------------------------------------------------------


def form_tracker(
    words: str,
    asked: str | None,
    *,
    intent: str = "inform",
    language: str = "nl",
    slots: dict[str, Any] | None = None,
    ends_with_user: bool = False,
) -> Tracker:
    """The temporary tracker Rasa's FormAction sends to the validation action.

    Rasa 3.6 (`FormAction._temporary_tracker`) appends `SlotSet(requested_slot)` and
    `ActionExecuted(handoff_form)` after the turn, then the slot candidates (none here);
    `ends_with_user` gives the simpler shape that ends with the visitor's message.
    """
    known = {"language": language, "contact_failures": 0, **(slots or {})}
    events = [
        *(slot(name, value) for name, value in known.items()),
        action("handoff_form"),
        {"event": "active_loop", "name": "handoff_form"},
        slot("requested_slot", asked),
        action("action_listen"),
        user(words),
    ]
    if not ends_with_user:
        events += [
            slot("language", language),  # action_validate_slot_mappings, on every message
            slot("requested_slot", asked),
            action("handoff_form"),
        ]
    return Tracker(
        sender_id="visitor",
        slots={**known, "requested_slot": asked},
        latest_message=parsed(words, intent),
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "handoff_form"},
        latest_action_name="handoff_form",
    )


async def validate(tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateHandoffForm().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher.messages


def rasa_next_question(slots: dict[str, Any], events: list[dict[str, Any]]) -> str | None:
    """What Rasa's FormAction asks after these validation events (forms.request_next_slot).

    A `requested_slot` event from the action decides; without one, Rasa asks the first
    required slot of the domain's form that is still empty.
    """
    requested = [e for e in events if e["event"] == "slot" and e["name"] == "requested_slot"]
    if requested:
        return requested[-1]["value"]
    after = {**slots, **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
    return next((name for name in FORM_SLOTS if after.get(name) is None), None)


def responses(messages: list[dict[str, Any]]) -> list[str | None]:
    return [message.get("response") for message in messages]


def assert_company_contact_given(message: dict[str, Any]) -> None:
    """Rasa fills a response's {placeholders} from the slots and the action's values: all here."""
    placeholders = {
        found
        for variation in DOMAIN["responses"][message["response"]]
        for found in re.findall(r"{(\w+)}", variation["text"])
    }
    assert placeholders == {"company_phone", "company_email"}
    assert placeholders.isdisjoint(DOMAIN["slots"])  # so the action must give them
    assert message["company_phone"] == "+31 (0)85 8884661"  # the source document's
    assert message["company_email"] == "info@spangenbergGroep.nl"


def test_the_form_asks_name_reach_extras_consent() -> None:
    assert FORM_SLOTS == ["contact_name", "contact_email", "contact_extras", "contact_consent"]


@pytest.mark.parametrize(
    ("language", "words", "email"),
    [
        ("nl", "Jan de Vries, jan@acme.nl", "jan@acme.nl"),
        ("fr", "Marie Dubois, marie@exemple.fr", "marie@exemple.fr"),
        ("en", "Jan de Vries, jan@acme.nl", "jan@acme.nl"),
    ],
)
@pytest.mark.parametrize("ends_with_user", [False, True])
async def test_name_and_email_in_one_message_skip_the_reach_question(
    language: str, words: str, email: str, ends_with_user: bool
) -> None:
    tracker = form_tracker(words, "contact_name", language=language, ends_with_user=ends_with_user)
    events, messages = await validate(tracker)
    assert events == [
        SlotSet("contact_name", words.split(",")[0]),
        SlotSet("contact_email", email),
        SlotSet("requested_slot", "contact_extras"),
    ]
    assert messages == []


async def test_a_short_name_read_as_a_greeting_is_still_the_name() -> None:
    tracker = form_tracker("Jan", "contact_name", intent="greet")
    before = dict(tracker.slots)  # run() adds the new values to tracker.slots
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_name", "Jan")]
    assert messages == []
    assert rasa_next_question(before, events) == "contact_email"


@pytest.mark.parametrize(("language", "words"), [("nl", "nee"), ("fr", "non"), ("en", "no")])
async def test_no_instead_of_a_name_ends_the_form(language: str, words: str) -> None:
    tracker = form_tracker(words, "contact_name", intent="deny", language=language)
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_consent", False), SlotSet("requested_slot", None)]
    assert messages == []


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "jan@acme"), ("fr", "marie@@exemple.fr"), ("en", "jan.devries@acme,nl")],
)
async def test_a_wrong_email_is_explained_and_asked_again(language: str, words: str) -> None:
    tracker = form_tracker(words, "contact_email", language=language, slots={"contact_name": "Jan"})
    before = dict(tracker.slots)
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_failures", 1)]
    assert responses(messages) == ["utter_contact_problem_email_invalid"]
    assert "utter_contact_problem_email_invalid" in DOMAIN["responses"]
    assert rasa_next_question(before, events) == "contact_email"


async def test_a_second_wrong_answer_is_explained_in_other_words() -> None:
    tracker = form_tracker(
        "jan@acme", "contact_email", slots={"contact_name": "Jan", "contact_failures": 1}
    )
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_failures", 2)]
    assert responses(messages) == ["utter_contact_problem_email_invalid_again"]


async def test_a_wrong_email_at_a_later_question_asks_that_question_again() -> None:
    known = {"contact_name": "Jan", "contact_phone": "+31612345678"}
    tracker = form_tracker("jan@acme", "contact_extras", slots=known)
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_failures", 1), SlotSet("requested_slot", "contact_extras")]
    assert responses(messages) == ["utter_contact_problem_email_invalid"]


async def test_the_third_wrong_answer_ends_the_form() -> None:
    tracker = form_tracker(
        "jan@acme", "contact_email", slots={"contact_name": "Jan", "contact_failures": 2}
    )
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_failures", 3), SlotSet("requested_slot", None)]
    assert responses(messages) == ["utter_contact_problem_email_invalid_again"]


@pytest.mark.parametrize(("language", "words"), [("fr", "oui"), ("nl", "ja"), ("en", "yes")])
async def test_yes_to_the_consent_question_completes_the_form(language: str, words: str) -> None:
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    tracker = form_tracker(
        words, "contact_consent", intent="affirm", language=language, slots=known
    )
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_consent", True), SlotSet("requested_slot", None)]
    assert messages == []


@pytest.mark.parametrize(
    ("language", "words", "consent"),
    [("fr", "oui, pas de souci", True), ("en", "yes, no problem", True), ("nl", "nee hoor", False)],
)
async def test_the_words_of_a_consent_answer_weigh_more_than_its_intent(
    language: str, words: str, consent: bool
) -> None:
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    wrong_intent = "affirm" if not consent else "deny"
    tracker = form_tracker(
        words, "contact_consent", intent=wrong_intent, language=language, slots=known
    )
    events, _ = await validate(tracker)
    assert SlotSet("contact_consent", consent) in events


@pytest.mark.parametrize(
    ("language", "words", "phone"),
    [
        ("nl", "0612345678", "+31612345678"),
        ("fr", "0470 12 34 56", "+32470123456"),
        ("en", "+31 6 12345678", "+31612345678"),
    ],
)
async def test_a_phone_number_alone_reaches_the_visitor(
    language: str, words: str, phone: str
) -> None:
    tracker = form_tracker(words, "contact_email", language=language, slots={"contact_name": "Jan"})
    events, messages = await validate(tracker)
    assert events == [
        SlotSet("contact_phone", phone),
        SlotSet("requested_slot", "contact_extras"),
    ]
    assert messages == []


async def test_a_question_at_the_consent_step_is_left_to_the_rules() -> None:
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    tracker = form_tracker(
        "how much per minute?", "contact_consent", intent="ask_estimate", language="en", slots=known
    )
    events, messages = await validate(tracker)
    # Only the requested slot: Rasa's FormAction rejects itself, and the rules answer.
    assert events == [SlotSet("requested_slot", "contact_consent")]
    assert messages == []


@pytest.mark.parametrize("step", ["contact_name", "contact_consent"])
async def test_scenario_details_instead_of_an_answer_are_left_to_the_rules(step: str) -> None:
    # "it's for a quote, 3 dedicated agents" to "what is your name?": NLU found scenario
    # parameters (their slots are set by the domain's mappings), and it is not a name.
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    tracker = form_tracker(
        "c'est pour un devis, 3 agents dédiés",
        step,
        intent="inform",
        language="fr",
        slots=known if step == "contact_consent" else {},
    )
    tracker.latest_message["entities"] = [{"entity": "agents", "value": 3.0}]
    events, messages = await validate(tracker)
    assert [e for e in events if e["name"] != "requested_slot"] == []
    assert messages == []


async def test_the_validation_reads_the_requested_slot_of_the_form() -> None:
    # The same words answer the question asked: "nee" to the consent question is a refusal
    # of consent, not the end of the handoff before any detail.
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    tracker = form_tracker("nee", "contact_consent", intent="deny", slots=known)
    events, _ = await validate(tracker)
    assert events == [SlotSet("contact_consent", False), SlotSet("requested_slot", None)]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_consent_buttons_answer_the_consent_question(language: str) -> None:
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    for payload, intent, consent in (("/affirm", "affirm", True), ("/deny", "deny", False)):
        tracker = form_tracker(
            payload, "contact_consent", intent=intent, language=language, slots=known
        )
        events, messages = await validate(tracker)
        assert events == [SlotSet("contact_consent", consent), SlotSet("requested_slot", None)]
        assert messages == []


async def test_the_skip_button_answers_the_optional_question() -> None:
    known = {"contact_name": "Jan", "contact_phone": "+31612345678"}
    tracker = form_tracker("/deny", "contact_extras", intent="deny", slots=known)
    events, messages = await validate(tracker)
    assert events == [SlotSet("contact_extras", True), SlotSet("requested_slot", "contact_consent")]
    assert messages == []


async def test_a_second_request_asks_only_for_consent() -> None:
    # Rasa activates the form with the details kept from the first handoff as candidates
    # (FormAction.activate: prefilled required slots), before any question was asked.
    kept = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    words = "Ik wil nog een adviseur spreken"
    tracker = Tracker(
        sender_id="visitor",
        slots={"language": "nl", "contact_failures": 0, "requested_slot": None, **kept},
        latest_message={"text": words, "intent": {"name": "request_human"}, "entities": []},
        events=[
            *(slot(name, value) for name, value in kept.items()),
            action("action_submit_handoff"),
            action("action_listen"),
            user(words),
            slot("language", "nl"),
            slot("requested_slot", None),
            action("handoff_form"),
            *(slot(name, value) for name, value in kept.items()),
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="handoff_form",
    )
    events, messages = await validate(tracker)
    assert events == [
        *(SlotSet(name, value) for name, value in kept.items()),
        SlotSet("requested_slot", "contact_consent"),
    ]
    assert messages == []


# --- action_ask_contact_consent ----------------------------------------------------------------


@pytest.fixture()
def lead_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Lead settings from a clean environment: SQLite in tmp_path, no email, no webhook."""
    database = tmp_path / "leads.sqlite3"
    monkeypatch.setenv("LEADS_DB_URL", f"sqlite:///{database}")
    monkeypatch.setenv("LEADS_RETENTION_DAYS", str(RETENTION_DAYS))
    monkeypatch.setenv("OFFICE_HOURS", "mon-sun 00:00-23:59")
    monkeypatch.setenv("OFFICE_TIMEZONE", "Europe/Amsterdam")
    for name in ("SMTP_HOST", "LEADS_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    clear_lead_caches()
    yield database
    if leads_handoff.lead_store.cache_info().currsize:
        leads_handoff.lead_store().dispose()
    clear_lead_caches()


def clear_lead_caches() -> None:
    project_settings.settings.cache_clear()
    leads_handoff.lead_store.cache_clear()
    leads_handoff.office_hours.cache_clear()


def plain_tracker(
    slots: dict[str, Any], events: list[dict[str, Any]] | None = None, sender: str = "visitor"
) -> Tracker:
    return Tracker(
        sender_id=sender,
        slots=slots,
        latest_message={"text": "", "intent": {"name": "affirm"}, "entities": []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="handoff_form",
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_consent_question_has_the_catalogue_text_and_two_buttons(
    lead_env: Path, language: str
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAskContactConsent().run(
        dispatcher, plain_tracker({"language": language}), DOMAIN
    )
    assert events == []
    assert len(dispatcher.messages) == 1
    message = dispatcher.messages[0]
    assert message["text"] == text("handoff.consent", language, days=RETENTION_DAYS)
    assert str(RETENTION_DAYS) in message["text"]
    assert message["buttons"] == [
        {"title": text("handoff.agree", language), "payload": "/affirm"},
        {"title": text("handoff.decline", language), "payload": "/deny"},
    ]


async def test_the_consent_question_follows_what_the_latest_message_gave(lead_env: Path) -> None:
    """Name, company and number in one answer leave only consent to ask: they are thanked for
    first, in the visitor's words, and the consent text is the catalogue's, unchanged."""
    events = [
        {"event": "user", "text": "Bel mij terug: Eva Claes, Claes Bouw NV, 0496 12 34 56"},
        {"event": "slot", "name": "contact_name", "value": "Eva Claes"},
        {"event": "slot", "name": "contact_phone", "value": "+32496123456"},
        {"event": "slot", "name": "contact_company", "value": "Claes Bouw NV"},
    ]
    dispatcher = CollectingDispatcher()
    await ActionAskContactConsent().run(
        dispatcher, plain_tracker({"language": "nl"}, events), DOMAIN
    )
    thanks, consent = dispatcher.messages
    assert "Eva Claes" in thanks["text"] and "telefoonnummer" in thanks["text"]
    assert consent["text"] == text("handoff.consent", "nl", days=RETENTION_DAYS)


# --- action_submit_handoff ---------------------------------------------------------------------


class FrozenClock(datetime):
    """`datetime` in actions.handoff with a fixed `now`, so office hours are deterministic."""

    moment = WEDNESDAY_NOON

    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        return cls.moment if tz is None else cls.moment.astimezone(tz)


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> type[FrozenClock]:
    monkeypatch.setattr(FrozenClock, "moment", WEDNESDAY_NOON)
    monkeypatch.setattr(handoff_actions, "datetime", FrozenClock)
    return FrozenClock


@pytest.fixture()
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every email or webhook delivery attempted (none is configured)."""
    attempts: list[str] = []
    monkeypatch.setattr(delivery, "send_email", lambda lead, smtp: attempts.append("email"))
    monkeypatch.setattr(delivery, "post_lead", lambda lead, url: attempts.append("webhook"))
    return attempts


CONVERSATION = {
    "fr": ["Bonjour, 3000 contacts par mois, 24/7, en français et néerlandais", "oui"],
    "nl": ["Hallo, 3000 contacten per maand, 24/7, in het Frans en Nederlands", "ja"],
    "en": ["Hi, 3000 contacts a month, 24/7, in French and Dutch", "yes"],
}


def handoff_slots(language: str, scenario: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "language": language,
        **(FULL if scenario is None else scenario),
        "requested_parameter": None,
        "contact_name": "Jan de Vries",
        "contact_email": "jan@acme.nl",
        "contact_phone": "+31612345678",
        "contact_extras": True,
        "contact_consent": True,
        "contact_failures": 0,
    }


def handoff_events(language: str) -> list[dict[str, Any]]:
    first, last = CONVERSATION[language]
    return [
        user(first, 1_764_676_800.0),  # 2025-12-02T12:00:00Z
        {"event": "bot", "text": "…", "timestamp": 1_764_676_801.0},
        user("Jan de Vries, jan@acme.nl, 0612345678", 1_764_676_860.0),
        user(last, 1_764_676_920.0),
    ]


async def submit(slots: dict[str, Any], events: list[dict[str, Any]] | None = None):
    dispatcher = CollectingDispatcher()
    result = await ActionSubmitHandoff().run(dispatcher, plain_tracker(slots, events), DOMAIN)
    await asyncio.gather(*handoff_actions._deliveries)  # the background delivery, if any
    return result, dispatcher.messages


RESET = [
    SlotSet("contact_consent", None),
    SlotSet("contact_failures", 0),
    SlotSet("requested_parameter", None),
]
# A "yes" right after a stored lead is a repeat; after a stored or declined one, nothing is
# on offer any more.
STORED = [*RESET, SlotSet("lead_stored", True), SlotSet("contact_offered", False)]
NOT_STORED = [*RESET, SlotSet("lead_stored", False), SlotSet("contact_offered", False)]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_consent_stores_the_lead_then_thanks_promises_and_sends_the_payload(
    lead_env: Path, clock: type[FrozenClock], sent: list[str], language: str
) -> None:
    events, messages = await submit(handoff_slots(language), handoff_events(language))

    store = leads_handoff.lead_store()
    assert store.count() == 1
    lead_id = messages[-1]["custom"]["lead_id"]
    lead = store.get(lead_id)
    assert lead is not None
    assert (lead["name"], lead["email"], lead["phone"]) == (
        "Jan de Vries",
        "jan@acme.nl",
        "+31612345678",
    )
    assert lead["language"] == language
    assert lead["conversation_id"] == "visitor"
    assert {key: lead["scenario"][key] for key in FULL} == FULL
    # The estimate is the one the visitor was shown for these slots.
    shown = CollectingDispatcher()
    await ActionEstimate().run(shown, plain_tracker({"language": language, **FULL}), DOMAIN)
    payload = next(m["custom"] for m in shown.messages if m.get("custom"))
    assert lead["estimate"]["type"] == "estimate"
    assert lead["estimate"] == json.loads(json.dumps(payload))
    assert lead["transcript"] == [
        {"at": "2025-12-02T12:00:00+00:00", "text": CONVERSATION[language][0]},
        {"at": "2025-12-02T12:01:00+00:00", "text": "Jan de Vries, jan@acme.nl, 0612345678"},
        {"at": "2025-12-02T12:02:00+00:00", "text": CONVERSATION[language][1]},
    ]
    assert lead["consent_text"] == text("handoff.consent", language, days=RETENTION_DAYS)
    assert lead["consent_version"] == CONSENT_VERSION
    assert lead["promise"] == "within_hour"

    assert len(messages) == 3
    assert messages[0]["text"] == text("handoff.passed_on", language, name="Jan de Vries")
    assert messages[1]["text"] == text("handoff.within_hour", language)
    assert messages[2]["custom"] == {"type": "handoff", "language": language, "lead_id": lead_id}
    assert events == STORED

    # Nothing configured: nothing to deliver, and nothing attempted.
    assert (lead["email_state"], lead["webhook_state"]) == ("off", "off")
    assert store.pending("email") == [] and store.pending("webhook") == []
    assert sent == []


async def test_the_same_request_twice_is_one_lead(
    lead_env: Path, clock: type[FrozenClock], sent: list[str]
) -> None:
    first_events, first = await submit(handoff_slots("nl"), handoff_events("nl"))
    second_events, second = await submit(handoff_slots("nl"), handoff_events("nl"))
    assert leads_handoff.lead_store().count() == 1
    assert first[-1]["custom"]["lead_id"] == second[-1]["custom"]["lead_id"]
    assert [m.get("text") for m in second] == [m.get("text") for m in first]
    assert first_events == second_events == STORED
    assert sent == []


def after_the_lead(
    language: str, added: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Slots and events when the form ends again after a stored lead, with `added` this turn.

    The action server gets no bot message of earlier turns (stores/action_events.py): the
    handoff payload is not among the events.
    """
    slots = {**handoff_slots(language), "contact_consent": None, "lead_stored": True, **added}
    events = [
        *handoff_events(language),
        user("…", 1_764_676_980.0),
        *(slot(name, value) for name, value in added.items()),
    ]
    return slots, events


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_detail_added_after_the_lead_updates_it_without_asking_consent_again(
    lead_env: Path, clock: type[FrozenClock], sent: list[str], language: str
) -> None:
    _, first = await submit({**handoff_slots(language), "contact_phone": None})
    lead_id = first[-1]["custom"]["lead_id"]

    events, messages = await submit(*after_the_lead(language, {"contact_phone": "+32471234567"}))

    store = leads_handoff.lead_store()
    lead = store.get(lead_id)
    assert store.count() == 1
    assert lead is not None and lead["phone"] == "+32471234567"
    assert lead["consent_text"] == text("handoff.consent", language, days=RETENTION_DAYS)
    [message] = messages
    assert message["text"].endswith(text("handoff.added", language))
    assert text("contact.detail.phone", language) in message["text"]
    assert not any(m.get("custom") for m in messages)  # no second handoff payload
    assert events == STORED


async def test_a_new_request_after_the_lead_with_nothing_new_says_it_is_passed_on(
    lead_env: Path, clock: type[FrozenClock], sent: list[str]
) -> None:
    await submit(handoff_slots("fr"), handoff_events("fr"))
    slots, events = after_the_lead("fr", {})

    result, messages = await submit(slots, events)

    assert leads_handoff.lead_store().count() == 1
    assert responses(messages) == ["utter_handoff_already_done"]
    assert result == STORED


async def test_after_a_stored_lead_the_form_does_not_ask_consent_again() -> None:
    known = {"contact_name": "Jan", "contact_email": "jan@acme.nl", "contact_extras": True}
    tracker = form_tracker(
        "en ook 0471 23 45 67", None, slots={**known, "lead_stored": True}, intent="request_human"
    )

    events, messages = await validate(tracker)

    assert SlotSet("contact_phone", "+32471234567") in events
    assert rasa_next_question({**known, "lead_stored": True}, events) is None
    assert messages == []


async def test_consent_without_a_scenario_stores_no_estimate(
    lead_env: Path, clock: type[FrozenClock], sent: list[str]
) -> None:
    events, messages = await submit(handoff_slots("fr", scenario={}), handoff_events("fr"))
    store = leads_handoff.lead_store()
    assert store.count() == 1
    lead = store.get(messages[-1]["custom"]["lead_id"])
    assert lead is not None
    assert lead["estimate"] is None
    assert messages[0]["text"] == text("handoff.passed_on", "fr", name="Jan de Vries")
    assert messages[-1]["custom"]["type"] == "handoff"
    assert events == STORED


@pytest.mark.parametrize("language", LANGUAGES)
async def test_no_consent_stores_nothing(
    lead_env: Path, clock: type[FrozenClock], language: str
) -> None:
    slots = {**handoff_slots(language), "contact_consent": False}
    events, messages = await submit(slots, handoff_events(language))
    assert responses(messages) == ["utter_handoff_cancelled"]
    assert events == NOT_STORED
    assert leads_handoff.lead_store().count() == 0


async def test_three_wrong_answers_offer_the_alternatives_and_store_nothing(
    lead_env: Path, clock: type[FrozenClock]
) -> None:
    slots = {**handoff_slots("nl"), "contact_consent": None, "contact_failures": 3}
    events, messages = await submit(slots, handoff_events("nl"))
    assert responses(messages) == ["utter_handoff_alternatives"]
    assert_company_contact_given(messages[0])
    assert events == NOT_STORED
    assert leads_handoff.lead_store().count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_store_failure_promises_nothing(
    lead_env: Path,
    clock: type[FrozenClock],
    sent: list[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    def unavailable(self: LeadStore, lead: Any, channels_on: dict[str, bool]) -> Any:
        raise OperationalError("INSERT INTO leads", {}, Exception("database is locked"))

    monkeypatch.setattr(LeadStore, "save", unavailable)
    events, messages = await submit(handoff_slots(language), handoff_events(language))
    assert responses(messages) == ["utter_handoff_failed"]
    assert_company_contact_given(messages[0])
    assert not any(m.get("custom") for m in messages)
    assert not any(m.get("text") for m in messages)
    assert events == [
        SlotSet("contact_consent", None),
        SlotSet("contact_failures", 0),
        SlotSet("lead_stored", False),
        SlotSet("contact_offered", True),  # the offer stands: "yes" tries again
    ]
    assert leads_handoff.lead_store().count() == 0
    assert sent == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_within_office_hours_a_call_within_the_hour(
    lead_env: Path, clock: type[FrozenClock], sent: list[str], language: str
) -> None:
    _, messages = await submit(handoff_slots(language), handoff_events(language))
    assert messages[1]["text"] == text("handoff.within_hour", language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_outside_office_hours_a_call_on_the_next_working_day(
    lead_env: Path,
    clock: type[FrozenClock],
    sent: list[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    monkeypatch.setenv("OFFICE_HOURS", "mon-fri 09:00-17:30")
    monkeypatch.setattr(clock, "moment", SATURDAY_NOON)
    clear_lead_caches()
    _, messages = await submit(handoff_slots(language), handoff_events(language))
    assert messages[1]["text"] == MONDAY_PROMISE[language]
    lead = leads_handoff.lead_store().get(messages[-1]["custom"]["lead_id"])
    assert lead is not None and lead["promise"] == "next_working_day"


# --- action_restart during the handoff ---------------------------------------------------------


def restart_tracker(active_loop: dict[str, Any]) -> Tracker:
    slots = {"language": "fr", **FULL, "requested_parameter": None}
    if active_loop:
        slots.update(requested_slot="contact_email", contact_name="Marie")
    return Tracker(
        sender_id="visitor",
        slots=slots,
        latest_message={"text": "recommencer", "intent": {"name": "restart"}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop=active_loop,
        latest_action_name="action_listen",
    )


SCENARIO_RESET = [
    SlotSet("monthly_contacts", None),
    SlotSet("coverage", None),
    SlotSet("support_languages", None),
]


async def test_restart_during_the_handoff_ends_the_form() -> None:
    dispatcher = CollectingDispatcher()
    tracker = restart_tracker({"name": "handoff_form"})
    events = await ActionRestart().run(dispatcher, tracker, DOMAIN)
    assert events == [*SCENARIO_RESET, ActiveLoop(None), SlotSet("requested_slot", None)]
    assert responses(dispatcher.messages) == ["utter_restart"]


async def test_restart_outside_the_handoff_leaves_the_loop_alone() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRestart().run(dispatcher, restart_tracker({}), DOMAIN)
    assert events == SCENARIO_RESET
    assert responses(dispatcher.messages) == ["utter_restart"]


# --- action_validate_slot_mappings during the handoff ------------------------------------------


def mappings_tracker(
    words: str,
    *,
    intent: str,
    language: str,
    active_loop: dict[str, Any],
    entities: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker right after the domain's mappings ran (contact slots: none of them)."""
    slots = {"language": language, "requested_parameter": "monthly_contacts"}
    return Tracker(
        sender_id="visitor",
        slots=slots,
        latest_message={
            "text": words,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
        },
        events=[user("3000 par mois ?"), slot("language", language), user(words)],
        paused=False,
        followup_action=None,
        active_loop=active_loop,
        latest_action_name="action_listen",
    )


PHONE_AS_NUMBER = [{"entity": "number", "value": 612345678.0}]
HANDOFF = {"name": "handoff_form"}


async def map_slots(tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateSlotMappings().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher.messages


@pytest.mark.parametrize(("active_loop", "intent"), [(HANDOFF, "inform"), ({}, "request_human")])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_phone_number_in_the_handoff_is_no_contact_volume(
    active_loop: dict[str, Any], intent: str, language: str
) -> None:
    tracker = mappings_tracker(
        "0612345678",
        intent=intent,
        language=language,
        active_loop=active_loop,
        entities=PHONE_AS_NUMBER,
    )
    events, messages = await map_slots(tracker)
    assert events == [SlotSet("language", language)]
    assert messages == []


async def test_outside_the_handoff_the_same_number_answers_the_volume_question() -> None:
    # The contrast that makes the test above meaningful: the number is read as a volume,
    # then refused as out of range.
    tracker = mappings_tracker(
        "0612345678", intent="inform", language="nl", active_loop={}, entities=PHONE_AS_NUMBER
    )
    events, messages = await map_slots(tracker)
    assert SlotSet("language", "nl") in events
    assert any(e["name"] == "monthly_contacts" for e in events)
    assert responses(messages) == ["utter_invalid_monthly_contacts"]


@pytest.mark.parametrize(("active_loop", "intent"), [(HANDOFF, "inform"), ({}, "request_human")])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_name_does_not_change_the_chat_language(
    active_loop: dict[str, Any], intent: str, language: str
) -> None:
    for words in ("Jan de Vries", "Marie Dubois", "jan@acme.nl"):
        tracker = mappings_tracker(words, intent=intent, language=language, active_loop=active_loop)
        events, messages = await map_slots(tracker)
        assert events == [SlotSet("language", language)], words
        assert messages == []



@pytest.mark.parametrize(
    ("language", "words", "name", "company", "phone", "email"),
    [
        ("fr", "Bonsoir, Julie Lambert de chez Fleurs Lambert SPRL, rappelez-moi au "
         "+32 475 12 34 56 ou écrivez-moi à julie@fleurs.example", "Julie Lambert",
         "Fleurs Lambert SPRL", "+32475123456", "julie@fleurs.example"),
        ("nl", "Hallo, Tom Peeters van Peeters Bouw BV, bel me op +32 470 11 22 33",
         "Tom Peeters", "Peeters Bouw BV", "+32470112233", None),
        ("en", "Hi, Jane Smith from Smith Ltd here, call me on +44 7911 123456 or "
         "jane@smith.example", "Jane Smith", "Smith Ltd", "+447911123456", "jane@smith.example"),
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    ("asked", "then"), [(None, "contact_extras"), ("contact_name", "contact_consent")]
)
async def test_a_greeting_then_name_company_and_details_answer_the_form_at_once(
    language: str,
    words: str,
    name: str,
    company: str,
    phone: str,
    email: str | None,
    asked: str | None,
    then: str,
) -> None:
    """As the request that starts the form (nothing asked yet) the optional question then asks
    only the time; as the answer to the name question it is answered too, as "Jan de Vries,
    Acme BV" answers it."""
    tracker = form_tracker(words, asked, intent="request_human", language=language)
    before = dict(tracker.slots)
    events, messages = await validate(tracker)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}

    assert (slots.get("contact_name"), slots.get("contact_company")) == (name, company)
    assert (slots.get("contact_phone"), slots.get("contact_email")) == (phone, email)
    assert not [m for m in messages if "problem" in (m.get("response") or "")]
    assert rasa_next_question(before, events) == then
