"""The rule-based NLU components, run on Rasa messages without a trained model."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.no_words import NoWordsClassifier


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "...", "?!", "👍"])
def test_a_message_without_words_has_no_intent(text: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "affirm", "confidence": 0.59}})
    NoWordsClassifier().process([message])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}


@pytest.mark.parametrize("text", ["ok", "3000", "oui 👍", "é"])
def test_a_message_with_words_keeps_its_intent(text: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "affirm", "confidence": 0.59}})
    NoWordsClassifier().process([message])
    assert message.get("intent") == {"name": "affirm", "confidence": 0.59}
