"""Web server of the demo website, its chat widget and the estimate PDFs (standard library HTTP).

* ``/`` redirects to ``/fr/``, ``/nl/`` or ``/en/`` after the browser's ``Accept-Language``;
  each is the landing page (web/page.html) in that language, texts from web/site.yml, prices
  from the rate card. Every page carries the widget as one ``<script>`` tag.
* A fixed list of static files from web/ (no directory listing) and the socket.io browser
  client installed by npm.
* ``/config.js``, generated per request: where the Rasa Socket.IO endpoint is, the chat
  languages, and the widget's interface texts and labels in each language.
* ``POST /estimates`` with an estimate payload answers ``{"url": "/estimates/<ref>.pdf"}``,
  a signed link (bot/estimate_link.py); ``GET`` on that URL is the estimate as a one-page PDF
  made here with the pricing core and bot/estimate_pdf.py.

Settings (bot/settings.py, README: Configuration): ``WEB_HOST``, ``WEB_PORT``, ``RASA_PORT``,
``RASA_PUBLIC_URL`` (the Rasa server's URL as the browser sees it; default: the page's own host
name on ``RASA_PORT``), ``ESTIMATE_LINK_SECRET``. A bad value stops the server at start-up with
one line naming it.

Run: ``python web/serve.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import string
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from bot.company import company
from bot.estimate_link import LinkError, StaleLink, open_reference, reference_for
from bot.estimate_pdf import estimate_pdf, font_files
from bot.formatting import money
from bot.messages import catalogue
from bot.messages import text as message
from bot.names import CHAT_LANGUAGES, DEFAULT_LANGUAGE, LOCALES
from bot.pricing.rate_card import default_rate_card
from bot.settings import SettingsError, settings

WEB_DIR = Path(__file__).resolve().parent
SOCKET_IO_CLIENT = WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
LANGUAGES = CHAT_LANGUAGES  # also the order of the language switch
MAX_BODY_BYTES = 64 * 1024
PDF_PATH = re.compile(r"^/estimates/([A-Za-z0-9_.-]{1,2000})\.pdf$")
# Message-catalogue sections the widget needs to label an estimate card.
WIDGET_LABELS = ("model", "coverage", "complexity", "channel", "parameter")

# URL path -> (file, content type). Only these are served.
STATIC_FILES: dict[str, tuple[Path, str]] = {
    "/site.css": (WEB_DIR / "site.css", "text/css; charset=utf-8"),
    "/widget.css": (WEB_DIR / "widget.css", "text/css; charset=utf-8"),
    "/widget.js": (WEB_DIR / "widget.js", "text/javascript; charset=utf-8"),
    "/favicon.svg": (WEB_DIR / "favicon.svg", "image/svg+xml"),
    "/vendor/socket.io.min.js": (SOCKET_IO_CLIENT, "text/javascript; charset=utf-8"),
}

HOST_PATTERN = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$")


@functools.lru_cache(maxsize=1)
def site_texts() -> dict[str, dict[str, dict[str, str]]]:
    """web/site.yml: the page texts and the widget's interface texts, read once."""
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(
        (WEB_DIR / "site.yml").read_text(encoding="utf-8")
    )
    return data


def rasa_origin(request_host: str | None) -> str | None:
    """Return the Rasa server's origin as the browser reaches it, or None if unknown.

    ``RASA_PUBLIC_URL`` wins; otherwise the host name the page was requested with (the Host
    header, validated) on ``RASA_PORT``.
    """
    config = settings()
    if config.rasa_public_url:  # checked to be an http(s) URL
        parts = urllib.parse.urlsplit(config.rasa_public_url)
        return f"{parts.scheme}://{parts.netloc}"
    if not request_host or not HOST_PATTERN.match(request_host):
        return None
    try:
        hostname = urllib.parse.urlsplit("//" + request_host).hostname
    except ValueError:
        return None
    if not hostname:
        return None
    if ":" in hostname:  # IPv6 literal
        hostname = f"[{hostname}]"
    return f"http://{hostname}:{config.rasa_port}"


