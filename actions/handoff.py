"""The handoff to a salesperson: collect contact details, ask consent, store, then notify.

`handoff_form` (domain.yml) asks the questions; `validate_handoff_form` takes what NLU read in
every message (bot/nlu/contact_details.py: several details at once), decides what it answers
(actions/contact_answers.py), explains a wrong answer, and ends the form early on "no" or
after three wrong answers; `action_submit_handoff` then stores the lead
and only after it is stored thanks the visitor, promises a call-back time and sends the
`handoff` payload. Email and webhook delivery run in the background (bot.leads.delivery).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.contact_answers import DETAIL_SLOTS, contact_update
from actions.conversation import chat_language, gives_scenario
from actions.estimate import priced, scenario_from_slots
from actions.handoff_questions import acknowledgement
from bot.extraction.contact import ContactReading
from bot.leads.delivery import channels_on, deliver
from bot.leads.handoff import (
    COMPANY_CONTACT,
    CONSENT_VERSION,
    consent_text,
    lead_store,
    office_hours,
    promise,
)
from bot.leads.settings import settings
from bot.leads.store import NewLead
from bot.messages import text
from bot.names import (
    CONTACT_COMPANY,
    CONTACT_CONSENT,
    CONTACT_EMAIL,
    CONTACT_EXTRAS,
    CONTACT_FAILURES,
    CONTACT_NAME,
    CONTACT_OFFERED,
    HANDOFF_FORM,
    LEAD_STORED,
    REQUESTED_PARAMETER,
    REQUESTED_SLOT,
)

logger = logging.getLogger(__name__)

MAX_FAILURES = 3
# Background deliveries, kept referenced until done (asyncio holds only weak references).
_deliveries: set[asyncio.Task[Any]] = set()


def in_handoff(tracker: Tracker) -> bool:
    """Whether the handoff form is collecting details now."""
    return tracker.active_loop_name == HANDOFF_FORM


class ValidateHandoffForm(FormValidationAction):
    """Read contact details from each message and decide what is still to ask."""

    def name(self) -> str:
        return f"validate_{HANDOFF_FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Name, a way to reach the visitor, the optional question, consent; none when ended."""
        if tracker.get_slot(CONTACT_CONSENT) is False:  # declined, or "no" to the handoff
            return []
        if (tracker.get_slot(CONTACT_FAILURES) or 0) >= MAX_FAILURES:
            return []
        reachable = tracker.get_slot(DETAIL_SLOTS["email"]) or tracker.get_slot(
            DETAIL_SLOTS["phone"]
        )
        # A request passed on already: what the visitor adds goes into it, under the consent
        # given for it ("and on 06 … if needed" after the handoff), so consent is not asked.
        passed_on = bool(tracker.get_slot(LEAD_STORED))
        return [
            slot
            for slot in domain_slots
            if not (slot == CONTACT_EMAIL and reachable)
            and not (slot == CONTACT_CONSENT and passed_on)
        ]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Everything the latest message says about the contact details, and what was wrong."""
        message = tracker.latest_message or {}
        update = contact_update(
            ContactReading.from_entities(message.get("entities") or []),
            tracker.get_slot(REQUESTED_SLOT),
            chat_language(tracker),
            (message.get("intent") or {}).get("name"),
            about_scenario=gives_scenario(tracker),
            known_name=tracker.get_slot(CONTACT_NAME),
            known_company=tracker.get_slot(CONTACT_COMPANY),
        )
        events: list[EventType] = [
            SlotSet(slot, getattr(update, field))
            for field, slot in DETAIL_SLOTS.items()
            if getattr(update, field)
        ]
        if update.optional_answered:
            events.append(SlotSet(CONTACT_EXTRAS, True))
        if update.cancelled:
            events.append(SlotSet(CONTACT_CONSENT, False))
        elif update.consent is not None:
            events.append(SlotSet(CONTACT_CONSENT, update.consent))
        if update.problems:
            failures = (tracker.get_slot(CONTACT_FAILURES) or 0) + 1
            again = "_again" if failures > 1 else ""  # the second time in other words
            for problem in update.problems:
                dispatcher.utter_message(response=f"utter_contact_problem_{problem}{again}")
            logger.info("handoff: wrong answer %d (%s)", failures, ", ".join(update.problems))
            events.append(SlotSet(CONTACT_FAILURES, failures))
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Every slot set this turn: the reading above is the validation.

        rasa-sdk's default keeps only the form's required slots, and would drop the phone
        number, the company, the failure count, and an email address given with the name.
        """
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items()]


class ActionAskContactConsent(Action):
    """The consent question, from the catalogue, so the stored text is the one shown; after
    what the latest message gave, when it gave something ("Pieter van den Broeck, Van den Broeck
    Bouw NV, 0476 …" at the name question leaves only consent to ask)."""

    def name(self) -> str:
        return "action_ask_contact_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        understood = acknowledgement(tracker, language, name_too=True)
        if understood:
            dispatcher.utter_message(text=understood)
        dispatcher.utter_message(
            text=consent_text(language, settings()),
            buttons=[
                {"title": text("handoff.agree", language), "payload": "/affirm"},
                {"title": text("handoff.decline", language), "payload": "/deny"},
            ],
        )
        return []


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    """The visitor's messages with their times (UTC), as typed; quick replies by their intent."""
    said = []
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        words = event.get("text") or ""
        at = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)
        said.append({"at": at.isoformat(timespec="seconds"), "text": words})
    return said


