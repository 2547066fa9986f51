"""The rule-based NLU components, run on Rasa messages without a trained model."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.contact_details import ContactDetailsExtractor
from bot.nlu.contact_request import ContactRequestClassifier
from bot.nlu.no_words import NoWordsClassifier
from tests.nlu_reading import parsed


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


@pytest.mark.parametrize(
    "text",
    [
        "Can someone call me back? I'm Tom Baker, +32 470 12 34 56",
        "Pouvez-vous me rappeler ? Je m'appelle Luc Martin, 06 12 34 56 78",
        "Kunt u mij terugbellen? Ik ben Anna de Groot, 043 123 45 67",
        "my email is jan@acme.nl",
    ],
)
def test_contact_details_make_a_request_for_a_person(text: str) -> None:
    message = Message(
        data={
            "text": text,
            "intent": {"name": "ask_estimate", "confidence": 0.99},
            "intent_ranking": [
                {"name": "ask_estimate", "confidence": 0.99},
                {"name": "request_human", "confidence": 0.01},
            ],
        }
    )
    ContactRequestClassifier().process(ContactDetailsExtractor().process([message]))
    assert message.get("intent") == {"name": "request_human", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["request_human", "ask_estimate"]


@pytest.mark.parametrize(
    "text", ["3000 calls a month", "12.000 gesprekken per jaar", "250 000 appels par an", "24/7"]
)
def test_volumes_are_no_contact_details(text: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "inform", "confidence": 0.9}})
    ContactRequestClassifier().process(ContactDetailsExtractor().process([message]))
    assert message.get("intent") == {"name": "inform", "confidence": 0.9}


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("Ruud Vermeulen van HEMA", "restart", "inform"),
        ("Sanne de Boer", "goodbye", "inform"),
        ("Restart", "restart", "restart"),  # one word: the classifier may well be right
        ("start over", "restart", "restart"),
        ("Tot ziens", "goodbye", "goodbye"),
        ("Hallo Jan", "greet", "greet"),  # only intents that end what the visitor is doing
        # a company named in a phrase of its own, as people say where they work
        ("je bosse chez Maison Ricard", "goodbye", "inform"),
        ("ik zit bij De Lijn", "goodbye", "inform"),
        ("I'm employed by Northwind", "restart", "inform"),
        ("bye, I work at home", "goodbye", "goodbye"),  # no capitalised company: a goodbye
        # time words in a request to start over are no time to call
        ("on efface tout et on recommence demain", "restart", "restart"),
        ("begin maar weer van voren af aan", "restart", "restart"),
    ],
)
def test_a_name_alone_is_no_goodbye(text: str, intent: str, expected: str) -> None:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.6}})
    ContactRequestClassifier().process(ContactDetailsExtractor().process([message]))
    assert message.get("intent")["name"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("evenings work best for me", "inform"),
        ("demain en fin de matinée", "inform"),
        ("liefst donderdagochtend", "inform"),
        ("bye, see you tomorrow", "goodbye"),  # a time inside a goodbye
        ("à demain alors", "goodbye"),
        ("tot morgen!", "goodbye"),
        ("goodbye", "goodbye"),
        ("that's all for today, thanks", "goodbye"),
        ("je reviendrai demain", "goodbye"),
        ("bedankt, ik kom morgen terug", "goodbye"),
        # wishes for the rest of the day take leave
        ("en dan nog een fijne avond gewenst", "goodbye"),
        ("bonne soirée à vous aussi", "goodbye"),
        ("have a nice evening then", "goodbye"),
        ("fijn weekend alvast", "goodbye"),
    ],
)
def test_a_good_time_to_call_is_no_goodbye(text: str, expected: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "goodbye", "confidence": 0.7}})
    ContactRequestClassifier().process(ContactDetailsExtractor().process([message]))
    assert message.get("intent")["name"] == expected


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        # a language added to or taken off the service, not the chat's
        ("en als we Engels toevoegen?", None),
        ("en met Frans erbij?", None),
        ("en zonder Nederlands?", None),
        ("et si on ajoute l'anglais ?", None),
        ("what if we add French?", None),
        ("and without English?", None),
        ("add Dutch please", None),
        # requests to chat in a language stay requests
        ("kunnen we in het Engels verder?", "en"),
        ("en français svp", "fr"),
        ("English please", "en"),
    ],
)
def test_a_language_added_or_removed_is_no_chat_request(text: str, requested: str | None) -> None:
    entities = parsed(text)["entities"]
    found = [e["value"] for e in entities if e["entity"] == "requested_language"]
    assert found == ([requested] if requested else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the classifier may read these as chat requests: they change the scenario
        ("add English please", "inform"),
        ("voeg Frans toe aub", "inform"),
        ("ajoutez le néerlandais svp", "inform"),
        ("and without English?", "inform"),
        # chat requests stay requests
        ("kunnen we in het Engels verder?", "change_language"),
        ("English please", "change_language"),
        ("en français svp", "change_language"),
    ],
)
def test_a_language_added_or_removed_is_a_scenario_change(text: str, expected: str) -> None:
    assert parsed(text, intent="change_language")["intent"]["name"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an introduction, job title and all, gives a detail
        ("I'm Sarah Collins, head of customer care at Brightline", "inform"),
        ("Je suis Marc Dubois, directeur chez Dubois SA", "inform"),
        ("Mijn naam is Ingrid Smit", "inform"),
        # what is out of scope stays so
        ("I'm looking for a pizza place near me", "out_of_scope"),
        ("je suis fan de foot, tu regardes le match ?", "out_of_scope"),
        ("ik ben op zoek naar een vakantiejob", "out_of_scope"),
    ],
)
def test_an_introduction_is_no_out_of_scope_request(text: str, expected: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "out_of_scope", "confidence": 0.6}})
    ContactRequestClassifier().process(ContactDetailsExtractor().process([message]))
    assert message.get("intent")["name"] == expected
