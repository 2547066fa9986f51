"""`python -m bot.pricing`: a scenario as JSON on stdin, the estimate as JSON on stdout.

Bad input exits 2 with one line on stderr naming the field, and nothing on stdout, so that
scripts can trust that any output is a valid estimate.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn, TextIO

from pydantic import ValidationError

from bot.pricing.engine import estimate
from bot.pricing.rate_card import RateCardError
from bot.pricing.resolve import MissingParameters
from bot.pricing.scenario import Scenario

EXIT_BAD_INPUT = 2


class InputError(ValueError):
    """The scenario on stdin is not usable; the message names the field."""


def _reject_constant(name: str) -> NoReturn:
    raise InputError(f"invalid JSON: {name} is not a number")


def parse_scenario(text: str) -> Scenario:
    """Parse and validate stdin; raise InputError with a one-line, field-naming message."""
    try:
        raw: Any = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error}") from error
    except RecursionError as error:
        raise InputError("invalid JSON: nested too deeply") from error
    if not isinstance(raw, dict):
        raise InputError("input must be a JSON object with scenario parameters")
    try:
        return Scenario.parse_obj(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        message = first["msg"].replace("extra fields not permitted", "unknown parameter")
        raise InputError(f"{field}: {message}") from error


def main(
    stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr
) -> int:
    """Run the CLI; returns the exit code."""
    try:
        try:
            text = stdin.read()
        except UnicodeDecodeError as error:
            raise InputError("input is not UTF-8 text") from error
        result = estimate(parse_scenario(text))
    except (InputError, MissingParameters, RateCardError) as error:
        print(f"error: {error}", file=stderr)
        return EXIT_BAD_INPUT
    json.dump(result.payload(), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
