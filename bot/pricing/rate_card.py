"""Loading and validating the rate card (rate_card.yml, or the file named by PRICING_FILE).

The card is validated completely at load so that a typo in a figure fails at start-up with the
field's path, not in the middle of a visitor's conversation.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, Extra, ValidationError, root_validator, validator
from pydantic.generics import GenericModel

from bot.pricing.scenario import Channel, Complexity, Coverage, SupportModel
from bot.settings import settings

T = TypeVar("T")


class RateCardError(ValueError):
    """The rate card cannot be read or is invalid; the message names the file and field."""


class Strict(BaseModel):
    """Base for every rate-card section: unknown keys are typos, and typos must fail."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False


def _require_all(mapping: dict[Any, Any], keys: Iterable[Enum]) -> dict[Any, Any]:
    """Check that a per-coverage / per-complexity / ... table has an entry for every value."""
    missing = [key.value for key in keys if key not in mapping]
    if missing:
        raise ValueError(f"missing entries for: {', '.join(missing)}")
    return mapping


class SourceRange(Strict):
    """A price range quoted in the source document; `high` is None where it gives none."""

    low: float
    high: float | None
    quote: str

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["low"] < 0:
            raise ValueError("low must not be negative")
        if values["high"] is not None and values["high"] < values["low"]:
            raise ValueError("high must not be below low")
        return values


class NotIncluded(Strict):
    items: list[str]
    quote: str


class Source(Strict):
    document: str
    startup_fee: SourceRange
    management_fee: SourceRange
    training: SourceRange
    dedicated: SourceRange
    per_minute: SourceRange
    per_interaction: SourceRange
    not_included: NotIncluded


class Band(Strict):
    """A low / expected / high triple, in that order."""

    low: float
    expected: float
    high: float

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict[str, float]) -> dict[str, float]:
        if not 0 <= values["low"] <= values["expected"] <= values["high"]:
            raise ValueError("must satisfy 0 <= low <= expected <= high")
        return values


class ExpectedHigh(Strict):
    expected: float
    high: float

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict[str, float]) -> dict[str, float]:
        if not 0 <= values["expected"] <= values["high"]:
            raise ValueError("must satisfy 0 <= expected <= high")
        return values


class Assumption(GenericModel, Generic[T]):
    """A figure the source does not give, with the reason it was chosen."""

    value: T
    why: str

    class Config:
        extra = Extra.forbid
        allow_mutation = False

    @validator("why")
    def _justified(cls, why: str) -> str:
        if not why.strip():
            raise ValueError("every assumption needs a justification")
        return why


class Defaults(Strict):
    coverage: Coverage
    support_languages: list[str]
    channels: list[Channel]
    complexity: Complexity
    integrations: float
    contract_months: float


class ServiceLevel(Strict):
    target: float
    answer_seconds: float

    @validator("target")
    def _fraction(cls, target: float) -> float:
        if not 0 < target < 1:
            raise ValueError("target must lie strictly between 0 and 1")
        return target


class RateDrivers(Strict):
    coverage: dict[Coverage, float]
    complexity: dict[Complexity, float]
    languages_for_top_of_range: int
    house_languages: list[str]
    other_language_premium: float

    _coverage = validator("coverage", allow_reuse=True)(lambda v: _require_all(v, Coverage))
    _complexity = validator("complexity", allow_reuse=True)(lambda v: _require_all(v, Complexity))

    @validator("coverage", "complexity")
    def _scores(cls, table: dict[Any, float]) -> dict[Any, float]:
        if not all(0 <= score <= 1 for score in table.values()):
            raise ValueError("driver scores must lie between 0 and 1")
        return table

    @validator("languages_for_top_of_range")
    def _at_least_two(cls, count: int) -> int:
        if count < 2:
            raise ValueError("must be at least 2")
        return count


class DriverWeights(Strict):
    coverage: float
    complexity: float
    languages: float

    @root_validator(skip_on_failure=True)
    def _sum_to_one(cls, values: dict[str, float]) -> dict[str, float]:
        if min(values.values()) < 0 or abs(sum(values.values()) - 1) > 1e-9:
            raise ValueError("weights must be non-negative and sum to 1")
        return values


class RateWeights(Strict):
    dedicated: DriverWeights
    per_minute: DriverWeights
    training: DriverWeights


class PerInteractionRate(Strict):
    """Handling times at which a price per contact sits at the low / high end of the
    per-minute band (see `engine.per_interaction_rate`)."""

    short_contact_minutes: float
    long_contact_minutes: float

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict[str, float]) -> dict[str, float]:
        if not 0 < values["short_contact_minutes"] < values["long_contact_minutes"]:
            raise ValueError("must satisfy 0 < short_contact_minutes < long_contact_minutes")
        return values


class StartupFee(Strict):
    per_integration: ExpectedHigh
    complexity_extra: dict[Complexity, ExpectedHigh]

    _complete = validator("complexity_extra", allow_reuse=True)(
        lambda v: _require_all(v, Complexity)
    )


