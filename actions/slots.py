"""Slot extraction and validation after every visitor message (`action_validate_slot_mappings`).

Rasa runs this action at the end of `action_extract_slots`, on every turn, so it is where the
chat language is decided (it needs the conversation so far, which an NLU component does not
see), where a bare number is given to the parameter the assistant has just asked for, and
where out-of-range values are refused with a reason instead of reaching the pricing core.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.conversation import language_count, language_cues
from actions.handoff import in_handoff
from actions.list_slots import has_refinement, revised_list
from bot.extraction.contact import NAME_LIKE, ContactReading
from bot.formatting import number
from bot.language import DEFAULT_POLICY, Evidence, request_from_entities
from bot.names import (
    BARE_NUMBER,
    CHANGE_LANGUAGE,
    CHAT_LANGUAGES,
    COMPANY,
    CONTACT_COMPANY,
    CONTACT_CUE,
    CONTACT_NAME,
    CONTACT_PROBLEM,
    EMAIL,
    ESTIMATE_SHOWN,
    GOODBYE,
    GREET,
    INFORM,
    LANGUAGE,
    LANGUAGE_COUNT,
    LANGUAGE_EVIDENCE,
    MULTILINGUAL,
    OUT_OF_SCOPE,
    PERSON_NAME,
    PHONE,
    PREFERRED_TIME,
    REQUEST_HUMAN,
    REQUESTED_PARAMETER,
    THANK,
)
from bot.pricing.rate_card import default_rate_card
from bot.pricing.resolve import default_list
from bot.pricing.scenario import (
    LIST_SLOTS,
    MAX_SUPPORT_LANGUAGES,
    NUMERIC_BOUNDS,
    SCENARIO_FIELDS,
    parameter_problem,
)

logger = logging.getLogger(__name__)

# What a refused value is told: the accepted range of each parameter that has one.
LIMITS: dict[str, tuple[float, float]] = {
    **{name: (bounds.low, bounds.high) for name, bounds in NUMERIC_BOUNDS.items()},
    "support_languages": (1, MAX_SUPPORT_LANGUAGES),
}


def latest_user_event(tracker: Tracker) -> dict[str, Any]:
    """The visitor's latest message event ({} before the first one)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event
    return {}


