"""The handoff form's questions, with what the visitor's last message gave acknowledged first.

Rasa's form asks for a slot with `action_ask_<slot>` when the domain has one. These say what
was understood ("Thanks, I have your email address. And your name?", "Noted, I'll use
jan@acme.be from now on."), so that a visitor who answered another question than the one asked
sees it was kept, and the same question is not sent again word for word: after an explained
wrong answer the question is asked short, without its introduction. Texts: bot/messages.yml
(`contact`), the first questions: domain.yml.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.contact_answers import DETAIL_SLOTS
from actions.conversation import chat_language
from bot.extraction.contact import ContactReading
from bot.extraction.phone import country_of, international
from bot.messages import country_name, enumerate_items, text
from bot.names import CONTACT_EXTRAS, CONTACT_FAILURES, DENY

# Details acknowledged by name, in this order ("your email address and your phone number").
ACKNOWLEDGED = ("email", "phone", "company", "preferred_time")
# Details that replace an earlier value when given again (a corrected address).
CORRECTABLE = ("email", "phone")


def set_this_turn(tracker: Tracker) -> dict[str, Any]:
    """Slots set since the visitor's latest message, with their new values."""
    found: dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot":
            found.setdefault(event["name"], event.get("value"))
    return found


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """A slot's value before the visitor's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def acknowledgement(tracker: Tracker, language: str, *, name_too: bool) -> str | None:
    """What the latest message gave, in one sentence, or None when it gave nothing new."""
    new = set_this_turn(tracker)
    given = [field for field in ACKNOWLEDGED if new.get(DETAIL_SLOTS[field])]
    replaced = [
        field
        for field in given
        if field in CORRECTABLE
        and value_before_this_turn(tracker, DETAIL_SLOTS[field])
        not in (None, new[DETAIL_SLOTS[field]])
    ]
    sentences = [
        text("contact.replaced", language, value=new[DETAIL_SLOTS[field]]) for field in replaced
    ]
    guessed = _phone_read_as(tracker, language, new.get(DETAIL_SLOTS["phone"]))
    if guessed:  # said with the number, instead of "your phone number"
        sentences.append(guessed)
    others = [
        field for field in given if field not in replaced and not (guessed and field == "phone")
    ]
    name = new.get(DETAIL_SLOTS["name"]) if name_too else None
    details = enumerate_items(
        [text(f"contact.detail.{field}", language) for field in others], language
    )
    if others and name:
        sentences.append(text("contact.understood_named", language, name=name, details=details))
    elif others:
        sentences.append(text("contact.understood", language, details=details))
    elif name:
        sentences.append(text("contact.thanks_named", language, name=name))
    return " ".join(sentences) or None


def _phone_read_as(tracker: Tracker, language: str, phone: str | None) -> str | None:
    """ "I've noted your number as +32 478 12 34 56 (Belgium) …" when its country was a guess."""
    entities = (tracker.latest_message or {}).get("entities") or []
    if phone is None or language not in ContactReading.from_entities(entities).guessed_plans:
        return None
    country = country_of(phone)
    return text(
        "contact.phone_read_as",
        language,
        number=international(phone),
        country=country_name(country, language) if country else "",
    )


def explained_this_turn(tracker: Tracker) -> bool:
    """Whether a wrong answer was just explained (the validation counted a failure)."""
    return CONTACT_FAILURES in set_this_turn(tracker)


class ActionAskContactName(Action):
    """The name question: in full the first time, short after an explanation or a detail."""

    def name(self) -> str:
        return f"action_ask_{DETAIL_SLOTS['name']}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        understood = acknowledgement(tracker, language, name_too=False)
        if explained_this_turn(tracker):
            dispatcher.utter_message(text=text("contact.ask.name_again", language))
        elif understood:
            dispatcher.utter_message(
                text=f"{understood} {text('contact.ask.name_after', language)}"
            )
        else:
            dispatcher.utter_message(response="utter_ask_contact_name")
        return []


class ActionAskContactReach(Action):
    """How to reach the visitor, after thanking them for their name when they just gave it."""

    def name(self) -> str:
        return f"action_ask_{DETAIL_SLOTS['email']}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        question = text("contact.ask.reach", language)
        understood = acknowledgement(tracker, language, name_too=True)
        dispatcher.utter_message(text=f"{understood} {question}" if understood else question)
        return []


class ActionAskContactExtras(Action):
    """The optional question (company, a good time; Skip button), after what was understood.

    When the company is known already, only the time is asked.
    """

    def name(self) -> str:
        return f"action_ask_{CONTACT_EXTRAS}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        understood = acknowledgement(tracker, language, name_too=True)
        if understood:
            dispatcher.utter_message(text=understood)
        if tracker.get_slot(DETAIL_SLOTS["company"]):  # "Jan Peeters van Acme": the time only
            dispatcher.utter_message(
                text=text("contact.ask.time_only", language),
                buttons=[{"title": text("contact.skip", language), "payload": f"/{DENY}"}],
            )
        else:
            dispatcher.utter_message(response="utter_ask_contact_extras")
        return []
