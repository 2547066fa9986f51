"""Where a rate sits in its source range, and how a price per contact follows handling time.

The source names the drivers of every rate (opening hours, complexity/education,
multilingualism) and, for the per-interaction rate, says handling time decides it ("plus le
client reste en contact longtemps, plus le taux est élevé"). Time-billed rates are placed by
the weighted driver score; a price per contact is built from the per-minute band of the same
drivers, so the two shared forms price the same work consistently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.pricing.estimate import Rate
from bot.pricing.rate_card import DriverWeights, RateCard, SourceRange
from bot.pricing.resolve import ResolvedScenario
from bot.pricing.scenario import SupportModel


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def rate_position(scenario: ResolvedScenario, card: RateCard, weights: DriverWeights) -> float:
    """Where in its source range a rate sits (0 = low end, 1 = high end) for this scenario."""
    drivers = card.assumptions.rate_drivers.value
    languages = scenario.support_languages
    others = sum(1 for code in languages if code not in drivers.house_languages)
    language_score = _clamp(
        (len(languages) - 1) / (drivers.languages_for_top_of_range - 1)
        + drivers.other_language_premium * others
    )
    return _clamp(
        weights.coverage * drivers.coverage[scenario.coverage]
        + weights.complexity * drivers.complexity[scenario.complexity]
        + weights.languages * language_score
    )


def rate_in_range(source: SourceRange, position: float, band: float) -> Rate:
    """The expected rate at `position` in the source range, low and high `band` either side."""
    assert source.high is not None, "only closed source ranges place a rate by position"
    span = source.high - source.low

    def at(point: float) -> float:
        return round(source.low + span * _clamp(point), 2)

    return Rate.construct(low=at(position - band), expected=at(position), high=at(position + band))


def usage_rate(scenario: ResolvedScenario, card: RateCard, model: SupportModel) -> Rate:
    """The hourly or per-minute rate of a support form billed for time."""
    weights = getattr(card.assumptions.rate_driver_weights.value, model.value)
    position = rate_position(scenario, card, weights)
    return rate_in_range(card.source_range(model), position, card.assumptions.rate_band.value)


@dataclass(frozen=True)
class PerInteractionQuote:
    """A price per contact and the handling times between which it follows the handling time.

    Below `from_minutes` the source's floor applies (a very short contact pays it, however
    short); above `to_minutes` its ceiling (a long contact pays less than any per-minute rate).
    """

    rate: Rate
    per_handled_minute: float
    from_minutes: float
    to_minutes: float
    at_floor: bool
    at_ceiling: bool


class _MinuteRateOfContact:
    """The per-minute rate a price per contact is built on, as a function of handling time.

    It rises linearly inside the per-minute band of the same drivers, from the band's low end at
    `short_contact_minutes` to its high end at `long_contact_minutes` (assumption
    `per_interaction_rate`), so the price per contact, minutes x that rate, rises with them.
    """

    def __init__(self, per_minute: Rate, card: RateCard) -> None:
        rule = card.assumptions.per_interaction_rate.value
        self.low, self.high = per_minute.low, per_minute.high
        self.short, self.long = rule.short_contact_minutes, rule.long_contact_minutes
        self.slope = (self.high - self.low) / (self.long - self.short)

    def at(self, minutes: float) -> float:
        """The per-minute rate of a contact of `minutes`."""
        return self.low + (self.high - self.low) * _clamp(
            (minutes - self.short) / (self.long - self.short)
        )

    def minutes_for(self, price: float) -> float:
        """The handling time whose price per contact is `price` (inverse of minutes x at)."""
        if price <= self.short * self.low or self.slope == 0:
            return price / self.low
        if price >= self.long * self.high:
            return price / self.high
        # minutes x (low + slope x (minutes - short)) = price, the positive root.
        linear = self.low - self.slope * self.short
        return (-linear + math.sqrt(linear**2 + 4 * self.slope * price)) / (2 * self.slope)


def per_interaction_quote(scenario: ResolvedScenario, card: RateCard) -> PerInteractionQuote:
    """The per-interaction rate: handling time x a rate of the per-minute band, in the source range.

    Low and high are the handling time at the band's low and high per-minute rates, so the
    price per handled minute never leaves the per-minute band unless the source's range clips it.
    """
    per_minute = usage_rate(scenario, card, SupportModel.per_minute)
    minute_rate = _MinuteRateOfContact(per_minute, card)
    floor, ceiling = card.source.per_interaction.low, card.source.per_interaction.high
    assert ceiling is not None, "the source gives a per-interaction ceiling"
    minutes = scenario.aht_minutes
    price = minutes * minute_rate.at(minutes)

    def clipped(amount: float) -> float:
        return round(min(ceiling, max(floor, amount)), 2)

    rate = Rate.construct(
        low=clipped(minutes * per_minute.low),
        expected=clipped(price),
        high=clipped(minutes * per_minute.high),
    )
    return PerInteractionQuote(
        rate=rate,
        per_handled_minute=round(rate.expected / minutes, 2),
        from_minutes=round(minute_rate.minutes_for(floor), 1),
        to_minutes=round(minute_rate.minutes_for(ceiling), 1),
        at_floor=price < floor,
        at_ceiling=price > ceiling,
    )
