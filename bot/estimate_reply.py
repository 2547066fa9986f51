"""An estimate as chat messages in the visitor's language.

Only formatting and wording: every figure comes from the Estimate the pricing core made,
every word from the message catalogue. Three short messages rather than one long one: the
options; the recommendation, its reason in one sentence and the in-house comparison; then the
assumptions, where the source's per-interaction range clips the price, and the caveats.
"""

from __future__ import annotations

from typing import Any

from bot.formatting import money, number, percent
from bot.messages import enumerate_items, language_name, text
from bot.pricing.estimate import Estimate, Option
from bot.pricing.rate_card import default_rate_card
from bot.pricing.resolve import multilingual_assumed


def _languages(codes: list[str], language: str) -> str:
    return enumerate_items([language_name(code, language) for code in codes], language)


def _channels(channels: list[str], language: str) -> str:
    return enumerate_items([text(f"channel.{channel}", language) for channel in channels], language)


def describe_value(name: str, value: Any, language: str) -> str:
    """A scenario value as words ("24_7" -> "24/7", ["fr"] -> "French")."""
    if name == "coverage":
        return text(f"coverage.{value}", language)
    if name == "support_languages":
        return _languages(value, language)
    if name == "channels":
        return _channels(value, language)
    if name == "complexity":
        return text(f"complexity.{value}", language)
    return number(value, language)


def _option_line(option: Option, language: str) -> str:
    line = text(
        "estimate.option",
        language,
        model=text(f"model.{option.model}", language),
        monthly_low=money(option.monthly.low, language),
        monthly_high=money(option.monthly.high, language),
        first_year=money(option.first_year.expected, language),
    )
    if option.agents is not None:
        line += text("estimate.team", language, agents=_agents(option.agents, language))
    return line


def _agents(count: float, language: str) -> str:
    """'1 agent', '1,9 agents': the noun agrees with the number as the visitor reads it."""
    shown = number(count, language)
    return text("estimate.agent" if shown == "1" else "estimate.agents", language, count=shown)


def _usage_rate(estimate: Estimate, model: str, item: str, language: str) -> str:
    """The expected unit rate of one option's usage line, with cents."""
    option = next(option for option in estimate.options if option.model == model)
    line = next(line for line in option.lines if line.item == item)
    return money(line.rate.expected, language, cents=True)


def recommendation_text(estimate: Estimate, language: str) -> str:
    """The recommended form and, when the visitor did not choose it, why, in one sentence."""
    advice = estimate.recommendation
    model = text(f"model.{advice.model}", language)
    if advice.reason == "chosen_by_visitor":
        return text("estimate.chosen", language, model=model)
    scenario = estimate.scenario
    dedicated = next(option for option in estimate.options if option.model == "dedicated")
    per_interaction = estimate.per_interaction
    assert per_interaction is not None, "all three forms are priced when none was chosen"
    # Every reason's figures; each sentence uses its own (str.format ignores the rest).
    figures = {
        "saving": money(advice.first_year_saving_vs_runner_up or 0, language),
        "runner_up": text(f"model.{advice.runner_up}", language),
        "agents": _agents(dedicated.agents or 0, language),
        "occupancy": percent(advice.dedicated_occupancy, language),
        "coverage": text(f"coverage.{scenario['coverage']}", language),
        "languages": _languages(scenario["support_languages"], language),
        "floor_hours": number(advice.floor_hours, language, decimals=0),
        "contact_hours": number(advice.contact_hours, language, decimals=0),
        "aht": number(scenario["aht_minutes"], language),
        "per_interaction": _usage_rate(estimate, "per_interaction", "interactions", language),
        "per_minute": _usage_rate(estimate, "per_minute", "handled_minutes", language),
        "per_handled_minute": money(per_interaction.per_handled_minute, language, cents=True),
    }
    reason = text(f"estimate.reason.{advice.reason}", language, **figures)
    return f"{text('estimate.recommend', language, model=model)} {reason}"


