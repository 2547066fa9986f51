"""Static web server for the demo website and its chat widget (standard library's http.server).

Serves a fixed list of files from web/ (no directory listing, nothing else from the disk), the
socket.io browser client installed by npm, and ``/config.js``, generated per request from the
environment, which tells the widget where the Rasa Socket.IO endpoint is.

Settings (bot/settings.py, README: Configuration): ``WEB_HOST``, ``WEB_PORT``, ``RASA_PORT``,
``RASA_PUBLIC_URL`` (the Rasa server's URL as the browser sees it; default: the page's own host
name on ``RASA_PORT``). A bad value stops the server at start-up with one line naming it.

Run: ``python web/serve.py``.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bot.settings import SettingsError, settings

WEB_DIR = Path(__file__).resolve().parent
SOCKET_IO_CLIENT = WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

# URL path -> (file, content type). Only these are served.
STATIC_FILES: dict[str, tuple[Path, str]] = {
    "/": (WEB_DIR / "index.html", "text/html; charset=utf-8"),
    "/index.html": (WEB_DIR / "index.html", "text/html; charset=utf-8"),
    "/site.css": (WEB_DIR / "site.css", "text/css; charset=utf-8"),
    "/widget.css": (WEB_DIR / "widget.css", "text/css; charset=utf-8"),
    "/widget.js": (WEB_DIR / "widget.js", "text/javascript; charset=utf-8"),
    "/favicon.svg": (WEB_DIR / "favicon.svg", "image/svg+xml"),
    "/vendor/socket.io.min.js": (SOCKET_IO_CLIENT, "text/javascript; charset=utf-8"),
}

HOST_PATTERN = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$")


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


def widget_config(request_host: str | None) -> str:
    """Return the JavaScript that hands the widget its settings."""
    config = {
        "socketUrl": rasa_origin(request_host),
        "socketPath": "/socket.io",
    }
    payload = json.dumps(config).replace("<", "\\u003c")
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


class Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the fixed file list and ``/config.js``."""

    server_version = "assistant-demo"
    sys_version = ""

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        """Send headers and, except for HEAD, the body."""
        host = self.headers.get("Host")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in security_headers(host).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        """Serve one of the known paths, else 404."""
        path = urllib.parse.urlsplit(self.path).path
        if path == "/config.js":
            body = widget_config(self.headers.get("Host")).encode()
            self._send(HTTPStatus.OK, body, "text/javascript; charset=utf-8")
            return
        entry = STATIC_FILES.get(path)
        if entry is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")
            return
        file, content_type = entry
        try:
            body = file.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, body, content_type)

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self.do_GET()


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
