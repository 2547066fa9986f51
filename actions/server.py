"""The action server: rasa-sdk's app, made safe for personal data, plus the lead retry loop.

Run as ``python -m actions.server [--port N]`` (scripts/run.sh does). Differences from
``rasa run actions``:

* an unhandled exception answers ``{"error": "internal error"}``; rasa-sdk's own handler
  echoes the whole request, i.e. the tracker with the visitor's contact details, in the 500
  body (PITFALLS.md);
* it binds 127.0.0.1 unless SANIC_HOST says otherwise; with ACTIONS_TOKEN set, /webhook
  answers only calls carrying it as a bearer token (Rasa's action guard sends it), and it
  refuses to listen on anything but loopback without one;
* every setting (bot/settings.py) is checked and the lead database is opened at start-up, so a bad
  `LEADS_DB_URL` or `OFFICE_HOURS` stops the server with a message instead of failing on a
  visitor's consent;
* pending leads are delivered every LEADS_RETRY_SECONDS in the background.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import sys
from typing import Any

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.leads.delivery import retry_forever
from bot.leads.handoff import lead_store, office_hours
from bot.leads.settings import settings
from bot.settings import SettingsError, one_line
from bot.settings import settings as project_settings

logger = logging.getLogger(__name__)


async def _internal_error(request: Request, exception: Exception) -> HTTPResponse:
    """Log the failure (with its traceback, not the request body) and say nothing more."""
    logger.error("action server error on %s", request.path, exc_info=exception)
    return response.json({"error": "internal error"}, status=500)


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
# Seconds an idle keep-alive connection stays open (Sanic's default is 5 s). Longer than the
# pooled-connection idle time of Rasa's action guard (channels/action_guard.py), so the guard
# never sends a call on a connection this server is closing.
KEEP_ALIVE_S = 75


def token_accepted(header: str | None, token: str | None) -> bool:
    """Whether a call may run an action: any call without a token set, else only with it."""
    return token is None or hmac.compare_digest(header or "", f"Bearer {token}")


def build_app(token: str | None = None) -> Sanic:
    """rasa-sdk's app for the `actions` package, with a safe error handler and the retry loop.

    With `token`, every request but /health must carry it as a bearer token.
    """
    app = create_app("actions", cors_origins=[])
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_S
    app.exception(Exception)(_internal_error)

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path == "/health" or token_accepted(request.headers.get("Authorization"), token):
            return None
        return response.json({"error": "unauthorised"}, status=401)

    @app.after_server_start
    async def start_retry_loop(app: Sanic, _: Any) -> None:
        app.ctx.retry_loop = asyncio.get_running_loop().create_task(
            retry_forever(lead_store(), settings())
        )

    @app.before_server_stop
    async def stop_retry_loop(app: Sanic, _: Any) -> None:
        app.ctx.retry_loop.cancel()

    return app


def check_settings() -> None:
    """Fail at start-up, with the variable's name, on settings a visitor would trip over."""
    project_settings()
    office_hours()
    lead_store()


def main(argv: list[str] | None = None) -> int:
    """Start the server; exit 2 with one line on stderr when the settings are unusable."""
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__)
    parser.add_argument("--port", type=int, help="default: ACTIONS_PORT")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        check_settings()
    except (SettingsError, SQLAlchemyError) as error:
        print(f"action server: {one_line(error)}", file=sys.stderr)
        return 2
    config = project_settings()
    host = config.sanic_host
    token = config.actions_token.get_secret_value() or None
    if host not in LOOPBACK_HOSTS and not token:
        print(f"action server: listening on {host} needs ACTIONS_TOKEN", file=sys.stderr)
        return 2
    port = args.port or config.actions_port
    build_app(token).run(host, port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
