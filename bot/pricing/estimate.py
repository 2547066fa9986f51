"""The estimate payload (SPEC section 4) as pydantic models.

Amounts are whole euros so that sums are exact and the payload's invariants (`one_off` and
`monthly` are the sums of their lines, `first_year = one_off + 12 x monthly`) hold to the cent
for any JSON reader; rates keep cents because the source quotes 0.75 per minute.

The engine builds these with `construct()`: its figures are computed, not read from outside,
and validating thousands of small models per second would triple the cost of an estimate.
The tests validate whole payloads against these models instead (`Estimate.parse_obj`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

Basis = Literal["one_off", "monthly"]


class Money(BaseModel):
    """An amount in whole euros: what it costs at the low, expected and high rate."""

    low: int
    expected: int
    high: int

    def __add__(self, other: Money) -> Money:
        return Money.construct(
            low=self.low + other.low,
            expected=self.expected + other.expected,
            high=self.high + other.high,
        )

    def times(self, factor: float) -> Money:
        """Scale every figure, rounding to whole euros (rounding keeps low <= expected <= high)."""
        return Money.construct(
            low=round(self.low * factor),
            expected=round(self.expected * factor),
            high=round(self.high * factor),
        )


ZERO = Money.construct(low=0, expected=0, high=0)


class Rate(BaseModel):
    """A unit price; low and high lie inside the source range, expected between them."""

    low: float
    expected: float
    high: float


class Line(BaseModel):
    """One cost item: `quantity` units of `unit` at `rate`, billed `basis`."""

    item: str
    basis: Basis
    unit: str
    quantity: float
    rate: Rate
    amount: Money


class Option(BaseModel):
    """One support form priced for the scenario; the totals are sums of `lines`."""

    model: str
    agents: float | None
    fte: float | None
    lines: list[Line]
    one_off: Money
    monthly: Money
    first_year: Money
    contract_total: Money


class InHouse(BaseModel):
    """Doing it yourself: the same team as employees, with the indirect costs."""

    fte: float
    lines: list[Line]
    one_off: Money
    monthly: Money
    first_year: Money


RecommendationReason = Literal[
    "chosen_by_visitor",
    "busy_dedicated_team",
    "idle_dedicated_team",
    "floor_per_language",
    "handling_time_favours_per_interaction",
    "handling_time_favours_per_minute",
]


class Recommendation(BaseModel):
    """Why `recommended` was chosen, with the figures that let the visitor check it.

    `reason` names what decides against the runner-up: a dedicated team's occupancy
    (`dedicated_occupancy` = `contact_hours` over its on-duty hours), the floor of one agent per
    language in every open hour (`floor_hours`), or the handling time (shared forms).
    `not_recommended` lists forms that are priced but are no quote a provider would make.
    """

    model: str
    reason: RecommendationReason
    runner_up: str | None
    first_year_saving_vs_runner_up: int | None
    first_year_saving_vs_in_house: int
    not_recommended: list[str]
    dedicated_occupancy: float
    contact_hours: float
    floor_hours: float


class PerInteraction(BaseModel):
    """How the price per contact relates to handling time for these drivers.

    Between `from_minutes` and `to_minutes` it follows the handling time inside the per-minute
    band; below, the source's floor applies; above, the source's ceiling.
    """

    per_handled_minute: float
    from_minutes: float
    to_minutes: float


class Estimate(BaseModel):
    """What the assistant sends with every estimate (SPEC section 4)."""

    type: Literal["estimate"] = "estimate"
    language: str | None = None
    currency: str
    pricing_version: str
    scenario: dict[str, Any]
    assumed: list[str]
    options: list[Option]
    recommended: str
    recommendation: Recommendation
    per_interaction: PerInteraction | None
    in_house: InHouse
    not_included: list[str]
    assumptions: list[str]
    warnings: list[str]

    def payload(self, language: str | None = None) -> dict[str, Any]:
        """The JSON-ready dict; `language` is set by the channel, left out when unknown."""
        data: dict[str, Any] = _plain(self)
        del data["language"]
        if language is not None:
            data = {"type": data.pop("type"), "language": language, **data}
        return data


_LEAVES = (int, float, str, dict, type(None))


def _plain(value: Any) -> Any:
    """Models to dicts, recursively, in a third of `BaseModel.dict()`'s time on this shape.

    Leaves are tested first because `isinstance(x, BaseModel)` goes through ABCMeta and is
    slow; the only dict inside an estimate (`scenario`) already holds plain values.
    """
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return {name: _plain(field) for name, field in value.__dict__.items()}
