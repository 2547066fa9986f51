"""Chat-language policy: detection, explicit switch requests, stickiness (bot/language.py).

The labelled data and the detector comparison behind the thresholds are in
tests/language_data/turns.yml and bench/language_compare.py; see docs/language.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.conversation import language_cues
from bot.language import (
    MAX_CHARS,
    choose_chat_language,
    clean,
    detect,
    page_prior,
    requested_any_language,
    requested_language,
)
from bot.names import CHAT_LANGUAGES

DATA = Path(__file__).parent / "language_data" / "turns.yml"

# ------------------------------------------------------------------------------- detect


@pytest.mark.parametrize("text", ["", "   ", "24/7", "3000", "12.000", "+32 470 12 34 56", "👍🙂"])
def test_detect_gives_nothing_without_letters(text: str) -> None:
    assert detect(text) == {}


def test_detect_ignores_markup_links_and_addresses() -> None:
    assert detect("<b>3000</b>") == {}
    assert detect("john.smith@acme.com https://www.example.com/contact") == {}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je voudrais un devis pour du support client", "fr"),
        ("Wat kost een klantenservice die 24/7 bereikbaar is?", "nl"),
        ("How much would 24/7 multilingual support cost?", "en"),
        ("vous êtes un robot ?", "fr"),
        ("kunde gij dat eens uitrekenen voor mij", "nl"),
        ("we are a webshop in Belgium", "en"),
    ],
)
def test_detect_sentences(text: str, language: str) -> None:
    scores = detect(text)
    assert set(scores) <= set(CHAT_LANGUAGES)
    assert sum(scores.values()) == pytest.approx(1.0, abs=0.01)
    assert max(scores, key=scores.__getitem__) == language


# ---------------------------------------------------------------------- requested_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("English please", "en"),
        ("in english pls", "en"),
        ("switch to french", "fr"),
        ("can we speak Dutch", "nl"),
        ("Could we continue in English?", "en"),
        ("Sorry, I don't speak Dutch. Could you help me in English?", "en"),
        ("en français svp", "fr"),
        ("parlez-vous néerlandais ?", "nl"),
        ("on peut parler anglais ?", "en"),
        ("en fait je préfère continuer en français", "fr"),
        ("Nederlands graag", "nl"),
        ("kan het in het Engels?", "en"),
        ("in het frans aub", "fr"),
        ("spreekt u Frans?", "fr"),
        ("mijn Frans is niet goed, kan het in het Engels?", "en"),
        ("I'm not good in French, can we do English", "en"),
        ("je suis pas très bon en anglais, on continue en français ?", "fr"),
        ("english", "en"),
        ("Français", "fr"),
        ("Nederlands", "nl"),
        ("NEERLANDAIS ?", "nl"),
    ],
)
def test_switch_requests(text: str, language: str) -> None:
    assert requested_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "support in French and Dutch",
        "we need English and German speaking agents",
        "ondersteuning in het Frans en Nederlands",
        "un support en anglais et néerlandais",
        "bilingue FR/NL",
        "Frans en Nederlands",
        "our customers mostly speak Dutch",
        "we also need English",
        "we are a French company",
        "I don't speak Dutch",
        "je ne parle pas bien néerlandais",
        "sorry, ik spreek niet zo goed Frans",
        "how much does it cost?",
        "",
        "3000",
    ],
)
def test_scenario_and_other_mentions_are_not_requests(text: str) -> None:
    assert requested_language(text) is None


def test_request_for_a_language_we_do_not_chat_in() -> None:
    assert requested_language("auf Deutsch?") is None
    assert requested_any_language("auf Deutsch?") == "de"
    assert requested_any_language("sprechen Sie Deutsch?") == "de"


@pytest.mark.parametrize(
    ("page", "prior"),
    [("fr-BE", "fr"), ("nl_NL", "nl"), ("EN", "en"), ("de", None), ("", None), (None, None)],
)
def test_page_prior(page: str | None, prior: str | None) -> None:
    assert page_prior(page) == prior


# ---------------------------------------------------------------------- first message


@pytest.mark.parametrize(
    ("text", "page", "language"),
    [
        # enough words and a confident detector: the message wins over the page
        ("Hello, I'd like a quote for outsourced customer service", "fr", "en"),
        ("Bonjour, combien coûte un service client externalisé ?", "en", "fr"),
        ("Goedendag, wat kost een callcenter?", None, "nl"),
        # one language-specific greeting beats the page language
        ("bonjour", "nl", "fr"),
        ("hallo", "fr", "nl"),
        # too little to go on: the page language
        ("hello", "fr", "fr"),
        ("hi", "nl-BE", "nl"),
        ("ok", "fr-BE", "fr"),
        ("3000", "nl", "nl"),
        ("Zendesk", "fr", "fr"),
        ("Jan Peeters", "en", "en"),
        ("Hello, bonjour, goedendag", "nl", "nl"),
        # no usable page language: the detector's best guess, else English
        ("hello", "de", "en"),
        ("salut", None, "fr"),
        ("ok", None, "en"),
        ("3000", None, "en"),
        ("", None, "en"),
    ],
)
def test_first_message(text: str, page: str | None, language: str) -> None:
    assert choose_chat_language(text, None, page) == language


# --------------------------------------------------------------------------- stickiness

AMBIGUOUS = [
    "ok",
    "OK!",
    "oui",
    "ja",
    "yes",
    "no",
    "24/7",
    "3000",
    "12.000 per jaar",
    "perfect",
    "merci",
    "merci beaucoup",
    "thanks a lot",
    "dank u wel",
    "ok bedankt",
    "top",
    "super",
    "email",
    "chat",
    "chat + email",
    "FR/NL",
    "Zendesk",
    "Salesforce and SAP",
    "Jan Peeters",
    "Pieter van der Berg",
    "Jean-Pierre Lefèvre",
    "Acme Solutions NV",
    "john.smith@acme.com",
    "+32 470 12 34 56",
    "06 12 34 56 78",
    "support in French and Dutch",
    "dutch and french",
    "bilingue FR/NL",
    "👍",
    "",
]


@pytest.mark.parametrize("current", CHAT_LANGUAGES)
@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous_messages_never_flip(text: str, current: str) -> None:
    assert choose_chat_language(text, current, page_language="fr") == current


@pytest.mark.parametrize(
    ("text", "current", "language"),
    [
        ("Ik wil graag een offerte voor klantenservice in het Nederlands", "fr", "nl"),
        ("kunde gij dat eens uitrekenen voor mij", "en", "nl"),
        ("Excusez-moi, je ne parle pas bien néerlandais", "nl", "fr"),
        ("on a besoin de support en français et néerlandais", "en", "fr"),
        ("we are an English company and we would like a price for phone support", "nl", "en"),
        ("how long does agent training take?", "fr", "en"),
    ],
)
def test_clear_sentence_in_another_language_flips(text: str, current: str, language: str) -> None:
    assert choose_chat_language(text, current) == language


@pytest.mark.parametrize(
    ("text", "current", "language"),
    [
        ("Can we speak English please?", "fr", "en"),
        ("english please", "nl", "en"),
        ("en français svp", "en", "fr"),
        ("Nederlands graag", "fr", "nl"),
        ("kan het in het Engels?", "nl", "en"),
        ("Nederlands", "en", "nl"),
    ],
)
def test_explicit_request_flips(text: str, current: str, language: str) -> None:
    assert choose_chat_language(text, current) == language


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("ondersteuning in het Frans en Nederlands", "nl"),
        ("un support en anglais et néerlandais", "fr"),
        ("we need English and German speaking agents", "en"),
        ("support in French and Dutch", "fr"),
        ("support in French and Dutch", "nl"),
    ],
)
def test_naming_languages_of_the_scenario_is_no_switch(text: str, current: str) -> None:
    assert choose_chat_language(text, current) == current


def test_bare_language_name_as_a_scenario_answer_does_not_flip() -> None:
    # "Which languages do your customers speak?" - "néerlandais" (NLU: inform)
    assert choose_chat_language("néerlandais", "fr", scenario_answer=True) == "fr"
    assert choose_chat_language("néerlandais", "fr", switch_asked=True) == "nl"
    # an explicit request wins whatever the intent
    assert choose_chat_language("English please", "fr", scenario_answer=True) == "en"


def test_change_language_intent_lowers_the_bar_but_needs_a_target() -> None:
    # two words never flip a chat on their own ...
    assert choose_chat_language("autre langue ?", "en") == "en"
    assert choose_chat_language("andere taal?", "fr") == "fr"
    # ... but asking (in French / Dutch) to change language means that language
    assert choose_chat_language("autre langue ?", "en", switch_asked=True) == "fr"
    assert choose_chat_language("andere taal?", "fr", switch_asked=True) == "nl"
    assert choose_chat_language("can we switch language?", "en", switch_asked=True) == "en"
    assert choose_chat_language("auf Deutsch?", "fr", switch_asked=True) == "fr"


@pytest.mark.parametrize("current", [None, *CHAT_LANGUAGES])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "bonjour " * 1250,
        "a" * 10_000,
        "👍" * 500,
        "🙂 ok 🙂",
        "<script>alert('x')</script>",
        "<p>Bonjour, <b>je voudrais</b> un devis</p>",
        "\x00\x01\n\t",
        "&lt;b&gt;hello&lt;/b&gt;",
        "ﬁ ½ ²",
    ],
)
def test_odd_input_does_not_crash(text: str, current: str | None) -> None:
    assert choose_chat_language(text, current, "fr-BE") in CHAT_LANGUAGES
    assert isinstance(detect(text), dict)
    assert requested_language(text) in (None, *CHAT_LANGUAGES)


def test_long_message_is_read_up_to_the_limit() -> None:
    """A very long message costs what its first MAX_CHARS cost: the detector never sees more."""
    long_message = "je voudrais un devis pour du support client " * 250
    assert len(clean(long_message)) <= MAX_CHARS
    assert choose_chat_language(long_message, "nl") == choose_chat_language(
        long_message[:MAX_CHARS], "nl"
    )


# ---------------------------------------------------------------- labelled conversations


def test_policy_on_labelled_conversations() -> None:
    """At least 98 % of the labelled turns end in the chat language a human would reply in."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    conversations = data["conversations"] + data["holdout_conversations"]
    assert len(conversations) >= 30
    right, total, misses = 0, 0, []
    for conversation in conversations:
        current = None
        for turn in conversation["turns"]:
            chosen = choose_chat_language(
                turn["text"], current, conversation.get("page"), **language_cues(turn.get("intent"))
            )
            total += 1
            if chosen == turn["expect"]:
                right += 1
            else:
                misses.append(f"[{conversation['id']}] {turn['text']!r}: {chosen}")
            current = chosen
    assert right / total >= 0.98, misses


def test_labelled_turns_are_enough_and_well_formed() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    turns = data["turns"] + data["holdout_turns"]
    assert len(turns) >= 400
    for turn in turns:
        langs = turn["lang"] if isinstance(turn["lang"], list) else [turn["lang"]]
        assert all(lang in (None, *CHAT_LANGUAGES) for lang in langs), turn
        assert requested_language(turn["text"]) == turn.get("request"), turn


@pytest.mark.parametrize("page", ["en", "fr", "nl"])
def test_keyboard_mashing_keeps_the_page_language(page: str) -> None:
    # Strings without vowels are no words of any language; the detector must not decide.
    assert choose_chat_language("qsdkjfh qsdkjfh", None, page) == page
