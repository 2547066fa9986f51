"""Filling a scenario's gaps with the rate card's defaults, and saying which were filled.

Which parameters are indispensable is decided here, once, so that the dialogue asks for
exactly what the pricing needs and nothing it can default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from bot.pricing.rate_card import RateCard
from bot.pricing.scenario import (
    SCENARIO_FIELDS,
    Channel,
    Complexity,
    Coverage,
    Scenario,
    SupportModel,
)


class MissingParameters(ValueError):
    """The scenario cannot be priced without these parameters."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"{', '.join(missing)}: required to price the scenario "
            "(give monthly_contacts, or agents for a dedicated team)"
        )


@dataclass(frozen=True)
class ResolvedScenario:
    """Every parameter set: given by the visitor or defaulted (named in `assumed`)."""

    support_model: SupportModel | None
    monthly_contacts: float
    aht_minutes: float
    coverage: Coverage
    support_languages: tuple[str, ...]
    channels: tuple[Channel, ...]
    complexity: Complexity
    agents: float | None
    integrations: float
    contract_months: float
    assumed: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        """The `scenario` object of the estimate payload."""
        return {
            "support_model": self.support_model.value if self.support_model else None,
            "monthly_contacts": self.monthly_contacts,
            "aht_minutes": self.aht_minutes,
            "coverage": self.coverage.value,
            "support_languages": list(self.support_languages),
            "channels": [channel.value for channel in self.channels],
            "complexity": self.complexity.value,
            "agents": self.agents,
            "integrations": self.integrations,
            "contract_months": self.contract_months,
        }


def missing_parameters(scenario: Scenario) -> list[str]:
    """Parameters without which no estimate can be made (volume, or a stated team size)."""
    if scenario.monthly_contacts is None and scenario.agents is None:
        return ["monthly_contacts"]
    return []


def questions_to_ask(scenario: Scenario, card: RateCard, skipped: Iterable[str] = ()) -> list[str]:
    """The rate card's `ask_first` parameters the visitor has not given yet, in order.

    `skipped` are those the visitor could not answer ("I don't know"): they take their
    default, except the volume, without which there is no estimate.
    """
    given = scenario.given() | (set(skipped) - set(missing_parameters(scenario)))
    if scenario.agents is not None:
        given.add("monthly_contacts")
    return [name for name in card.ask_first if name not in given]


def default_aht(channels: tuple[Channel, ...], card: RateCard) -> float:
    """The mean of the rate card's handling times for the chosen channels."""
    per_channel = card.assumptions.default_aht_minutes.value
    return round(fmean(per_channel[channel] for channel in channels), 2)


def implied_contacts(
    agents: float, coverage: Coverage, aht_minutes: float, card: RateCard
) -> float:
    """Contacts a month a team of `agents` on duty handles at the occupancy cap."""
    hours = card.assumptions.open_hours_per_month.value[coverage]
    return float(round(agents * hours * card.assumptions.occupancy_cap.value * 60 / aht_minutes))


def default_languages(
    card: RateCard,
    chat_language: str | None,
    *,
    multilingual: bool = False,
    count: int | None = None,
) -> list[str]:
    """The support languages assumed: the chat language; for "multilingual" the rate card's
    reading of it; for a count ("bilingual", "in 4 languages") that many of the rate card's
    languages, then its `further_languages`. The chat language always comes first."""
    assumptions = card.assumptions
    if count is not None:
        pool = [*assumptions.multilingual_languages.value, *assumptions.further_languages.value]
        return sorted(pool, key=lambda code: code != chat_language)[: max(1, count)]
    if multilingual:
        languages = assumptions.multilingual_languages.value
        return sorted(languages, key=lambda code: code != chat_language)
    return [chat_language] if chat_language else assumptions.defaults.value.support_languages


def default_list(
    name: str,
    card: RateCard,
    chat_language: str | None,
    *,
    multilingual: bool = False,
    language_count: int | None = None,
) -> list[str]:
    """What an estimate assumes for the list parameter `name` (channels or support languages)
    when the visitor has not given it: the list a refinement ("add chat") adds to."""
    if name == "channels":
        return [channel.value for channel in card.assumptions.defaults.value.channels]
    return default_languages(card, chat_language, multilingual=multilingual, count=language_count)


def multilingual_assumed(scenario: dict[str, Any], assumed: Iterable[str]) -> bool:
    """Whether a priced scenario's languages are the reading of "multilingual": several
    languages, none of them given (one assumed language is the chat language)."""
    return "support_languages" in assumed and len(scenario.get("support_languages") or []) > 1


def resolve(
    scenario: Scenario,
    card: RateCard,
    language_hint: str | None = None,
    *,
    multilingual: bool = False,
    language_count: int | None = None,
) -> ResolvedScenario:
    """Fill the gaps; the chat language (or `language_hint`) is the default support language,
    or, when the visitor asked for `multilingual` support or a number of languages without
    naming them, that many of the rate card's languages (`default_languages`).

    Raises MissingParameters when neither a volume nor a team size is known.
    """
    missing = missing_parameters(scenario)
    if missing:
        raise MissingParameters(missing)
    defaults = card.assumptions.defaults.value
    chat_language = scenario.language or language_hint
    channels = tuple(scenario.channels or defaults.channels)
    coverage = scenario.coverage or defaults.coverage
    aht = scenario.aht_minutes or default_aht(channels, card)
    monthly_contacts = scenario.monthly_contacts
    if monthly_contacts is None:
        assert scenario.agents is not None  # guaranteed by missing_parameters
        monthly_contacts = implied_contacts(scenario.agents, coverage, aht, card)
    languages = scenario.support_languages or default_languages(
        card, chat_language, multilingual=multilingual, count=language_count
    )
    assumed = tuple(
        name
        for name in SCENARIO_FIELDS
        if getattr(scenario, name) is None and name not in ("support_model", "agents")
    )
    return ResolvedScenario(
        support_model=scenario.support_model,
        monthly_contacts=monthly_contacts,
        aht_minutes=aht,
        coverage=coverage,
        support_languages=tuple(languages),
        channels=channels,
        complexity=scenario.complexity or defaults.complexity,
        agents=scenario.agents,
        integrations=defaults.integrations
        if scenario.integrations is None
        else scenario.integrations,
        contract_months=scenario.contract_months or defaults.contract_months,
        assumed=assumed,
    )
