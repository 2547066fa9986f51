"""Numbers as visitors type them, in French, Dutch and English.

Two steps: number words become digits (text2num's `alpha2digit`, per language), then digit
groups are read with the separator conventions of the three languages: "12.000" and
"12 000" are twelve thousand (Dutch, French), "12,000" is twelve thousand (English), "12,5"
and "12.5" are twelve and a half, "3k" / "3 mille" / "3 duizend" are three thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from text_to_num import alpha2digit

from bot.names import CHAT_LANGUAGES

# Spaces that may separate thousands: normal, no-break and narrow no-break.
_SPACE = "[ \u00a0\u202f]"
NUMBER_PATTERN = re.compile(
    rf"""
    (?<![\w.,])                          # not inside a word or another number
    (?P<sign>(?<![^\s])-)?                # "-500" after a space: kept, to be refused later
    (?P<int>\d{{1,3}}(?:(?:[.,]|{_SPACE})\d{{3}}){{1,4}}(?!\d)|\d{{1,12}}(?!\d))  # 12.000
    (?:[.,](?P<frac>\d{{1,2}})(?!\d))?   # ,5 / .25
    (?P<half>\s*½|\s+(?:and\s+a\s+half|et\s+demie?|en\s+(?:een|1)\s+halve?|en\s+half))?
    (?:{_SPACE}?(?P<scale>k|mille|thousand|duizend|mln|million|millions|miljoen|miljoenen)\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
SCALES = {
    "k": 1e3,
    "mille": 1e3,
    "thousand": 1e3,
    "duizend": 1e3,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "miljoen": 1e6,
    "miljoenen": 1e6,
}
# "12.000" with a single group after the separator: thousands if three digits follow.
_GROUPED = re.compile(rf"^\d{{1,3}}(?:(?:[.,]|{_SPACE})\d{{3}})+$")


@dataclass(frozen=True)
class NumberSpan:
    """A number found in normalised text, with its character span in that text."""

    value: float
    start: int
    end: int


def words_to_digits(
    text: str,
    languages: tuple[str, ...] = CHAT_LANGUAGES,
    approximate: dict[str, int] | None = None,
) -> str:
    """Replace number words by digits for each language in turn ("trois mille" -> "3000").

    `approximate` maps words such as "vingtaine" or "zeventigtal" to their value; they and the
    article before them ("une vingtaine", "een zeventigtal") become that number.

    `threshold=2` (numbers below 2 stay words) keeps "un", "one" and "een" as words: they are
    articles far more often than numbers in a chat message; the patterns that need them ("one
    agent", "contrat d'un an") read them directly.
    """
    if approximate:
        words = "|".join(sorted(approximate, key=len, reverse=True))
        text = re.sub(
            rf"\b(?:(?:une|un|een|a|about|environ|zo'?n|ongeveer)\s+)?({words})s?\b",
            lambda match: str(approximate[match.group(1).lower()]),
            text,
            flags=re.IGNORECASE,
        )
    for language in languages:
        text = alpha2digit(text, language, threshold=2)
    return text


def read_number(match: re.Match[str]) -> float:
    """The value of one NUMBER_PATTERN match."""
    whole = match.group("int")
    if _GROUPED.match(whole):
        whole = re.sub(rf"[.,]|{_SPACE}", "", whole)
    value = float(whole)
    if match.group("frac"):
        value += float(f"0.{match.group('frac')}")
    if match.group("half"):
        value += 0.5
    if match.group("sign"):
        value = -value
    scale = match.group("scale")
    if scale:
        value *= SCALES[scale.lower()]
    return value


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number in already normalised text, left to right."""
    return [
        NumberSpan(read_number(match), match.start(), match.end())
        for match in NUMBER_PATTERN.finditer(text)
    ]


class OffsetMap:
    """Maps character positions in normalised text back to the visitor's original text.

    Entities must point into what the visitor typed, while the patterns run on the text with
    number words turned into digits; the two differ only where words were replaced.
    """

    def __init__(self, original: str, normalised: str) -> None:
        self._identity = original == normalised
        self._original_length = len(original)
        self._blocks = (
            []
            if self._identity
            else SequenceMatcher(None, normalised, original, autojunk=False).get_opcodes()
        )

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that produced normalised[start:end]."""
        if self._identity:
            return start, end
        return self._position(start, is_end=False), self._position(end, is_end=True)

    def _position(self, index: int, *, is_end: bool) -> int:
        for _tag, n_start, n_end, o_start, o_end in self._blocks:
            if n_start <= index < n_end or (is_end and index == n_end):
                if _tag == "equal":
                    return o_start + (index - n_start)
                return o_end if is_end else o_start
        return self._original_length