def warning_texts(estimate: Estimate, language: str) -> list[str]:
    """Where the source's per-interaction range clips the price per contact, said plainly."""
    limits = estimate.per_interaction
    if limits is None:
        return []
    source = default_rate_card().source.per_interaction
    figures = {
        "per_interaction_floor": {
            "minutes": number(limits.from_minutes, language),
            "floor": money(source.low, language, cents=True),
        },
        "per_interaction_ceiling": {
            "minutes": number(limits.to_minutes, language),
            "ceiling": money(source.high or 0, language, cents=True),
        },
    }
    return [
        text(f"estimate.warning.{code}", language, **figures[code])
        for code in estimate.warnings
        if code in figures
    ]


# Defaults said before the figures, because they move the price most (the rest come last).
ASSUMED_FIRST = ("coverage", "support_languages")


def assumed_multilingual(estimate: Estimate) -> bool:
    """Whether the languages are the rate card's reading of "multilingual" (several, assumed)."""
    return multilingual_assumed(estimate.scenario, estimate.assumed)


def assumed_first(estimate: Estimate, language: str, *, counted: bool = False) -> str | None:
    """ "I assumed office hours and one language, French.", or None when both were given.

    For "multilingual" without languages named, what it was taken to mean instead: "By
    “multilingual” I understood Dutch, French and English. Tell me if you need others."
    `counted`: the visitor gave a number of languages ("bilingual"), so that number is said.
    """
    scenario = estimate.scenario
    said = []
    if "coverage" in estimate.assumed:
        value = describe_value("coverage", scenario["coverage"], language)
        said.append(text("assumed_first.coverage", language, value=value))
    languages = _languages(scenario["support_languages"], language)
    multilingual = assumed_multilingual(estimate)
    if "support_languages" in estimate.assumed and not multilingual:
        said.append(text("assumed_first.one_language", language, value=languages))
    sentences = []
    if said:
        assumptions = enumerate_items(said, language)
        sentences.append(text("estimate.assumed_first", language, assumptions=assumptions))
    if multilingual and counted:
        count = number(len(scenario["support_languages"]), language)
        sentences.append(text("assumed_first.counted", language, count=count, value=languages))
    elif multilingual:
        sentences.append(text("assumed_first.multilingual", language, value=languages))
    return " ".join(sentences) or None


def estimate_messages(estimate: Estimate, language: str, *, counted: bool = False) -> list[str]:
    """The estimate in chat messages: what was assumed first (if anything), then three more.

    `counted`: the support languages were assumed from a number the visitor gave.
    """
    scenario = estimate.scenario
    heading = text(
        "estimate.heading",
        language,
        contacts=number(scenario["monthly_contacts"], language, decimals=0),
        coverage=text(f"coverage.{scenario['coverage']}", language),
        languages=_languages(scenario["support_languages"], language),
        channels=_channels(scenario["channels"], language),
    )
    options = "\n".join(_option_line(option, language) for option in estimate.options)

    recommendation = recommendation_text(estimate, language)
    in_house = text(
        "estimate.in_house_more",
        language,
        fte=number(estimate.in_house.fte, language, decimals=0),
        in_house=money(estimate.in_house.first_year.expected, language),
    )

    closing = [*warning_texts(estimate, language), text("estimate.caveat", language)]
    later = [name for name in estimate.assumed if name not in ASSUMED_FIRST]
    if later:
        assumed = [
            text(
                f"assumption.{name}", language, value=describe_value(name, scenario[name], language)
            )
            for name in later
        ]
        closing.insert(
            0,
            text(
                "estimate.assumed", language, assumptions=text("separator", language).join(assumed)
            ),
        )
    first = assumed_first(estimate, language, counted=counted)
    return [
        *([first] if first else []),
        f"{heading}\n{options}",
        f"{recommendation} {in_house}",
        " ".join(closing),
    ]