class ManagementFee(Strict):
    per_fte: ExpectedHigh
    ceiling: float


class InHouseIndirect(Strict):
    workplace_and_building: Band
    ict: Band
    recruitment_and_training: Band
    depreciation: Band
    supervision: Band


class Assumptions(Strict):
    defaults: Assumption[Defaults]
    multilingual_languages: Assumption[list[str]]
    further_languages: Assumption[list[str]]
    open_hours_per_month: Assumption[dict[Coverage, float]]
    default_aht_minutes: Assumption[dict[Channel, float]]
    chat_concurrency: Assumption[float]
    service_level: Assumption[dict[Channel, ServiceLevel]]
    occupancy_cap: Assumption[float]
    shrinkage: Assumption[float]
    fte_hours_per_month: Assumption[float]
    language_specific_queues: Assumption[bool]
    even_traffic_spread: Assumption[bool]
    rate_drivers: Assumption[RateDrivers]
    rate_driver_weights: Assumption[RateWeights]
    per_interaction_rate: Assumption[PerInteractionRate]
    rate_band: Assumption[float]
    startup_fee: Assumption[StartupFee]
    management_fee: Assumption[ManagementFee]
    training_hours_per_agent: Assumption[dict[Complexity, float]]
    shared_pool_min_agents_per_language: Assumption[dict[Coverage, int]]
    in_house_salary_per_fte_month: Assumption[Band]
    in_house_unsocial_hours_allowance: Assumption[dict[Coverage, float]]
    in_house_indirect_per_fte_month: Assumption[InHouseIndirect]
    in_house_one_off_per_hire: Assumption[Band]

    @validator(
        "open_hours_per_month",
        "in_house_unsocial_hours_allowance",
        "shared_pool_min_agents_per_language",
    )
    def _per_coverage(cls, item: Assumption[Any]) -> Assumption[Any]:
        _require_all(item.value, Coverage)
        return item

    @validator("training_hours_per_agent")
    def _per_complexity(cls, item: Assumption[Any]) -> Assumption[Any]:
        _require_all(item.value, Complexity)
        return item

    @validator("default_aht_minutes")
    def _per_channel(cls, item: Assumption[Any]) -> Assumption[Any]:
        _require_all(item.value, Channel)
        if min(item.value.values()) <= 0:
            raise ValueError("handling times must be positive")
        return item

    @validator("service_level")
    def _queues(cls, item: Assumption[Any]) -> Assumption[Any]:
        _require_all(item.value, (Channel.phone, Channel.chat))
        return item

    @validator("occupancy_cap", "rate_band")
    def _fraction(cls, item: Assumption[float]) -> Assumption[float]:
        if not 0 < item.value <= 1:
            raise ValueError("must lie in (0, 1]")
        return item

    @validator("shrinkage")
    def _shrinkage(cls, item: Assumption[float]) -> Assumption[float]:
        if not 0 <= item.value < 1:
            raise ValueError("must lie in [0, 1)")
        return item

    @validator("chat_concurrency", "fte_hours_per_month")
    def _positive(cls, item: Assumption[float]) -> Assumption[float]:
        if item.value <= 0:
            raise ValueError("must be positive")
        return item


class RateCard(Strict):
    """The whole rate card: source facts, assumptions, and what to ask before estimating."""

    pricing_version: str
    currency: str
    source: Source
    ask_first: list[str]
    assumptions: Assumptions

    @root_validator(skip_on_failure=True)
    def _inside_source(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Assumed figures must not push a price outside the source's ranges."""
        source: Source = values["source"]
        fee: ManagementFee = values["assumptions"].management_fee.value
        if fee.ceiling < source.management_fee.low:
            raise ValueError("assumptions.management_fee.ceiling is below the source's 175 floor")
        return values

    def source_range(self, model: SupportModel) -> SourceRange:
        """The source's rate range for one support form."""
        return getattr(self.source, model.value)

    def assumption_names(self) -> list[str]:
        """Names of every assumption, for the estimate's `assumptions` list."""
        return list(Assumptions.__fields__)


def _describe(error: ValidationError) -> str:
    """One line per invalid field, with its dotted path in the YAML."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc'] if part != '__root__')}: {item['msg']}"
        for item in error.errors()
    )


def load_rate_card(path: Path | str | None = None) -> RateCard:
    """Read and validate a rate card; raise RateCardError naming the file and the bad field."""
    card_path = Path(path or settings().pricing_file)
    try:
        raw = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RateCardError(f"{card_path}: cannot read rate card: {error}") from error
    if not isinstance(raw, dict):
        raise RateCardError(f"{card_path}: a rate card is a YAML mapping")
    try:
        return RateCard.parse_obj(raw)
    except ValidationError as error:
        raise RateCardError(f"{card_path}: {_describe(error)}") from error


@functools.lru_cache(maxsize=1)
def default_rate_card() -> RateCard:
    """The rate card in force (PRICING_FILE or the packaged one), read once per process."""
    return load_rate_card()
