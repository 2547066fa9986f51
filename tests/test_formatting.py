"""Money and numbers as each chat language writes them."""

import pytest

from bot.formatting import money, number

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", f"1{NNBSP}234,50{NBSP}€"), ("nl", f"€{NBSP}1.234,50"), ("en", "€1,234.50")],
)
def test_rates_keep_cents_in_the_locale_format(language: str, expected: str) -> None:
    assert money(1234.5, language, cents=True) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", f"86{NNBSP}530{NBSP}€"), ("nl", f"€{NBSP}86.530"), ("en", "€86,530")],
)
def test_estimates_are_whole_euros(language: str, expected: str) -> None:
    assert money(86529.6, language) == expected


def test_numbers_use_the_locale_separators() -> None:
    assert number(3041.666, "fr") == f"3{NNBSP}041,7"
    assert number(3041.666, "nl") == "3.041,7"
    assert number(3041.666, "en") == "3,041.7"
    assert number(12, "nl") == "12"


def test_unknown_language_falls_back_to_english() -> None:
    assert money(10, "de") == money(10, None) == "€10"
