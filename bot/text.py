"""Text primitives every reader of a visitor's message shares: folding, apostrophes, patterns.

The NLU readers (bot/extraction/, bot/language.py) and the lead records fold, cut and match
text the same way through this module, so "Néerlandais" and "neerlandais", or "j'accepte"
and the same words typed with a typographic apostrophe, match everywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Characters of a message that are read: enough for any chat turn, and the patterns of the
# readers are quadratic on long runs without spaces. The widget channel refuses longer ones.
MAX_MESSAGE_LENGTH = 2_000

# Apostrophes as visitors type them: ASCII, right single quotation mark (phones), grave, acute.
APOSTROPHE_CHARS = "'\u2019`\u00b4"
APOSTROPHE = f"[{APOSTROPHE_CHARS}]"  # a regex character class


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (spans stay valid)."""
    folded = []
    for char in text:
        lowered = char.lower()
        if len(lowered) != 1:
            lowered = char
        stripped = "".join(
            part
            for part in unicodedata.normalize("NFKD", lowered)
            if not unicodedata.combining(part)
        )
        folded.append(stripped if len(stripped) == 1 else lowered)
    return "".join(folded)


def alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation, longest first; " " matches any white space and " ?" optional."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    spaced = (phrase.replace(" ?", r"\s*").replace(" ", r"\s+") for phrase in ordered)
    return "(?:" + "|".join(spaced) + ")"


def words_pattern(phrases: Iterable[str]) -> str:
    """An alternation of whole words or phrases (not inside a longer word, "24/7" or "e-mail")."""
    return rf"(?<![\w/-]){alternatives(phrases)}(?![\w-])"


def clean_text(value: str, limit: int) -> str:
    """Visitor text fit for a record: control characters and line breaks become spaces.

    Nothing else is removed: "<b>" stays as typed and is escaped where it is shown, so the
    record says what the visitor wrote. CR and LF can therefore never reach an email header.
    """
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char
        for char in unicodedata.normalize("NFC", value)
    )
    return " ".join(spaced.split())[:limit].strip()
