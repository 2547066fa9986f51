"""Dialogue actions that do not depend on the pricing core."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.names import REQUESTED_PARAMETER, REQUESTED_SLOT, SKIPPED_PARAMETERS
from bot.pricing.scenario import SCENARIO_FIELDS


class ActionRestart(Action):
    """Start over: forget the scenario, keep the chat language and the conversation history.

    Overrides Rasa's default ``action_restart`` (which the ``restart`` intent triggers through a
    built-in rule): the default one emits ``Restarted`` and so also forgets the chat language and
    the transcript a salesperson needs. The confirmation ``utter_restart`` is rendered by Rasa
    with the slots as they were, so it stays in the current chat language.
    """

    def name(self) -> str:
        """Return the overridden default action's name."""
        return "action_restart"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Confirm and return a reset event for every scenario slot that is set."""
        dispatcher.utter_message(response="utter_restart")
        forgotten = (*SCENARIO_FIELDS, REQUESTED_PARAMETER, SKIPPED_PARAMETERS)
        events: list[EventType] = [
            SlotSet(slot, None) for slot in forgotten if tracker.get_slot(slot) is not None
        ]
        if tracker.active_loop_name:  # "start over" in the middle of the handoff ends it
            events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        return events
