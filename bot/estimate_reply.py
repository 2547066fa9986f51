"""An estimate as chat messages in the visitor's language.

Only formatting and wording: every figure comes from the Estimate the pricing core made,
every word from the message catalogue. Three short messages rather than one long one: the
options, the recommendation with the in-house comparison, then the assumptions and caveats.
"""

from __future__ import annotations

from typing import Any

from bot.formatting import money, number
from bot.messages import enumerate_items, language_name, text
from bot.pricing.estimate import Estimate, Option


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
        line += text("estimate.team", language, agents=number(option.agents, language))
    return line


def estimate_messages(estimate: Estimate, language: str) -> list[str]:
    """The estimate in three chat messages."""
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

    advice = estimate.recommendation
    model = text(f"model.{advice.model}", language)
    if advice.reason == "chosen_by_visitor" or advice.runner_up is None:
        recommendation = text("estimate.chosen", language, model=model)
    else:
        recommendation = text(
            "estimate.recommend_cheapest",
            language,
            model=model,
            saving=money(advice.first_year_saving_vs_runner_up or 0, language),
            runner_up=text(f"model.{advice.runner_up}", language),
        )
    in_house = text(
        "estimate.in_house_more",
        language,
        fte=number(estimate.in_house.fte, language, decimals=0),
        in_house=money(estimate.in_house.first_year.expected, language),
    )

    closing = [text("estimate.caveat", language)]
    if estimate.assumed:
        assumed = [
            text(
                f"assumption.{name}", language, value=describe_value(name, scenario[name], language)
            )
            for name in estimate.assumed
        ]
        closing.insert(
            0,
            text(
                "estimate.assumed", language, assumptions=text("separator", language).join(assumed)
            ),
        )
    return [f"{heading}\n{options}", f"{recommendation} {in_house}", " ".join(closing)]
