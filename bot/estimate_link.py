"""Links to an estimate's PDF that carry no personal data and cannot be guessed.

A link names the scenario the visitor *gave* (volumes, hours, languages: no name, no contact
detail), the chat language, the rate card's version and a random nonce, signed with an HMAC
(SHA-256, truncated to 128 bits). The server that opens a link re-prices that scenario with
the pricing core, which gives back exactly the payload the visitor saw as long as the rate card
is the same version; after a rate-card change an old link is refused rather than showing other
figures. Nothing is stored, so links survive restarts as long as the secret does.

The secret is the setting `ESTIMATE_LINK_SECRET` (bot/settings.py); when it is unset, a
random one is created once in `var/estimate-link.key` (mode 600) and reused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.names import CHAT_LANGUAGES
from bot.pricing import Estimate, MissingParameters, Scenario, estimate
from bot.pricing.rate_card import default_rate_card
from bot.pricing.resolve import multilingual_assumed
from bot.settings import settings

KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "estimate-link.key"
SIGNATURE_BYTES = 16
MAX_REFERENCE_LENGTH = 2000


class LinkError(ValueError):
    """The estimate cannot be linked or the link cannot be opened; the message says why."""


class StaleLink(LinkError):
    """The link was made with another version of the rate card."""


def link_secret() -> bytes:
    """`ESTIMATE_LINK_SECRET`, else the key kept in var/ (created on first use)."""
    configured = settings().estimate_link_secret.get_secret_value()
    if configured:
        return configured.encode()
    try:
        return KEY_FILE.read_bytes().strip()
    except FileNotFoundError:
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        fd = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(key)
        return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(body: str, secret: bytes) -> str:
    return _b64(hmac.new(secret, body.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES])


def _price(given: dict[str, Any], language: str, language_count: int | None) -> Estimate:
    """The estimate of the scenario the visitor gave; `language_count`: the number of support
    languages assumed ("multilingual", "bilingual"), None when one or when they were given."""
    try:
        return estimate(
            Scenario.parse_obj(given), language_hint=language, language_count=language_count
        )
    except (ValidationError, MissingParameters) as error:
        raise LinkError("not a scenario the pricing core can price") from error


def reference_for(payload: Any, secret: bytes | None = None) -> str:
    """A signed reference to the estimate `payload` (as the assistant sent it).

    Refuses a payload that the pricing core would not produce today for its own scenario, so a
    link always shows the figures the visitor saw, never figures someone typed.
    """
    if not isinstance(payload, dict) or payload.get("type") != "estimate":
        raise LinkError("not an estimate payload")
    language = payload.get("language")
    scenario, assumed = payload.get("scenario"), payload.get("assumed")
    if (
        language not in CHAT_LANGUAGES
        or not isinstance(scenario, dict)
        or not isinstance(assumed, list)
    ):
        raise LinkError("an estimate payload needs language, scenario and assumed")
    given = {
        name: value for name, value in scenario.items() if value is not None and name not in assumed
    }
    languages = scenario.get("support_languages")
    count = len(languages) if multilingual_assumed(scenario, assumed) and languages else None
    if _price(given, language, count).payload(language) != payload:
        raise StaleLink("the estimate does not match the current rate card")
    body = _b64(
        json.dumps(
            {
                "s": given,
                "l": language,
                "m": count,
                "v": payload["pricing_version"],
                "n": _b64(secrets.token_bytes(8)),
            },
            separators=(",", ":"),
            sort_keys=True,
        ).encode()
    )
    return f"{body}.{_sign(body, secret or link_secret())}"


def open_reference(reference: str, secret: bytes | None = None) -> tuple[Estimate, str]:
    """The estimate and chat language behind a reference made by `reference_for`."""
    body, _, signature = reference.partition(".")
    if len(reference) > MAX_REFERENCE_LENGTH or not body or not signature:
        raise LinkError("malformed reference")
    if not hmac.compare_digest(signature, _sign(body, secret or link_secret())):
        raise LinkError("bad signature")
    try:
        data = json.loads(_unb64(body))
    except (binascii.Error, ValueError) as error:
        raise LinkError("malformed reference") from error
    if data.get("v") != default_rate_card().pricing_version:
        raise StaleLink("the rate card has changed since this link was made")
    language = data.get("l")
    if language not in CHAT_LANGUAGES or not isinstance(data.get("s"), dict):
        raise LinkError("malformed reference")
    count = data.get("m")
    if isinstance(count, bool) or not isinstance(count, int | None):
        raise LinkError("malformed reference")
    return _price(data["s"], language, count), language
