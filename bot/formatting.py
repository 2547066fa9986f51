"""Numbers and money as each chat language writes them (Babel / CLDR).

French: `1 234,50 €`, Dutch: `€ 1.234,50`, English: `€1,234.50`. Estimates are in whole
euros, rates keep cents.
"""

from __future__ import annotations

import functools

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

from bot.names import DEFAULT_LANGUAGE, LOCALES


def locale_for(language: str | None) -> str:
    """The Babel locale of a chat language (English for anything unknown)."""
    return LOCALES.get(language or DEFAULT_LANGUAGE, LOCALES[DEFAULT_LANGUAGE])


@functools.lru_cache(maxsize=len(LOCALES))
def _whole_currency_pattern(locale: str) -> str:
    """The locale's currency pattern without the decimals ("#,##0.00 ¤" -> "#,##0 ¤")."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace(".00", "")


def money(amount: float, language: str | None, *, cents: bool = False) -> str:
    """An amount in euros: whole euros by default, with cents for rates."""
    locale = locale_for(language)
    if cents:
        return format_currency(amount, "EUR", locale=locale)
    return format_currency(
        round(amount),
        "EUR",
        locale=locale,
        format=_whole_currency_pattern(locale),
        currency_digits=False,
    )


def number(value: float, language: str | None, *, decimals: int = 1) -> str:
    """A number with thousands separators and at most `decimals` decimals."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_for(language))


def percent(share: float, language: str | None) -> str:
    """A share (0.48) as a whole percentage as the language writes it: `48 %` in French."""
    return format_percent(share, locale=locale_for(language))
