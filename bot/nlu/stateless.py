"""Base of the rule-based Rasa components: nothing to configure, train, store or load."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
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
