"""Phone numbers read in the plan they belong to (bot/extraction/phone.py), in every chat language.

Belgian, Dutch and French national numbers overlap: the number itself (a mobile in one plan
only), a word beside it ("GSM", "portable", "Belgian number") or, failing both, the chat
language decides, and a guess is said back with the country so that it can be corrected.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extraction.contact import read_contact
from bot.extraction.phone import (
    MIN_PHONE_DIGITS,
    PhoneReading,
    _read_phone,
    country_of,
    international,
    read_phone,
)
from bot.names import CHAT_LANGUAGES

ALL = CHAT_LANGUAGES


@pytest.mark.parametrize("language", ALL)
@pytest.mark.parametrize(
    ("text", "phone"),
    [
        # a Belgian mobile (046x-049x) is a Dutch or French landline too: the mobile wins
        ("mijn gsm: 0486 55 44 33", "+32486554433"),
        ("mon portable c'est le 0497 11 22 33", "+32497112233"),
        ("my mobile is 0470/98.76.54", "+32470987654"),
        # a country named beside the number
        ("bel 0475 12 34 56, een Nederlands nummer", "+31475123456"),
        ("0475 12 34 56 (numéro belge)", "+32475123456"),
        ("06 55 44 33 22, a French number", "+33655443322"),
        ("06 55 44 33 22 is mijn Nederlandse nummer", "+31655443322"),
        # valid in one plan only: a Brussels or Antwerp landline
        ("02 511 22 33", "+3225112233"),
        ("03 201 44 55", "+3232014455"),
        # international, even in a range the metadata does not list yet
        ("+32 470 12 34 56", "+32470123456"),
        ("0033 6 55 44 33 22", "+33655443322"),
        ("+31 6 9911 2233", "+31699112233"),
    ],
)
def test_a_number_is_read_in_its_plan_in_every_chat_language(
    text: str, phone: str, language: str
) -> None:
    reading = read_phone(text, language)

    assert reading.number == phone
    assert not reading.guessed


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("06 12345678", "nl", "+31612345678"),  # Dutch and French mobile: the chat language
        ("06 12 34 56 78", "fr", "+33612345678"),
        ("043 365 22 11", "nl", "+31433652211"),  # Maastricht; a French landline too
    ],
)
def test_a_number_no_neighbour_reads_otherwise_is_no_guess(
    text: str, language: str, phone: str
) -> None:
    assert read_phone(text, language) == PhoneReading(number=phone)


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("0478 12 34 56", "nl", "+32478123456"),  # Belgian mobile, Dutch landline (Venray)
        ("0478 12 34 56", "fr", "+32478123456"),  # Belgian mobile, French landline (Lyon)
        ("0478 12 34 56", "en", "+32478123456"),
        ("06 12345678", "en", "+31612345678"),  # Dutch or French mobile, in English
    ],
)
def test_a_truly_ambiguous_number_is_marked_as_a_guess(
    text: str, language: str, phone: str
) -> None:
    reading = read_phone(text, language)

    assert (reading.number, reading.guessed) == (phone, True)


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        # valid in France only; in a Dutch chat it is said back, since 014… could be Dutch
        ("01 42 68 53 00", "fr", "+33142685300"),
        ("01 42 68 53 00", "nl", "+33142685300"),
        # valid in the Netherlands only (Leiden), but grouped as the French write a mobile
        ("joignable au 07 12 34 56 78", "fr", "+33712345678"),
        ("0712345678", "nl", "+31712345678"),
    ],
)
def test_a_number_valid_only_abroad_is_read_by_how_it_is_grouped(
    text: str, language: str, phone: str
) -> None:
    assert read_phone(text, language).number == phone


def test_the_guess_travels_with_the_reading_per_chat_language() -> None:
    reading = read_contact("bel me op 0478 12 34 56")

    assert reading.phone("nl") == "+32478123456"
    assert "nl" in reading.guessed_plans
    rebuilt = type(reading).from_entities(reading.as_entities())
    assert rebuilt.guessed_plans == reading.guessed_plans


@pytest.mark.parametrize("text", ["+31 6 9911 223", "+1 555 1234", "0612"])
def test_a_number_too_short_for_its_country_is_no_number(text: str) -> None:
    assert read_phone(text, "en").number is None


def test_a_number_is_said_back_as_people_read_it() -> None:
    assert international("+32478123456") == "+32 478 12 34 56"
    assert country_of("+32478123456") == "BE"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("0123456789+-()/. abcdefghijklmnop+٣٤"), max_size=40
    ).filter(lambda text: sum(c.isdigit() for c in text) < MIN_PHONE_DIGITS),
    language=st.sampled_from(ALL),
)
def test_the_messages_skipped_for_too_few_digits_hold_no_number_at_all(
    text: str, language: str
) -> None:
    # The matcher, run anyway, finds neither a number nor digits worth calling invalid.
    assert _read_phone(text, language) == PhoneReading()
    assert read_phone(text, language) == PhoneReading()


@pytest.mark.parametrize("text", ["+44 1234 5", "0032 2 511", "tel 12345"])
def test_five_digits_are_read_by_the_matcher(text: str) -> None:
    assert read_phone(text, "en") == _read_phone(text, "en")
