"""Base of the rule-based Rasa components: nothing to configure, train, store or load."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from typing_extensions import Self


class StatelessComponent(GraphComponent):
    """A component whose behaviour lives entirely in code."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """A new instance: nothing to load."""
        return cls()


def add_entities(message: Message, found: list[dict[str, Any]]) -> None:
    """Append entities to those of earlier extractors (nothing when none was found)."""
    if found:
        message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)


def whole_message_entity(
    text: str, entity: str, value: Any, extractor: str, role: str | None = None
) -> dict[str, Any]:
    """An entity read from the message as a whole (no span of its own)."""
    found = {"entity": entity, "value": value, "start": 0, "end": len(text), "extractor": extractor}
    if role is not None:
        found["role"] = role
    return found


def put_first(message: Message, intent: str) -> None:
    """Make `intent` the message's intent, with full confidence, ahead of the ranking."""
    chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    others = [
        ranked
        for ranked in message.get(INTENT_RANKING_KEY) or []
        if ranked.get(INTENT_NAME_KEY) != intent
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
