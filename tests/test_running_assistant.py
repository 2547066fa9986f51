"""The whole assistant as `make run` starts it: trained model, action server, Rasa, website.

Slow (training and Rasa start-up take about a minute here), so the stack is started once for
this module, on ports of its own, with a data directory of its own.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from bench import conversations
from bench.handoff_dialogues import (
    Conversation,
    ConversationSet,
    RestClient,
    check,
    leads_of,
    load_set,
    play,
    transcript,
)
from bench.running import AssistantDidNotStart, free_port, running_assistant
from bot.company import company
from bot.formatting import money
from bot.leads.store import LeadStore, leads
from bot.messages import text as catalogue_text
from bot.pricing.estimate import Estimate
from bot.settings import development_settings
from tests.conversations import MULTILINGUAL_24_7
from tests.leads_support import SmtpSink
from tests.nlu_evaluation import (
    EVALUATION_SETS,
    LANGUAGES,
    load_heldout,
    same_value,
    score_intents,
    score_slots,
    slots_from_entities,
)
from web.serve import site_texts

ROOT = Path(__file__).resolve().parent.parent
# Free ports, so that several checkouts can run this suite on one machine at once.
PORTS = {name: str(free_port()) for name in ("RASA_PORT", "ACTIONS_PORT", "WEB_PORT")}
TOKEN = "test-token-not-secret"
ACTIONS_TOKEN = "actions-token-not-secret"
# Conversations persist in the tracker store between runs: every run uses new sender ids.
RUN = uuid.uuid4().hex[:8]
SALES_EMAIL = "sales@example.com"

pytestmark = pytest.mark.slow


def http(
    url: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def emails_about(
    inbox: SmtpSink, marker: str, timeout: float = 20
) -> list[tuple[list[str], EmailMessage]]:
    """(recipients, message) of the emails whose text contains `marker`.

    Waits up to `timeout` seconds, since the assistant emails in the background.
    """
    deadline = time.monotonic() + timeout
    while True:
        envelopes = list(inbox.handler.envelopes)  # more may arrive while we look
        received = zip(envelopes, inbox.handler.messages()[: len(envelopes)], strict=True)
        found = [(list(env.rcpt_tos), msg) for env, msg in received if marker in email_text(msg)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def email_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return str(message["Subject"]) + "\n" + (body.get_content() if body else "")


@pytest.fixture(scope="module")
def inbox() -> Iterator[SmtpSink]:
    """A real SMTP server on a free local port."""
    sink = SmtpSink(free_port())
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture(scope="module")
def leads_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh lead database for this run."""
    return f"sqlite:///{tmp_path_factory.mktemp('leads') / 'leads.sqlite3'}"


def noon_zone() -> str:
    """A fixed-offset time zone where it is between 12:00 and 13:00 now (Etc/GMT-2 is UTC+2)."""
    offset = 12 - datetime.now(timezone.utc).hour  # -11 .. +12, all of them Etc/GMT zones
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


@pytest.fixture(scope="module")
def assistant(inbox: SmtpSink, leads_db: str, trained_model: Path) -> Iterator[str]:
    """Start scripts/run.sh (what `make run` runs after setup); yield the Rasa base URL.

    The model is trained first (`trained_model`), so run.sh finds it up to date.
    """
    env = {
        **PORTS,
        "RASA_TOKEN": TOKEN,
        "ACTIONS_TOKEN": ACTIONS_TOKEN,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(inbox.port),
        "SALES_EMAIL": SALES_EMAIL,
        "LEADS_DB_URL": leads_db,
        # So that the promise is "within the hour": open all day in a zone where it is noon now.
        "OFFICE_HOURS": "mon-sun 00:00-23:59",
        "OFFICE_TIMEZONE": noon_zone(),
    }
    try:
        with running_assistant(env, ROOT / "var" / "test-run.log") as base:
            yield base
    except AssistantDidNotStart as error:
        pytest.fail(str(error))


def test_rest_channel_answers_in_the_visitors_language(assistant: str) -> None:
    replies = send(assistant, "smoke", "Bonjour !", "fr")
    assert replies and all(reply["recipient_id"] == f"{RUN}-smoke" for reply in replies)
    assert replies[0]["text"].startswith("Bonjour")
    assert tracker_slots(assistant, "smoke")["language"] == "fr"


