"""Every environment variable the project reads, typed and checked in one place.

Each process (the action server, the Rasa-side channel, the website, the CLIs, scripts/run.sh
through ``python -m bot.settings --shell``) reads its configuration from `settings()`, so a
variable's name, type, default and meaning are written once: here. A bad value stops the
process at start-up with one line naming the variable (`SettingsError`), not later, when a
visitor is waiting. An empty variable counts as unset.

The README's configuration table is printed by ``python -m bot.settings --markdown``;
tests/test_settings.py holds the README to it.
"""

from __future__ import annotations

import argparse
import functools
import shlex
import sys
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseSettings, Field, SecretStr, ValidationError, root_validator, validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LEADS_DB_URL = f"sqlite:///{ROOT / 'var' / 'leads.sqlite3'}"
DEFAULT_TRACKER_DB_URL = f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
DEFAULT_RATE_CARD = ROOT / "bot" / "pricing" / "rate_card.yml"
# Where leads go when SALES_EMAIL is not set: the company's published address (the source
# document), which the chat also gives visitors who would rather write (bot/leads/handoff.py).
DEFAULT_SALES_EMAIL = "info@spangenbergGroep.nl"

Source = Callable[[BaseSettings], dict[str, Any]]


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used (the message names it)."""


def one_line(error: Exception) -> str:
    """An error for a terminal: its kind and first line (a database error can be long)."""
    lines = str(error).splitlines() or [""]
    return f"{type(error).__name__}: {lines[0]}"


def setting(default: Any, meaning: str, shown: str | None = None, **checks: Any) -> Any:
    """A field: its default, its meaning and the default as the README shows it.

    `shown` is for defaults that are not a plain value (a generated token, a file under var/);
    `checks` are pydantic's constraints (``ge``, ``le``).
    """
    return Field(default, description=meaning, shown=shown, **checks)


def _port(default: int, meaning: str) -> Any:
    return setting(default, meaning, ge=1, le=65535)


def _without_empty(source: Source) -> Source:
    """An environment source in which an empty or blank variable counts as unset."""

    def read(settings: BaseSettings) -> dict[str, Any]:
        return {
            name: value
            for name, value in source(settings).items()
            if not (isinstance(value, str) and not value.strip())
        }

    return read


def _is_sqlalchemy_url(url: str) -> bool:
    try:
        make_url(url)
    except ArgumentError:
        return False
    return True


def _is_origin(origin: str, *, path_allowed: bool = False) -> bool:
    parts = urllib.parse.urlsplit(origin)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and (path_allowed or parts.path in ("", "/"))
        and not parts.query
    )


class Settings(BaseSettings):
    """The project's settings; each field is the environment variable of the same name."""

    # The services (scripts/run.sh starts all three).
    rasa_port: int = _port(
        5005, "Rasa server (REST `/webhooks/rest/webhook`, Socket.IO `/socket.io`, HTTP API)"
    )
    actions_port: int = _port(5055, "action server (`make run` binds it to 127.0.0.1)")
    web_port: int = _port(8000, "demo website with the chat widget")
    rasa_host: str = setting("127.0.0.1", "interface the Rasa server listens on")
    web_host: str = setting("127.0.0.1", "interface the website listens on")
    sanic_host: str = setting(
        "127.0.0.1",
        "interface `python -m actions.server` binds; `make run` always uses 127.0.0.1 "
        "(beyond loopback the action server needs `ACTIONS_TOKEN`)",
    )
    rasa_token: SecretStr = setting(
        "", "token of the Rasa HTTP API (`--enable-api --auth-token`)", "random, printed at start"
    )
    actions_token: SecretStr = setting(
        "",
        "shared token of Rasa's action guard and the action server (bearer token); required "
        "when the action server listens beyond loopback",
        "random per `make run`",
    )
    actions_url: str = setting(
        "",
        "the action server as Rasa's action guard reaches it (containers: "
        "`http://actions:5055/webhook`)",
        "`http://127.0.0.1:$ACTIONS_PORT/webhook`",
    )
    tracker_db_url: str = setting(
        "",
        "SQLAlchemy URL of a PostgreSQL tracker store (multi-instance set-up)",
        "SQLite `var/tracker.db`",
    )
    redis_url: str = setting(
        "",
        "`redis://[:password@]host[:port][/db]` lock store (multi-instance set-up)",
        "in-memory lock store",
    )
    web_origins: str = setting(
        "",
        "extra browser origins (comma-separated) allowed to talk to Rasa",
        "the website's own origins",
    )
    rasa_public_url: str = setting(
        "",
        "the Rasa server's URL as browsers see it (behind a proxy)",
        "page host on `RASA_PORT`",
    )
    estimate_link_secret: SecretStr = setting(
        "",
        "HMAC key of the estimate-PDF links (the same on every web server; read as is)",
        "a random key kept in `var/estimate-link.key`",
    )
    startup_timeout: int = setting(
        300, "seconds `make run` waits for each service", "`300` (`make run-cluster`: `600`)", ge=1
    )
    lb_port: int = _port(
        5005, "`make run-cluster`: the load balancer (the Rasa URL for visitors and the API)"
    )
    rasa_instance_ports: str = setting(
        "5006 5007", "`make run-cluster`: the two Rasa instances (two ports, space-separated)"
    )
    ticket_lock_lifetime: int = setting(
        60,
        "seconds a conversation lock held by a dead instance blocks the others (read by Rasa)",
        "`60` (Rasa's default; `make run-cluster`: `20`)",
        ge=1,
    )
    rasa_telemetry_enabled: bool = setting(
        False, "Rasa's telemetry stays off", "`false` (set by the Makefile and `run.sh`)"
    )

    # The service layer in the Rasa process (channels/). The longest message is
    # bot.text.MAX_MESSAGE_LENGTH: the readers read no more.
    action_timeout_seconds: float = setting(
        4.0,
        "longest wait for one action call; then the visitor gets the apology",
        ge=0.5,
    )
    reply_deadline_seconds: float = setting(
        10.0,
        "backstop: a message not answered by then (e.g. a hanging database) gets the apology; "
        "Rasa finishes it in the background",
        ge=1,
    )
    rate_limit_burst: int = setting(
        10, "messages a sender may send at once before the rate limit applies", ge=1
    )
    rate_limit_per_minute: float = setting(
        30, "sustained messages per minute and sender; faster senders are asked to wait", ge=1
    )

    # Pricing.
    pricing_file: Path = setting(DEFAULT_RATE_CARD, "the rate card in force")

    # Leads (bot/leads/settings.py turns these into the lead pipeline's configuration).
    leads_db_url: str = setting(
        DEFAULT_LEADS_DB_URL,
        "SQLAlchemy URL of the lead database (PostgreSQL: `postgresql://user:pass@host/db`)",
        "SQLite `var/leads.sqlite3`",
    )
    smtp_host: str = setting(
        "", "mail server for the lead emails", "unset: leads are stored, not emailed"
    )
    smtp_port: int = _port(25, "its port")
    smtp_starttls: bool = setting(
        False, "`1`/`true`: upgrade the connection with STARTTLS (certificate checked)", "off"
    )
    smtp_ssl: bool = setting(
        False,
        "`1`/`true`: SMTPS, TLS from the first byte (usually port 465); excludes `SMTP_STARTTLS`",
        "off",
    )
    smtp_username: str = setting("", "SMTP login", "unset: no login")
    smtp_password: SecretStr = setting("", "its password (read as is)", "unset: no login")
    smtp_from: str = setting("cost-assistant@localhost", "sender address of the lead emails")
    smtp_timeout: int = setting(
        10, "seconds before an SMTP attempt counts as failed (retried later)", ge=1
    )
    sales_email: str = setting(
        DEFAULT_SALES_EMAIL,
        "where lead emails go",
        f"`{DEFAULT_SALES_EMAIL}` (the company's published address)",
    )
    leads_webhook_url: str = setting(
        "",
        "http(s) URL that receives each lead as JSON (`Idempotency-Key`: the lead id)",
        "unset: no webhook",
    )
    leads_webhook_secret: SecretStr = setting(
        "",
        "shared secret: `X-Signature-SHA256` carries the HMAC-SHA256 of the body (read as is)",
        "unset: unsigned",
    )
    leads_retry_seconds: int = setting(
        60, "how often the action server retries pending deliveries", ge=1
    )
    leads_retention_days: int = setting(
        365,
        "retention told to the visitor; `make purge-leads` deletes older leads and conversations",
        ge=1,
    )
    office_hours: str = setting(
        "mon-fri 09:00-17:30",
        'when a call-back "within the hour" can be promised '
        "(`mon-thu 09:00-17:30, fri 09:00-16:00` works too; checked by bot/leads/office_hours.py)",
    )
    office_timezone: str = setting("Europe/Amsterdam", "time zone of `OFFICE_HOURS`")

    class Config:
        case_sensitive = False
        anystr_strip_whitespace = True  # str fields only: secrets are read as is

        @classmethod
        def customise_sources(
            cls, init_settings: Source, env_settings: Source, file_secret_settings: Source
        ) -> tuple[Source, ...]:
            """Arguments, then the environment; no secrets directory."""
            return init_settings, _without_empty(env_settings)

    @validator("leads_db_url")
    def _leads_db_url(cls, url: str) -> str:
        """An SQLAlchemy URL (the message never repeats it: it may hold a password)."""
        if not _is_sqlalchemy_url(url):
            raise ValueError(
                "is not an SQLAlchemy URL "
                "(e.g. sqlite:////path/leads.sqlite3 or postgresql://user:password@host/db)"
            )
        return url

    @validator("tracker_db_url")
    def _tracker_db_url(cls, url: str) -> str:
        """An SQLAlchemy URL; Heroku's ``postgres://`` is read as ``postgresql://``."""
        if url.startswith("postgres://"):  # not accepted by SQLAlchemy 1.4
            url = "postgresql://" + url[len("postgres://") :]
        if url and ("://" not in url or not _is_sqlalchemy_url(url)):
            raise ValueError("is not an SQLAlchemy URL (e.g. postgresql://user:password@host/db)")
        return url

    @validator("redis_url")
    def _redis_url(cls, url: str) -> str:
        if not url:
            return url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("redis", "rediss") or not parts.hostname:
            raise ValueError("must look like redis://[:password@]host[:port][/db]")
        if not parts.path.strip("/").isdigit() and parts.path.strip("/"):
            raise ValueError("database must be a number, e.g. redis://host:6379/1")
        return url

    @validator("web_origins")
    def _web_origins(cls, origins: str) -> str:
        for origin in filter(None, (part.strip() for part in origins.split(","))):
            if not _is_origin(origin):
                raise ValueError(f"{origin!r} is not an origin such as https://www.example.com")
        return origins

    @validator("rasa_public_url")
    def _rasa_public_url(cls, url: str) -> str:
        if url and not _is_origin(url, path_allowed=True):
            raise ValueError("must be an http(s) URL such as https://chat.example.com")
        return url.rstrip("/")

    @validator("leads_webhook_url")
    def _webhook_url(cls, url: str) -> str:
        if url and not _is_origin(url, path_allowed=True):
            raise ValueError("must be an http(s) URL")
        return url

    @validator("actions_url")
    def _actions_url(cls, url: str) -> str:
        if url and not _is_origin(url, path_allowed=True):
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:5055/webhook")
        return url

    @validator("rasa_instance_ports")
    def _instance_ports(cls, ports: str) -> str:
        values = ports.split()
        if len(values) != 2 or not all(v.isdigit() and 1 <= int(v) <= 65535 for v in values):
            raise ValueError('must name two ports, e.g. "5006 5007"')
        return " ".join(values)

    @validator("office_timezone")
    def _office_timezone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"is not a known time zone: {zone!r}") from None
        return zone

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["smtp_ssl"] and values["smtp_starttls"]:
            raise ValueError("SMTP_SSL and SMTP_STARTTLS exclude each other: set one")
        if values["action_timeout_seconds"] >= values["reply_deadline_seconds"]:
            raise ValueError("ACTION_TIMEOUT_SECONDS must be shorter than REPLY_DEADLINE_SECONDS")
        ports = (values["rasa_port"], values["actions_port"], values["web_port"])
        if len(set(ports)) < len(ports):
            raise ValueError("RASA_PORT, ACTIONS_PORT and WEB_PORT must differ")
        return values

    def tracker_url(self) -> str:
        """The tracker store's URL: TRACKER_DB_URL, else the SQLite file `make run` uses."""
        return self.tracker_db_url or DEFAULT_TRACKER_DB_URL

    def action_server_url(self) -> str:
        """The action server's webhook: ACTIONS_URL, else ACTIONS_PORT on loopback."""
        return self.actions_url or f"http://127.0.0.1:{self.actions_port}/webhook"

    def browser_origins(self) -> list[str]:
        """Origins allowed to use Rasa from a browser: the website's own, then WEB_ORIGINS."""
        own = [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"]
        extra = [part.strip().rstrip("/") for part in self.web_origins.split(",")]
        return list(dict.fromkeys(own + [origin for origin in extra if origin]))


class DevelopmentSettings(BaseSettings):
    """Variables read by the tests, the benches and CI only, never by the assistant."""

    leads_test_pg_url: str = setting(
        "",
        "PostgreSQL for the lead-store and tracker-store tests; in CI (`CI` set) those tests "
        "fail without it",
        "unset (set by `.ci/run`)",
    )
    ci: bool = setting(False, "`1`/`true` (set by `.ci/run`): a missing test service fails", "off")
    hypothesis_profile: Literal["default", "thorough"] = setting(
        "default", "`thorough` runs 5,000 examples per property test"
    )
    chromium: str = setting(
        "/usr/bin/chromium",
        "the browser the browser tests drive (`scripts/system-packages.sh browser` installs it)",
    )

    class Config:
        case_sensitive = False
        anystr_strip_whitespace = True
        customise_sources = Settings.Config.customise_sources


def _variable(error: Mapping[str, Any]) -> str:
    field = error["loc"][0] if error["loc"] else "__root__"
    return "" if field == "__root__" else f"{str(field).upper()}: "


def load(kind: type[BaseSettings] = Settings) -> Any:
    """Read and check the settings now; raise SettingsError, one line naming each bad variable."""
    try:
        return kind()
    except ValidationError as error:
        problems = "; ".join(f"{_variable(item)}{item['msg']}" for item in error.errors())
        raise SettingsError(problems) from None


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read once (tests clear the cache after changing the environment)."""
    result: Settings = load(Settings)
    return result


def development_settings() -> DevelopmentSettings:
    """The tests' and benches' settings, read now."""
    result: DevelopmentSettings = load(DevelopmentSettings)
    return result


def _plain(default: Any) -> str:
    """A default as the README writes it: `false`, `300`, a path from the project root."""
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, Path):
        return default.relative_to(ROOT).as_posix()
    return str(default)


def documented() -> Iterator[tuple[str, str, str]]:
    """(variable, default as shown, meaning) for every variable, in declaration order."""
    for kind in (Settings, DevelopmentSettings):
        for name, field in kind.__fields__.items():
            shown = field.field_info.extra.get("shown") or f"`{_plain(field.default)}`"
            yield name.upper(), shown, field.field_info.description or ""


def markdown_table() -> str:
    """The README's configuration table."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | {shown} | {meaning} |" for name, shown, meaning in documented()]
    return "\n".join(rows) + "\n"


# What scripts/run.sh needs, exported after checking every setting.
SHELL_EXPORTS = (
    "rasa_port", "actions_port", "web_port", "rasa_host", "web_host", "startup_timeout",
    "rasa_telemetry_enabled", "rasa_token", "smtp_host", "smtp_port", "actions_token",
    "lb_port", "rasa_instance_ports", "ticket_lock_lifetime",
)  # fmt: skip


def shell_exports(config: Settings) -> str:
    """Shell lines for scripts/run.sh: ``export NAME=value``; WEB_ORIGINS becomes the full list."""
    values: dict[str, Any] = {name.upper(): getattr(config, name) for name in SHELL_EXPORTS}
    values["WEB_ORIGINS"] = ",".join(config.browser_origins())
    lines = []
    for name, value in values.items():
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, bool):
            value = str(value).lower()
        lines.append(f"export {name}={shlex.quote(str(value))}")
    default_store = str(config.leads_db_url == DEFAULT_LEADS_DB_URL).lower()
    lines.append(f"LEADS_DB_IS_DEFAULT={default_store}")  # the URL may hold a password
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Check the settings; print them for the shell (``--shell``) or the README (``--markdown``)."""
    parser = argparse.ArgumentParser(prog="python -m bot.settings", description=__doc__)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--shell", action="store_true", help="print exports for scripts/run.sh")
    output.add_argument("--markdown", action="store_true", help="print the README's table")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown_table(), end="")
        return 0
    try:
        config = load(Settings)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.shell:
        print(shell_exports(config), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
