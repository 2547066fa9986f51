"""The visitor's scenario (SPEC section 2) as a validated pydantic model.

Validation is strict on purpose: the CLI and the dialogue both feed this model, and a wrong
value must fail here with the field's name rather than produce a silently wrong price.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Any, NamedTuple

from babel import Locale
from pydantic import BaseModel, Extra, ValidationError, validator
from pydantic.fields import ModelField

from bot.names import CHAT_LANGUAGES

# Sanity bounds of what the assistant prices; beyond them a salesperson has to look.
MAX_MONTHLY_CONTACTS = 5_000_000.0
MAX_AHT_MINUTES = 240.0
MAX_AGENTS = 2_000.0
MAX_INTEGRATIONS = 50.0
MIN_CONTRACT_MONTHS = 1.0
MAX_CONTRACT_MONTHS = 120.0
MAX_SUPPORT_LANGUAGES = 12

# ISO 639-1 codes are the two-letter language codes Babel (CLDR) knows.
ISO_639_1: frozenset[str] = frozenset(
    str(code) for code in Locale("en").languages if len(str(code)) == 2 and str(code).isalpha()
)


class SupportModel(str, Enum):
    """The three forms of outsourcing the source describes."""

    dedicated = "dedicated"
    per_minute = "per_minute"
    per_interaction = "per_interaction"


class Coverage(str, Enum):
    """Opening hours of the support."""

    office_hours = "office_hours"
    extended_hours = "extended_hours"
    always = "24_7"


class Channel(str, Enum):
    """Contact channels; phone and chat are queues, email and social a backlog."""

    phone = "phone"
    email = "email"
    chat = "chat"
    social = "social"


class Complexity(str, Enum):
    """How much the agents must know, which drives training time and rates."""

    simple = "simple"
    standard = "standard"
    complex = "complex"


class Bounds(NamedTuple):
    """Accepted interval of a numeric parameter."""

    low: float
    high: float
    low_inclusive: bool


NUMERIC_BOUNDS: dict[str, Bounds] = {
    "monthly_contacts": Bounds(0, MAX_MONTHLY_CONTACTS, low_inclusive=False),
    "aht_minutes": Bounds(0, MAX_AHT_MINUTES, low_inclusive=False),
    "agents": Bounds(0, MAX_AGENTS, low_inclusive=False),
    "integrations": Bounds(0, MAX_INTEGRATIONS, low_inclusive=True),
    "contract_months": Bounds(MIN_CONTRACT_MONTHS, MAX_CONTRACT_MONTHS, low_inclusive=True),
}
# Parameters whose slot holds a list: every value named in a message counts.
LIST_SLOTS = ("support_languages", "channels")
SCENARIO_FIELDS = (
    "support_model",
    "monthly_contacts",
    "aht_minutes",
    "coverage",
    "support_languages",
    "channels",
    "complexity",
    "agents",
    "integrations",
    "contract_months",
)


def _unique(items: list[Any]) -> list[Any]:
    """Drop repeats, keep the visitor's order."""
    return list(dict.fromkeys(items))


class Scenario(BaseModel):
    """Any subset of the SPEC section 2 parameters; unset means "not given"."""

    support_model: SupportModel | None = None
    monthly_contacts: float | None = None
    aht_minutes: float | None = None
    coverage: Coverage | None = None
    support_languages: list[str] | None = None
    channels: list[Channel] | None = None
    complexity: Complexity | None = None
    agents: float | None = None
    integrations: float | None = None
    contract_months: float | None = None
    language: str | None = None  # the chat language, one of bot.names.CHAT_LANGUAGES

    class Config:
        extra = Extra.forbid
        allow_mutation = False

    @validator(*NUMERIC_BOUNDS, pre=True)
    def _real_number(cls, value: Any) -> Any:
        """Accept JSON numbers only: no booleans, strings, NaN or infinities."""
        if value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @validator(*NUMERIC_BOUNDS)
    def _in_bounds(cls, value: float | None, field: ModelField) -> float | None:
        """Keep each number inside what the assistant can price (NUMERIC_BOUNDS)."""
        if value is None:
            return None
        bounds = NUMERIC_BOUNDS[field.name]
        too_low = value < bounds.low if bounds.low_inclusive else value <= bounds.low
        if too_low or value > bounds.high:
            relation = "at least" if bounds.low_inclusive else "more than"
            raise ValueError(f"must be {relation} {bounds.low:,g} and at most {bounds.high:,.0f}")
        return value

    @validator("support_languages", pre=True)
    def _languages(cls, value: Any) -> Any:
        """Normalise to unique lower-case ISO 639-1 codes, 1 to MAX_SUPPORT_LANGUAGES of them."""
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValueError("must be a list of ISO 639-1 language codes")
        codes = _unique([code.strip().lower() for code in value])
        unknown = [code for code in codes if code not in ISO_639_1]
        if unknown:
            raise ValueError(f"unknown ISO 639-1 language code(s): {', '.join(unknown)}")
        if not 1 <= len(codes) <= MAX_SUPPORT_LANGUAGES:
            raise ValueError(f"must name 1 to {MAX_SUPPORT_LANGUAGES} languages")
        return codes

    @validator("language")
    def _chat_language(cls, value: str | None) -> str | None:
        """Only the languages the assistant itself speaks."""
        if value is not None and value not in CHAT_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(CHAT_LANGUAGES)}")
        return value

    @validator("channels", pre=True)
    def _channels(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list of channels")
        return _unique(value)

    def given(self) -> set[str]:
        """Names of the scenario parameters the visitor stated."""
        return {name for name in SCENARIO_FIELDS if getattr(self, name) is not None}


def parameter_problem(name: str, value: Any) -> str | None:
    """Why `value` is not acceptable for scenario parameter `name`, or None if it is."""
    try:
        Scenario.parse_obj({name: value})
    except ValidationError as error:
        return str(error.errors()[0]["msg"])
    return None