def test_http_api_needs_the_token(assistant: str) -> None:
    assert http(f"{assistant}/status")[0] == 401
    assert http(f"{assistant}/status?token=wrong")[0] == 401
    status, body = http(f"{assistant}/status?token={TOKEN}")
    assert status == 200
    assert json.loads(body)["model_file"].endswith("assistant.tar.gz")


def test_website_serves_the_chat_widget(assistant: str) -> None:
    status, page = http(f"http://127.0.0.1:{PORTS['WEB_PORT']}/")
    assert status == 200
    assert "widget.js" in page
    assert http(f"http://127.0.0.1:{PORTS['WEB_PORT']}/vendor/socket.io.min.js")[0] == 200


# --- Understanding, measured through the running server ------------------------------------
# Thresholds guard against regressions; the figures themselves are reported by
# `make bench-nlu` (docs/nlu.md) against the targets of the understanding issue.
INTENT_ACCURACY_FLOOR = 0.85
SLOT_RECALL_FLOOR = 0.95
# The blind sets of issue 10 were annotated by someone who never saw the extractor's
# conventions; their first run gave slot recall 0.908 / 0.908 / 0.931 (fr / nl / en).
BLIND_SLOT_RECALL_FLOOR = 0.90


def parse(base: str, text: str) -> dict[str, Any]:
    status, body = http(f"{base}/model/parse?token={TOKEN}", {"text": text})
    assert status == 200, body
    parsed: dict[str, Any] = json.loads(body)
    return parsed


@pytest.mark.parametrize(("data_set", "language"), EVALUATION_SETS)
def test_intents_and_parameters_of_unseen_utterances(
    assistant: str, data_set: str, language: str
) -> None:
    utterances = load_heldout(language, data_set).utterances
    parsed = [parse(assistant, utterance.text) for utterance in utterances]
    intents = [p["intent"]["name"] for p in parsed]
    slots = [slots_from_entities(p["entities"], p["intent"]["name"]) for p in parsed]
    intent_scores = score_intents(utterances, intents)
    slot_scores = score_slots([u.slots for u in utterances], slots)
    assert intent_scores.accuracy >= INTENT_ACCURACY_FLOOR, intent_scores.errors[:20]
    floor = BLIND_SLOT_RECALL_FLOOR if data_set == "blind" else SLOT_RECALL_FLOOR
    assert slot_scores.recall >= floor, slot_scores


def send(base: str, sender: str, text: str, language: str | None = None) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"sender": f"{RUN}-{sender}", "message": text}
    if language:
        body["metadata"] = {"language": language}
    status, reply = http(f"{base}/webhooks/rest/webhook", body)
    assert status == 200, reply
    replies: list[dict[str, Any]] = json.loads(reply)
    return replies


def tracker_slots(base: str, sender: str) -> dict[str, Any]:
    status, body = http(f"{base}/conversations/{RUN}-{sender}/tracker?token={TOKEN}")
    assert status == 200, body
    slots: dict[str, Any] = json.loads(body)["slots"]
    return slots


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_conversations_fill_the_tracker(assistant: str, language: str) -> None:
    wrong: list[tuple[str, dict[str, Any]]] = []
    total = 0
    for number, conversation in enumerate(load_heldout(language).conversations):
        sender = f"heldout-{language}-{number}"
        expected: dict[str, Any] = {"language": language}
        for turn in conversation:
            send(assistant, sender, turn.text, language)
            expected.update(turn.slots)
            slots = tracker_slots(assistant, sender)
            total += 1
            off = {
                name: slots.get(name)
                for name, value in expected.items()
                if slots.get(name) is None or not same_value(value, slots[name])
            }
            if off:
                wrong.append((turn.text, off))
    assert 1 - len(wrong) / total >= 0.9, wrong


# --- Dialogue ---------------------------------------------------------------------------------


