"""Contact details read from chat messages in French, Dutch and English."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.contact_answers import ContactUpdate, contact_update
from bot.extraction.contact import (
    MAX_FREE_TEXT_LENGTH,
    MAX_NAME_LENGTH,
    NAME_LIKE,
    ContactReading,
    introduced_name,
    read_contact,
)
from bot.names import CONTACT_CONSENT as CONSENT
from bot.names import CONTACT_EMAIL as REACH
from bot.names import CONTACT_EXTRAS as OPTIONAL
from bot.names import CONTACT_NAME as NAME
from bot.text import MAX_MESSAGE_LENGTH
from bot.text import clean_text as clean_with_limit

CONTROL_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


def read_contact_message(
    text: str,
    asked: str | None,
    language: str,
    intent: str | None = None,
    known_name: str | None = None,
) -> ContactUpdate:
    """NLU's reading, through the entities the dialogue receives, then the dialogue's decision."""
    entities = read_contact(text).as_entities()
    return contact_update(
        ContactReading.from_entities(entities), asked, language, intent, known_name=known_name
    )


read = read_contact_message


def clean_text(value: str, limit: int = MAX_FREE_TEXT_LENGTH) -> str:
    return clean_with_limit(value, limit)


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in CONTROL_CATEGORIES for char in value)


# --- Several details in one message ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "name", "email", "phone"),
    [
        ("Jan de Vries, jan@acme.nl, 06 12345678", "nl", "Jan de Vries", "jan@acme.nl",
         "+31612345678"),
        ("Marie Dubois, marie.dubois@exemple.fr, +32 470 12 34 56", "fr", "Marie Dubois",
         "marie.dubois@exemple.fr", "+32470123456"),
        ("Sarah O'Neil; sarah@example.com; +44 20 7946 0958", "en", "Sarah O'Neil",
         "sarah@example.com", "+442079460958"),
    ],
)  # fmt: skip
def test_name_email_and_phone_in_one_message(
    text: str, language: str, name: str, email: str, phone: str
) -> None:
    update = read(text, NAME, language, "inform")

    assert update.name == name
    assert update.email == email
    assert update.phone == phone
    assert update.problems == []
    assert update.cancelled is False


def test_details_are_read_whichever_question_was_asked() -> None:
    update = read("ik heet Piet Jansen, piet@jansen.nl", REACH, "nl", "inform")

    assert (update.name, update.email, update.phone) == ("Piet Jansen", "piet@jansen.nl", None)
    assert update.problems == []


# --- Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("je m'appelle Marie Dubois", "fr", "Marie Dubois"),
        ("Je m\u2019appelle Marie Dubois", "fr", "Marie Dubois"),
        ("Bonjour, mon nom est Luc Martin", "fr", "Luc Martin"),
        ("ik heet Piet Jansen", "nl", "Piet Jansen"),
        ("Mijn naam is Els van den Berg", "nl", "Els van den Berg"),
        ("ik heet Piet van Dijk, piet@vandijk.nl", "nl", "Piet van Dijk"),
        ("my name is Sarah O'Neil", "en", "Sarah O'Neil"),
        ("Hi, I'm Tom Baker and I'd like a call", "en", "Tom Baker"),
        # Flemish and spoken Dutch elide "ik"
        ("'k ben Jens Vermeulen", "nl", "Jens Vermeulen"),
        ("k ben Jens Vermeulen", "nl", "Jens Vermeulen"),
        ("\u2019k heet Lien De Smet", "nl", "Lien De Smet"),
    ],
)
def test_an_introduced_name(text: str, language: str, name: str) -> None:
    update = read(text, NAME, language, "inform")

    assert update.name == name
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("je suis Marie Dubois, marie@exemple.fr", "fr", "Marie Dubois"),
        ("ik ben Piet Jansen, piet@jansen.nl", "nl", "Piet Jansen"),
        ("I'm Tom Baker, tom@baker.co.uk", "en", "Tom Baker"),
        ("Je suis Marie Dubois de chez Acme, marie@acme.fr", "fr", "Marie Dubois"),
        ("Ik ben Piet Jansen bij Acme, piet@acme.nl", "nl", "Piet Jansen"),
        ("I am Tom Baker from Acme, tom@acme.co.uk", "en", "Tom Baker"),
    ],
)
def test_a_loose_introduction_followed_by_a_capital_is_a_name(
    text: str, language: str, name: str
) -> None:
    assert read(text, REACH, language, "inform").name == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("je suis intéressé, marie@exemple.fr", "fr"),
        ("ik ben geïnteresseerd, piet@jansen.nl", "nl"),
        ("I'm interested, tom@baker.co.uk", "en"),
        ("i am looking for support, tom@baker.co.uk", "en"),
    ],
)
def test_a_loose_introduction_without_a_capital_is_no_name(text: str, language: str) -> None:
    update = read(text, REACH, language, "inform")

    assert update.name is None
    assert update.email is not None


@pytest.mark.parametrize(
    ("text", "language"),
    [("je suis intéressé", "fr"), ("ik ben geïnteresseerd", "nl"), ("I'm interested", "en")],
)
def test_a_loose_introduction_without_a_capital_is_no_answer_to_the_name_question(
    text: str, language: str
) -> None:
    update = read(text, NAME, language, "inform")

    assert update.name is None
    assert update.problems == ["name_unusable"]


@pytest.mark.parametrize(
    "text",
    [
        "je suis intéressé", "ik ben geïnteresseerd", "I'm interested", "I am fine",
        "'k ben ni zeker",
    ],
)
def test_introduced_name_needs_a_capital_after_a_loose_introduction(text: str) -> None:
    assert introduced_name(text) is None


@pytest.mark.parametrize(
    ("text", "language"), [("Marie", "fr"), ("Piet Jansen", "nl"), ("Sarah O'Neil", "en")]
)
def test_a_short_answer_to_the_name_question_is_the_name(text: str, language: str) -> None:
    assert read(text, NAME, language, "greet").name == text


def test_a_name_answer_with_company_and_time() -> None:
    update = read("Jan de Vries, Acme BV, morgenochtend", NAME, "nl", "inform")

    assert update.name == "Jan de Vries"
    assert update.company == "Acme BV"
    assert update.preferred_time == "morgenochtend"
    assert update.optional_answered is True


@pytest.mark.parametrize("text", ["12345", "!!!", "..."])
def test_an_answer_without_letters_is_no_usable_name(text: str) -> None:
    update = read(text, NAME, "en", "inform")

    assert update.name is None
    assert "name_unusable" in update.problems


# --- Email ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("jan@ACME.NL", "jan@acme.nl"),
        ("Mail: Jan.de.Vries@Acme.Example.COM.", "Jan.de.Vries@acme.example.com"),
        ("<marie@exemple.fr>", "marie@exemple.fr"),
    ],
)
def test_an_email_address_is_normalised(text: str, email: str) -> None:
    update = read(text, REACH, "en", "inform")

    assert update.email == email
    assert update.problems == []


@pytest.mark.parametrize("text", ["jan@acme", "jan@@acme.nl", "mon mail: marie@exemple..fr"])
def test_an_invalid_email_address_is_explained(text: str) -> None:
    update = read(text, REACH, "fr", "inform")

    assert update.email is None
    assert update.problems == ["email_invalid"]


# --- Phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("+32 470 12 34 56", "nl", "+32470123456"),
        ("+32 470 12 34 56", "fr", "+32470123456"),
        ("0031 6 12345678", "en", "+31612345678"),
        ("0031 6 12345678", "fr", "+31612345678"),
        ("+33 6 12 34 56 78", "nl", "+33612345678"),
        ("06 12345678", "nl", "+31612345678"),
        ("06-12345678", "nl", "+31612345678"),
        ("043 123 45 67", "nl", "+31431234567"),
        ("0470 12 34 56", "fr", "+32470123456"),
        ("06 12 34 56 78", "fr", "+33612345678"),
        ("bel me op 06 12345678 aub", "nl", "+31612345678"),
    ],
)
def test_a_phone_number_in_international_form(text: str, language: str, phone: str) -> None:
    update = read(text, REACH, language, "inform")

    assert update.phone == phone
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("0612", "nl"),
        ("mon numéro: 06 12", "fr"),
        ("+31 6 123", "en"),
        ("123456", "nl"),
        ("+32 470 12", "fr"),
    ],
)
def test_a_short_or_invalid_number_is_explained(text: str, language: str) -> None:
    update = read(text, REACH, language, "inform")

    assert update.phone is None
    assert update.problems == ["phone_invalid"]


def test_no_way_to_reach_the_visitor_is_explained() -> None:
    update = read("ik weet het niet", REACH, "nl", "inform")

    assert (update.email, update.phone) == (None, None)
    assert update.problems == ["reach_missing"]


# --- The optional question: company and preferred time ----------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "company", "preferred_time"),
    [
        ("Acme BV, dinsdagmiddag", "nl", "Acme BV", "dinsdagmiddag"),
        ("Acme, tomorrow after 2pm", "en", "Acme", "tomorrow after 2pm"),
        ("Dupont SA, demain matin", "fr", "Dupont SA", "demain matin"),
        ("Acme Ltd", "en", "Acme Ltd", None),
        ("morgen na 14u", "nl", None, "morgen na 14u"),
    ],
)
def test_company_and_preferred_time(
    text: str, language: str, company: str | None, preferred_time: str | None
) -> None:
    update = read(text, OPTIONAL, language, "inform")

    assert update.company == company
    assert update.preferred_time == preferred_time
    assert update.optional_answered is True
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("non merci", "fr", None),
        ("Non merci !", "fr", "deny"),
        ("overslaan", "nl", None),
        ("nee dank je", "nl", "inform"),
        ("skip", "en", None),
        ("no thanks", "en", "deny"),
        ("rather not say", "en", "deny"),
    ],
)
def test_skipping_the_optional_question(text: str, language: str, intent: str | None) -> None:
    update = read(text, OPTIONAL, language, intent)

    assert update.optional_answered is True
    assert update.company is None
    assert update.preferred_time is None
    assert update.name is None
    assert update.consent is None
    assert update.cancelled is False
    assert update.problems == []


# --- Consent ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("oui", "fr"), ("Oui, j'accepte", "fr"), ("d'accord", "fr"),
        ("ja", "nl"), ("Ja, akkoord", "nl"), ("akkoord", "nl"),
        ("yes", "en"), ("Yes, I agree", "en"), ("ok", "en"),
    ],
)  # fmt: skip
def test_consent_given_in_words(text: str, language: str) -> None:
    assert read(text, CONSENT, language, None).consent is True


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("non", "fr"), ("Non", "fr"), ("je refuse", "fr"),
        ("nee", "nl"), ("Nee", "nl"), ("niet akkoord", "nl"),
        ("no", "en"), ("No", "en"), ("I don't agree", "en"),
    ],
)  # fmt: skip
def test_consent_refused_in_words(text: str, language: str) -> None:
    assert read(text, CONSENT, language, None).consent is False


@pytest.mark.parametrize(
    ("text", "intent", "consent"),
    [
        ("tout à fait", "affirm", True),
        ("zeker weten", "affirm", True),
        ("absolutely", "affirm", True),
        ("pas question", "deny", False),
        ("echt niet", "deny", False),
        ("absolutely not", "deny", False),
    ],
)
def test_consent_from_the_intent(text: str, intent: str, consent: bool) -> None:
    assert read(text, CONSENT, "en", intent).consent is consent


@pytest.mark.parametrize(("text", "language"), [("qsdfgh", "fr"), ("blub", "nl"), ("zzz", "en")])
def test_an_unclear_consent_answer_is_explained(text: str, language: str) -> None:
    update = read(text, CONSENT, language, "out_of_scope")

    assert update.consent is None
    assert update.problems == ["consent_unclear"]


# --- Cancelling and digressions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked", "language", "intent"),
    [
        ("nee", NAME, "nl", "deny"),
        ("nee", NAME, "nl", None),
        ("non", NAME, "fr", "deny"),
        ("no, cancel", REACH, "en", "deny"),
    ],
)
def test_no_instead_of_a_name_cancels(
    text: str, asked: str, language: str, intent: str | None
) -> None:
    update = read(text, asked, language, intent)

    assert update.cancelled is True
    assert update.name is None
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What would 24/7 support cost for 5000 contacts?", "en"),
        ("Combien coûte un support en néerlandais et en allemand ?", "fr"),
        ("Wat kost dat per maand?", "nl"),
    ],
)
def test_a_question_at_the_name_step_is_a_digression(text: str, language: str) -> None:
    update = read(text, NAME, language, "ask_estimate")

    assert update.found_anything() is False
    assert update.name is None
    assert update.problems == []


# --- clean_text and hostile input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Jan\r\nde\tVries", "Jan de Vries"),
        ("Jan\u2028de\u2029Vries", "Jan de Vries"),
        ("Jan\u200bde\u200dVries\ufeff", "Jan de Vries"),
        ("  Jan \x00\x1b de   Vries  ", "Jan de Vries"),
        ("<b>Acme</b> & <i>co</i>", "<b>Acme</b> & <i>co</i>"),
        ("Eve\r\nBcc: victim@example.com", "Eve Bcc: victim@example.com"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_is_bounded() -> None:
    assert clean_text("x" * 5000) == "x" * 200
    assert clean_text("word " * 100, limit=12) == "word word wo"


@pytest.mark.parametrize(
    "text",
    [
        "A" * 10_000,
        "Jan " * 2_500,
        "je m'appelle " + "Marie" * 2_000,
        "my name is " + "Sarah " * 3,
        "😀" * 10_000,
        "Jan 😀 de Vries, jan@acme.nl",
        "1" * 10_000,
        "@" * 10_000,
        "a@" * 5_000,
    ],
)
@pytest.mark.parametrize("asked", [NAME, REACH, OPTIONAL, CONSENT])
def test_long_messages_and_emoji_give_bounded_results(text: str, asked: str) -> None:
    update = read(text, asked, "en", "inform")

    if update.name is not None:
        assert 0 < len(update.name) <= MAX_NAME_LENGTH
        assert not has_control_characters(update.name)
    for free_text in (update.company, update.preferred_time):
        assert free_text is None or len(free_text) <= 500


def test_only_the_start_of_a_very_long_message_is_read() -> None:
    # One visitor message must not hold the action server (the patterns are quadratic on long
    # runs without spaces): what lies beyond the limit is not read at all.
    beyond = read("x" * 100_000 + " jan@acme.nl", REACH, "en", "inform")
    assert beyond.email is None and beyond.name is None
    within = read("x" * (MAX_MESSAGE_LENGTH - 20) + " jan@acme.nl", REACH, "en", "inform")
    assert within.email == "jan@acme.nl"


def test_an_emoji_inside_a_name_is_kept() -> None:
    assert read("Jan 😀 de Vries, jan@acme.nl", NAME, "nl", "inform").name == "Jan 😀 de Vries"


# Any text, and any text after a name introduction (so that the name path sees it all).
MESSAGES = st.one_of(
    st.text(max_size=300),
    st.builds(
        str.__add__,
        st.sampled_from(["my name is ", "je m'appelle ", "ik heet ", "I'm ", "Je suis "]),
        st.text(max_size=300),
    ),
)


@given(
    text=MESSAGES,
    asked=st.sampled_from([NAME, REACH, OPTIONAL, CONSENT, None]),
    language=st.sampled_from(["fr", "nl", "en"]),
    intent=st.sampled_from([None, "inform", "affirm", "deny", "ask_estimate", "greet", "faq"]),
)
def test_any_message_is_read_without_error_and_names_are_clean(
    text: str, asked: str | None, language: str, intent: str | None
) -> None:
    update = read_contact_message(text, asked, language, intent)

    assert isinstance(update, ContactUpdate)
    if update.name is not None:
        assert len(update.name) <= MAX_NAME_LENGTH
        assert not has_control_characters(update.name)
        assert update.name.strip() == update.name != ""


@pytest.mark.parametrize(
    ("words", "intent", "company", "preferred_time"),
    [
        # NLU is no guide for free text: a company name can look like anything.
        ("Van den Berg Retail, 's ochtends", "faq", "Van den Berg Retail", "'s ochtends"),
        ("Acme, mornings", "request_human", "Acme", "mornings"),
        ("Dupont SA, le matin après 10h", "out_of_scope", "Dupont SA", "le matin après 10h"),
    ],
)
def test_the_optional_answer_is_read_whatever_its_intent(
    words: str, intent: str, company: str, preferred_time: str
) -> None:
    update = read(words, OPTIONAL, "nl", intent)
    assert (update.company, update.preferred_time) == (company, preferred_time)
    assert update.optional_answered


def test_a_question_at_the_optional_step_is_left_to_the_dialogue() -> None:
    update = read("wat kost dat per minuut?", OPTIONAL, "nl", "ask_estimate")
    assert not update.found_anything()


# --- Words beside a detail, names in lower case, details in any order -------------------------


@pytest.mark.parametrize(
    ("text", "language", "phone", "email"),
    [
        ("my mobile is 0470 98 76 54, that's my work phone", "en", "+32470987654", None),
        ("voici mon portable 06 55 44 33 22, c'est le plus simple", "fr", "+33655443322", None),
        ("mijn gsm is 0486 55 44 33, bel me maar na vijf", "nl", "+32486554433", None),
        ("tom@brightline.example is my work address", "en", None, "tom@brightline.example"),
    ],
)
def test_words_beside_a_detail_are_no_name_and_no_wrong_answer(
    text: str, language: str, phone: str | None, email: str | None
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.phone, update.email) == (None, phone, email)
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("jan de vries", "nl", "jan de vries"),
        ("marie-claire dubois", "fr", "marie-claire dubois"),
        ("wim van der linden", "nl", "wim van der linden"),
        ("Joris De Vries", "nl", "Joris De Vries"),
        ("Will Smith", "en", "Will Smith"),
    ],
)
def test_a_name_in_lower_case_or_with_particles_is_the_name(
    text: str, language: str, name: str
) -> None:
    update = read(text, NAME, language, "inform")

    assert update.name == name
    assert update.problems == []


@pytest.mark.parametrize(
    ("text", "language", "name", "email", "phone", "company"),
    [
        (
            "0486 55 44 33, Kris De Smet van Proximus",
            "nl",
            "Kris De Smet",
            None,
            "+32486554433",
            "Proximus",
        ),
        (
            "ik ben Kris De Smet van Proximus, 0486 55 44 33",
            "nl",
            "Kris De Smet",
            None,
            "+32486554433",
            "Proximus",
        ),
        (
            "lea@martin.example, je m'appelle Léa Martin, je bosse chez Maison Ricard",
            "fr",
            "Léa Martin",
            "lea@martin.example",
            None,
            "Maison Ricard",
        ),
        (
            "I work for Northwind. My name is Amy Chen, +44 20 7946 0123",
            "en",
            "Amy Chen",
            None,
            "+442079460123",
            "Northwind",
        ),
    ],
)
def test_details_in_any_order_in_one_message(
    text: str,
    language: str,
    name: str,
    email: str | None,
    phone: str | None,
    company: str,
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.email, update.phone, update.company) == (
        name,
        email,
        phone,
        company,
    )


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        ("van Bakkerij Smits", "nl", "Bakkerij Smits"),
        ("Van Dam Logistiek", "nl", "Van Dam Logistiek"),
        ("De Lijn, liefst 's ochtends", "nl", "De Lijn"),
        ("la société Lemoine Transports, après 14h", "fr", "Lemoine Transports"),
        ("Groupe Safran", "fr", "Groupe Safran"),
        ("je bosse chez Maison Ricard", "fr", "Maison Ricard"),
    ],
)
def test_the_company_question_answered_as_people_do(text: str, language: str, company: str) -> None:
    update = read(text, OPTIONAL, language, "inform")

    assert update.company == company
    assert update.optional_answered is True


@pytest.mark.parametrize(
    ("text", "language", "company", "preferred_time"),
    [
        # no company to name: the question is answered, nothing is stored as a company
        ("pas de société, je travaille seule", "fr", None, None),
        ("geen bedrijf, ik ben zzp'er", "nl", None, None),
        ("self-employed, mornings are best", "en", None, "mornings are best"),
        # "et" / "en" / "and" inside a company name; they split only before a time
        ("Martin et Associés", "fr", "Martin et Associés", None),
        ("Smits en Zonen, morgenochtend", "nl", "Smits en Zonen", "morgenochtend"),
        ("Brightline and tomorrow after 3pm", "en", "Brightline", "tomorrow after 3pm"),
        # a company answer with a capitalised "Société" after "de la" keeps it
        ("de la Société Perrin", "fr", "Société Perrin", None),
        ("company is De Groene Stad", "en", "De Groene Stad", None),
    ],
)
def test_more_answers_to_the_company_question(
    text: str, language: str, company: str | None, preferred_time: str | None
) -> None:
    update = read(text, OPTIONAL, language, "inform")

    assert (update.company, update.preferred_time) == (company, preferred_time)
    assert update.optional_answered is True


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Noor Jansen hier", "nl", "Noor Jansen"),
        ("Amy Chen speaking", "en", "Amy Chen"),
        ("Léa Martin à l'appareil", "fr", "Léa Martin"),
        ("naam is Wim De Smet", "nl", "Wim De Smet"),
    ],
)
def test_a_name_with_words_that_say_it_is_one(text: str, language: str, name: str) -> None:
    assert read(text, NAME, language, "inform").name == name


def test_a_company_instead_of_a_name_is_kept_and_no_wrong_answer() -> None:
    update = read("we are Northwind Traders", NAME, "en", "inform")

    assert (update.name, update.company, update.problems) == (None, "Northwind Traders", [])


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        ("c'est pour la société Morel Emballages", "fr", "Morel Emballages"),
        ("pour le compte de Girard SARL", "fr", "Girard SARL"),
        ("on est chez Perrin et Fils", "fr", "Perrin et Fils"),
        ("het gaat om Bakkerij De Wit", "nl", "Bakkerij De Wit"),
        ("namens Van Houten Transport", "nl", "Van Houten Transport"),
        ("we zitten bij Hoeks en Zonen", "nl", "Hoeks en Zonen"),
        ("this is for Brightwater Ltd", "en", "Brightwater Ltd"),
        ("we work for Halvorsen Logistics", "en", "Halvorsen Logistics"),
    ],
)
def test_whom_the_request_is_for_is_the_company_not_the_name(
    text: str, language: str, company: str
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company, update.problems) == (None, company, [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("c'est pour un devis", "fr"),
        ("het gaat om een offerte", "nl"),
        ("it's for next month", "en"),
    ],
)
def test_a_sentence_like_a_company_phrase_names_no_company(text: str, language: str) -> None:
    assert read(text, NAME, language, "inform").company is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Verbeek & Zonen", "nl"),
        ("Hoeks en Zn", "nl"),
        ("De Smet Bouw", "nl"),
        ("'t Hoen Logistiek", "nl"),
        ("van houten transport", "nl"),
        ("Claes B.V.", "nl"),
        ("Lambert SA", "fr"),
        ("Duval et Fils", "fr"),
        ("Le Bihan Immobilier", "fr"),
        ("Kessler GmbH", "en"),
        ("Whitmore and Sons", "en"),
    ],
)
def test_a_company_instead_of_a_name_is_the_company(text: str, language: str) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company, update.problems) == (None, text, [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Piet van der Meer", "nl"),
        ("Anne De Wolf", "nl"),
        ("'t Jong", "nl"),
        ("Sarah Bakker", "nl"),
        ("Marc Le Goff", "fr"),
        ("Julie La Salle", "fr"),
        ("Dana O'Brien", "en"),
    ],
)
def test_names_that_begin_or_end_like_companies_stay_names(text: str, language: str) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company) == (text, None)


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        ("je suis de la Société Renard et Fils", "fr", "Société Renard et Fils"),
        ("de la société Morel et Fils", "fr", "Morel et Fils"),
        ("Hoeks & Zonen B.V.", "nl", "Hoeks & Zonen B.V."),
        ("nous sommes chez Lemaire Conseil SAS", "fr", "Lemaire Conseil SAS"),
        ("het is voor Van Rijn Verzekeringen", "nl", "Van Rijn Verzekeringen"),
    ],
)
def test_a_company_with_its_legal_form_or_family_is_kept_whole(
    text: str, language: str, company: str
) -> None:
    update = read(text, OPTIONAL, language, "inform")

    assert (update.company, update.optional_answered) == (company, True)


@pytest.mark.parametrize(
    ("text", "language", "name", "preferred_time"),
    [
        ("mijn naam is Joris Claes, morgenochtend", "nl", "Joris Claes", "morgenochtend"),
        ("my name is Dana Wells", "en", "Dana Wells", None),
    ],
)
def test_a_name_given_at_the_optional_question_is_no_company(
    text: str, language: str, name: str, preferred_time: str | None
) -> None:
    update = read(text, OPTIONAL, language, "inform")

    assert (update.name, update.company, update.preferred_time) == (name, None, preferred_time)


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        ("ik werk bij Verbeek Installatietechniek", "nl", "Verbeek Installatietechniek"),
        ("c'est pour la société Morel Emballages", "fr", "Morel Emballages"),
    ],
)
def test_a_company_at_the_reach_question_is_kept_and_no_wrong_answer(
    text: str, language: str, company: str
) -> None:
    update = read(text, REACH, language, "inform")

    assert (update.company, update.problems) == (company, [])


@pytest.mark.parametrize(
    ("text", "language", "email", "phone"),
    [
        ("non attendez, c'est lucie.roy@exemple.fr", "fr", "lucie.roy@exemple.fr", None),
        ("wait, it's dan@brightwater.example", "en", "dan@brightwater.example", None),
        ("no wait: dan@brightwater.example", "en", "dan@brightwater.example", None),
        ("wacht even, het is 0470 12 34 56", "nl", None, "+32470123456"),
        ("correction : lucie.roy@exemple.fr", "fr", "lucie.roy@exemple.fr", None),
        ("actually it's dan@brightwater.example", "en", "dan@brightwater.example", None),
    ],
)
def test_a_correction_is_the_detail_and_its_words_no_company(
    text: str, language: str, email: str | None, phone: str | None
) -> None:
    for asked in (NAME, REACH, OPTIONAL):
        update = read(text, asked, language, "inform")

        assert (update.email, update.phone, update.company, update.name) == (
            email, phone, None, None
        ), asked  # fmt: skip
        assert update.problems == [] and not update.cancelled, asked


@pytest.mark.parametrize(
    ("text", "asked", "language"),
    [
        ("evenings work best for me", NAME, "en"),
        ("demain en fin de matinée", NAME, "fr"),
        ("liefst donderdagochtend", REACH, "nl"),
    ],
)
def test_a_good_time_before_the_name_or_reach_is_kept_and_no_wrong_answer(
    text: str, asked: str, language: str
) -> None:
    update = read(text, asked, language, "inform")

    assert (update.name, update.preferred_time, update.problems) == (None, text, [])


@pytest.mark.parametrize(
    ("text", "language", "name", "company"),
    [
        ("Paul Girard de Girard Conseil", "fr", "Paul Girard", "Girard Conseil"),
        ("Sofie Peeters van Peeters Bouw BV", "nl", "Sofie Peeters", "Peeters Bouw BV"),
        ("Amy Stone from Stone and Sons", "en", "Amy Stone", "Stone and Sons"),
    ],
)
def test_a_name_then_a_company_with_a_trade_or_legal_form(
    text: str, language: str, name: str, company: str
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company, update.problems) == (name, company, [])


@pytest.mark.parametrize(
    ("text", "language", "name", "company"),
    [
        ("je me présente : Yves Moreau", "fr", "Yves Moreau", None),
        (
            "Je me présente, Yves Moreau de Moreau Transports",
            "fr",
            "Yves Moreau",
            "Moreau Transports",
        ),
        ("ik stel me even voor: Wout Peeters", "nl", "Wout Peeters", None),
        ("Yves Moreau (société Moreau SA)", "fr", "Yves Moreau", "Moreau SA"),
        ("Bank of England Group", "en", None, "Bank of England Group"),
        ("ah non, c'est plutôt yves@moreau.example", "fr", None, None),
    ],
)
def test_more_ways_to_give_a_name_and_a_company(
    text: str, language: str, name: str | None, company: str | None
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company) == (name, company)


@pytest.mark.parametrize("text", ["<b>Acme</b>", "😀😀", "{{company}}", "Holding " * 20])
def test_an_unusable_company_is_explained_once_and_left_out(text: str) -> None:
    update = read(text, OPTIONAL, "en", "inform")

    assert (update.company, update.problems, update.optional_answered) == (
        None, ["company_unusable"], True
    )  # fmt: skip


@pytest.mark.parametrize("text", ["Studio 100", "3M", "Hoeks & Zonen", "A.S. Adventure"])
def test_companies_with_digits_or_signs_are_usable(text: str) -> None:
    assert read(text, OPTIONAL, "nl", "inform").company == text


@pytest.mark.parametrize(
    ("text", "language", "consent"),
    [
        ("I consent", "en", True),
        ("ça marche", "fr", True),
        ("je consens", "fr", True),
        ("ik geef toestemming", "nl", True),
        ("ik stem ermee in", "nl", True),
        ("I do not consent", "en", False),
        ("I'd rather you didn't", "en", False),
        ("don't store anything, thanks", "en", False),
        ("je ne suis pas d'accord", "fr", False),
        ("hors de question", "fr", False),
        ("ik geef geen toestemming", "nl", False),
        ("niet mee eens", "nl", False),
    ],
)
def test_consent_in_its_own_words(text: str, language: str, consent: bool) -> None:
    update = read(text, CONSENT, language, "inform")

    assert (update.consent, update.problems) == (consent, [])


@pytest.mark.parametrize(
    ("text", "language", "name", "company"),
    [
        # a role at a company, and the name after it
        ("I'm the head of sales at Orbital Freight, Kim Lowe", "en", "Kim Lowe", "Orbital Freight"),
        ("je suis responsable des achats chez Vidal SAS", "fr", None, "Vidal SAS"),
        (
            "ik ben eigenaar van Drukkerij Hermans, Tine Hermans",
            "nl",
            "Tine Hermans",
            "Drukkerij Hermans",
        ),
        # the company first, then what it is
        ("Orbital Freight is our company, Kim Lowe", "en", "Kim Lowe", "Orbital Freight"),
        ("Vidal SAS, c'est ma boîte", "fr", None, "Vidal SAS"),
        ("the firm is called Orbital Freight", "en", None, "Orbital Freight"),
        # a name after "name", a full stop or brackets around it
        ("email kim@orbital.example, name Kim Lowe", "en", "Kim Lowe", None),
        ("Kim Lowe. Company: Orbital Freight.", "en", "Kim Lowe", "Orbital Freight"),
        ("kim@orbital.example (Kim Lowe)", "en", "Kim Lowe", None),
    ],
)
def test_roles_companies_first_and_names_with_punctuation(
    text: str, language: str, name: str | None, company: str | None
) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company, update.problems) == (name, company, [])


# --- Names in labelled parts, titles, openings; places and residences; numbers ------------


@pytest.mark.parametrize(
    ("text", "asked", "language", "known", "name"),
    [
        # a part alone is the name so far
        ("voornaam: Wout", NAME, "nl", None, "Wout"),
        ("my first name is Grace", NAME, "en", None, "Grace"),
        # the other part, in a later message, completes it
        ("en mijn achternaam is De Smet", REACH, "nl", "Wout", "Wout De Smet"),
        ("surname Okafor", REACH, "en", "Grace", "Grace Okafor"),
        ("prénom : Camille", REACH, "fr", "Marchal", "Camille Marchal"),
        # a part given again replaces that part
        ("last name is Adebayo", REACH, "en", "Grace Okafor", "Grace Adebayo"),
        # both in one message, in a form's order
        ("nom : Marchal, prénom : Camille", NAME, "fr", None, "Camille Marchal"),
        ("voornaam Wout, naam Claes, wout@claes.example", NAME, "nl", None, "Wout Claes"),
    ],
)
def test_a_name_given_in_labelled_parts(
    text: str, asked: str, language: str, known: str | None, name: str
) -> None:
    update = read(text, asked, language, "inform", known_name=known)

    assert (update.name, update.company, update.problems) == (name, None, [])


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Mme Camille Marchal", "fr", "Camille Marchal"),
        ("je suis Madame Marchal", "fr", "Marchal"),
        ("dhr. Wout Claes", "nl", "Wout Claes"),
        ("u spreekt met mevrouw De Smet", "nl", "De Smet"),
        ("Dr Grace Okafor", "en", "Grace Okafor"),
        ("this is Mr. Okafor", "en", "Okafor"),
    ],
)
def test_a_title_is_no_part_of_the_name(text: str, language: str, name: str) -> None:
    assert read(text, NAME, language, "inform").name == name


@pytest.mark.parametrize(
    ("text", "language", "intent", "name", "company"),
    [
        ("Hello, Grace Okafor here, with Okafor Media", "en", "greet", "Grace Okafor",
         "Okafor Media"),
        ("bonjour, Camille Marchal", "fr", "greet", "Camille Marchal", None),
        ("ja hoor, Wout Claes van Claes Bouw", "nl", "affirm", "Wout Claes", "Claes Bouw"),
        ("yeah its Grace Okafor", "en", "affirm", "Grace Okafor", None),
    ],
)  # fmt: skip
def test_a_greeting_or_yes_before_the_name_is_no_part_of_it(
    text: str, language: str, intent: str, name: str, company: str | None
) -> None:
    update = read(text, NAME, language, intent)

    assert (update.name, update.company, update.problems) == (name, company, [])


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("easiest to ring me on +44 20 7946 0321", "en", "+442079460321"),
        ("le mieux c'est de m'appeler au 06 45 67 89 12", "fr", "+33645678912"),
        ("liefst bellen op 0471 23 45 67", "nl", "+32471234567"),
    ],
)
def test_advice_on_how_to_call_is_no_name(text: str, language: str, phone: str) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.phone, update.problems) == (None, phone, [])


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Wout Claes, ik woon in Hasselt", "nl", "Wout Claes"),
        ("Camille Marchal, j'habite à Namur", "fr", "Camille Marchal"),
        ("Grace Okafor, I live in Leeds", "en", "Grace Okafor"),
    ],
)
def test_where_the_visitor_lives_is_no_company(text: str, language: str, name: str) -> None:
    update = read(text, NAME, language, "inform")

    assert (update.name, update.company, update.problems) == (name, None, [])
    assert read(text.split(", ")[1], OPTIONAL, language, "inform").company is None


@pytest.mark.parametrize(
    ("text", "asked", "language", "company"),
    [
        ("we werken voor Claes Bouw in Genk", NAME, "nl", "Claes Bouw"),
        ("I work for Okafor Media in Leeds", REACH, "en", "Okafor Media"),
        ("Marchal Transports à Liège", OPTIONAL, "fr", "Marchal Transports"),
        ("je suis chez le Groupe Marchal", OPTIONAL, "fr", "Groupe Marchal"),
        ("c'est pour la Boulangerie Petit", NAME, "fr", "Boulangerie Petit"),
        ("van bij De Kleine Wereld", OPTIONAL, "nl", "De Kleine Wereld"),
    ],
)
def test_a_company_without_its_place_or_article_at_any_question(
    text: str, asked: str, language: str, company: str
) -> None:
    update = read(text, asked, language, "inform")

    assert (update.company, update.name, update.problems) == (company, None, [])


def test_a_name_and_a_company_in_two_parts_is_a_name_whatever_the_intent() -> None:
    reading = read_contact("Camille Marchal, de Marchal Conseil")

    assert reading.name_answer == "Camille Marchal"
    assert reading.after_name.company == "Marchal Conseil"
    assert "name_like" in reading.cues  # so that a "goodbye" reading becomes `inform`


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+31 (0)6 12 43 65 87", "+31612436587"),
        ("+32 (0)471 23 45 67", "+32471234567"),
        ("0044 (0)20 7946 0321", "+442079460321"),
    ],
)
def test_a_country_code_with_the_trunk_zero_in_brackets(text: str, phone: str) -> None:
    for language in ("fr", "nl", "en"):
        assert read(text, REACH, language, "inform").phone == phone, language


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("and on 0471 23 45 67 too", "en", "+32471234567"),
        ("et aussi au 06 45 67 89 12 si besoin", "fr", "+33645678912"),
        ("en anders 06 12 43 65 87", "nl", "+31612436587"),
    ],
)
def test_a_number_added_in_a_run_on_message(text: str, language: str, phone: str) -> None:
    for asked in (NAME, REACH, OPTIONAL, CONSENT, None):
        update = read(text, asked, language, "inform")

        assert (update.phone, update.name, update.company) == (phone, None, None), asked


# --- Round 5: company phrases, words around a detail, fuller names, dots, labels -------------


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        # a role with its adjective, then the company, in the request for a call
        ("responsable commerciale chez Garnier Outillage, rappelez-moi svp", "fr",
         "Garnier Outillage"),
        ("I'm the senior buyer at Halcyon Pumps, can you call me back?", "en", "Halcyon Pumps"),
        ("ik ben de verantwoordelijke bij Groenhof Zorg, bel me even", "nl", "Groenhof Zorg"),
    ],
)  # fmt: skip
def test_a_company_in_the_request_for_a_call(text: str, language: str, company: str) -> None:
    assert read_contact(text).introduced_company == company
    assert read(text, None, language, "request_human").company == company


@pytest.mark.parametrize(
    ("text", "asked", "language", "name", "company"),
    [
        ("I'm Rhys Penhallow of the firm Penhallow Cartography", NAME, "en", "Rhys Penhallow",
         "Penhallow Cartography"),
        ("Rhys Penhallow, from the company Kestrel Maps", NAME, "en", "Rhys Penhallow",
         "Kestrel Maps"),
        ("I work for Kestrel Maps", OPTIONAL, "en", None, "Kestrel Maps"),
        ("Odile Sarrazin de la société Sarrazin Verrerie", NAME, "fr", "Odile Sarrazin",
         "Sarrazin Verrerie"),
        ("je travaille pour Verrerie du Lac", OPTIONAL, "fr", None, "Verrerie du Lac"),
        ("Joris Lambrechts bij het bedrijf Lambrechts Dakwerken", NAME, "nl", "Joris Lambrechts",
         "Lambrechts Dakwerken"),
        # "voor" is a time word too ("voor 10 uur"), not after "ik werk"
        ("ik werk voor Dakwerken Lambrechts", OPTIONAL, "nl", None, "Dakwerken Lambrechts"),
        ("ik werk bij Vlasfabriek Desmet", REACH, "nl", None, "Vlasfabriek Desmet"),
    ],
)  # fmt: skip
def test_company_phrases_with_a_verb_or_a_word_for_a_company(
    text: str, asked: str, language: str, name: str | None, company: str
) -> None:
    update = read(text, asked, language, "inform")

    assert (update.name, update.company, update.preferred_time, update.problems) == (
        name, company, None, []
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "name", "phone", "email"),
    [
        # a conjunction and a verb before a number
        ("Imogen Tull, or give me a bell on +44 20 7946 0555", "en", "Imogen Tull",
         "+442079460555", None),
        ("Imogen Tull or text 0470 98 76 54", "en", "Imogen Tull", "+32470987654", None),
        ("Aurèle Mangin, ou appelez-moi au 06 98 76 54 32", "fr", "Aurèle Mangin",
         "+33698765432", None),
        ("Aurèle Mangin ou sinon 06 98 76 54 32", "fr", "Aurèle Mangin", "+33698765432", None),
        ("Wannes Goossens, of bel me gerust op 0470 98 76 54", "nl", "Wannes Goossens",
         "+32470987654", None),
        # a correction's filler before an address
        ("no sorry, better use imogen.t@tull.example", "en", None, None, "imogen.t@tull.example"),
        ("non attendez, utilisez plutôt aurele@mangin.example", "fr", None, None,
         "aurele@mangin.example"),
        ("nee wacht, neem maar wannes@goossens.example", "nl", None, None,
         "wannes@goossens.example"),
    ],
)  # fmt: skip
def test_words_around_a_detail_are_no_name(
    text: str, language: str, name: str | None, phone: str | None, email: str | None
) -> None:
    for asked in (NAME, REACH, OPTIONAL):
        update = read(text, asked, language, "inform")
        expected_name = name if asked == NAME else None
        assert (update.name, update.phone, update.email, update.company) == (
            expected_name, phone, email, None
        ), asked  # fmt: skip


@pytest.mark.parametrize(
    ("text", "asked", "language", "known", "name", "company"),
    [
        ("Imogen Tull, that's my full name", REACH, "en", "Imogen", "Imogen Tull", None),
        ("Aurèle Mangin pardon, de chez Mangin Frères", REACH, "fr", "Aurèle", "Aurèle Mangin",
         "Mangin Frères"),
        ("Wannes Goossens bedoelde ik", OPTIONAL, "nl", "Wannes", "Wannes Goossens", None),
        ("Imogen Tull I meant", CONSENT, "en", "Imogen", "Imogen Tull", None),
        # a name that does not begin with the known one is no correction of it
        ("Barnaby Tull", REACH, "en", "Imogen", None, None),
    ],
)  # fmt: skip
def test_a_fuller_name_replaces_the_first_name(
    text: str, asked: str, language: str, known: str, name: str | None, company: str | None
) -> None:
    update = read(text, asked, language, "inform", known_name=known)

    assert (update.name, update.company, update.consent) == (name, company, None)
    if name:  # the name answers; nothing to explain
        assert update.problems == []


@pytest.mark.parametrize(
    ("text", "asked", "company"),
    [
        ("Halcyon Pumps Inc.", OPTIONAL, "Halcyon Pumps Inc."),
        ("Kestrel Maps Ltd., weekday mornings", OPTIONAL, "Kestrel Maps Ltd."),
        ("I work at Tull Bros.", REACH, "Tull Bros."),
        ("Verrerie Mangin S.A.", OPTIONAL, "Verrerie Mangin S.A."),
        ("Mangin et Cie.", OPTIONAL, "Mangin et Cie."),
        ("ik werk bij Goossens B.V.", REACH, "Goossens B.V."),
        ("Halcyon Pumps.", OPTIONAL, "Halcyon Pumps"),  # a sentence's full stop still goes
    ],
)
def test_a_legal_form_keeps_its_final_dot(text: str, asked: str, company: str) -> None:
    assert read(text, asked, "en", "inform").company == company


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("tel 0470 55 66 77", "nl", "+32470556677"),
        ("Tel.: +44 20 7946 0444", "en", "+442079460444"),
        ("gsm 0470 55 66 77", "nl", "+32470556677"),
        ("mob. +32 470 55 66 77", "en", "+32470556677"),
        ("mobile: 06 55 44 33 22", "fr", "+33655443322"),
        ("téléphone 06 55 44 33 22", "fr", "+33655443322"),
        ("telefoon 06 55443322", "nl", "+31655443322"),
    ],
)
def test_a_label_before_a_number_is_no_name_and_no_company(
    text: str, language: str, phone: str
) -> None:
    for asked in (NAME, REACH, OPTIONAL):
        update = read(text, asked, language, "inform")
        assert (update.phone, update.name, update.company) == (phone, None, None), asked
    named = read(f"Barnaby Tull, {text}", NAME, language, "inform")
    assert (named.name, named.phone, named.company) == ("Barnaby Tull", phone, None)


@pytest.mark.parametrize(
    ("text", "name", "company"),
    [
        # after an introduced name, a part that names a company (a legal form, a trade)
        ("My name is Orla Keane, Keane Cycles Ltd, mobile +353 86 765 4321", "Orla Keane",
         "Keane Cycles Ltd"),
        ("Je suis Maxime Roux, de Roux Menuiserie SPRL, maxime@roux.example", "Maxime Roux",
         "Roux Menuiserie SPRL"),
        ("Ik ben Griet Wouters, Wouters Logistiek BV, 0475 98 76 54", "Griet Wouters",
         "Wouters Logistiek BV"),
        # after the request's question
        ("Pouvez-vous me rappeler ? Moi c'est Maxime Roux, de Roux Menuiserie SA, 0470 55 66 77",
         "Maxime Roux", "Roux Menuiserie SA"),
        # a part that names no company stays none
        ("I'm Orla Keane, thanks a lot", "Orla Keane", None),
    ],
)  # fmt: skip
def test_a_company_in_its_own_part_after_an_introduced_name(
    text: str, name: str, company: str | None
) -> None:
    reading = read_contact(text)
    assert (reading.introduced_name, reading.introduced_company) == (name, company)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("oui alors mon adresse c'est maxime@roux.example", "fr"),
        ("well, my email is orla@keane.example", "en"),
        ("nou, mijn mail is griet@wouters.example", "nl"),
        ("donc voilà, maxime@roux.example", "fr"),
    ],
)
def test_a_filler_that_opens_an_answer_is_no_name(text: str, language: str) -> None:
    for asked in (NAME, REACH):
        update = read(text, asked, language, "inform")
        assert update.name is None and update.email is not None, asked


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("vous pouvez m'appeler au bureau : +32 2 555 98 76", "fr", "+3225559876"),
        ("call me at the office on +44 20 7946 0321", "en", "+442079460321"),
        ("bel me maar op kantoor, 010 765 43 21", "nl", "+31107654321"),
    ],
)
def test_where_to_call_is_no_name_and_no_company(text: str, language: str, phone: str) -> None:
    for asked in (NAME, REACH, OPTIONAL):
        update = read(text, asked, language, "inform")
        assert (update.name, update.company, update.phone) == (None, None, phone), asked


@pytest.mark.parametrize(
    "text",
    [
        "Aurore de Villers, de la société Villers Assurances SA",
        "Griet Wouters, bij het bedrijf Wouters Logistiek",
        "Orla Keane, from the company Keane Cycles",
    ],
)
def test_a_name_then_a_company_phrase_is_an_answer_whatever_the_intent(text: str) -> None:
    """NLU may read it as a question (`faq`, `out_of_scope`): the cue makes it an answer."""
    reading = read_contact(text)
    assert NAME_LIKE in reading.cues
    update = read(text, NAME, "fr", "faq")
    assert update.name == text.split(",")[0] and update.company == reading.introduced_company


# --- Round 7: a greeting before a name and its company, job titles, legal forms' dots -------


@pytest.mark.parametrize(
    ("text", "language", "name", "phone"),
    [
        ("bel me ff terug aub, Stijn Claes, 0471 98 76 54", "nl", "Stijn Claes", "+32471987654"),
        ("Call me back please: Oliver Grant, +44 7911 654321", "en", "Oliver Grant",
         "+447911654321"),
        ("Appelez-moi svp : Inès Haddad, 06 98 76 54 32", "fr", "Inès Haddad", "+33698765432"),
    ],
)  # fmt: skip
def test_a_request_to_be_called_before_a_name_and_a_number_is_no_part_of_the_name(
    text: str, language: str, name: str, phone: str
) -> None:
    """The name after the request is the visitor's: in the request that starts the form and
    at the name question."""
    for asked in (None, NAME):
        update = read(text, asked, language, "request_human")
        assert (update.name, update.phone, update.problems) == (name, phone, []), asked


@pytest.mark.parametrize(
    ("text", "language"),
    [("graag iemand van jullie verkoopafdeling aan de lijn", "nl"),
     ("oui, un conseiller de chez vous svp", "fr"),
     ("yes, someone from sales please", "en")],
)
def test_words_shaped_like_a_name_and_company_after_a_yes_introduce_nobody(
    text: str, language: str
) -> None:
    for asked in (None, NAME):
        update = read(text, asked, language, "request_human")
        assert (update.name, update.company) == (None, None), asked


@pytest.mark.parametrize(
    "text",
    ["call me back please, tomorrow morning", "rappelez-moi svp : demain matin",
     "bel me terug, liefst na 14 uur", "Call me: I am in a meeting until noon"],
)
def test_a_request_to_be_called_before_a_time_names_nobody(text: str) -> None:
    assert read_contact(text).introduced_name is None
    assert read(text, None, "en", "request_human").name is None


@pytest.mark.parametrize(
    ("text", "language", "name", "company", "phone", "email"),
    [
        ("Bonsoir, Julie Lambert de chez Fleurs Lambert SPRL, rappelez-moi au +32 475 12 34 56 "
         "ou écrivez-moi à julie@fleurs.example", "fr", "Julie Lambert", "Fleurs Lambert SPRL",
         "+32475123456", "julie@fleurs.example"),
        ("Bonjour, Élodie Marchand de chez Marchand Traiteur SARL, vous pouvez me rappeler au "
         "06 12 34 56 78", "fr", "Élodie Marchand", "Marchand Traiteur SARL", "+33612345678",
         None),
        ("Bonsoir, Élodie Marchand de chez Marchand Traiteur SARL, pouvez-vous me rappeler au "
         "06 12 34 56 78 ?", "fr", "Élodie Marchand", "Marchand Traiteur SARL", "+33612345678",
         None),
        ("Bonjour ! Nadia Benali, de Benali Conseil, joignable au 0475 11 22 33", "fr",
         "Nadia Benali", "Benali Conseil", "+32475112233", None),
        ("Oui, Hugo Fabre chez Fabre Menuiserie, hugo@fabre.example", "fr", "Hugo Fabre",
         "Fabre Menuiserie", None, "hugo@fabre.example"),
        ("Goedemiddag, Sanne Willems van Willems Techniek BV, u kunt me bellen op "
         "06 12 34 56 78", "nl", "Sanne Willems", "Willems Techniek BV", "+31612345678", None),
        ("Hoi, Bram de Wit hier, van De Wit Schilders, mail me op bram@dewit.example", "nl",
         "Bram de Wit", "De Wit Schilders", None, "bram@dewit.example"),
        ("Dag, Lies Maes van bij Maes Bakkerij, bel me terug op 0478 12 34 56", "nl", "Lies Maes",
         "Maes Bakkerij", "+32478123456", None),
        ("Good morning, Priya Shah from Shah Textiles Ltd, please ring me on +44 20 7946 0123",
         "en", "Priya Shah", "Shah Textiles Ltd", "+442079460123", None),
        ("Hey, Tom Hardy of Hardy Haulage Ltd here, tom@hardy.example", "en", "Tom Hardy",
         "Hardy Haulage Ltd", None, "tom@hardy.example"),
        ("Hello, Ken Adams from Adams & Co., you can reach me at ken@adams.example", "en",
         "Ken Adams", "Adams & Co.", None, "ken@adams.example"),
        # without a greeting, the company and a detail say it as well
        ("Wim Aerts van Aerts Metaal NV, bel me op 0470 12 34 56", "nl", "Wim Aerts",
         "Aerts Metaal NV", "+32470123456", None),
        # a request to be called, as a clause of its own, opens the message like a greeting
        ("Recontactez-moi svp : Chloé Martin, Martin Déco SA, 0476 22 33 44", "fr",
         "Chloé Martin", "Martin Déco SA", "+32476223344", None),
        ("Bonjour, rappelez-moi s'il vous plaît, Paul Girard, Girard Bâtiment SARL, "
         "06 11 22 33 44", "fr", "Paul Girard", "Girard Bâtiment SARL", "+33611223344", None),
        ("Bel me even terug: Koen de Backer, De Backer Transport BV, 0496 12 34 56", "nl",
         "Koen de Backer", "De Backer Transport BV", "+32496123456", None),
        ("Please call me back - Grace Lee, Lee Analytics Ltd, grace@lee.example", "en",
         "Grace Lee", "Lee Analytics Ltd", None, "grace@lee.example"),
        ("Bel me terug: Eva van den Bosch, Van den Bosch Logistiek BV, 0497 12 34 56", "nl",
         "Eva van den Bosch", "Van den Bosch Logistiek BV", "+32497123456", None),
    ],
)  # fmt: skip
def test_a_greeting_then_a_name_and_its_company_introduce_the_visitor(
    text: str, language: str, name: str, company: str, phone: str | None, email: str | None
) -> None:
    """The request that opens the form (nothing asked yet) and the answer to the name question
    read the same: the name and the company, beside the details."""
    reading = read_contact(text)
    assert (reading.introduced_name, reading.introduced_company) == (name, company)
    for asked in (None, NAME):
        update = read(text, asked, language, "request_human")
        assert (update.name, update.company, update.phone, update.email, update.problems) == (
            name, company, phone, email, []
        ), asked  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "name", "company", "preferred_time"),
    [
        # a greeting and "here" beside the name, with a time: nothing lost at the name question
        ("Hi, Jane Cole here, tomorrow morning", "en", "Jane Cole", None, "tomorrow morning"),
        ("Bonjour, Julie Roy de chez Roy Fleurs, demain matin", "fr", "Julie Roy", "Roy Fleurs",
         "demain matin"),
    ],
)  # fmt: skip
def test_an_introduction_with_a_greeting_keeps_the_time_given_beside_it(
    text: str, language: str, name: str, company: str | None, preferred_time: str
) -> None:
    update = read(text, NAME, language, "greet")

    assert (update.name, update.company, update.preferred_time) == (name, company, preferred_time)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je voudrais un devis pour 3000 appels", "fr"),
        ("Bonsoir, c'est pour un devis, 0475 12 34 56", "fr"),
        ("Bonjour, chez nous c'est surtout du téléphone", "fr"),
        ("Hallo, wat kost 24/7 chat voor 5000 gesprekken?", "nl"),
        ("Hallo, bij ons gaat het om 2000 gesprekken, bel me op 0470 12 34 56", "nl"),
        ("Hi, how much for 24/7?", "en"),
        ("Hi, at the moment we get 400 calls a day, call me on +44 20 7946 0123", "en"),
    ],
)
def test_a_greeting_before_a_sentence_introduces_no_name(text: str, language: str) -> None:
    reading = read_contact(text)
    assert (reading.introduced_name, reading.introduced_company) == (None, None)
    for asked in (None, NAME, OPTIONAL):
        update = read(text, asked, language, "inform")
        assert (update.name, update.company) == (None, None), asked


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # one sign of an introduction is not enough: a detail alone, a company alone
        ("Jan de Vries, jan@acme.nl", "nl", None),
        ("Tom Baker from Initech", "en", None),
    ],
)
def test_a_name_with_one_sign_of_an_introduction_is_only_an_answer(
    text: str, language: str, name: str | None
) -> None:
    assert read_contact(text).introduced_name == name
    assert read(text, NAME, language, "inform").name == text.split(",")[0].split(" from")[0]


@pytest.mark.parametrize(
    ("text", "language", "name", "company"),
    [
        ("Marc Dubois, directeur commercial chez Dubois Transports SA", "fr", "Marc Dubois",
         "Dubois Transports SA"),
        ("Claire Fontaine, cheffe de projet chez Fontaine Événements", "fr", "Claire Fontaine",
         "Fontaine Événements"),
        ("Paul Girard, responsable du service client de Girard Assurances SA", "fr",
         "Paul Girard", "Girard Assurances SA"),
        ("Luc Perrin directeur général chez Perrin SAS", "fr", "Luc Perrin", "Perrin SAS"),
        ("Sophie Martin, directrice marketing, Martin Conseil SARL", "fr", "Sophie Martin",
         "Martin Conseil SARL"),
        ("Anna de Vries, teamleider klantenservice bij De Vries Logistiek BV", "nl",
         "Anna de Vries", "De Vries Logistiek BV"),
        ("Koen Peeters, accountmanager bij Peeters Bouw NV", "nl", "Koen Peeters",
         "Peeters Bouw NV"),
        ("Jeroen Smit, office manager bij Smit Vastgoed", "nl", "Jeroen Smit", "Smit Vastgoed"),
        ("Femke Bakker, projectleider, Bakker Installaties BV", "nl", "Femke Bakker",
         "Bakker Installaties BV"),
        ("John Carter, head of customer care at Carter Logistics Ltd", "en", "John Carter",
         "Carter Logistics Ltd"),
        ("Emma Lewis, VP of Operations at Lewis Freight Inc.", "en", "Emma Lewis",
         "Lewis Freight Inc."),
        ("Raj Patel, senior account manager with Patel Systems Ltd", "en", "Raj Patel",
         "Patel Systems Ltd"),
        ("Olivia Brown, Customer Service Manager, Brown & Sons", "en", "Olivia Brown",
         "Brown & Sons"),
    ],
)  # fmt: skip
def test_a_job_title_between_the_name_and_the_company(
    text: str, language: str, name: str, company: str
) -> None:
    """The title is neither the name nor the company, whatever intent NLU gives it."""
    for intent in ("inform", "faq"):
        update = read(text, NAME, language, intent)
        assert (update.name, update.company, update.problems) == (name, company, []), intent
    assert read(text, OPTIONAL, language, "inform").company == company


@pytest.mark.parametrize(
    ("text", "language", "name", "company", "phone"),
    [
        # introduced, or after a greeting, with a detail: at any question, and before any
        ("Je suis Inès Roy, assistante de direction chez Roy Immobilier, 06 11 22 33 44", "fr",
         "Inès Roy", "Roy Immobilier", "+33611223344"),
        ("Bonjour, Marc Dubois, directeur commercial chez Dubois Transports SA, rappelez-moi au "
         "0475 12 34 56", "fr", "Marc Dubois", "Dubois Transports SA", "+32475123456"),
        ("Ik ben Evi Claes, hoofd inkoop bij Claes Metaal BV, bel me op 0470 12 34 56", "nl",
         "Evi Claes", "Claes Metaal BV", "+32470123456"),
        ("Goedemorgen, Anna de Vries, teamleider klantenservice bij De Vries Logistiek BV, "
         "06 12 34 56 78", "nl", "Anna de Vries", "De Vries Logistiek BV", "+31612345678"),
        ("I'm Dan Reed, Head of Support at Reed Media, +44 20 7946 0999", "en", "Dan Reed",
         "Reed Media", "+442079460999"),
        ("Hi, John Carter, head of customer care at Carter Logistics Ltd, call me on "
         "+44 7911 123456", "en", "John Carter", "Carter Logistics Ltd", "+447911123456"),
    ],
)  # fmt: skip
def test_an_introduced_name_with_its_job_title_and_company(
    text: str, language: str, name: str, company: str, phone: str
) -> None:
    reading = read_contact(text)
    assert (reading.introduced_name, reading.introduced_company) == (name, company)
    for asked in (None, NAME):
        update = read(text, asked, language, "request_human")
        assert (update.name, update.company, update.phone) == (name, company, phone), asked


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # a job title alone is no name and no company
        ("directeur commercial", "fr", None),
        ("teamleider klantenservice", "nl", None),
        ("head of customer care", "en", None),
        ("Operations Director", "en", None),
        # a title beside the name, with no company or with words that are none
        ("Marc Dubois, directeur commercial", "fr", "Marc Dubois"),
        ("Marc Dubois, directeur commercial chez nous", "fr", "Marc Dubois"),
        ("Anna de Vries, teamleider bij ons", "nl", "Anna de Vries"),
        ("John Carter, team lead at the moment", "en", "John Carter"),
        ("John Carter, Head of Sales", "en", "John Carter"),
    ],
)
def test_a_job_title_is_no_name_and_no_company(
    text: str, language: str, name: str | None
) -> None:
    named = read(text, NAME, language, "inform")
    assert (named.name, named.company) == (name, None)
    assert read(text, OPTIONAL, language, "inform").company is None


@pytest.mark.parametrize(
    ("text", "asked", "company"),
    [
        # the company alone, as the answer to the optional question
        ("Luxtrans S.à r.l.", OPTIONAL, "Luxtrans S.à r.l."),
        ("Boulangerie Weber s.à r.l.", OPTIONAL, "Boulangerie Weber s.à r.l."),
        ("Garnier S.A.", OPTIONAL, "Garnier S.A."),
        ("Van Hool N.V.", OPTIONAL, "Van Hool N.V."),
        ("Kuipers B.V.", OPTIONAL, "Kuipers B.V."),
        ("Lemaire S.A.S.", OPTIONAL, "Lemaire S.A.S."),
        ("dupont s.a.", OPTIONAL, "dupont s.a."),
        ("Hartley & Co.", OPTIONAL, "Hartley & Co."),
        ("Brandt GmbH & Co. KG", OPTIONAL, "Brandt GmbH & Co. KG"),
        ("Northwind Inc.", OPTIONAL, "Northwind Inc."),
        ("Barlow Ltd.", OPTIONAL, "Barlow Ltd."),
        # instead of a name: the company, whole
        ("Luxtrans S.à r.l.", NAME, "Luxtrans S.à r.l."),
        ("Lemaire S.A.S.", NAME, "Lemaire S.A.S."),
        # inside a sentence
        ("je travaille chez Luxtrans S.à r.l., plutôt le matin", OPTIONAL, "Luxtrans S.à r.l."),
        ("on est chez Lemaire S.A.S., rappelez-nous demain", OPTIONAL, "Lemaire S.A.S."),
        ("ik werk bij Kuipers B.V.", REACH, "Kuipers B.V."),
        ("wij zijn Van Hool N.V., bel ons morgen", OPTIONAL, "Van Hool N.V."),
        ("Our company is Brandt GmbH & Co. KG.", OPTIONAL, "Brandt GmbH & Co. KG"),
        ("We're Hartley & Co. Call us in the afternoon", OPTIONAL, "Hartley & Co."),
        ("je travaille chez Luxtrans S.à r.l. Appelez-moi demain", OPTIONAL,
         "Luxtrans S.à r.l."),
        ("I work at Jansen B.V. Call me tomorrow morning", REACH, "Jansen B.V."),
        ("Moi c'est Anne Weber, de Weber Transports S.à r.l., anne@weber.example", NAME,
         "Weber Transports S.à r.l."),
        ("I'm Tom Barlow from Barlow Ltd., tom@barlow.example", NAME, "Barlow Ltd."),
        ("Ik ben Wim Aerts van Aerts N.V., bel me op 0470 12 34 56", NAME, "Aerts N.V."),
        # a sentence's own full stop still goes
        ("We are Acme.", OPTIONAL, "Acme"),
        ("Fleurs Lambert.", OPTIONAL, "Fleurs Lambert"),
        ("Wij zijn Jansen Bouw.", OPTIONAL, "Jansen Bouw"),
        ("je travaille chez Solvay.", OPTIONAL, "Solvay"),
        ("Northwind Traders.", OPTIONAL, "Northwind Traders"),
        ("I work at Initech.", REACH, "Initech"),
    ],
)  # fmt: skip
def test_a_legal_form_keeps_its_dots_and_a_sentence_loses_its_full_stop(
    text: str, asked: str, company: str
) -> None:
    for language in ("fr", "nl", "en"):
        assert read(text, asked, language, "inform").company == company, language


@pytest.mark.parametrize(
    ("text", "language", "company"),
    [
        # a title in a part of its own names the company in the part after it
        ("Marc Dubois, directeur commercial, Dubois Transports SA", "fr", "Dubois Transports SA"),
        ("Femke Bakker, projectleider, Bakker Installaties BV", "nl", "Bakker Installaties BV"),
        ("John Carter, operations director, Carter Logistics Ltd", "en", "Carter Logistics Ltd"),
    ],
)
def test_a_company_after_a_job_title_is_kept_at_the_reach_question(
    text: str, language: str, company: str
) -> None:
    update = read(text, REACH, language, "inform")

    assert (update.name, update.company, update.problems) == (None, company, [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a role in a sentence about someone else, or about when: no company
        ("je voudrais parler au responsable de votre service", "fr"),
        ("Can the manager of your team call me?", "en"),
        ("I'm a manager at the moment", "en"),
        ("ik wil de teamleider van jullie spreken", "nl"),
    ],
)
def test_a_role_in_a_sentence_names_no_company(text: str, language: str) -> None:
    for asked in (None, NAME, REACH, OPTIONAL):
        update = read(text, asked, language, "inform")
        assert (update.name, update.company) == (None, None), asked


@pytest.mark.parametrize(
    ("text", "language", "time"),
    [
        ("plutôt en fin de journée", "fr", "plutôt en fin de journée"),
        ("ergens rond de middag", "nl", "ergens rond de middag"),
        ("towards the end of the week", "en", "towards the end of the week"),
    ],
)
def test_with_the_company_known_the_optional_answer_is_the_time(
    text: str, language: str, time: str
) -> None:
    """The optional question asked only for a good time: free text is that, not a company."""
    reading = read_contact(text)
    update = contact_update(reading, OPTIONAL, language, "inform",
                            known_company="Lejeune Jardins SRL")
    assert update.company is None
    assert update.preferred_time and update.preferred_time in time
    assert update.optional_answered


@pytest.mark.parametrize(
    "text",
    [
        "new estimate please, from the very beginning",
        "let's start again from scratch",
        "can we go from the start?",
        "opnieuw beginnen, van nul",
        "nog eens van het begin aub",
    ],
)
def test_where_to_start_again_is_no_company(text: str) -> None:
    assert read_contact(text).introduced_company is None
