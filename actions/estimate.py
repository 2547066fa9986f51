"""The estimate dialogue: ask for what the pricing core still needs, then price and explain.

Actions format and route; the pricing core decides which parameters are indispensable
(`questions_to_ask`) and computes every figure. The estimate goes out as three short texts
plus the SPEC section 4 payload as a custom message.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import ClassVar

from pydantic import ValidationError
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import (
    chat_language,
    gives_scenario,
    language_count,
    name_introduced_now,
)
from bot.estimate_reply import assumed_first, assumed_multilingual, estimate_messages
from bot.formatting import money, number
from bot.messages import text
from bot.names import (
    CHAT_LANGUAGES,
    CONTACT_OFFERED,
    COST_ITEM,
    ESTIMATE_SHOWN,
    MULTILINGUAL,
    REQUESTED_LANGUAGE,
    REQUESTED_PARAMETER,
    SKIPPED_PARAMETERS,
)
from bot.pricing import Scenario, default_rate_card, estimate, questions_to_ask
from bot.pricing.estimate import Estimate
from bot.pricing.rate_card import SourceRange
from bot.pricing.scenario import SCENARIO_FIELDS

logger = logging.getLogger(__name__)

ESTIMATE_ACTION = "action_estimate"
# Go on with the estimate dialogue once this action has set what it read: data/rules.yml
# (`action_estimate` is followed by waiting for the visitor) takes it from there.
CONTINUE_ESTIMATE = FollowupAction(ESTIMATE_ACTION)


def scenario_from_slots(tracker: Tracker) -> Scenario:
    """The scenario the visitor has given so far (slots are range-checked on every turn)."""
    values = {name: tracker.get_slot(name) for name in SCENARIO_FIELDS}
    return Scenario.parse_obj({name: value for name, value in values.items() if value is not None})


def open_questions(tracker: Tracker, scenario: Scenario) -> list[str]:
    """What the pricing core still wants, less what the visitor said they do not know."""
    return questions_to_ask(
        scenario, default_rate_card(), tracker.get_slot(SKIPPED_PARAMETERS) or []
    )


def price(tracker: Tracker, scenario: Scenario) -> Estimate:
    """The pricing core's estimate, with the chat language and a "multilingual" or a number of
    languages said."""
    return estimate(
        scenario,
        language_hint=chat_language(tracker),
        multilingual=bool(tracker.get_slot(MULTILINGUAL)),
        language_count=language_count(tracker),
    )


def priced(tracker: Tracker) -> Estimate | None:
    """The estimate for the slots as they are, or None when a question is still open."""
    scenario = scenario_from_slots(tracker)
    if open_questions(tracker, scenario):
        return None
    return price(tracker, scenario)


def ask(dispatcher: CollectingDispatcher, question: str) -> list[EventType]:
    """Ask for one scenario parameter; a "yes" to it accepts no offer of contact."""
    dispatcher.utter_message(response=f"utter_ask_{question}")
    return [SlotSet(REQUESTED_PARAMETER, question), SlotSet(CONTACT_OFFERED, False)]


def send_estimate(
    dispatcher: CollectingDispatcher, result: Estimate, language: str, *, counted: bool = False
) -> None:
    """The estimate as texts in the chat language, then the payload for the widget and CRM;
    `counted`: the support languages were assumed from a number of languages."""
    for message in estimate_messages(result, language, counted=counted):
        dispatcher.utter_message(text=message)
    dispatcher.utter_message(json_message=result.payload(language))


class ActionEstimate(Action):
    """Ask the most important open question, or give the estimate when none is left."""

    def name(self) -> str:
        return ESTIMATE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """One question per turn (with quick replies), or the estimate and an offer of contact."""
        language = chat_language(tracker)
        try:
            scenario = scenario_from_slots(tracker)
        except ValidationError:  # slots are checked every turn; this is a defect, not input
            logger.exception("scenario slots failed validation")
            dispatcher.utter_message(response="utter_invalid_parameter")
            return []
        questions = open_questions(tracker, scenario)
        named = name_introduced_now(tracker)  # "Mijn naam is Ingrid Smit": thanked by name
        if named:
            dispatcher.utter_message(text=text("contact.thanks_named", language, name=named))
        if questions:
            question = questions[0]
            if tracker.get_slot(REQUESTED_PARAMETER) == question and not named:
                dispatcher.utter_message(response="utter_not_understood_value")  # no answer
            return ask(dispatcher, question)
        if named and tracker.get_slot(ESTIMATE_SHOWN) and not gives_scenario(tracker):
            dispatcher.utter_message(response="utter_offer_contact")  # the estimate stands
            return [SlotSet(REQUESTED_PARAMETER, None), SlotSet(CONTACT_OFFERED, True)]
        result = price(tracker, scenario)
        send_estimate(dispatcher, result, language, counted=language_count(tracker) is not None)
        if assumed_multilingual(result):  # quick replies to name the languages
            dispatcher.utter_message(response="utter_change_multilingual")
        elif assumed_first(result, language):  # quick replies to change the assumed defaults
            dispatcher.utter_message(response="utter_change_assumptions")
        dispatcher.utter_message(response="utter_offer_contact")
        return [
            SlotSet(REQUESTED_PARAMETER, None),
            SlotSet(CONTACT_OFFERED, True),
            SlotSet(ESTIMATE_SHOWN, True),
        ]


class ActionChangeLanguage(Action):
    """Confirm the new chat language and say the last estimate again in it."""

    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        wanted = next(tracker.get_latest_entity_values(REQUESTED_LANGUAGE), None)
        if wanted is None and tracker.get_slot(REQUESTED_PARAMETER) is not None:
            # "French and Dutch" answering "which languages?" is no request to switch: the
            # answer is in the slots already (actions/slots.py); the estimate goes on.
            return [CONTINUE_ESTIMATE]
        if wanted is not None and wanted not in CHAT_LANGUAGES:  # "auf Deutsch?"
            dispatcher.utter_message(response="utter_languages_offered")
            return []
        dispatcher.utter_message(response="utter_language_changed")
        result = priced(tracker) if tracker.get_slot(REQUESTED_PARAMETER) is None else None
        if result is not None and tracker.get_slot(ESTIMATE_SHOWN):
            counted = language_count(tracker) is not None
            send_estimate(dispatcher, result, chat_language(tracker), counted=counted)
        return []


class ActionCompareInHouse(Action):
    """Outsourcing versus in-house: with the visitor's figures when the scenario is known."""

    def name(self) -> str:
        return "action_compare_in_house"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        result = priced(tracker)
        if result is None:
            dispatcher.utter_message(response="utter_compare_in_house")
            return ask(dispatcher, open_questions(tracker, scenario_from_slots(tracker))[0])
        best = next(o for o in result.options if o.model == result.recommended)
        dispatcher.utter_message(
            text=text(
                "compare.with_scenario",
                language,
                fte=number(result.in_house.fte, language, decimals=0),
                in_house=money(result.in_house.first_year.expected, language),
                in_house_monthly=money(result.in_house.monthly.expected, language),
                model=text(f"model.{best.model}", language),
                outsourced=money(best.first_year.expected, language),
            )
        )
        return []


