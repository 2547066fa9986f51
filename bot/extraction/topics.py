"""Which cost item a question is about ("c'est quoi les frais de démarrage ?" -> startup_fee).

Not a scenario parameter: it only chooses which explanation to give, so it lives beside the
scenario extractor and shares its text folding.
"""

from __future__ import annotations

import functools
import re

from bot.extraction.vocabulary import COST_ITEM_WORDS
from bot.text import fold, words_pattern


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {item: re.compile(words_pattern(words)) for item, words in COST_ITEM_WORDS.items()}


def cost_items(text: str) -> list[str]:
    """The cost items named in `text`, in the rate card's order; [] when none is named."""
    folded = fold(text)
    return [item for item, pattern in _patterns().items() if pattern.search(folded)]