def new_lead(tracker: Tracker, language: str, promise_code: str) -> NewLead:
    """The lead for this conversation: contact slots, scenario, latest estimate, transcript."""
    result = priced(tracker)
    details = {field: tracker.get_slot(slot) for field, slot in DETAIL_SLOTS.items()}
    return NewLead(
        conversation_id=tracker.sender_id,
        language=language,
        **{**details, "name": details["name"] or ""},
        consent_text=consent_text(language, settings()),
        consent_version=CONSENT_VERSION,
        promise=promise_code,
        scenario=scenario_from_slots(tracker).dict(exclude_none=True),
        estimate=result.payload(language) if result is not None else None,
        transcript=transcript(tracker),
    )


def deliver_in_background(lead_id: str) -> None:
    """Email and webhook for a new lead, without keeping the visitor waiting."""
    task = asyncio.get_running_loop().create_task(
        asyncio.to_thread(deliver, lead_store(), settings(), [lead_id])
    )
    _deliveries.add(task)
    task.add_done_callback(_delivery_done)


def _delivery_done(task: asyncio.Task[Any]) -> None:
    _deliveries.discard(task)
    if not task.cancelled() and task.exception() is not None:  # the retry loop will try again
        logger.error("lead delivery failed: %s", type(task.exception()).__name__)


class ActionSubmitHandoff(Action):
    """End of the form: store the lead and promise a call-back, or say what happens instead."""

    def name(self) -> str:
        return "action_submit_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # A later request asks consent again; a scenario question asked before is moot. The
        # contact details stay, so that a second request does not ask them again.
        reset = [
            SlotSet(CONTACT_CONSENT, None),
            SlotSet(CONTACT_FAILURES, 0),
            SlotSet(REQUESTED_PARAMETER, None),
        ]
        consent = tracker.get_slot(CONTACT_CONSENT)
        failures = tracker.get_slot(CONTACT_FAILURES) or 0
        if consent is None and tracker.get_slot(LEAD_STORED) and failures < MAX_FAILURES:
            return [*reset, *await self.add_to_lead(dispatcher, tracker)]
        if consent is not True:
            declined = consent is False and failures < MAX_FAILURES
            dispatcher.utter_message(
                response="utter_handoff_cancelled" if declined else "utter_handoff_alternatives",
                **COMPANY_CONTACT,
            )
            return [*reset, SlotSet(LEAD_STORED, False), SlotSet(CONTACT_OFFERED, False)]
        language = chat_language(tracker)
        promise_code, promised = promise(datetime.now(timezone.utc), office_hours(), language)
        lead = new_lead(tracker, language, promise_code)
        try:
            lead_id, created = await asyncio.to_thread(
                lead_store().save, lead, channels_on(settings())
            )
        except SQLAlchemyError as error:  # nothing stored: say so, keep the details for a retry
            logger.error("handoff: the lead could not be stored (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_failed", **COMPANY_CONTACT)
            return [  # the offer stands: "yes" tries again
                SlotSet(CONTACT_CONSENT, None),
                SlotSet(CONTACT_FAILURES, 0),
                SlotSet(LEAD_STORED, False),
                SlotSet(CONTACT_OFFERED, True),
            ]
        logger.info("handoff: lead %s %s", lead_id, "stored" if created else "already stored")
        if created:
            deliver_in_background(lead_id)
        dispatcher.utter_message(text=text("handoff.passed_on", language, name=lead.name))
        dispatcher.utter_message(text=promised)
        dispatcher.utter_message(
            json_message={"type": "handoff", "language": language, "lead_id": lead_id}
        )
        return [*reset, SlotSet(LEAD_STORED, True), SlotSet(CONTACT_OFFERED, False)]

    async def add_to_lead(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        """After a stored lead: put what the visitor added into it, and say so.

        Nothing new ("can someone call me?" again): the request is with the team already.
        The updated lead is delivered again (bot.leads.store `update`).
        """
        language = chat_language(tracker)
        lead = new_lead(tracker, language, promise_code="")  # the first promise stays
        store = lead_store()
        try:
            lead_id = await asyncio.to_thread(store.latest_of, tracker.sender_id)
            changed = lead_id is not None and await asyncio.to_thread(store.update, lead_id, lead)
        except SQLAlchemyError as error:  # the lead as first stored is still there
            logger.error("handoff: the lead could not be updated (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_failed", **COMPANY_CONTACT)
            return [SlotSet(LEAD_STORED, True), SlotSet(CONTACT_OFFERED, False)]
        if not changed or lead_id is None:
            dispatcher.utter_message(response="utter_handoff_already_done")
            return [SlotSet(LEAD_STORED, True), SlotSet(CONTACT_OFFERED, False)]
        logger.info("handoff: lead %s updated", lead_id)
        deliver_in_background(lead_id)
        understood = acknowledgement(tracker, language, name_too=True)
        added = text("handoff.added", language)
        dispatcher.utter_message(text=f"{understood} {added}" if understood else added)
        return [SlotSet(LEAD_STORED, True), SlotSet(CONTACT_OFFERED, False)]