MULTILINGUAL_WORD = {"en": "“multilingual”", "fr": "« multilingue »", "nl": "“meertalig”"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_24_7_multilingual_is_priced_at_the_volume_and_then_for_the_languages_named(
    assistant: str, language: str
) -> None:
    """The estimate comes with the volume (second turn), the languages assumed; naming them
    re-prices with those languages."""
    sender = f"multilingual-{language}"
    question, volume, languages = MULTILINGUAL_24_7[language]
    assert estimate_in(send(assistant, sender, question, language)) is None  # the volume first
    replies = send(assistant, sender, volume)
    first = estimate_in(replies)
    assert first is not None, "no estimate by the second visitor turn"
    assert first["language"] == language
    assert first["scenario"]["coverage"] == "24_7"
    assert first["scenario"]["monthly_contacts"] == 3000
    assert "support_languages" in first["assumed"]
    # "multilingual" read as the rate card's languages, said in words, with quick replies
    assert len(first["scenario"]["support_languages"]) > 1
    said = " ".join(reply.get("text") or "" for reply in replies)
    assert MULTILINGUAL_WORD[language] in said
    assert any(len(reply.get("buttons") or []) >= 3 for reply in replies)
    second = estimate_in(send(assistant, sender, languages))
    assert second is not None
    assert second["scenario"]["support_languages"] == ["fr", "nl"]
    assert second["scenario"]["coverage"] == "24_7"
    Estimate.parse_obj(second)


REFINEMENT = {
    "en": ("How much for 5000 calls a month in office hours, in Dutch?", "make it 24/7"),
    "fr": (
        "Combien pour 5000 appels par mois aux heures de bureau, en néerlandais ?",
        "et en 24h/24 7j/7 ?",
    ),
    "nl": (
        "Wat kost het voor 5000 telefoontjes per maand tijdens kantooruren, in het Nederlands?",
        "en als het 24/7 moet?",
    ),
}


def estimate_in(replies: list[dict[str, Any]]) -> dict[str, Any] | None:
    payloads = [r["custom"] for r in replies if r.get("custom", {}).get("type") == "estimate"]
    return payloads[0] if payloads else None


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_full_question_is_priced_at_once_and_refined_keeping_the_rest(
    assistant: str, language: str
) -> None:
    sender = f"refine-{language}"
    question, change = REFINEMENT[language]
    first = estimate_in(send(assistant, sender, question, language))
    assert first is not None, "a fully specified question gets the estimate in the first reply"
    assert first["scenario"]["coverage"] == "office_hours"
    second = estimate_in(send(assistant, sender, change))
    assert second is not None
    assert second["language"] == language
    assert second["scenario"]["coverage"] == "24_7"
    for kept in ("monthly_contacts", "support_languages", "channels"):
        assert second["scenario"][kept] == first["scenario"][kept]
    assert second["options"][0]["monthly"]["expected"] > first["options"][0]["monthly"]["expected"]


# A visitor who asks for a number of languages, then adds and removes channels and languages
# and narrows the hours: (message, support_languages, channels, coverage) after each reply.
LIST_REFINEMENTS = {
    "en": [
        (
            "What would bilingual email support cost for 3000 emails a month, evenings included?",
            ["en", "nl"],
            ["email"],
            "extended_hours",
        ),
        ("and what if we add chat?", ["en", "nl"], ["email", "chat"], "extended_hours"),
        ("could you include German too?", ["en", "nl", "de"], ["email", "chat"], "extended_hours"),
        ("then without the chat", ["en", "nl", "de"], ["email"], "extended_hours"),
        ("actually office hours would be enough", ["en", "nl", "de"], ["email"], "office_hours"),
    ],
    "fr": [
        (
            "Combien coûterait un support bilingue par mail pour 3000 mails par mois, soirées"
            " comprises ?",
            ["fr", "nl"],
            ["email"],
            "extended_hours",
        ),
        ("et si on ajoute le chat ?", ["fr", "nl"], ["email", "chat"], "extended_hours"),
        ("on voudrait aussi l'allemand", ["fr", "nl", "de"], ["email", "chat"], "extended_hours"),
        ("finalement sans le chat", ["fr", "nl", "de"], ["email"], "extended_hours"),
        (
            "plutôt aux heures de bureau, tout compte fait",
            ["fr", "nl", "de"],
            ["email"],
            "office_hours",
        ),
    ],
    "nl": [
        (
            "Wat kost tweetalige e-mailsupport voor 3000 mails per maand, ook 's avonds?",
            ["nl", "fr"],
            ["email"],
            "extended_hours",
        ),
        ("en als we er chat bij nemen?", ["nl", "fr"], ["email", "chat"], "extended_hours"),
        ("doe er ook Duits bij", ["nl", "fr", "de"], ["email", "chat"], "extended_hours"),
        ("toch zonder chat", ["nl", "fr", "de"], ["email"], "extended_hours"),
        ("liever alleen kantooruren eigenlijk", ["nl", "fr", "de"], ["email"], "office_hours"),
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_languages_and_channels_added_and_removed_are_repriced_from_the_current_lists(
    assistant: str, language: str
) -> None:
    sender = f"lists-{language}"
    for message, languages, channels, coverage in LIST_REFINEMENTS[language]:
        priced = estimate_in(send(assistant, sender, message, language))
        assert priced is not None, message
        scenario = priced["scenario"]
        said = (scenario["support_languages"], scenario["channels"], scenario["coverage"])
        assert said == (languages, channels, coverage), message
        assert priced["language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refinement_of_the_load_conversations_reprices(assistant: str, language: str) -> None:
    """The load bench's visitors (bench/conversations.py) measure re-pricing messages only if
    each of them does re-price: a refinement read as a question ("what about 24/7?" taken for
    the FAQ's hours answer) gets no estimate."""
    sender = f"load-{language}"
    count = len(conversations.REFINEMENTS[language]) + 1  # the opener, each refinement (within
    # the per-sender rate limit)
    turns = itertools.islice(conversations.messages(language), count)
    replies = {turn: send(assistant, sender, turn, language) for turn in turns}
    unpriced = {turn: said for turn, said in replies.items() if not estimate_in(said)}
    assert unpriced == {}


DIGRESSION = {
    "en": (
        "I'd like a quote for 24/7 support",
        "what kinds of outsourcing do you offer?",
        "€30",
        "about 2000 a month",
        "English and German",
        ["en", "de"],
    ),
    "fr": (
        "je voudrais un devis pour un support 24h/24",
        "quelles formules proposez-vous ?",
        "30\u00a0€",
        "environ 2000 par mois",
        "allemand et espagnol",
        ["de", "es"],
    ),
    "nl": (
        "ik wil graag een offerte voor 24/7 support",
        "welke vormen van uitbesteding zijn er?",
        "€\u00a030",
        "zo'n 2000 per maand",
        "Duits en Frans",
        ["de", "fr"],
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_in_the_middle_is_answered_and_the_estimate_resumes(
    assistant: str, language: str
) -> None:
    start, digression, rate, volume, languages, codes = DIGRESSION[language]
    sender = f"digression-{language}"
    asked = send(assistant, sender, start, language)
    assert any(r.get("buttons") for r in asked), "the volume question has quick replies"
    explained = send(assistant, sender, digression)
    assert any(rate in r.get("text", "") for r in explained)
    priced = estimate_in(send(assistant, sender, volume))  # priced at once, languages assumed
    assert priced is not None and "support_languages" in priced["assumed"]
    payload = estimate_in(send(assistant, sender, languages))
    assert payload is not None
    assert payload["language"] == language
    assert payload["scenario"]["support_languages"] == codes


# One question per FAQ answer and language, written for this test (not training examples).
FAQ_QUESTIONS = {
    "fr": {
        "what_is_outsourcing": "Que veut dire exactement externaliser son service client ?",
        "startup_time": "En combien de temps pouvez-vous démarrer ?",
        "languages_offered": "Quelles langues vos agents parlent-ils ?",
        "hours_offered": "Quels horaires pouvez-vous couvrir ?",
        "service_details": "Vos conseillers sont-ils formés à la confidentialité des données ?",
    },
    "nl": {
        "what_is_outsourcing": "Wat betekent het uitbesteden van klantenservice precies?",
        "startup_time": "Hoe snel kunnen jullie van start gaan?",
        "languages_offered": "In welke talen kunnen jullie medewerkers onze klanten helpen?",
        "hours_offered": "Zijn jullie ook 's avonds en in het weekend bereikbaar?",
        "service_details": "Krijgen we maandelijks cijfers over de afgehandelde gesprekken?",
    },
    "en": {
        "what_is_outsourcing": "What does outsourcing customer service actually involve?",
        "startup_time": "How quickly could you get started?",
        "languages_offered": "Which languages do your agents speak?",
        "hours_offered": "Are you also available in the evenings and at weekends?",
        "service_details": "Do you sign a service level agreement with your clients?",
    },
}


def faq_answer(topic: str, language: str) -> str:
    """The domain's `utter_faq/<topic>` text in a language."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for variation in domain["responses"][f"utter_faq/{topic}"]:
        if any(c.get("value") == language for c in variation.get("condition", [])):
            return str(variation["text"])
    raise AssertionError(f"no utter_faq/{topic} in {language}")


@pytest.mark.parametrize(
    ("language", "topic"), [(lang, topic) for lang in LANGUAGES for topic in FAQ_QUESTIONS[lang]]
)
def test_a_frequently_asked_question_gets_its_answer(
    assistant: str, language: str, topic: str
) -> None:
    replies = send(assistant, f"faq-{language}-{topic}", FAQ_QUESTIONS[language][topic], language)
    assert [reply.get("text") for reply in replies] == [faq_answer(topic, language)]


def actions_run(base: str, sender: str) -> list[str]:
    """The names of the actions Rasa ran in the conversation, in order."""
    status, body = http(f"{base}/conversations/{RUN}-{sender}/tracker?token={TOKEN}")
    assert status == 200, body
    return [e["name"] for e in json.loads(body)["events"] if e["event"] == "action"]


def test_a_form_named_after_an_estimate_reprices_and_a_switch_says_it_again(
    assistant: str,
) -> None:
    sender = "followups-en"
    first = estimate_in(send(assistant, sender, REFINEMENT["en"][0], "en"))
    assert first is not None and len(first["options"]) == 3
    second = estimate_in(send(assistant, sender, "do you also have a pay per minute formula?"))
    assert second is not None, "naming a form after an estimate prices that form"
    assert [option["model"] for option in second["options"]] == ["per_minute"]
    assert second["scenario"]["monthly_contacts"] == first["scenario"]["monthly_contacts"]
    third = estimate_in(send(assistant, sender, "can we continue in French please?"))
    assert third is not None and third["language"] == "fr"
    assert [option["model"] for option in third["options"]] == ["per_minute"]
    ran = actions_run(assistant, sender)
    assert "action_default_fallback" not in ran
    switch = ran.index("action_explain_support_models")
    assert ran[switch : switch + 3] == [
        "action_explain_support_models",
        "action_estimate",  # its FollowupAction
        "action_listen",
    ]


def test_skipping_the_volume_question_asks_it_again(assistant: str) -> None:
    """The volume has no honest default: "rather not say" goes through the skip rule and the
    question comes again, never a fallback or silence."""
    sender = "skip-en"
    send(assistant, sender, "What would 24/7 support cost?", "en")
    replies = send(assistant, sender, "rather not say")
    assert estimate_in(replies) is None
    assert any(r.get("text") for r in replies)
    ran = actions_run(assistant, sender)
    assert "action_default_fallback" not in ran
    assert ran[-3:] == ["action_skip_question", "action_estimate", "action_listen"]


ABSURD = {
    "en": (
        "quote for 2000 calls a month please",
        "actually 5000000000 calls per month",
        "5,000,000",
    ),
    "fr": (
        "un devis pour 2000 appels par mois svp",
        "en fait 5000000000 appels par mois",
        "5\u202f000\u202f000",
    ),
    "nl": (
        "een offerte voor 2000 gesprekken per maand graag",
        "eigenlijk 5000000000 gesprekken per maand",
        "5.000.000",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_gibberish_and_absurd_values_get_a_clear_answer(assistant: str, language: str) -> None:
    sender = f"robustness-{language}"
    for text in ("qsdkjfh qsdkjfh", "", "😀😀😀", "<script>alert(1)</script>", "x" * 10_000):
        replies = send(assistant, sender, text, language)
        assert replies and all(r.get("text") or r.get("custom") for r in replies), text
    quote, absurd, limit = ABSURD[language]
    send(assistant, sender, quote)
    refused = send(assistant, sender, absurd)
    assert any(limit in r.get("text", "") for r in refused)
    assert tracker_slots(assistant, sender)["monthly_contacts"] == 2000


# --- Handoff to a salesperson -----------------------------------------------------------------
# (visitor turns, the contact details each conversation must carry to the email)
HANDOFF = {
    "en": (
        [
            "What would 24/7 support in French and Dutch cost for 3000 calls a month?",
            "Yes, contact me",
            "My name is Sarah O'Neil, sarah.oneil@example.com",
            "Oneil Logistics, weekday mornings",
            "yes",
        ],
        ("Sarah O'Neil", "sarah.oneil@example.com", "Oneil Logistics"),
    ),
    "fr": (
        [
            "Combien coûterait un support 24h/24 en français et néerlandais, 3000 appels/mois ?",
            "oui",
            "Marie Dubois",
            "marie.dubois@exemple.fr et 0470 12 34 56",
            "passer",
            "oui, j'accepte",
        ],
        ("Marie Dubois", "marie.dubois@exemple.fr", "+32470123456"),
    ),
    "nl": (
        [
            "Wat kost 24/7 support in het Frans en Nederlands voor 3000 gesprekken per maand?",
            "ja graag",
            "ik heet Piet Jansen, bel me op 06 12345678",
            "overslaan",
            "ja",
        ],
        ("Piet Jansen", "+31612345678", "Jansen"),
    ),
}


def handoff_in(replies: list[dict[str, Any]]) -> dict[str, Any] | None:
    payloads = [r["custom"] for r in replies if r.get("custom", {}).get("type") == "handoff"]
    return payloads[0] if payloads else None


def converse(base: str, sender: str, turns: list[str], language: str) -> list[list[dict[str, Any]]]:
    """Send the turns in order; the replies to each."""
    return [send(base, sender, turn, language) for turn in turns]


def stored_lead(leads_db: str, lead_id: str) -> dict[str, Any] | None:
    """The lead as the assistant stored it."""
    store = LeadStore(leads_db)
    try:
        return store.get(lead_id)
    finally:
        store.dispose()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_handoff_stores_one_lead_and_emails_it_once(
    assistant: str, inbox: SmtpSink, leads_db: str, language: str
) -> None:
    turns, details = HANDOFF[language]
    sender = f"handoff-{language}"
    answers = converse(assistant, sender, turns, language)
    estimate = next(filter(None, map(estimate_in, answers)), None)
    replies = answers[-1]
    handoff = handoff_in(replies)
    assert estimate is not None and handoff is not None, replies
    assert handoff["language"] == language
    assert any(catalogue_text("handoff.within_hour", language) == r.get("text") for r in replies)

    # The same final message again (a channel retry, a double click): still one lead.
    again = send(assistant, sender, turns[-1], language)
    assert handoff_in(again) is None

    lead = stored_lead(leads_db, handoff["lead_id"])
    store = LeadStore(leads_db)
    try:
        with store.engine.connect() as connection:
            of_this_conversation = connection.execute(
                select(func.count())
                .select_from(leads)
                .where(leads.c.conversation_id == f"{RUN}-{sender}")
            ).scalar_one()
    finally:
        store.dispose()
    assert lead is not None
    assert lead["conversation_id"] == f"{RUN}-{sender}" and lead["language"] == language
    assert lead["estimate"]["scenario"] == estimate["scenario"]
    assert [m["text"] for m in lead["transcript"]][: len(turns)] == turns
    assert of_this_conversation == 1

    emails = emails_about(inbox, handoff["lead_id"])
    assert len(emails) == 1, f"{len(emails)} emails for one lead"
    recipients, message = emails[0]
    assert recipients == [SALES_EMAIL]
    body = email_text(message)
    for detail in details:
        assert detail in body
    best = next(o for o in estimate["options"] if o["model"] == estimate["recommended"])
    assert money(best["monthly"]["expected"], "en") in body


# A request for a person between two scenario questions, with the details in the request.
MID_SCENARIO = {
    "en": (
        [
            "What would 24/7 support cost?",
            "Can someone call me back? I'm Tom Baker, +32 470 12 34 56",
            "skip",
            "yes",
        ],
        "+32470123456",
    ),
    "fr": (
        [
            "Combien coûte un support 24h/24 ?",
            "Pouvez-vous me rappeler ? Je m'appelle Luc Martin, 06 12 34 56 78",
            "passer",
            "oui",
        ],
        "+33612345678",
    ),
    "nl": (
        [
            "Wat kost 24/7 support?",
            "Kunt u mij terugbellen? Ik ben Anna de Groot, 043 123 45 67",
            "overslaan",
            "ja",
        ],
        "+31431234567",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_asked_for_mid_scenario_gets_the_partial_scenario(
    assistant: str, inbox: SmtpSink, leads_db: str, language: str
) -> None:
    turns, phone = MID_SCENARIO[language]
    sender = f"handoff-mid-{language}"
    replies = converse(assistant, sender, turns, language)[-1]
    handoff = handoff_in(replies)
    assert handoff is not None, replies
    slots = tracker_slots(assistant, sender)
    assert slots["monthly_contacts"] is None  # the phone number is no contact volume

    lead = stored_lead(leads_db, handoff["lead_id"])
    assert lead is not None
    assert lead["phone"] == phone and lead["email"] is None
    assert lead["scenario"]["coverage"] == "24_7" and lead["estimate"] is None
    assert len(emails_about(inbox, handoff["lead_id"])) == 1


WRONG_ANSWERS = {
    "en": ["I'd like to talk to someone", "Tom", "tom@", "12", "blue banana"],
    "fr": ["je voudrais parler à quelqu'un", "Tom", "tom@", "12", "banane bleue"],
    "nl": ["ik wil iemand spreken", "Tom", "tom@", "12", "blauwe banaan"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_wrong_answers_lead_to_the_company_phone_and_email(
    assistant: str, language: str
) -> None:
    sender = f"handoff-wrong-{language}"
    replies: list[dict[str, Any]] = []
    for turn in WRONG_ANSWERS[language]:
        replies = send(assistant, sender, turn, language)
        if any("+31 (0)85 8884661" in r.get("text", "") for r in replies):
            break
    assert any("+31 (0)85 8884661" in r.get("text", "") for r in replies), replies
    assert any("info@spangenbergGroep.nl" in r.get("text", "") for r in replies), replies
    assert handoff_in(replies) is None
    slots = tracker_slots(assistant, sender)
    assert slots["contact_consent"] is None and slots["contact_failures"] == 0


# Handoff conversations as visitors write them (tests/handoff_data, the format and the checks of
# bench/handoff_dialogues.py; `make bench-handoff` reports on any set).
HANDOFF_SETS = [
    load_set(path) for path in sorted((ROOT / "tests" / "handoff_data").glob("handoff_dev_*.yml"))
]


@pytest.mark.parametrize(
    ("conversations", "conversation"),
    [(each, item) for each in HANDOFF_SETS for item in each.conversations],
    ids=lambda value: getattr(value, "id", ""),
)
def test_handoff_conversations_store_exactly_the_details_given(
    assistant: str, leads_db: str, conversations: ConversationSet, conversation: Conversation
) -> None:
    client = RestClient(assistant, TOKEN, RUN)
    played = play(client, conversation, conversations.language)
    wrong = check(played, leads_of(leads_db, played.sender))
    assert not wrong, "\n".join([*wrong, transcript(played)])


def test_the_action_server_answers_only_with_the_token(assistant: str) -> None:
    status, body = http(
        f"http://127.0.0.1:{PORTS['ACTIONS_PORT']}/webhook",
        {"next_action": "action_submit_handoff", "tracker": {"email": "leak@example.com"}},
    )
    assert status == 401 and "leak@example.com" not in body
    assert http(f"http://127.0.0.1:{PORTS['ACTIONS_PORT']}/health")[0] == 200


def test_the_action_server_never_echoes_a_request(assistant: str) -> None:
    """rasa-sdk's own 500 answer contains the request (the tracker, with contact details)."""
    status, body = http(
        f"http://127.0.0.1:{PORTS['ACTIONS_PORT']}/webhook",
        {"next_action": "action_submit_handoff", "tracker": {"email": "leak@example.com"}},
        headers={"Authorization": f"Bearer {ACTIONS_TOKEN}"},
    )
    assert status == 500
    assert "leak@example.com" not in body and json.loads(body) == {"error": "internal error"}


def test_the_widget_channel_keeps_a_message_sent_right_after_connecting(assistant: str) -> None:
    """The widget's first message can overtake its session_request; it must not be lost."""
    import socketio  # python-socketio, as the widget's socket.io client speaks to it

    replies: list[dict[str, Any]] = []
    client = socketio.Client()
    client.on("bot_uttered", replies.append)
    client.connect(
        assistant,
        headers={"Origin": f"http://localhost:{PORTS['WEB_PORT']}"},
        transports=["polling"],
    )
    try:
        session = f"{RUN}-widget"
        client.emit("session_request", {"session_id": session})
        client.emit(
            "user_uttered",
            {
                "message": "Combien pour 3000 appels par mois 24h/24 en français et néerlandais",
                "session_id": session,
                "customData": {"language": "fr"},
            },
        )
        deadline = time.monotonic() + 60
        while not any("custom" in reply for reply in replies) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        client.disconnect()
    estimate = next(reply["custom"] for reply in replies if "custom" in reply)
    assert estimate["type"] == "estimate" and estimate["language"] == "fr"


# --- The site and the widget in a real browser ---------------------------------------------
BROWSER_OUT = ROOT / "var" / "browser-tests"  # screenshots, downloaded PDFs, results.json
CHROMIUM = Path(development_settings().chromium)


def pdf_text(path: Path) -> str:
    """The text of a PDF, spaces normalised (French money uses narrow no-break spaces)."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1, f"{path.name} has {len(reader.pages)} pages"
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u202f", " ").split())


def offer_of_contact_yes(language: str) -> str:
    """The title of the "yes, contact me" quick reply that follows an estimate."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for variation in domain["responses"]["utter_offer_contact"]:
        if any(c.get("value") == language for c in variation.get("condition", [])):
            return str(variation["buttons"][0]["title"])
    raise AssertionError(f"no utter_offer_contact in {language}")


def test_the_site_and_the_widget_in_a_real_browser(assistant: str) -> None:
    """web/tests/browser.test.mjs in headless Chromium, then the PDFs it downloaded.

    In each language: the page, an estimate card with the locale's money and a chart, a quick
    reply, the PDF, the conversation after a reload, a handoff, script shown as text, axe-core,
    360 px. Needs Debian's chromium (scripts/system-packages.sh browser; .ci/run installs it).
    """
    assert CHROMIUM.exists(), f"no {CHROMIUM}: run `bash scripts/system-packages.sh browser`"
    expect = {
        language: {
            "turns": HANDOFF[language][0],
            "done": catalogue_text("handoff.within_hour", language),
            "title": site_texts()["widget"]["title"][language],
            "pdf": site_texts()["widget"]["pdf"][language],
            "yes": offer_of_contact_yes(language),
        }
        for language in LANGUAGES
    }
    env = {
        **os.environ,
        "WEB_URL": f"http://127.0.0.1:{PORTS['WEB_PORT']}",
        "BROWSER_OUT": str(BROWSER_OUT),
        "BROWSER_EXPECT": json.dumps(expect),
        "CHROMIUM": str(CHROMIUM),
    }
    done = subprocess.run(
        ["node", "--test", "--test-concurrency=1", "web/tests/browser.test.mjs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    print(done.stdout[-4000:])
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-3000:]

    results = json.loads((BROWSER_OUT / "results.json").read_text())
    for language in LANGUAGES:
        text = pdf_text(Path(results[language]["pdf"]))
        for figure in results[language]["cardFirstYear"]:
            assert figure in text, f"{figure} of the card is not in the {language} PDF"
        assert catalogue_text("document.title", language) in text
        assert company().phone in text and company().email in text
        print(language, "first bot reply visible after (ms):", results[language]["firstReplyMs"])


def without_the_deliberate_error(log: str) -> str:
    """The action log less the one error (and its traceback) the bad request above caused."""
    lines = log.splitlines()
    errors = [i for i, line in enumerate(lines) if "action server error on /webhook" in line]
    assert len(errors) == 1, "expected exactly one logged action server error"
    end = errors[0] + 1
    while end < len(lines) and not lines[end].startswith("20"):  # traceback lines
        end += 1
    return "\n".join(lines[: errors[0]] + lines[end:])


# Keep last: it reads the logs of everything the tests above made the servers do.
def test_no_action_error_in_the_server_logs(assistant: str) -> None:
    logs = {
        name: (ROOT / "var" / "log" / f"{name}.log").read_text() for name in ("actions", "rasa")
    }
    logs["actions"] = without_the_deliberate_error(logs["actions"])
    for name, text in logs.items():
        for marker in (
            "Traceback",
            "Exception",
            "actions events are lost",
            "Failed to run",
            "exc_type",  # an exception logged by Rasa (e.g. a response it could not fill)
        ):
            assert marker not in text, f"{marker} in var/log/{name}.log"
    # No contact details in any log (the visitors' names are allowed, addresses are not).
    for name, text in logs.items():
        for _, (_, reachable_at, _) in HANDOFF.values():
            assert reachable_at not in text, f"contact details in var/log/{name}.log"
        assert "06 12345678" not in text and "0470 12 34 56" not in text
