"""The one pricing core: every figure the assistant says comes from here and its rate card."""

from bot.pricing.engine import estimate
from bot.pricing.estimate import Estimate
from bot.pricing.rate_card import RateCard, RateCardError, default_rate_card, load_rate_card
from bot.pricing.resolve import MissingParameters, missing_parameters, questions_to_ask
from bot.pricing.scenario import Scenario

__all__ = [
    "Estimate",
    "MissingParameters",
    "RateCard",
    "RateCardError",
    "Scenario",
    "default_rate_card",
    "estimate",
    "load_rate_card",
    "missing_parameters",
    "questions_to_ask",
]
