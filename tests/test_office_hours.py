"""Office hours (OFFICE_HOURS, OFFICE_TIMEZONE) and the call-back promise they allow."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.leads.handoff import NEXT_WORKING_DAY, WITHIN_HOUR, promise
from bot.leads.office_hours import OfficeHours
from bot.settings import SettingsError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def office() -> OfficeHours:
    return OfficeHours.parse("mon-fri 09:00-17:30", "Europe/Amsterdam")


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# --- Parsing --------------------------------------------------------------------------------


def test_parse_reads_day_ranges_and_single_days() -> None:
    hours = OfficeHours.parse("mon-thu 09:00-17:30, fri 9:00-16:00", "Europe/Amsterdam")

    assert hours.hours == {
        0: (time(9), time(17, 30)),
        1: (time(9), time(17, 30)),
        2: (time(9), time(17, 30)),
        3: (time(9), time(17, 30)),
        4: (time(9), time(16)),
    }
    assert hours.zone == AMSTERDAM


@pytest.mark.parametrize(
    ("spec", "zone", "named"),
    [
        ("mon-fry 09:00-17:30", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("monday 09:00-17:30", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("xyz 09:00-17:30", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 9-17", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 25:00-26:00", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 09:60-17:30", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 17:30-09:00", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 09:00-09:00", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("fri-mon 09:00-17:30", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("", "Europe/Amsterdam", "OFFICE_HOURS"),
        (" , ", "Europe/Amsterdam", "OFFICE_HOURS"),
        ("mon-fri 09:00-17:30", "Europe/Maastricht", "OFFICE_TIMEZONE"),
        ("mon-fri 09:00-17:30", "CET+99", "OFFICE_TIMEZONE"),
        ("mon-fri 09:00-17:30", "", "OFFICE_TIMEZONE"),
        ("mon-fri 09:00-17:30", "../../etc/passwd", "OFFICE_TIMEZONE"),
    ],
)
def test_a_bad_setting_is_named(spec: str, zone: str, named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        OfficeHours.parse(spec, zone)


# --- Open or closed -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (local(2026, 7, 15, 8, 59), False),  # Wednesday, a minute before opening
        (local(2026, 7, 15, 9, 0), True),  # the opening minute
        (local(2026, 7, 15, 13, 0), True),
        (local(2026, 7, 15, 17, 29), True),  # the last open minute
        (local(2026, 7, 15, 17, 30), False),  # the closing minute
        (local(2026, 7, 17, 12, 0), True),  # Friday
        (local(2026, 7, 18, 12, 0), False),  # Saturday
        (local(2026, 7, 19, 12, 0), False),  # Sunday
    ],
)
def test_is_open_at_the_boundaries_and_at_the_weekend(
    office: OfficeHours, moment: datetime, is_open: bool
) -> None:
    assert office.is_open(moment) is is_open


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        # Summer (CEST, UTC+2): 09:00 in Amsterdam is 07:00 UTC, 17:30 is 15:30 UTC.
        (utc(2026, 7, 15, 6, 59), False),
        (utc(2026, 7, 15, 7, 0), True),
        (utc(2026, 7, 15, 15, 29), True),
        (utc(2026, 7, 15, 15, 30), False),
        # Winter (CET, UTC+1): 09:00 in Amsterdam is 08:00 UTC, 17:30 is 16:30 UTC.
        (utc(2026, 1, 14, 7, 59), False),
        (utc(2026, 1, 14, 8, 0), True),
        (utc(2026, 1, 14, 16, 29), True),
        (utc(2026, 1, 14, 16, 30), False),
        # Friday 23:30 UTC in summer is already Saturday in Amsterdam.
        (utc(2026, 7, 17, 22, 30), False),
    ],
)
def test_utc_moments_are_judged_in_amsterdam_time(
    office: OfficeHours, moment: datetime, is_open: bool
) -> None:
    assert office.is_open(moment) is is_open


# --- The next opening ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        (local(2026, 7, 17, 19, 0), local(2026, 7, 20, 9, 0)),  # Friday evening -> Monday
        (local(2026, 7, 18, 10, 0), local(2026, 7, 20, 9, 0)),  # Saturday -> Monday
        (local(2026, 7, 20, 7, 0), local(2026, 7, 20, 9, 0)),  # Monday early -> same day
        (local(2026, 7, 15, 17, 30), local(2026, 7, 16, 9, 0)),  # Wednesday closing -> Thursday
        (utc(2026, 1, 16, 18, 0), local(2026, 1, 19, 9, 0)),  # Friday evening, winter, in UTC
        (utc(2026, 3, 27, 20, 0), local(2026, 3, 30, 9, 0)),  # clocks go forward on Sunday
        (utc(2026, 10, 23, 20, 0), local(2026, 10, 26, 9, 0)),  # clocks go back on Sunday
    ],
)
def test_next_opening(office: OfficeHours, moment: datetime, opening: datetime) -> None:
    found = office.next_opening(moment)

    assert found == opening
    assert found.utcoffset() == opening.utcoffset()
    assert (found.hour, found.minute) == (9, 0)


def test_next_opening_in_utc_after_a_clock_change(office: OfficeHours) -> None:
    # Monday 30 March 2026 is summer time: opening at 09:00 CEST is 07:00 UTC.
    assert office.next_opening(utc(2026, 3, 27, 20, 0)).astimezone(timezone.utc) == utc(
        2026, 3, 30, 7, 0
    )


# --- The promise --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", "Un conseiller vous contactera dans l'heure."),
        ("nl", "Een adviseur neemt binnen het uur contact met u op."),
        ("en", "A colleague will contact you within the hour."),
    ],
)
def test_inside_office_hours_the_promise_is_within_the_hour(
    office: OfficeHours, language: str, sentence: str
) -> None:
    code, said = promise(local(2026, 7, 15, 10, 0), office, language)

    assert code == WITHIN_HOUR == "within_hour"
    assert said == sentence


# Tuesday 1 December 2026 in Amsterdam (winter time); the office is open mon-fri 09:00-17:30.
PROMISES_BY_CLOCK = [
    # 08:57 on a Tuesday: we open in three minutes, today.
    (
        local(2026, 12, 1, 8, 57),
        {
            "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera "
            "aujourd'hui à partir de 09:00.",
            "nl": "Ons kantoor is nu gesloten: een adviseur neemt vandaag vanaf 09:00 contact "
            "met u op.",
            "en": "Our office is closed right now: a colleague will contact you today from 09:00.",
        },
    ),
    # 16:31: open, but for less than an hour.
    (
        local(2026, 12, 1, 16, 31),
        {
            "fr": "Nos bureaux ferment à 17:30 : un conseiller vous contactera demain à partir "
            "de 09:00.",
            "nl": "Ons kantoor sluit om 17:30: een adviseur neemt morgen vanaf 09:00 contact met "
            "u op.",
            "en": "Our office closes at 17:30: a colleague will contact you tomorrow from 09:00.",
        },
    ),
    # Tuesday evening.
    (
        local(2026, 12, 1, 20, 0),
        {
            "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera demain "
            "à partir de 09:00.",
            "nl": "Ons kantoor is nu gesloten: een adviseur neemt morgen vanaf 09:00 contact "
            "met u op.",
            "en": "Our office is closed right now: a colleague will contact you tomorrow "
            "from 09:00.",
        },
    ),
    # Saturday noon: Monday is named by its date.
    (
        local(2026, 12, 5, 12, 0),
        {
            "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera le "
            "lundi 7 décembre à partir de 09:00.",
            "nl": "Ons kantoor is nu gesloten: een adviseur neemt op maandag 7 december vanaf "
            "09:00 contact met u op.",
            "en": "Our office is closed right now: a colleague will contact you on Monday "
            "7 December from 09:00.",
        },
    ),
    # Friday 17:00: closing soon, and the next opening is after the weekend.
    (
        local(2026, 12, 4, 17, 0),
        {
            "fr": "Nos bureaux ferment à 17:30 : un conseiller vous contactera le lundi "
            "7 décembre à partir de 09:00.",
            "nl": "Ons kantoor sluit om 17:30: een adviseur neemt op maandag 7 december vanaf "
            "09:00 contact met u op.",
            "en": "Our office closes at 17:30: a colleague will contact you on Monday 7 December "
            "from 09:00.",
        },
    ),
    # Sunday evening: Monday is tomorrow.
    (
        local(2026, 12, 6, 20, 0),
        {
            "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera demain "
            "à partir de 09:00.",
            "nl": "Ons kantoor is nu gesloten: een adviseur neemt morgen vanaf 09:00 contact "
            "met u op.",
            "en": "Our office is closed right now: a colleague will contact you tomorrow "
            "from 09:00.",
        },
    ),
    # Thursday 23:30 UTC is already Friday 00:30 in Amsterdam: "today", not "tomorrow".
    (
        utc(2026, 12, 3, 23, 30),
        {
            "fr": "Nos bureaux sont fermés en ce moment : un conseiller vous contactera "
            "aujourd'hui à partir de 09:00.",
            "nl": "Ons kantoor is nu gesloten: een adviseur neemt vandaag vanaf 09:00 contact "
            "met u op.",
            "en": "Our office is closed right now: a colleague will contact you today from 09:00.",
        },
    ),
]


@pytest.mark.parametrize(
    ("moment", "language", "sentence"),
    [
        (moment, language, sentence)
        for moment, sentences in PROMISES_BY_CLOCK
        for language, sentence in sentences.items()
    ],
)
def test_outside_office_hours_the_promise_says_today_tomorrow_or_the_date(
    office: OfficeHours, moment: datetime, language: str, sentence: str
) -> None:
    code, said = promise(moment, office, language)

    assert code == NEXT_WORKING_DAY == "next_working_day"
    assert said == sentence


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (local(2026, 12, 1, 9, 0), WITHIN_HOUR),  # the opening minute
        (local(2026, 12, 1, 16, 30), WITHIN_HOUR),  # exactly one hour left
        (local(2026, 12, 1, 16, 31), NEXT_WORKING_DAY),  # 59 minutes left
        (local(2026, 12, 1, 17, 30), NEXT_WORKING_DAY),  # closed
    ],
)
def test_within_the_hour_needs_an_hour_of_opening_left(
    office: OfficeHours, moment: datetime, code: str
) -> None:
    assert promise(moment, office, "en")[0] == code


def test_a_short_friday_is_judged_by_its_own_closing_time() -> None:
    hours = OfficeHours.parse("mon-thu 09:00-17:30, fri 09:00-16:00", "Europe/Amsterdam")

    assert promise(local(2026, 12, 3, 15, 30), hours, "en")[0] == WITHIN_HOUR  # Thursday
    code, said = promise(local(2026, 12, 4, 15, 30), hours, "en")  # Friday
    assert code == NEXT_WORKING_DAY
    assert said == (
        "Our office closes at 16:00: a colleague will contact you on Monday 7 December from 09:00."
    )


def test_open_until_is_the_closing_time_of_the_day_or_none(office: OfficeHours) -> None:
    assert office.open_until(local(2026, 12, 1, 10, 0)) == local(2026, 12, 1, 17, 30)
    assert office.open_until(local(2026, 12, 1, 18, 0)) is None
    assert office.open_until(local(2026, 12, 5, 12, 0)) is None