def preferred_language(accept_language: str | None) -> str:
    """The chat language the browser ranks highest in ``Accept-Language``, else English."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([^;,\s]*)", parameters)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue
        code = tag.strip().lower()[:2]
        if code in LANGUAGES and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def _range(source_item: str, language: str, *, cents: bool) -> str:
    source = getattr(default_rate_card().source, source_item)
    low = money(source.low, language, cents=cents)
    if source.high is None:
        return low
    high = money(source.high, language, cents=cents)
    return message("explain.range", language, low=low, high=high)


@functools.lru_cache(maxsize=len(LANGUAGES))
def page(language: str) -> str:
    """The landing page in ``language``: site texts and figures, every value HTML-escaped."""
    texts = {key: values[language] for key, values in site_texts()["page"].items()}
    texts["pricing_note"] = texts["pricing_note"].format(
        startup=_range("startup_fee", language, cents=False),
        management=_range("management_fee", language, cents=False),
        training=_range("training", language, cents=False),
    )
    firm = company()
    values = {
        **texts,
        "lang": language,
        "dedicated": _range("dedicated", language, cents=False),
        "per_minute": _range("per_minute", language, cents=True),
        "per_interaction": _range("per_interaction", language, cents=True),
        "company": firm.name,
        "street": firm.street,
        "postcode_city": firm.postcode_city,
        "phone_number": firm.phone,
        "phone_uri": firm.phone_uri,
        "email_address": firm.email,
    }
    escaped = {name: html.escape(str(value)) for name, value in values.items()}
    names = site_texts()["page"]["language_name"]
    escaped["switch"] = "".join(
        f'<li><a href="/{code}/" lang="{code}" hreflang="{code}"'
        + (' aria-current="page"' if code == language else "")
        + f">{html.escape(names[code])}</a></li>"
        for code in LANGUAGES
    )
    escaped["alternates"] = "\n  ".join(
        f'<link rel="alternate" hreflang="{code}" href="/{code}/">' for code in LANGUAGES
    )
    template = string.Template((WEB_DIR / "page.html").read_text(encoding="utf-8"))
    return template.substitute(escaped)


def widget_config(request_host: str | None) -> str:
    """Return the JavaScript that hands the widget its settings and its texts."""
    texts = catalogue()
    config = {
        "socketUrl": rasa_origin(request_host),
        "socketPath": "/socket.io",
        "estimatesPath": "/estimates",
        "languages": list(LANGUAGES),
        "locales": {language: LOCALES[language].replace("_", "-") for language in LANGUAGES},
        "strings": {
            language: {key: values[language] for key, values in site_texts()["widget"].items()}
            for language in LANGUAGES
        },
        "labels": {
            language: {
                section: {name: entry[language] for name, entry in texts[section].items()}
                for section in WIDGET_LABELS
            }
            for language in LANGUAGES
        },
    }
    payload = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return f"window.ASSISTANT_CONFIG = Object.freeze({payload});\n"


def security_headers(request_host: str | None) -> dict[str, str]:
    """Return the security headers of every answer (CSP allows only the Rasa socket origin)."""
    connect = ["'self'"]
    origin = rasa_origin(request_host)
    if origin:
        ws_origin = "ws" + origin[len("http") :]  # http -> ws, https -> wss
        connect += [origin, ws_origin]
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src {' '.join(connect)}; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }


@functools.lru_cache(maxsize=64)
def pdf_for(reference: str, day: dt.date) -> tuple[bytes, str]:
    """The PDF behind a link and its language; the last links opened are kept (a PDF costs
    about 200 ms of CPU, a shared link is often opened several times)."""
    result, language = open_reference(reference)
    return estimate_pdf(result, language, today=day), language


def pdf_filename(language: str) -> str:
    """The PDF's file name in the visitor's language (ASCII, from the catalogue)."""
    return f"{message('document.filename', language)}.pdf"


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD for the pages, files, ``/config.js`` and PDFs; POST for PDF links."""

    server_version = "assistant-demo"
    sys_version = ""

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        """Send headers and, except for HEAD, the body."""
        host = self.headers.get("Host")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**security_headers(host), **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: HTTPStatus, body: str) -> None:
        self._send(status, body.encode(), "text/plain; charset=utf-8")

    def _json(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode(), "application/json")

    def _redirect(self, location: str) -> None:
        self._send(
            HTTPStatus.FOUND,
            b"",
            "text/plain; charset=utf-8",
            {"Location": location, "Vary": "Accept-Language"},
        )

    def do_GET(self) -> None:
        """Serve a page, one of the known files, the config or a PDF, else 404."""
        path = urllib.parse.urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._redirect(f"/{preferred_language(self.headers.get('Accept-Language'))}/")
        elif path.strip("/") in LANGUAGES:
            language = path.strip("/")
            if path != f"/{language}/":
                self._redirect(f"/{language}/")
            else:
                self._send(HTTPStatus.OK, page(language).encode(), "text/html; charset=utf-8")
        elif path == "/config.js":
            body = widget_config(self.headers.get("Host")).encode()
            self._send(HTTPStatus.OK, body, "text/javascript; charset=utf-8")
        elif match := PDF_PATH.match(path):
            self._pdf(match.group(1))
        else:
            self._static(path)

    def _static(self, path: str) -> None:
        entry = STATIC_FILES.get(path)
        try:
            if entry is None:
                raise FileNotFoundError(path)
            body = entry[0].read_bytes()
        except OSError:
            self._text(HTTPStatus.NOT_FOUND, "Not found\n")
            return
        self._send(HTTPStatus.OK, body, entry[1])

    def _pdf(self, reference: str) -> None:
        try:
            pdf, language = pdf_for(reference, dt.date.today())
        except StaleLink:
            self._text(HTTPStatus.GONE, "This estimate was made with an older price list.\n")
            return
        except LinkError:
            self._text(HTTPStatus.NOT_FOUND, "Not found\n")
            return
        disposition = f'attachment; filename="{pdf_filename(language)}"'
        self._send(
            HTTPStatus.OK,
            pdf,
            "application/pdf",
            {"Content-Disposition": disposition, "Cache-Control": "private, max-age=3600"},
        )

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self.do_GET()

    def do_POST(self) -> None:
        """``/estimates``: a signed PDF link for the estimate payload in the body."""
        if urllib.parse.urlsplit(self.path).path != "/estimates":
            self._text(HTTPStatus.NOT_FOUND, "Not found\n")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY_BYTES:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "a JSON estimate payload is required"})
            return
        try:
            payload = json.loads(self.rfile.read(length))
            reference = reference_for(payload)
        except StaleLink as error:
            self._json(HTTPStatus.CONFLICT, {"error": str(error)})
            return
        except (ValueError, LinkError) as error:  # JSON errors are ValueErrors too
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(error)})
            return
        self._json(HTTPStatus.OK, {"url": f"/estimates/{reference}.pdf"})


def main() -> int:
    """Start the server on ``WEB_HOST:WEB_PORT`` and serve until interrupted."""
    try:
        config = settings()
    except SettingsError as error:
        print(f"website: {error}", file=sys.stderr)
        return 2
    host, port = config.web_host, config.web_port
    if not SOCKET_IO_CLIENT.is_file():
        print(
            f"warning: {SOCKET_IO_CLIENT} is missing; run `npm ci --prefix web`.", file=sys.stderr
        )
    font_files()  # prepare the PDF fonts now rather than for the first visitor (about a second)
    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as error:
        print(f"error: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1
    server.daemon_threads = True
    print(f"Serving the demo website on http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
