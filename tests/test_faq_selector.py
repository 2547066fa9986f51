"""The FAQ selector writes what Rasa's readers of the ResponseSelector's output expect.

Rasa's processor takes the full retrieval intent (`faq/<question>`) from the
`response_selector` of a parse, and the `utter_faq` retrieval action takes the response it
sends from there; both are called here on the selector's output, so a change of either
reader in Rasa fails this test. Trained on examples written for the test (not the
assistant's data), stored and loaded again as Rasa does between training and serving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.core.actions.action import ActionRetrieveResponse
from rasa.core.processor import MessageProcessor
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_selector import TfidfSvmResponseSelector

QUESTIONS = {
    "faq/opening": [
        "when are you open",
        "what are your opening hours",
        "are you open on sunday",
        "opening times please",
        "at what time do you open",
        "until when are you open today",
    ],
    "faq/parking": [
        "where can I park",
        "is there a car park",
        "do you have parking spaces",
        "parking near the office?",
        "can I leave my car somewhere",
        "is parking free",
    ],
    "faq/payment": [
        "can I pay by card",
        "which payment methods do you accept",
        "do you take cash",
        "is bank transfer possible",
        "how do I pay",
        "can I pay later",
    ],
}
RESPONSES = {
    key.replace("faq/", "utter_faq/"): [{"text": f"the answer about {key[4:]}"}]
    for key in QUESTIONS
}
OTHER_INTENT = ["hello", "hi there", "good morning"]


def training_data() -> TrainingData:
    examples = [
        Message(data={"text": text, "intent": "faq", "intent_response_key": key})
        for key, texts in QUESTIONS.items()
        for text in texts
    ]
    examples += [Message(data={"text": text, "intent": "greet"}) for text in OTHER_INTENT]
    return TrainingData(examples, responses=RESPONSES)


@pytest.fixture(scope="module")
def selector(tmp_path_factory: pytest.TempPathFactory) -> TfidfSvmResponseSelector:
    """Trained, stored, then loaded from the model storage (what a served model runs)."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("faq_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"retrieval_intent": "faq"}
    TfidfSvmResponseSelector.create(config, storage, resource, context).train(training_data())
    return TfidfSvmResponseSelector.load(config, storage, resource, context)


def parse_data(selector: TfidfSvmResponseSelector, text: str) -> dict[str, Any]:
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.9}})
    selector.process([message])
    return message.as_dict_nlu()


def test_the_selected_answer_is_the_question_asked(selector: TfidfSvmResponseSelector) -> None:
    found = parse_data(selector, "where do I park my car?")["response_selector"]
    assert found["all_retrieval_intents"] == ["faq"]
    response = found["faq"]["response"]
    assert response["intent_response_key"] == "faq/parking"
    assert response["utter_action"] == "utter_faq/parking"
    assert response["responses"] == [{"text": "the answer about parking"}]
    ranking = found["faq"]["ranking"]
    assert ranking[0]["intent_response_key"] == "faq/parking"
    assert {label["intent_response_key"] for label in ranking} == set(QUESTIONS)
    assert all(set(label) == {"confidence", "intent_response_key"} for label in ranking)
    confidences = [label["confidence"] for label in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert response["confidence"] == confidences[0]
    assert abs(sum(confidences) - 1.0) < 1e-6


def test_rasa_reads_the_full_retrieval_intent_and_the_response_to_send(
    selector: TfidfSvmResponseSelector,
) -> None:
    parse = parse_data(selector, "which cards can I pay with")
    MessageProcessor._update_full_retrieval_intent(None, parse)  # type: ignore[arg-type]
    assert parse["intent"]["full_retrieval_intent_name"] == "faq/payment"

    tracker = DialogueStateTracker.from_events(
        "visitor", [UserUttered(parse["text"], parse["intent"], parse_data=parse)]
    )
    assert ActionRetrieveResponse("utter_faq").get_full_retrieval_name(tracker) == (
        "utter_faq/payment"
    )


def test_without_a_stored_model_nothing_is_selected(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    empty = TfidfSvmResponseSelector.load({}, storage, Resource("missing"), context)
    assert "response_selector" not in parse_data(empty, "where can I park")