def _price_range(source: SourceRange, language: str, *, cents: bool) -> str:
    """A source range as words ("30 € à 75 €", "€ 30 tot € 75"), or its floor when open."""
    if source.high is None:
        return money(source.low, language, cents=cents)
    return text(
        "explain.range",
        language,
        low=money(source.low, language, cents=cents),
        high=money(source.high, language, cents=cents),
    )


class ExplainFromSource(Action, ABC):
    """A catalogue text filled with the source's price ranges from the rate card.

    Abstract, so that the action server registers only the subclasses.
    """

    # (placeholder, rate card source item, with cents)
    ranges: ClassVar[tuple[tuple[str, str, bool], ...]]

    @property
    @abstractmethod
    def catalogue_key(self) -> str:
        """The catalogue entry with one placeholder per range."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = chat_language(tracker)
        for key in self.catalogue_keys(tracker):
            dispatcher.utter_message(text=text(key, language, **self.values(language)))
        return []

    def values(self, language: str) -> dict[str, str]:
        """Every range placeholder, formatted for the chat language."""
        source = default_rate_card().source
        return {
            placeholder: _price_range(getattr(source, item), language, cents=cents)
            for placeholder, item, cents in self.ranges
        }

    def catalogue_keys(self, tracker: Tracker) -> list[str]:
        """The texts to send: the one catalogue entry, unless a subclass picks others."""
        return [self.catalogue_key]


class ActionExplainSupportModels(ExplainFromSource):
    """The three forms of outsourcing with the source's rate ranges."""

    catalogue_key = "explain.support_models"
    ranges = (
        ("dedicated", "dedicated", False),
        ("per_minute", "per_minute", True),
        ("per_interaction", "per_interaction", True),
    )

    def name(self) -> str:
        return "action_explain_support_models"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """After an estimate, "what about per minute?" re-prices with that form only."""
        named = next(tracker.get_latest_entity_values("support_model"), None)
        if named is not None and tracker.get_slot(ESTIMATE_SHOWN):
            return [SlotSet("support_model", named), CONTINUE_ESTIMATE]
        return await super().run(dispatcher, tracker, domain)


class ActionExplainCostItems(ExplainFromSource):
    """The cost items of the source (start-up, management, training, other) with their ranges."""

    catalogue_key = "explain.cost_items"
    ranges = (
        ("startup", "startup_fee", False),
        ("management", "management_fee", False),
        ("training", "training", False),
    )

    def name(self) -> str:
        return "action_explain_cost_items"

    def catalogue_keys(self, tracker: Tracker) -> list[str]:
        """The items the visitor named ("les frais de démarrage ?"), else the overview."""
        named = tracker.get_latest_entity_values(COST_ITEM)
        return [f"explain.{item}" for item in named] or [self.catalogue_key]


class ActionSkipQuestion(Action):
    """ "I don't know" to the question just asked: skip it, so its default is used.

    data/rules.yml runs this only while a question is open (`requested_parameter` is set), and
    `action_estimate` after it, which asks the next question or gives the estimate; a "no"
    with no question open is answered by a response.
    """

    def name(self) -> str:
        return "action_skip_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        asked = tracker.get_slot(REQUESTED_PARAMETER)
        if asked is None:  # only when a rule was bypassed; there is nothing to skip
            return []
        return [SlotSet(SKIPPED_PARAMETERS, [*(tracker.get_slot(SKIPPED_PARAMETERS) or []), asked])]
