"""Phone numbers in a visitor's message, read in the numbering plan they belong to.

An international number ("+32 470 12 34 56", "0031 6 ...") says its country. A national one
may be valid in several of the plans the assistant's visitors use: "0478 12 34 56" is a
Belgian mobile, a Dutch landline (Venray) and a French one (Lyon); "06 12 34 56 78" is a
Dutch and a French mobile. Flemish visitors chat in Dutch and French-speaking ones are more
often Belgian than French, so the chat language alone cannot decide. In this order:

1. a country named beside the number ("it's a Belgian number", "un numéro belge", "mijn
   Nederlandse nummer") reads it in that country's plan;
2. people leave their mobile number: the plan where it is a mobile comes first (0478 ->
   Belgium; 06 stays Dutch or French by the chat language's order, `PHONE_REGIONS`), then
   the other plans in that order;
3. unless a word says it is a mobile ("mijn GSM", "mon portable", "my mobile") and one plan
   only reads a mobile, a reading that another plan of the chat language's countries reads
   differently (`SPEAKERS_PLANS`; any plan in English) is marked as a guess
   (`PhoneReading.guessed`): the dialogue says which country it assumed and how to correct
   it, rather than store a wrong number silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

from bot.text import fold, words_pattern

# Plans to try, by chat language: the company is Dutch; French speakers are more often
# Belgian than French ("0470 12 34 56" is a Belgian mobile, and also a valid French number).
# British national numbers ("07911 123456") last, when no other plan fits.
PHONE_REGIONS: dict[str, tuple[str, ...]] = {
    "nl": ("NL", "BE", "FR", "GB"),
    "fr": ("BE", "FR", "NL", "GB"),
    "en": ("NL", "BE", "FR", "GB"),
}
ALL_PHONE_REGIONS = PHONE_REGIONS["en"]  # every plan a national number may be read in
# Plans of the countries where the chat language is spoken (Flemish visitors chat in Dutch):
# a national number that another of these plans reads differently is a guess, said back.
SPEAKERS_PLANS: dict[str, tuple[str, ...]] = {"nl": ("NL", "BE"), "fr": ("BE", "FR")}

# fmt: off
# Words that name a phone number, so that a country word beside one is about the number.
_NUMBER_WORDS = [
    "number", "phone", "mobile", "cell", "nummer", "telefoon", "telefoonnummer", "gsm",
    "mobiel", "numero", "telephone", "portable", "tel",
]
# Words that say the number is a mobile one.
_MOBILE_WORDS = [
    "gsm", "mobile", "mobile number", "mobile phone", "cell", "cellphone", "cell phone",
    "mobiel", "mobieltje", "mobiele nummer", "mobiel nummer", "06-nummer", "portable",
    "numero de portable", "numero de mobile", "smartphone", "handy",
]
# Countries named beside a number, folded (lower case, no accents).
_COUNTRY_WORDS: dict[str, list[str]] = {
    "BE": ["belgian", "belgium", "belge", "belgique", "belgisch", "belgische", "belgie"],
    "NL": ["dutch", "netherlands", "holland", "nederlands", "nederlandse", "nederland",
           "neerlandais", "pays-bas", "pays bas", "hollandais"],
    "FR": ["french", "france", "francais", "frans", "franse", "frankrijk"],
}
# fmt: on
_NUMBER_WORD = re.compile(words_pattern(_NUMBER_WORDS))
_MOBILE_WORD = re.compile(words_pattern(_MOBILE_WORDS))
_COUNTRY_WORD = {
    region: re.compile(words_pattern(words)) for region, words in _COUNTRY_WORDS.items()
}
# Something that looks like an attempt at a phone number: 6 or more digits, maybe spaced.
PHONE_ATTEMPT = re.compile(r"\+?\(?\d[\d\s().\-/]{4,}\d")
# "+31 (0)6 …", "0032 (0)470 …": the national trunk 0 in brackets after a country code, which
# the number does not dial (and which, with spaces around it, hides the country code).
_TRUNK_ZERO = re.compile(r"((?:\+|\b00)\d{1,3})\s*\(0\)\s*")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
E164 = phonenumbers.PhoneNumberFormat.E164


@dataclass(frozen=True)
class PhoneReading:
    """The number a message holds, as E.164, or why there is none.

    `guessed`: a national number valid in several plans with nothing in the message to
    choose between them; `number` is the chat language's reading, to be said back.
    """

    number: str | None = None
    invalid: bool = False  # digits typed that make no valid number
    guessed: bool = False


def phone_numbers(text: str, regions: Iterable[str]) -> Iterator[str]:
    """Every valid number in `text` as E.164, reading national numbers in each plan in turn."""
    text = without_trunk_zero(text)
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID):
            yield phonenumbers.format_number(match.number, E164)


def without_trunk_zero(text: str) -> str:
    """`text` with "+31 (0)6 …" written "+31 6 …", as the number is dialled."""
    return _TRUNK_ZERO.sub(r"\1 ", text)


def _first_number(text: str, region: str) -> PhoneNumber | None:
    matches = phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID)
    match = next(iter(matches), None)
    return match.number if match else None


def _with_country_code(text: str) -> str | None:
    """A number typed with its country code whose range the metadata does not list yet.

    phonenumbers' ranges lag behind the operators' allocations; a number with a country code
    and the length of a landline or mobile number there is taken as the visitor typed it.
    """
    # Read from the Netherlands, so that "0032 ..." is understood as "+32 ..." (00 is the
    # international prefix in all three countries); national numbers are skipped.
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", phonenumbers.Leniency.POSSIBLE):
        if not match.raw_string.startswith(("+", "00")):
            continue
        if _possible(match.number):
            return phonenumbers.format_number(match.number, E164)
    return None


def _possible(number: PhoneNumber) -> bool:
    """Whether a number has the length of a landline or mobile number of its country."""
    return any(
        phonenumbers.is_possible_number_for_type_with_reason(number, kind)
        == phonenumbers.ValidationResult.IS_POSSIBLE
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
    )


def _possible_in(text: str, regions: Iterable[str]) -> tuple[str | None, bool]:
    """A national number of the right length in one of `regions`, and whether it is typed
    grouped as that country writes it ("07 12 34 56 78" in France).

    For a number valid only abroad ("07 12 34 56 78" is a Leiden number, and in France a
    mobile range phonenumbers does not list): the visitor's own country may be likelier.
    """
    first: str | None = None
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.POSSIBLE):
            if match.raw_string.startswith(("+", "00")) or not _possible(match.number):
                continue
            national = phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.NATIONAL
            )
            number = phonenumbers.format_number(match.number, E164)
            if re.findall(r"\d+", match.raw_string) == re.findall(r"\d+", national):
                return number, True
            first = first or number
    return first, False


def _is_mobile(number: PhoneNumber) -> bool:
    return phonenumbers.number_type(number) in _MOBILE_TYPES


# No phone number has fewer digits, country code included (the shortest plans' numbers have
# four or five); the matcher, the most expensive part of reading a message, is not run on
# the messages without them (most of them: "24/7 in French", "about 800 a month").
MIN_PHONE_DIGITS = 5


def read_phone(text: str, language: str) -> PhoneReading:
    """The first number of `text`, read in its plan (see the module's docstring)."""
    if sum(character.isdigit() for character in text) < MIN_PHONE_DIGITS:
        return PhoneReading()
    return _read_phone(text, language)


def _read_phone(text: str, language: str) -> PhoneReading:
    text = without_trunk_zero(text)
    order = PHONE_REGIONS.get(language, PHONE_REGIONS["en"])
    valid = {
        region: number for region in order if (number := _first_number(text, region)) is not None
    }
    if not valid:
        unlisted = _with_country_code(text)
        if unlisted is not None:
            return PhoneReading(number=unlisted)
        digits = [re.sub(r"\D", "", attempt) for attempt in PHONE_ATTEMPT.findall(text)]
        return PhoneReading(invalid=any(len(run) >= 6 for run in digits))
    e164 = {region: phonenumbers.format_number(number, E164) for region, number in valid.items()}
    speakers = SPEAKERS_PLANS.get(language, ALL_PHONE_REGIONS)
    if not any(region in speakers for region in valid):  # "07 12 …" in French: not Leiden
        here, grouped_so = _possible_in(text, speakers)
        if here is not None and grouped_so:
            return PhoneReading(number=here, guessed=True)
        if here is not None:  # the foreign reading, said back
            return PhoneReading(number=next(iter(e164.values())), guessed=True)
    if len(set(e164.values())) == 1:  # international, or valid in one plan only
        return PhoneReading(number=next(iter(e164.values())))
    folded = fold(text)
    named = [
        region
        for region, pattern in _COUNTRY_WORD.items()
        if region in valid and pattern.search(folded) and _NUMBER_WORD.search(folded)
    ]
    if len(named) == 1:
        return PhoneReading(number=e164[named[0]])
    # People leave their mobile number: a mobile reading first, then the language's order.
    mobiles = [region for region in valid if _is_mobile(valid[region])]
    chosen = (mobiles or list(valid))[0]
    if _MOBILE_WORD.search(folded) and len({e164[region] for region in mobiles}) == 1:
        return PhoneReading(number=e164[chosen])  # "mijn GSM": the one plan where it is a mobile
    others = {e164[region] for region in valid if region in speakers} - {e164[chosen]}
    return PhoneReading(number=e164[chosen], guessed=bool(others))


def international(number: str) -> str:
    """An E.164 number as people read it ("+32 478 12 34 56")."""
    return phonenumbers.format_number(
        phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def country_of(number: str) -> str | None:
    """The ISO 3166 region of an E.164 number ("BE"), when the plan names one."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(number))
