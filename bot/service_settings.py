"""Settings of the service layer (channels/, the action server token), read once.

Kept in one small typed function until issue 9's settings module (bot/settings.py) takes them.
Every variable is documented in the README's configuration table.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSettings:
    """Limits, deadlines and the action server the guard forwards to."""

    max_message_chars: int
    """Longer messages are refused with a reply saying the limit (MESSAGE_MAX_CHARS)."""
    rate_burst: int
    """Messages a sender may send at once before the rate limit applies (RATE_LIMIT_BURST)."""
    rate_per_minute: float
    """Sustained messages per minute and sender (RATE_LIMIT_PER_MINUTE)."""
    reply_deadline_s: float
    """Backstop: a turn not done by then gets the apology; Rasa goes on in the background
    (REPLY_DEADLINE_SECONDS). A slow action server is cut short sooner, by the guard."""
    action_timeout_s: float
    """Longest wait for one action server call (ACTION_TIMEOUT_SECONDS)."""
    actions_url: str
    """The real action server's webhook (ACTIONS_URL)."""
    actions_token: str | None
    """Shared token between Rasa and the action server (ACTIONS_TOKEN)."""


def _number(env: dict[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}, not {raw!r}")
    return value


def read_service_settings(env: dict[str, str]) -> ServiceSettings:
    """Read and check the settings from `env`; a ValueError names the bad variable."""
    reply_deadline = _number(env, "REPLY_DEADLINE_SECONDS", 10, 1)
    action_timeout = _number(env, "ACTION_TIMEOUT_SECONDS", 4.0, 0.5)
    if action_timeout >= reply_deadline:
        raise ValueError("ACTION_TIMEOUT_SECONDS must be shorter than REPLY_DEADLINE_SECONDS")
    port = env.get("ACTIONS_PORT", "5055")
    return ServiceSettings(
        max_message_chars=int(_number(env, "MESSAGE_MAX_CHARS", 2000, 1)),
        rate_burst=int(_number(env, "RATE_LIMIT_BURST", 10, 1)),
        rate_per_minute=_number(env, "RATE_LIMIT_PER_MINUTE", 30, 1),
        reply_deadline_s=reply_deadline,
        action_timeout_s=action_timeout,
        actions_url=env.get("ACTIONS_URL") or f"http://127.0.0.1:{port}/webhook",
        actions_token=env.get("ACTIONS_TOKEN") or None,
    )


@functools.lru_cache(maxsize=1)
def service_settings() -> ServiceSettings:
    """The settings of this process (read once)."""
    return read_service_settings(dict(os.environ))