def value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """What `slot` held before the latest message, to restore it when a new value is refused."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user" and not seen_user:
            seen_user = True
        elif seen_user and kind == "slot" and event.get("name") == slot:
            return event.get("value")
        elif seen_user and kind == "restart":
            return None
    return None


def contact_details_expected(tracker: Tracker, intent: str | None) -> bool:
    """Whether this message belongs to the handoff: names, emails and phone numbers.

    Then a phone number is no contact volume, and a name or an address says nothing about the
    chat language (only an explicit request changes it).
    """
    return in_handoff(tracker) or intent == REQUEST_HUMAN


def page_language(tracker: Tracker) -> str | None:
    """The page language the widget or REST client sent as message metadata, if any."""
    metadata = latest_user_event(tracker).get("metadata") or {}
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language if isinstance(language, str) else None


# Intents of a bare name the dialogue has no use for at that moment ("Mark Evans" when a
# volume was asked): not "Hallo Jan", a greeting.
NAME_ALONE_INTENTS = frozenset({INFORM, OUT_OF_SCOPE})
# What the contact reader finds; any other entity (a channel, a language) makes it no name.
CONTACT_ENTITIES = frozenset(
    {EMAIL, PHONE, PERSON_NAME, COMPANY, PREFERRED_TIME, CONTACT_CUE, CONTACT_PROBLEM}
)


def name_outside_handoff(tracker: Tracker, intent: str | None) -> str | None:
    """A name the visitor gives before any handoff, kept so that the form does not ask again.

    "I'm Mark Evans" counts whatever the intent; a bare name of two words or more only when
    NLU read it as nothing else. The form says it back when it starts ("Thank you, Mark Evans,
    ..."), and a lead stores it only with the visitor's consent.
    """
    reading = reading_before_handoff(tracker, CONTACT_NAME)
    if reading is None:
        return None
    if reading.introduced_name:
        return reading.introduced_name
    name = reading.name_answer if NAME_LIKE in reading.cues else None
    entities = (tracker.latest_message or {}).get("entities") or []
    alone = all(entity.get("entity") in CONTACT_ENTITIES for entity in entities)  # "Live Chat"
    if name and alone and intent in NAME_ALONE_INTENTS and len(name.split()) >= 2:
        return name
    return None


def company_outside_handoff(tracker: Tracker, kept_name: str | None) -> str | None:
    """A company the visitor names before any handoff, kept so that the form does not ask again.

    "I'm the support manager at Acme Ltd, could someone call me?" may be read as another
    intent than a request for a person, and the form then starts a message later: the company
    named in a phrase of its own or with the name counts whatever the intent, and the one
    after a bare name that `name_outside_handoff` kept (`kept_name`: "Ciara Byrne from Byrne
    Travel"). Like the name, a lead stores it only with the visitor's consent.
    """
    reading = reading_before_handoff(tracker, CONTACT_COMPANY)
    if reading is None:
        return None
    if reading.introduced_company:
        return reading.introduced_company
    return reading.after_name.company if kept_name else None


def reading_before_handoff(tracker: Tracker, slot: str) -> ContactReading | None:
    """NLU's contact reading of the latest message, unless the handoff runs or `slot` is known."""
    if in_handoff(tracker) or tracker.get_slot(slot):
        return None
    entities = (tracker.latest_message or {}).get("entities") or []
    return ContactReading.from_entities(entities)


def _excluded_intents(domain: DomainDict, slot: str) -> list[str]:
    """The intents whose entities never fill `slot` (its domain.yml mapping's `not_intent`)."""
    mappings = domain.get("slots", {}).get(slot, {}).get("mappings") or [{}]
    return list(mappings[0].get("not_intent") or [])


class ValidateSlotMappings(ValidationAction):
    """Chat language, bare numbers, and range checks of the scenario parameters."""

    def name(self) -> str:
        """Rasa calls the action with this name after extracting slots."""
        return "action_validate_slot_mappings"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The chat language, and the answer to the question just asked."""
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        chosen = next(tracker.get_latest_entity_values(LANGUAGE), None)  # a language button
        evidence = Evidence.from_dict(message.get(LANGUAGE_EVIDENCE))
        request = request_from_entities(message.get("entities") or [])
        current = tracker.get_slot(LANGUAGE)
        if contact_details_expected(tracker, intent) and intent != CHANGE_LANGUAGE:
            language = current or self._decide(evidence, request, None, tracker, intent)
        else:
            language = self._decide(evidence, request, current, tracker, intent)
        if intent == CHANGE_LANGUAGE and chosen in CHAT_LANGUAGES:
            language = chosen
        events: list[EventType] = [SlotSet(LANGUAGE, language)]
        events.extend(self._answer_to_question(tracker, intent))
        events.extend(self._refined_lists(tracker, domain, intent, language))
        name = name_outside_handoff(tracker, intent)
        if name:
            events.append(SlotSet(CONTACT_NAME, name))
        company = company_outside_handoff(tracker, name)
        if company:
            events.append(SlotSet(CONTACT_COMPANY, company))
        return events

    @staticmethod
    def _decide(
        evidence: Evidence,
        request: tuple[str, bool] | None,
        current: str | None,
        tracker: Tracker,
        intent: str | None,
    ) -> str:
        """The chat language from NLU's reading, the current language and the page language."""
        return DEFAULT_POLICY.decide(
            evidence, request, current, page_language(tracker), **language_cues(intent)
        )

    @staticmethod
    def _answer_to_question(tracker: Tracker, intent: str | None) -> list[EventType]:
        """The parameter just asked for, from this message, whatever intent it was given.

        A short answer ("kantooruren", "French and Dutch") is easily classified as something
        else, and the domain's mappings then ignore it; the question makes it unambiguous.
        A bare number answers a numeric question, unless the message is about something else
        ("thanks a million").
        """
        asked = tracker.get_slot(REQUESTED_PARAMETER)
        if asked not in SCENARIO_FIELDS or contact_details_expected(tracker, intent):
            return []
        values = list(tracker.get_latest_entity_values(asked))
        if values:
            return [SlotSet(asked, values if asked in LIST_SLOTS else values[0])]
        numbers = list(tracker.get_latest_entity_values(BARE_NUMBER))
        if numbers and asked in NUMERIC_BOUNDS and intent not in (THANK, GOODBYE, GREET):
            return [SlotSet(asked, numbers[0])]
        return []

    @staticmethod
    def _refined_lists(
        tracker: Tracker, domain: DomainDict, intent: str | None, language: str
    ) -> list[EventType]:
        """Channels and languages added or taken off ("add chat", "sans le téléphone").

        They change the list the visitor had: the slot, or, once an estimate has been shown,
        the defaults it assumed (adding chat to an assumed phone line prices both). Before
        any estimate there is nothing to add to, so the names become the list. An emptied
        list is refused by the validation below, with the reason.
        """
        entities = (tracker.latest_message or {}).get("entities") or []
        if contact_details_expected(tracker, intent):
            return []
        events: list[EventType] = []
        for slot in LIST_SLOTS:
            if not has_refinement(entities, slot) or intent in _excluded_intents(domain, slot):
                continue
            current = value_before_latest_message(tracker, slot)
            if current is None and tracker.get_slot(ESTIMATE_SHOWN):
                current = default_list(
                    slot,
                    default_rate_card(),
                    language,
                    multilingual=bool(tracker.get_slot(MULTILINGUAL)),
                    language_count=language_count(tracker),
                )
            events.append(SlotSet(slot, revised_list(current or [], entities, slot)))
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Refuse out-of-range parameters, keep the previous value and say why."""
        updates = dict(tracker.slots_to_validate())
        language = tracker.get_slot(LANGUAGE)
        counts = list(tracker.get_latest_entity_values(LANGUAGE_COUNT))
        if counts and not 1 <= counts[0] <= MAX_SUPPORT_LANGUAGES:  # "in 400 languages"
            self._say_why(dispatcher, domain, "support_languages", language)
            updates[LANGUAGE_COUNT] = value_before_latest_message(tracker, LANGUAGE_COUNT)
        for slot, value in list(updates.items()):
            if slot not in SCENARIO_FIELDS or value is None:
                continue
            problem = parameter_problem(slot, value)
            if problem is None:
                continue
            logger.info("refused a value for %s: %s", slot, problem)
            updates[slot] = value_before_latest_message(tracker, slot)
            self._say_why(dispatcher, domain, slot, language)
        return [SlotSet(slot, value) for slot, value in updates.items()]

    @staticmethod
    def _say_why(
        dispatcher: CollectingDispatcher, domain: DomainDict, slot: str, language: str | None
    ) -> None:
        """Tell the visitor the accepted range of `slot`, or that the value was unusable."""
        response = f"utter_invalid_{slot}"
        if response not in domain.get("responses", {}):
            dispatcher.utter_message(response="utter_invalid_parameter")
            return
        if slot not in LIMITS:  # "sans le téléphone" when it was the only channel
            dispatcher.utter_message(response=response)
            return
        low, high = LIMITS[slot]
        dispatcher.utter_message(
            response=response, minimum=number(low, language), maximum=number(high, language)
        )
