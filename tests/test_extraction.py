"""Scenario extraction: every SPEC section 2 parameter, in French, Dutch and English."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extraction.numbers import OffsetMap, find_numbers, words_to_digits
from bot.extraction.scenario import extract, extract_values
from bot.extraction.topics import cost_items
from bot.pricing.scenario import LIST_SLOTS, SCENARIO_FIELDS

CASES: list[tuple[str, dict[str, Any]]] = [
    # volumes and periods (SPEC: per day x 365/12, per week x 52/12, per year / 12)
    ("combien pour 3000 appels par mois ?", {"monthly_contacts": 3000, "channels": ["phone"]}),
    ("we get about 100 calls per day", {"monthly_contacts": 3041.67, "channels": ["phone"]}),
    ("200 mails per week", {"monthly_contacts": 866.67, "channels": ["email"]}),
    ("12.000 contacts par an", {"monthly_contacts": 1000}),
    ("12 000 appels", {"monthly_contacts": 12000, "channels": ["phone"]}),
    ("12,000 tickets a year", {"monthly_contacts": 1000}),
    ("3k emails a month", {"monthly_contacts": 3000, "channels": ["email"]}),
    ("2,5k tickets per week", {"monthly_contacts": 10833.33}),
    ("1.500 chats per maand", {"monthly_contacts": 1500, "channels": ["chat"]}),
    ("3 000 contacts/mois", {"monthly_contacts": 3000}),
    ("trois mille appels par mois", {"monthly_contacts": 3000, "channels": ["phone"]}),
    ("septante appels par jour", {"monthly_contacts": 2129.17, "channels": ["phone"]}),
    ("drieduizend gesprekken per maand", {"monthly_contacts": 3000}),
    ("two thousand calls a month", {"monthly_contacts": 2000, "channels": ["phone"]}),
    ("environ 2000", {"number": 2000}),
    ("3000", {"number": 3000}),
    ("-500 calls a month", {"monthly_contacts": -500, "channels": ["phone"]}),
    ("between 1-2 agents", {"number": 1, "agents": 2}),
    # the offer sent by email: no channel; the channels the customers use stay
    ("could you send the offer by email?", {}),
    ("envoyez-moi le devis par mail svp", {}),
    ("je voudrais recevoir une offre par e-mail", {}),
    ("stuur me die offerte per mail", {}),
    ("kunnen jullie de offerte mailen?", {}),
    ("email me the details please", {}),
    ("send it by email, we need phone and email support", {"channels": ["phone", "email"]}),
    ("we get our questions by email", {"channels": ["email"]}),
    ("on reçoit les demandes par mail", {"channels": ["email"]}),
    ("mail me an offer for 300 calls a month", {"monthly_contacts": 300, "channels": ["phone"]}),
    # French elision and "de" after a count, half a dozen, chat sessions
    ("une centaine d'appels par jour", {"monthly_contacts": 3041.67, "channels": ["phone"]}),
    ("une dizaine d'agents", {"agents": 10}),
    ("une vingtaine de conseillers", {"agents": 20}),
    ("une demi-douzaine d'agents", {"agents": 6}),
    ("half a dozen agents", {"agents": 6}),
    ("een half dozijn medewerkers", {"agents": 6}),
    ("250 chat sessions per day", {"monthly_contacts": 7604.17, "channels": ["chat"]}),
    ("300 chatgesprekken per week", {"monthly_contacts": 1300, "channels": ["chat"]}),
    # handling time
    ("gemiddeld 4 minuten per gesprek", {"aht_minutes": 4}),
    ("240 seconds", {"aht_minutes": 4}),
    ("3 minutes de traitement", {"aht_minutes": 3}),
    ("4:30 min per call", {"aht_minutes": 4.5, "channels": ["phone"]}),
    ("90 sec per chat", {"aht_minutes": 1.5, "channels": ["chat"]}),
    # coverage
    ("What would 24/7 multilingual support cost?", {"coverage": "24_7", "multilingual": True}),
    ("24h/24 7j/7", {"coverage": "24_7"}),
    ("round the clock", {"coverage": "24_7"}),
    ("jour et nuit", {"coverage": "24_7"}),
    ("dag en nacht bereikbaar", {"coverage": "24_7"}),
    ("evenings and weekends", {"coverage": "extended_hours"}),
    ("from 8 to 22 seven days a week", {"coverage": "extended_hours"}),
    ("van 8u tot 22u", {"coverage": "extended_hours"}),
    ("office hours", {"coverage": "office_hours"}),
    ("heures de bureau", {"coverage": "office_hours"}),
    ("kantooruren", {"coverage": "office_hours"}),
    ("van 9 tot 17 op werkdagen", {"coverage": "office_hours"}),
    ("office hours and weekends", {"coverage": "extended_hours"}),
    # languages
    ("support in French and Dutch", {"support_languages": ["fr", "nl"]}),
    ("en français et en néerlandais", {"support_languages": ["fr", "nl"]}),
    ("in het Nederlands, Frans en Duits", {"support_languages": ["nl", "fr", "de"]}),
    ("allemand et espagnol", {"support_languages": ["de", "es"]}),
    ("bilingue FR/NL", {"support_languages": ["fr", "nl"]}),
    # codes in lower case joined by words, when no code is a word ("en", "de", "it" are)
    ("en fr et nl svp", {"support_languages": ["fr", "nl"]}),
    ("support in nl and fr", {"support_languages": ["nl", "fr"]}),
    ("je suis en fr", {}),
    ("it and no", {}),
    ("Engelstalige klanten", {"support_languages": ["en"]}),
    ("multilingual support", {"multilingual": True}),  # no languages named
    ("en plusieurs langues, 24h/24", {"multilingual": True, "coverage": "24_7"}),
    ("meertalige hulp in het Frans en Duits", {"support_languages": ["fr", "de"]}),
    # messaging counted as people count it, and channels named before the noun
    ("hoeveel voor 120 whatsappjes per dag?", {"monthly_contacts": 3650.0}),
    # the widest hours claim their words first; a hyphen between words
    ("support 7j/7 et 24h/24 svp", {"coverage": "24_7"}),
    ("cover during business-hours only", {"coverage": "office_hours"}),
    # Flemish "telefoons": phone calls
    ("allez, wat kosten 150 telefoons per dag?", {"monthly_contacts": 4562.5,
                                                  "channels": ["phone"]}),
    ("une trentaine de coups de téléphone par jour", {"monthly_contacts": 912.5,
                                                      "channels": ["phone"]}),
    ("200 WhatsApp-berichten per dag", {"monthly_contacts": 6083.33}),
    (
        "we get 250 twitter and linkedin messages weekly",
        {"monthly_contacts": 1083.33, "channels": ["social"]},
    ),
    ("support in 400 languages", {"language_count": 400}),
    ("lets redo it all", {}),
    ("in het Pools en het Lets", {"support_languages": ["pl", "lv"]}),
    # channels
    ("phone and email, plus WhatsApp", {"channels": ["phone", "email", "chat"]}),
    ("par téléphone et sur les réseaux sociaux", {"channels": ["phone", "social"]}),
    ("telefoon, mail en chat", {"channels": ["phone", "email", "chat"]}),
    # complexity
    ("quite technical questions", {"complexity": "complex"}),
    ("des questions simples", {"complexity": "simple"}),
    ("eenvoudige vragen", {"complexity": "simple"}),
    ("pas très compliqué", {"complexity": "simple"}),
    ("moyennement complexe", {"complexity": "standard"}),
    # support model
    ("per minute please", {"support_model": "per_minute"}),
    ("facturation à la minute", {"support_model": "per_minute"}),
    ("par interaction", {"support_model": "per_interaction"}),
    ("vaste medewerkers", {"support_model": "dedicated"}),
    ("mutualisé", {}),
    ("le tarif de 0,75 € par minute", {"support_model": "per_minute"}),
    # agents, integrations, contract
    ("we need 5 dedicated agents", {"agents": 5, "support_model": "dedicated"}),
    ("we need one agent", {"agents": 1}),
    ("twee medewerkers", {"agents": 2}),
    ("connect our CRM and ticketing system", {"integrations": 2}),
    ("we have 3 systems to connect", {"integrations": 3}),
    ("on utilise Zendesk, Salesforce et une base de données", {"integrations": 3}),
    ("un contrat de 2 ans", {"contract_months": 24}),
    ("one-year contract", {"contract_months": 12}),
    ("a 12-month contract", {"contract_months": 12}),
    ("een contract van 3 jaar", {"contract_months": 36}),
]


def assert_values(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """Same parameters and values; numbers to the cent (per-day conversions are rounded)."""
    assert set(actual) == set(expected), (actual, expected)
    for name, value in expected.items():
        if isinstance(value, int | float):
            assert actual[name] == pytest.approx(value, abs=0.01), name
        else:
            assert actual[name] == value, name


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parameters_are_extracted_and_normalised(text: str, expected: dict[str, Any]) -> None:
    assert_values(extract_values(text), expected)


def test_several_parameters_in_one_sentence() -> None:
    text = (
        "Hoeveel kost 24/7 support in het Nederlands en Frans voor 5000 klantcontacten per maand, "
        "gemiddeld 6 minuten, via telefoon en chat, met 2 systemen te koppelen?"
    )
    expected = {
        "coverage": "24_7",
        "support_languages": ["nl", "fr"],
        "monthly_contacts": 5000,
        "aht_minutes": 6,
        "channels": ["phone", "chat"],
        "integrations": 2,
    }
    assert_values(extract_values(text), expected)


def test_entity_spans_point_into_the_original_text() -> None:
    text = "trois mille appels par mois, jour et nuit"
    spans = {item.entity: text[item.start : item.end] for item in extract(text)}
    assert spans["monthly_contacts"] == "trois mille appels par mois"
    assert spans["coverage"] == "jour et nuit"


def test_prices_are_not_parameters() -> None:
    assert "number" not in extract_values("€ 2500 par mois, c'est trop ?")
    assert "monthly_contacts" not in extract_values("1,75 euro per interaction")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.000", 12000),
        ("12 000", 12000),
        ("12\u202f000", 12000),
        ("12,000", 12000),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("3k", 3000),
        ("1,2 mln", 1_200_000),
        ("2 duizend", 2000),
    ],
)
def test_number_separators_of_the_three_languages(text: str, value: float) -> None:
    assert [number.value for number in find_numbers(text)] == [value]


def test_number_words_in_three_languages_keep_articles() -> None:
    assert words_to_digits("deux mille cinq cents") == "2500"
    assert words_to_digits("tweeduizend vijfhonderd") == "2500"
    assert words_to_digits("twenty five agents") == "25 agents"
    assert words_to_digits("un contrat pour une équipe") == "un contrat pour une équipe"


def test_offset_map_follows_replaced_words() -> None:
    original = "about two thousand calls"
    mapping = OffsetMap(original, "about 2000 calls")
    assert mapping.to_original(6, 10) == (6, 18)
    assert mapping.to_original(11, 16) == (19, 24)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀",
        "<script>alert('x')</script>",
        "24/7" * 2500,
        "a" * 10_000,
        "1" * 5000,
        "\x00\x01",
        "9" * 400 + " calls per day",
    ],
)
def test_hostile_input_never_crashes(text: str) -> None:
    for item in extract(text):
        assert 0 <= item.start <= item.end <= len(text)


@given(st.text(max_size=300))
def test_any_text_gives_valid_spans(text: str) -> None:
    for item in extract(text):
        assert 0 <= item.start <= item.end <= len(text)
        assert item.entity in {*SCENARIO_FIELDS, "number", "language_count", "multilingual"}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("c'est quoi les frais de démarrage ?", ["startup_fee"]),
        ("wat zijn de beheerkosten?", ["management_fee"]),
        ("what does the training cost?", ["training"]),
        ("y a-t-il des frais cachés ?", ["other_costs"]),
        ("frais de gestion et formation ?", ["management_fee", "training"]),
        ("what do the costs cover?", []),
    ],
)
def test_cost_items_named_in_a_question(text: str, items: list[str]) -> None:
    assert cost_items(text) == items


ADDED, REMOVED = "added", "removed"
LIST_ROLES = [
    # additions
    ("et si on ajoute le chat ?", [("channels", "chat", ADDED)]),
    ("le mail en plus, s'il vous plaît", [("channels", "email", ADDED)]),
    ("on aimerait aussi l'allemand", [("support_languages", "de", ADDED)]),
    ("wat als we er Duits bij nemen?", [("support_languages", "de", ADDED)]),
    ("doe er chat bij", [("channels", "chat", ADDED)]),
    ("ook graag WhatsApp", [("channels", "chat", ADDED)]),
    ("kunnen we Frans toevoegen?", [("support_languages", "fr", ADDED)]),
    ("could you add social media?", [("channels", "social", ADDED)]),
    ("German as well", [("support_languages", "de", ADDED)]),
    ("email too please", [("channels", "email", ADDED)]),
    ("plus live chat", [("channels", "chat", ADDED)]),
    # removals
    ("sans le téléphone", [("channels", "phone", REMOVED)]),
    ("finalement pas besoin du chat", [("channels", "chat", REMOVED)]),
    ("on enlève l'anglais", [("support_languages", "en", REMOVED)]),
    ("zonder Engels", [("support_languages", "en", REMOVED)]),
    ("laat de telefoon maar weg", [("channels", "phone", REMOVED)]),
    ("geen chat meer", [("channels", "chat", REMOVED)]),
    ("without chat", [("channels", "chat", REMOVED)]),
    ("drop the French", [("support_languages", "fr", REMOVED)]),
    ("we no longer need phone support", [("channels", "phone", REMOVED)]),
    (
        "sans le téléphone ni le mail",
        [("channels", "phone", REMOVED), ("channels", "email", REMOVED)],
    ),
    # replacements: no role
    ("only email after all", [("channels", "email", None)]),
    ("alleen e-mail eigenlijk", [("channels", "email", None)]),
    ("uniquement le néerlandais", [("support_languages", "nl", None)]),
    ("phone and email", [("channels", "phone", None), ("channels", "email", None)]),
    ("replace email with chat", [("channels", "email", REMOVED), ("channels", "chat", None)]),
    ("chat au lieu du mail", [("channels", "chat", None), ("channels", "email", REMOVED)]),
    (
        "plus de téléphone, que du mail",
        [("channels", "phone", REMOVED), ("channels", "email", None)],
    ),
    (
        "niet alleen telefoon maar ook chat",
        [("channels", "phone", None), ("channels", "chat", ADDED)],
    ),
    (
        "not only phone but also chat",
        [("channels", "phone", None), ("channels", "chat", ADDED)],
    ),
    (
        "add Dutch but without English",
        [("support_languages", "nl", ADDED), ("support_languages", "en", REMOVED)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LIST_ROLES)
def test_a_named_channel_or_language_says_whether_it_is_added_removed_or_the_list(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    found = [(i.entity, i.value, i.role) for i in extract(text) if i.entity in LIST_SLOTS]
    assert found == expected


def test_the_role_reaches_the_rasa_entity_and_only_lists_have_one() -> None:
    text = "3000 calls a month, and add chat"
    entities = [item.as_rasa_entity(text, "x") for item in extract(text)]
    roles = {entity["entity"]: entity.get("role") for entity in entities}
    assert roles == {"monthly_contacts": None, "channels": ADDED}
    assert "role" not in next(e for e in entities if e["entity"] == "monthly_contacts")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("un support bilingue", 2),
        ("des conseillers trilingues", 3),
        ("tweetalige klantenservice", 2),
        ("een drietalig team", 3),
        ("bilingual support, 24/7", 2),
        ("trilingual agents", 3),
        ("in twee talen", 2),
        ("en trois langues", 3),
        ("in 3 languages", 3),
    ],
)
def test_a_number_of_languages_without_names_is_read(text: str, count: int) -> None:
    values = extract_values(text)
    assert values["language_count"] == count
    assert "support_languages" not in values


def test_named_languages_win_over_a_number_word() -> None:
    assert "language_count" not in extract_values("bilingue français et néerlandais")
